using Microsoft.JSInterop;

namespace LetsChat.Components.Chat.Attachments;

/// <summary>One file in the composer: uploading (with how much is in), in (the stored attachment), or refused.</summary>
public sealed class ComposerFile(int localId, string name, long length, string? previewUrl)
{
    public int LocalId { get; } = localId;
    public string Name { get; } = name;
    public long Length { get; } = length;

    /// <summary>A picture's local preview (a blob: URL the page made) while it uploads.</summary>
    public string? PreviewUrl { get; } = previewUrl;

    public long Loaded { get; set; }
    public ChatAttachment? Uploaded { get; set; }
    public string? Error { get; set; }

    public bool IsUploading => Uploaded is null && Error is null;
    public int Percent => Length <= 0 ? 0 : (int)Math.Clamp(Loaded * 100 / Length, 0, 100);
}

/// <summary>
/// The files a composer holds for its next message. The page's script uploads each one over HTTP and reports here
/// (through a <see cref="DotNetObjectReference"/>); this only keeps the list the composer shows, a few numbers a file.
/// </summary>
public sealed class ComposerFiles : IDisposable
{
    private readonly List<ComposerFile> _files = [];
    private readonly UploadLimits _limits;
    private readonly Action _changed;

    public ComposerFiles(UploadLimits limits, Action changed)
    {
        _limits = limits;
        _changed = changed;
        Reference = DotNetObjectReference.Create(this);
    }

    /// <summary>What the page's script calls back on.</summary>
    public DotNetObjectReference<ComposerFiles> Reference { get; }

    public IReadOnlyList<ComposerFile> Files => _files;

    /// <summary>Why the last file offered was not taken (too many, too large, empty); null once one is.</summary>
    public string? Refusal { get; private set; }
    public bool AnyUploading => _files.Exists(f => f.IsUploading);
    public bool AnyFailed => _files.Exists(f => f.Error is not null);
    public IReadOnlyList<ChatAttachment> Ready => [.. _files.Select(f => f.Uploaded).OfType<ChatAttachment>()];

    /// <summary>A file the reader chose, dropped or pasted; returns why it cannot be taken (then the script does not upload it).</summary>
    [JSInvokable]
    public string? Started(int localId, string name, long length, string? previewUrl)
    {
        string? refusal = _files.Count >= MessageRules.MaxFiles ? MessageRules.TooManyFiles
            : length > _limits.MaxFileBytes ? $"{name}: {_limits.TooLarge}"
            : length == 0 ? $"{name} is empty."
            : null;
        Refusal = refusal;
        if (refusal is null)
        {
            _files.Add(new ComposerFile(localId, name, length, previewUrl));
        }

        _changed();
        return refusal;
    }

    [JSInvokable]
    public void Progress(int localId, long loaded)
    {
        if (Find(localId) is { IsUploading: true } file)
        {
            file.Loaded = loaded;
            _changed();
        }
    }

    [JSInvokable]
    public void Uploaded(int localId, UploadedFileInfo uploaded)
    {
        if (Find(localId) is { } file)
        {
            file.Loaded = file.Length;
            file.Uploaded = new ChatAttachment(uploaded.Id, uploaded.FileName, uploaded.ContentType, uploaded.IsImage, uploaded.Length, uploaded.Width, uploaded.Height);
            _changed();
        }
    }

    [JSInvokable]
    public void Failed(int localId, string message)
    {
        if (Find(localId) is { } file)
        {
            file.Error = string.IsNullOrWhiteSpace(message) ? "The upload failed." : message;
            _changed();
        }
    }

    /// <summary>Takes a file out of the list; returns it so that the composer can stop its upload or forget what arrived.</summary>
    public ComposerFile? Remove(int localId)
    {
        var file = Find(localId);
        if (file is not null)
        {
            _files.Remove(file);
        }

        return file;
    }

    /// <summary>After a send: the list starts again empty.</summary>
    public IReadOnlyList<ComposerFile> Clear()
    {
        List<ComposerFile> sent = [.. _files];
        _files.Clear();
        Refusal = null;
        return sent;
    }

    private ComposerFile? Find(int localId) => _files.Find(f => f.LocalId == localId);

    public void Dispose() => Reference.Dispose();
}

/// <summary>What <c>POST /rooms/{id}/files</c> answers, as the page's script hands it on.</summary>
public sealed record UploadedFileInfo(long Id, string FileName, string ContentType, bool IsImage, long Length, int? Width, int? Height);
