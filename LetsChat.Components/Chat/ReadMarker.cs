using LetsChat.Components.Rooms;

namespace LetsChat.Components.Chat;

/// <summary>
/// Tells the server how far the reader has read the open room. Marks are written at most every few seconds per room,
/// with a trailing one for the last messages, so a busy room costs no write per message.
/// </summary>
/// <param name="dispatch">Runs the trailing mark on the circuit's context.</param>
internal sealed class ReadMarker(IChatService chat, TimeProvider time, Func<Func<Task>, Task> dispatch) : IDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(3);

    private RoomInfo? _room;
    private long _readUpTo;
    private long _newest;
    private DateTimeOffset _last = DateTimeOffset.MinValue;
    private bool _due;
    private ITimer? _timer;

    /// <summary>A room opened, read up to <paramref name="lastRead"/>: what it shows now is read.</summary>
    public Task OpenedAsync(RoomInfo room, long lastRead, long newest)
    {
        _room = room;
        _readUpTo = lastRead;
        _due = false;
        return MarkAsync(newest, force: true);
    }

    /// <summary>The room shows messages up to <paramref name="newest"/>.</summary>
    public Task SeenAsync(long newest) => MarkAsync(newest, force: false);

    /// <summary>The reader's own message: the server counts it read already.</summary>
    public void Sent(long sequence) => _readUpTo = Math.Max(_readUpTo, sequence);

    public void Closed()
    {
        _room = null;
        _due = false;
    }

    private Task MarkAsync(long newest, bool force)
    {
        _newest = newest;
        // The public room keeps no read marks: its traffic is not news, and a thousand readers must not mean a
        // thousand writes every few seconds.
        if (_room is null || _room.Kind == RoomKind.Public || newest <= _readUpTo)
        {
            return Task.CompletedTask;
        }

        var now = time.GetUtcNow();
        if (!force && now - _last < Every)
        {
            if (!_due)
            {
                _due = true;
                // Armed only while a trailing mark waits to be sent.
                _timer ??= time.CreateTimer(_ => _ = dispatch(SendDueAsync), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _timer.Change(_last + Every - now, Timeout.InfiniteTimeSpan);
            }

            return Task.CompletedTask;
        }

        _last = now;
        _due = false;
        var before = _readUpTo;
        _readUpTo = newest;
        _ = WriteAsync(_room.Id, newest, before);
        return Task.CompletedTask;
    }

    // Off the delivery path: the circuit goes on rendering while the server writes the mark with other readers'.
    private async Task WriteAsync(long roomId, long newest, long before)
    {
        try
        {
            await chat.MarkReadAsync(roomId, newest);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Nothing the reader needs to see: the mark is written again with the next message they see here.
            if (_room?.Id == roomId && _readUpTo == newest)
            {
                _readUpTo = before;
            }
        }
    }

    private Task SendDueAsync() => _due ? MarkAsync(_newest, force: true) : Task.CompletedTask;

    public void Dispose() => _timer?.Dispose();
}
