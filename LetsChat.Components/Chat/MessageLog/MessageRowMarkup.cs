using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using LetsChat.Components.Shared;

namespace LetsChat.Components.Chat.MessageLog;

/// <summary>
/// A message row as one piece of HTML, built once per message (and per reader's time zone and day) and shared by every
/// circuit that shows it. A circuit's row is then a single markup frame: nothing per row to build, diff or keep beyond
/// a reference, however many people watch the room. Rows the reader can act on (their own, or any for a moderator) are
/// <see cref="MessageRow"/> components instead.
/// </summary>
public sealed class MessageRowMarkup(IMessageHtml html)
{
    private static readonly HtmlEncoder Encoder = AvatarHtml.Encoder;

    // Keyed by the shared record itself: an edit or a new name is a new record, and a record nobody shows is collected with its rows.
    private readonly ConditionalWeakTable<ChatMessage, RowCache> _rows = [];

    /// <summary>The row as <paramref name="zone"/>'s readers see it on <paramref name="today"/> (their local date).</summary>
    /// <param name="interactive">For members, who may react (a React button; reactions are buttons); not for visitors.</param>
    public string Of(ChatMessage message, TimeZoneInfo zone, DateOnly today, bool interactive = true)
    {
        var cache = _rows.GetValue(message, static _ => new RowCache());
        return cache.Find(zone, today, interactive) ?? cache.Add(zone, today, interactive, Build(message, zone, today, interactive));
    }

    /// <summary>The row's HTML; <see cref="MessageRow"/> renders the same structure with its actions.</summary>
    public string Build(ChatMessage message, TimeZoneInfo zone, DateOnly today, bool interactive = true)
    {
        var authorId = AuthorElementId(message);
        var row = new StringBuilder(256 + (message.IsDeleted ? 0 : message.Body.Length * 2));
        row.Append("<article class=\"msg").Append(message.IsDeleted ? " deleted" : string.Empty)
           .Append("\" data-message=\"").Append(message.Id).Append("\" aria-labelledby=\"").Append(authorId).Append("\">");
        var profile = ProfileHref(message);
        var avatar = AvatarHtml.Of(message.AuthorName, message.AuthorAvatarUrl, 36, "msg-avatar");
        if (profile is null)
        {
            row.Append(avatar).Append("<div class=\"msg-main\"><header class=\"msg-meta\"><span class=\"msg-author\" id=\"").Append(authorId).Append("\">")
               .Append(Encoder.Encode(message.AuthorName)).Append("</span>");
        }
        else
        {
            // The picture repeats the name's link for the pointer; keyboards and screen readers meet the link once, on the name.
            row.Append("<a class=\"msg-avatar-link\" href=\"").Append(profile).Append("\" tabindex=\"-1\" aria-hidden=\"true\">").Append(avatar).Append("</a>")
               .Append("<div class=\"msg-main\"><header class=\"msg-meta\"><a class=\"msg-author\" id=\"").Append(authorId).Append("\" href=\"").Append(profile).Append("\">")
               .Append(Encoder.Encode(message.AuthorName)).Append("</a>");
        }

        row
           .Append("<time datetime=\"").Append(message.CreatedAt.ToString("O", CultureInfo.InvariantCulture))
           .Append("\" title=\"").Append(Encoder.Encode(MessageTime.Title(message.CreatedAt, zone))).Append("\">")
           .Append(Encoder.Encode(MessageTime.Text(message.CreatedAt, today, zone))).Append("</time>");
        if (message.EditedAt is not null && !message.IsDeleted)
        {
            row.Append("<span class=\"msg-edited\">(edited)</span>");
        }

        row.Append("</header>").Append(ReplyHtml(message, interactive));
        if (message.IsDeleted)
        {
            row.Append("<p class=\"msg-body msg-removed\">").Append(Removal(message)).Append("</p>");
        }
        else
        {
            row.Append("<div class=\"msg-body\">").Append(html.Of(message)).Append("</div>");
        }

        // A member's React, Reply and More are one toolbar that conversation.js moves into the row they point at or focus:
        // none of it is in the HTML every new message sends to every watcher.
        row.Append(AttachmentsHtml(message, interactive)).Append(ReactionsHtml(message, readerId: null, interactive)).Append("</div>");
        return row.Append("</article>").ToString();
    }

    /// <summary>
    /// The reactions under a message: for a member, buttons that toggle (pressed where <paramref name="readerId"/> gave
    /// that emoji); for a visitor, plain counts. Who reacted is each one's tooltip and description.
    /// </summary>
    public static string ReactionsHtml(ChatMessage message, long? readerId, bool interactive)
    {
        if (message.IsDeleted || message.ReactionGroups.Count == 0)
        {
            return string.Empty;
        }

        var html = new StringBuilder("<div class=\"msg-reactions\" role=\"group\" aria-label=\"Reactions\">");
        foreach (var group in message.ReactionGroups)
        {
            var label = Encoder.Encode($"{group.Emoji} {group.By.Count}");
            var who = Encoder.Encode(group.Names);
            if (interactive)
            {
                html.Append("<button type=\"button\" class=\"reaction\" data-row-action=\"toggle\" data-emoji=\"").Append(Encoder.Encode(group.Emoji)).Append("\" aria-pressed=\"").Append(group.Includes(readerId) ? "true" : "false")
                    .Append("\" aria-label=\"").Append(label).Append("\" title=\"").Append(who).Append("\" data-who=\"").Append(who).Append("\">");
            }
            else
            {
                html.Append("<span class=\"reaction\" role=\"img\" aria-label=\"").Append(label).Append("\" title=\"").Append(who).Append("\">");
            }

            html.Append(Encoder.Encode(group.Emoji)).Append(" <span class=\"reaction-count\">").Append(group.By.Count).Append("</span>")
                .Append(interactive ? "</button>" : "</span>");
        }

        return html.Append("</div>").ToString();
    }

