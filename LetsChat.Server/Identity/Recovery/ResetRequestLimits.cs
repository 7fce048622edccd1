using System.Collections.Concurrent;

namespace LetsChat.Server.Identity;

/// <summary>
/// How often <c>/forgot</c> may be asked: 5 times in 15 minutes per client address, 3 times an hour per account.
/// The counts are kept in memory, per instance: with several instances behind a balancer the limits are that many
/// times looser, which is fine for keeping an inbox from being flooded (the links themselves are what must be safe).
/// </summary>
public sealed class ResetRequestLimits(TimeProvider time)
{
    public const int PerAddress = 5;
    public static readonly TimeSpan AddressWindow = TimeSpan.FromMinutes(15);
    public const int PerAccount = 3;
    public static readonly TimeSpan AccountWindow = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Window> _addresses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, Window> _accounts = new();

    /// <summary>Counts a request from the address; false when it is over its limit.</summary>
    public bool TryAddress(string address) => Try(_addresses, address, PerAddress, AddressWindow);

    /// <summary>Counts a mail to the account; false when it is over its limit.</summary>
    public bool TryAccount(long userId) => Try(_accounts, userId, PerAccount, AccountWindow);

    private bool Try<TKey>(ConcurrentDictionary<TKey, Window> windows, TKey key, int limit, TimeSpan length) where TKey : notnull
    {
        var now = time.GetUtcNow();
        if (windows.Count > 50_000)
        {
            // Forget the quiet ones, so that a flood of addresses cannot grow this without bound.
            foreach (var (k, w) in windows)
            {
                if (w.IsQuiet(now, length))
                {
                    windows.TryRemove(k, out _);
                }
            }
        }

        return windows.GetOrAdd(key, _ => new Window()).TryAdd(now, limit, length);
    }

    private sealed class Window
    {
        private readonly Queue<DateTimeOffset> _times = new();

        public bool TryAdd(DateTimeOffset now, int limit, TimeSpan length)
        {
            lock (_times)
            {
                while (_times.Count > 0 && now - _times.Peek() >= length)
                {
                    _times.Dequeue();
                }

                if (_times.Count >= limit)
                {
                    return false;
                }

                _times.Enqueue(now);
                return true;
            }
        }

        public bool IsQuiet(DateTimeOffset now, TimeSpan length)
        {
            lock (_times)
            {
                return _times.Count == 0 || now - _times.Last() >= length;
            }
        }
    }
}
