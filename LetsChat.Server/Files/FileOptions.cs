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
}

public enum FileStorage
{
    Database = 0,
    Disk = 1,
}