    /// <summary>
    /// A message's files: pictures as thumbnails that keep their place while they load (their size is in the markup;
    /// conversation.js opens them in the viewer), an animated GIF as its still first frame with a play mark, other files
    /// as a card to download. Every link is checked against the room when it is followed. Visitors, who may not fetch
    /// files, see each file's name and size.
    /// </summary>
    public static string AttachmentsHtml(ChatMessage message, bool interactive = true) =>
        message.IsDeleted ? string.Empty : AttachmentsHtml(message.AttachmentList, interactive);

    public static string AttachmentsHtml(IReadOnlyList<ChatAttachment> files, bool interactive = true)
    {
        if (files.Count == 0)
        {
            return string.Empty;
        }

        var html = new StringBuilder("<div class=\"msg-files\">");
        foreach (var file in files)
        {
            var name = Encoder.Encode(file.Name);
            var size = Attachments.FileSize.Of(file.Length);
            if (!interactive)
            {
                html.Append(CultureInfo.InvariantCulture, $"<span class=\"msg-file locked\"><span class=\"msg-file-name\">{name}</span> <span class=\"msg-file-size\">{size} · sign in to see it</span></span>");
            }
            else if (file.IsImage && file.Width is { } width && file.Height is { } height)
            {
                var scale = Math.Min(1.0, Math.Min(320.0 / width, 240.0 / height));
                var animated = file.ContentType == "image/gif";
                html.Append(CultureInfo.InvariantCulture, $"<a class=\"msg-image{(animated ? " animated" : null)}\" href=\"{file.Href}\"><img src=\"{file.ThumbnailHref}\" alt=\"{name}\" width=\"{Math.Max(1, (int)(width * scale))}\" height=\"{Math.Max(1, (int)(height * scale))}\" loading=\"lazy\" />")
                    .Append(animated ? "<span class=\"msg-play\" aria-hidden=\"true\">▶ GIF</span>" : null)
                    .Append("</a>");
            }
            else
            {
                html.Append(CultureInfo.InvariantCulture, $"<a class=\"msg-file\" href=\"{file.Href}\" download><span class=\"msg-file-name\">{name}</span> <span class=\"msg-file-size\">{size}</span></a>");
            }
        }

        return html.Append("</div>").ToString();
    }

    /// <summary>
    /// The quote of the message a reply answers (its author and first line, or that it was deleted): for members a link
    /// that opens the room at it; for visitors text.
    /// </summary>
    public static string ReplyHtml(ChatMessage message, bool interactive)
    {
        if (message.ReplyTo is not { } quote || message.IsDeleted)
        {
            return string.Empty;
        }

        var author = Encoder.Encode(quote.AuthorName);
        var inner = $"<span class=\"msg-reply-author\">{author}</span> <span class=\"msg-reply-text\">{Encoder.Encode(quote.Text)}</span>";
        var deleted = quote.IsDeleted ? " deleted" : string.Empty;
        return interactive
            ? $"<a class=\"msg-reply{deleted}\" href=\"{QuoteHref(message.RoomId, quote)}\" aria-label=\"Reply to {author}\">{inner}</a>"
            : $"<div class=\"msg-reply{deleted}\"><span class=\"visually-hidden\">Reply to </span>{inner}</div>";
    }

    /// <summary>Where a quote leads: the room, opened at the original.</summary>
    public static string QuoteHref(long roomId, ReplyQuote quote) => $"/chat/{roomId}/m/{quote.Sequence}";

    public static string AuthorElementId(ChatMessage message) => $"msg-{message.Id}-author";

    /// <summary>The author's profile, or null when the account no longer exists.</summary>
    public static string? ProfileHref(ChatMessage message) => message.AuthorHandle is { } handle ? "/u/" + Uri.EscapeDataString(handle) : null;

    /// <summary>What a deleted message's row says instead of its text.</summary>
    public static string Removal(ChatMessage message) => message.DeletedByModerator ? "Removed by a moderator" : "Message deleted";

    // Readers of one record are mostly in a handful of zones, all on the same day: a few entries, replaced oldest first.
    private sealed class RowCache
    {
        private const int Capacity = 4;
        private readonly Lock _lock = new();
        private (TimeZoneInfo Zone, DateOnly Today, bool Interactive, string Html)[] _entries = [];

        public string? Find(TimeZoneInfo zone, DateOnly today, bool interactive)
        {
            foreach (var entry in Volatile.Read(ref _entries))
            {
                if (entry.Today == today && entry.Interactive == interactive && (ReferenceEquals(entry.Zone, zone) || entry.Zone.Id == zone.Id))
                {
                    return entry.Html;
                }
            }

            return null;
        }

        public string Add(TimeZoneInfo zone, DateOnly today, bool interactive, string html)
        {
            lock (_lock)
            {
                var kept = _entries.Length < Capacity ? _entries : _entries[1..];
                Volatile.Write(ref _entries, [.. kept, (zone, today, interactive, html)]);
            }

            return html;
        }
    }
}
