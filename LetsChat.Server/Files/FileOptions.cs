namespace LetsChat.Server.Files;

/// <summary>Where files in messages are kept (section <see cref="Section"/>).</summary>
public sealed class FileOptions
{
    public const string Section = "LetsChat:Files";

    /// <summary>
    /// <c>Database</c> (the default): content-addressed chunks in the app's database, shared by every instance.
    /// <c>Disk</c>: files in <see cref="Folder"/>, for a single instance (or a folder every instance mounts).
    /// </summary>
    public FileStorage Storage { get; set; } = FileStorage.Database;

    /// <summary>The folder of <see cref="FileStorage.Disk"/>; relative paths are under the content root.</summary>
    public string Folder { get; set; } = "files";

    /// <summary>The largest file, in bytes.</summary>
    public long MaxFileBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>How fast the server takes uploads in, all together, in bytes a second (0: as fast as they come).</summary>
    public long UploadBytesPerSecond { get; set; } = 20L * 1024 * 1024;

    /// <summary>What one person may upload in 24 hours, in bytes.</summary>
    public long DailyQuotaBytes { get; set; } = 500L * 1024 * 1024;

    /// <summary>The kinds of file people may share, by content: <c>image</c>, <c>pdf</c>, <c>text</c>, <c>archive</c>, comma-separated.</summary>
    public string AllowedTypes { get; set; } = "image,pdf,text,archive";

    public bool Allows(FileKind kind) =>
        AllowedTypes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(kind.ToString(), StringComparer.OrdinalIgnoreCase);
}

public enum FileStorage
{
    Database = 0,
    Disk = 1,
}
