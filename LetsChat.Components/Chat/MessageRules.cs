namespace LetsChat.Components.Chat;

/// <summary>What a message body must be. The server enforces it on every send; the composer only mirrors the limit.</summary>
public static class MessageRules
{
    public const int MaxLength = 4000;

    /// <summary>How many files one message may carry.</summary>
    public const int MaxFiles = 10;

    public static readonly string TooManyFiles = $"A message can carry at most {MaxFiles} files.";

    /// <summary>Like <see cref="Check(string?, out string)"/>, but a message with files may have no text (a caption is optional).</summary>
    public static string? Check(string? body, int files, out string trimmed)
    {
        if (files > MaxFiles)
        {
            trimmed = string.Empty;
            return TooManyFiles;
        }

        var problem = Check(body, out trimmed);
        return files > 0 && trimmed.Length == 0 ? null : problem;
    }

    /// <summary>Cleans the body (see <see cref="Shared.PlainText"/>), trims it and checks it.</summary>
    /// <returns>null when the body is acceptable (then <paramref name="trimmed"/> is what gets stored); otherwise why not.</returns>
    public static string? Check(string? body, out string trimmed)
    {
        trimmed = Shared.PlainText.Clean(body).Trim();
        if (trimmed.Length == 0)
        {
            return "Write something before sending.";
        }

        if (trimmed.Length > MaxLength)
        {
            return $"Messages can be at most {MaxLength:N0} characters; this one has {trimmed.Length:N0}.";
        }

        return null;
    }
}
