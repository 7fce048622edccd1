using System.Collections.Concurrent;

namespace LetsChat.Server.Chat;

/// <summary>
/// Which rooms each user has open right now on this instance, counted per circuit; a private message notifies a
/// member only when they are not looking at that room.
/// </summary>
public sealed class RoomViewers
{
    private readonly ConcurrentDictionary<(long UserId, long RoomId), int> _viewing = new();

    public IDisposable View(long userId, long roomId)
    {
        _viewing.AddOrUpdate((userId, roomId), 1, static (_, count) => count + 1);
        return new Viewing(this, (userId, roomId));
    }

    public bool IsViewing(long userId, long roomId) => _viewing.TryGetValue((userId, roomId), out var count) && count > 0;

    private void Leave((long, long) key)
    {
        while (_viewing.TryGetValue(key, out var count))
        {
            if (count <= 1 ? _viewing.TryRemove(KeyValuePair.Create(key, count)) : _viewing.TryUpdate(key, count - 1, count))
            {
                return;
            }
        }
    }

    private sealed class Viewing(RoomViewers viewers, (long, long) key) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                viewers.Leave(key);
            }
        }
    }
}
