using System.Globalization;
using Ganss.Xss;
using LetsChat.Components.Chat;
using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.Extensions.Caching.Memory;

namespace LetsChat.Server.Chat;

/// <summary>
/// Message bodies as HTML: Markdown with raw HTML disabled, links only to http, https and mailto, images shown as
/// links and never fetched, and the result passed through an allow-list sanitizer. Cached per message and edit, so
/// each message is rendered once however many circuits show it.
/// </summary>
public sealed class MessageMarkdown : IMessageHtml, IDisposable
{
    /// <summary>
    /// How many bytes of rendered HTML are kept. Entries are sized by their length, since a body of autolinks renders to
    /// about ten times its text: counting entries would let a few thousand such messages hold hundreds of megabytes.
    /// </summary>
    public const long CacheBytes = 32 * 1024 * 1024;

    private static readonly string[] AllowedSchemes = ["http", "https", "mailto"];

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .UseEmojiAndSmiley(enableSmileys: false)
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();
    private readonly MemoryCache _cache;

    public MessageMarkdown()
        : this(CacheBytes)
    {
    }

    internal MessageMarkdown(long cacheBytes) =>
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = cacheBytes, CompactionPercentage = 0.25, TrackStatistics = true });

    public string Of(ChatMessage message)
    {
        if (message.IsDeleted)
        {
            return string.Empty;
        }

        // A mention shows its person's name as it is now: a new name is a new entry.
        var key = (message.Id, message.EditedAt, MentionChips.Key(message));
        if (_cache.TryGetValue(key, out string? html) && html is not null)
        {
            return html;
        }

        html = MentionChips.Render(message, Render);
        _cache.Set(key, html, new MemoryCacheEntryOptions { Size = SizeOf(html), SlidingExpiration = TimeSpan.FromHours(6) });
        return html;
    }

    public string OfDraft(string body) => Render(body);

    /// <summary>What the cache holds now, in the bytes its entries were sized by.</summary>
    public long CachedBytes => _cache.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    // The string's characters and the entry around it.
    private static long SizeOf(string html) => (html.Length * sizeof(char)) + 100;

    /// <summary>
    /// Markdown to sanitized HTML. Markdig refuses input nested past its depth limit (4,000 characters of "&gt;" or of
    /// list markers get there); such a body is shown as its plain text, so one message can never break a room's rows.
    /// </summary>
    public string Render(string markdown)
    {
        try
        {
            return RenderMarkdown(markdown);
        }
        catch (Exception ex) when (ex is ArgumentException or InsufficientExecutionStackException)
        {
            return "<p>" + System.Net.WebUtility.HtmlEncode(markdown).ReplaceLineEndings("<br>") + "</p>";
        }
    }

    private string RenderMarkdown(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            MakeSafe(link);
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            var url = autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url;
            if (!IsAllowed(url))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
            else
            {
                autolink.GetAttributes().AddProperty("target", "_blank");
                autolink.GetAttributes().AddProperty("rel", "noopener noreferrer nofollow");
            }
        }

        var html = document.ToHtml(Pipeline);
        return _sanitizer.Sanitize(html).Trim();
    }

    public void Dispose() => _cache.Dispose();

    private static void MakeSafe(LinkInline link)
    {
        // An image is shown as a link to it, so that nothing is fetched when a message is read (no tracking pixels).
        if (link.IsImage)
        {
            link.IsImage = false;
            if (link.FirstChild is null)
            {
                link.AppendChild(new LiteralInline(link.Url ?? "image"));
            }
        }

        if (!IsAllowed(link.Url))
        {
            // Not a link we allow: its text stays, as text.
            var children = new List<Inline>();
            for (var child = link.FirstChild; child is not null; child = child.NextSibling)
            {
                children.Add(child);
            }

            foreach (var child in children)
            {
                child.Remove();
                link.InsertBefore(child);
            }

            link.Remove();
            return;
        }

        link.GetAttributes().AddProperty("target", "_blank");
        link.GetAttributes().AddProperty("rel", "noopener noreferrer nofollow");
    }

    private static bool IsAllowed(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && AllowedSchemes.Contains(uri.Scheme, StringComparer.Ordinal);

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "hr",
                "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "a",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "start", "style" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "text-align" },
            AllowedSchemes = new HashSet<string>(AllowedSchemes, StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
        };
        var sanitizer = new HtmlSanitizer(options);
        // Whatever came before, every link that survives opens in a new tab and tells the target nothing.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } anchor)
            {
                if (anchor.GetAttribute("href") is { } href && IsAllowed(href))
                {
                    anchor.SetAttribute("target", "_blank");
                    anchor.SetAttribute("rel", "noopener noreferrer nofollow");
                }
                else
                {
                    anchor.RemoveAttribute("href");
                }
            }

            if (e.Node is AngleSharp.Dom.IElement { LocalName: "ol" } list && list.GetAttribute("start") is { } start
                && !int.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out int _))
            {
                list.RemoveAttribute("start");
            }
        };
        return sanitizer;
    }
}
