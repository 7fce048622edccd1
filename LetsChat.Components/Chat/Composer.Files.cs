using LetsChat.Components.Chat.Attachments;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace LetsChat.Components.Chat;

/// <summary>What the composer sends: the text (perhaps empty when there are files) and the uploaded files.</summary>
public sealed record ComposedMessage(string Text, IReadOnlyList<ChatAttachment> Files);

/// <summary>
/// The composer's files. files.js posts each one (chosen with Attach files, dropped on the room or pasted) over HTTP
/// and reports its progress to <see cref="ComposerFiles"/>; a message waits for its files and is sent when every one is in.
/// </summary>
public sealed partial class Composer
{
    public const string FailedFiles = "Some files could not be uploaded: remove them, then send.";

    private ElementReference _form;
    private ComposerFiles? _attached;
    private bool _sendWhenIn;

    private ComposerFiles Attached => _attached ??= new ComposerFiles(Uploads.Limits, () => _ = InvokeAsync(FilesChangedAsync));

    private string? FilesProblem => Attached.AnyFailed ? FailedFiles : null;

    // A report from the script: shown at once; the last file in sends a message that was waiting for it.
    private async Task FilesChangedAsync()
    {
        if (_sendWhenIn && !Attached.AnyUploading)
        {
            await SubmitAsync();
        }

        StateHasChanged();
    }

    private async Task RemoveFileAsync(ComposerFile file)
    {
        if (Attached.Remove(file.LocalId) is null)
        {
            return;
        }

        await JS.InvokeVoidAsync("letsChat.dropUploads", new[] { file.LocalId });
        if (file.Uploaded is { } uploaded)
        {
            await Uploads.DiscardAsync(uploaded.Id);
        }

        if (Attached.Files.Count == 0)
        {
            _sendWhenIn = false;
        }
    }

    // The files go with the message; their local previews are let go (the message shows the server's thumbnails).
    private async Task<IReadOnlyList<ChatAttachment>> TakeFilesAsync()
    {
        var files = Attached.Ready;
        if (Attached.Clear() is { Count: > 0 } sent)
        {
            await JS.InvokeVoidAsync("letsChat.dropUploads", sent.Select(f => f.LocalId).ToArray());
        }

        return files;
    }

    public void Dispose() => _attached?.Dispose();
}
