using System.Text.Json;
using System.Text.Json.Serialization;
using LetsChat.Components.Notifications;

namespace LetsChat.Server.Notifications.Push;

/// <summary>
/// What one push carries to the service worker, which shows it: a batch becomes one notification, tagged by its room so
/// that the next one replaces it (and with the same push topic, so an undelivered one is replaced at the push service).
/// </summary>
public sealed record PushPayload(string Title, string Body, string Tag, string Url, string Icon, int Count)
{
    /// <summary>How long a push service keeps a push for a device that is off: a day, after which it is old news.</summary>
    public const int TimeToLiveSeconds = 86_400;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The push service's topic (RFC 8030): at most 32 URL-safe characters.</summary>
    [JsonIgnore]
    public string Topic => new([.. Tag.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').Take(32)]);

    public static PushPayload Of(IReadOnlyList<NotificationView> batch)
    {
        var newest = batch[^1];
        var tags = batch.Select(n => NotificationText.Tag(n.Link)).Distinct().ToList();
        var (title, body) = NotificationText.Split(newest);
        return batch.Count == 1
            ? new PushPayload(title, Cut(body), tags[0], newest.Link, "/icons/app-192.png", 1)
            : new PushPayload(
                tags.Count == 1 ? title : "Let's Chat",
                Cut($"{batch.Count} new notifications. {newest.Text}"),
                tags.Count == 1 ? tags[0] : "letschat",
                tags.Count == 1 ? newest.Link : "/notifications",
                "/icons/app-192.png",
                batch.Count);
    }

    // A push carries at most about 4 KB; a preview is short already, this keeps any body well inside it.
    private static string Cut(string text) => text.Length <= 500 ? text : text[..499] + "…";
}
