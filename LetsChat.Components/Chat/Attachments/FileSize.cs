using System.Globalization;

namespace LetsChat.Components.Chat.Attachments;

public static class FileSize
{
    /// <summary>A size as people read it: "812 B", "3.4 KB", "12.5 MB".</summary>
    public static string Of(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB"),
    };
}
