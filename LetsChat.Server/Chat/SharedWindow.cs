using LetsChat.Components.Chat;

namespace LetsChat.Server.Chat;

/// <summary>
/// A room's window of recent messages as this instance holds it: one immutable <see cref="MessageWindow"/> shared by
/// every circuit, kept current by the room's events, and read from the store when first needed or after a gap.
/// </summary>
internal sealed class SharedWindow(long roomId, MessageStore store) : IDisposable
{
    /// <summary>How many recent messages a room keeps in memory; first pages and gap fills are served from it.</summary>
    public const int Size = 100;

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile MessageWindow? _window;

    /// <summary>The window, or null until it is next read from the store.</summary>
    public MessageWindow? Current => _window;

    /// <summary>Drops the window (events may have been lost), returning what it held.</summary>
    public MessageWindow? Forget()
    {
        lock (_lock)
        {
            var before = _window;
            _window = null;
            return before;
        }
    }

    /// <summary>Keeps the window current with one of the room's events; runs on the publisher's thread.</summary>
    public void Apply(RoomEvent roomEvent)
    {
        lock (_lock)
        {
            if (_window is not { } window)
            {
                return;
            }

            _window = roomEvent switch
            {
                AuthorChanged author => window.WithAuthor(author),
                MessageEdited edited => window.Replace(edited.Message).Map(ReplyQuotes.Following(edited.Message)),
                MessageDeleted deleted => window.Replace(deleted.Message).Map(ReplyQuotes.Following(deleted.Message)),
                MessageReacted reacted => window.Replace(reacted.Message),
                MessagePosted posted when posted.Message.Sequence == window.LastSequence + 1 => window.Append(posted.Message),
                // An event went missing on the way here: read the window afresh when it is next needed.
                MessagePosted posted when posted.Message.Sequence > window.LastSequence + 1 => null,
                _ => window,
            };
        }
    }

    /// <summary>The window, read from the store first if it is not held.</summary>
    public async Task<MessageWindow> GetAsync(CancellationToken cancellationToken)
    {
        if (_window is { } ready)
        {
            return ready;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_window is { } loadedMeanwhile)
            {
                return loadedMeanwhile;
            }

            var loaded = new MessageWindow([.. await store.LatestAsync(roomId, Size, cancellationToken)]);
            lock (_lock)
            {
                // Messages published while loading were ignored by the window; if one arrived, the next gap check reloads.
                _window ??= loaded;
                return _window;
            }
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();
}
