using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Cryptography;
using LetsChat.Components.Identity;
using LetsChat.Components.Presence;
using LetsChat.Server.Data;
using LetsChat.Server.Presence;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Identity;

/// <summary>
/// The sign-in sessions: one row per signed-in browser, its id in the cookie. Every request and every circuit call asks
/// <see cref="CheckAsync"/>, which answers from a short cache that every instance empties for a user the moment any
/// instance ends one of their sessions (through <see cref="CircuitCloser"/>, over Redis when scaled out); without the
/// news (Redis down) the cache still forgets within <see cref="CacheFor"/>.
/// </summary>
public sealed partial class UserSessions : IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    private readonly IDbContextFactory<LetsChatDb> _dbFactory;
    private readonly SqliteWriteGate _writes;
    private readonly TimeProvider _time;
    private readonly CircuitCloser _circuits;
    private readonly ILogger<UserSessions> _logger;
    private readonly ConcurrentDictionary<string, Checked> _cache = new(StringComparer.Ordinal);

    public UserSessions(IDbContextFactory<LetsChatDb> dbFactory, SqliteWriteGate writes, TimeProvider time, CircuitCloser circuits, ILogger<UserSessions> logger)
    {
        _writes = writes;
        _dbFactory = dbFactory;
        _time = time;
        _circuits = circuits;
        _logger = logger;
        _circuits.Closing += Forget;
    }

    /// <summary>Starts a session for a user who has just proved who they are; returns its id, for the cookie.</summary>
    public async Task<string> StartAsync(long userId, string method, HttpContext? http, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var session = new UserSession
        {
            Id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)),
            UserId = userId,
            Method = method,
            CreatedAt = now,
            LastSeenAt = now,
            UserAgent = Truncate(http?.Request.Headers.UserAgent.ToString(), 300),
            Address = Truncate(http?.Connection.RemoteIpAddress?.ToString(), 64),
        };
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session.Id;
    }

    /// <summary>
    /// The user behind a live session, as the database says now (name, picture, moderator); null when the session was
    /// ended, the account banned or deleted, or the session belongs to somebody else.
    /// </summary>
    public async Task<SignedInUser?> CheckAsync(long userId, string? sessionId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(sessionId, out var cached) && now - cached.At < CacheFor)
        {
            return cached.User?.Id == userId ? cached.User : null;
        }

        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Sessions
            .Where(s => s.Id == sessionId && s.UserId == userId)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { s.LastSeenAt, u.DisplayName, u.AvatarHash, u.ProviderAvatarUrl, u.IsModerator, u.IsBanned, u.DeletedAt })
            .SingleOrDefaultAsync(cancellationToken);
        SignedInUser? user = row is null || row.IsBanned || row.DeletedAt is not null
            ? null
            : new SignedInUser(userId, row.DisplayName, LetsChatClaims.AvatarUrl(row.AvatarHash, row.ProviderAvatarUrl), row.IsModerator);
        _cache[sessionId] = new Checked(user, now);
        if (_cache.Count > 100_000)
        {
            Sweep(now);
        }

        if (row is not null && now - row.LastSeenAt > TouchEvery)
        {
            _ = TouchAsync(sessionId, now);
        }

        return user;
    }

    // "Last active" for the sessions list, written off the caller's path and, on SQLite, after any message waiting:
    // every signed-in tab's calls pass here, and a write per session a minute must not hold one of them up.
    private async Task TouchAsync(string sessionId, DateTimeOffset now)
    {
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync();
            using (await _writes.EnterAsync(db, CancellationToken.None, bulk: true))
            {
                await db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now));
            }
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or OperationCanceledException)
        {
            Log.TouchFailed(_logger, ex);
        }
    }

    public async Task<IReadOnlyList<UserSession>> ListAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var sessions = await db.Sessions.Where(s => s.UserId == userId).ToListAsync(cancellationToken);
        return [.. sessions.OrderByDescending(s => s.LastSeenAt)];
    }

    /// <summary>Ends one session of a user (sign-out, or "sign out" beside a device); false when it was not theirs.</summary>
    public async Task<bool> EndAsync(long userId, string sessionId, string reason)
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
        var ended = await db.Sessions.Where(s => s.Id == sessionId && s.UserId == userId).ExecuteDeleteAsync();
        await _circuits.CloseEverywhereAsync(userId, reason, [sessionId]);
        Log.Ended(_logger, ended, userId);
        return ended > 0;
    }

    /// <summary>Ends every session of a user but <paramref name="keep"/> (a password change keeps the browser that made it).</summary>
    public async Task EndAllAsync(long userId, string reason, string? keep = null)
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
        var ending = await db.Sessions.Where(s => s.UserId == userId && s.Id != keep).Select(s => s.Id).ToArrayAsync();
        var ended = await db.Sessions.Where(s => s.UserId == userId && s.Id != keep).ExecuteDeleteAsync();
        // Close by session when one is kept; otherwise every circuit, whatever session (or none) it was opened with.
        await _circuits.CloseEverywhereAsync(userId, reason, keep is null ? null : ending);
        Log.Ended(_logger, ended, userId);
    }

    public void Dispose() => _circuits.Closing -= Forget;

    /// <summary>Reads the user afresh at their next request or call on this instance (their name or picture changed).</summary>
    public void Refresh(long userId)
    {
        foreach (var (id, entry) in _cache)
        {
            if (entry.User?.Id == userId)
            {
                _cache.TryRemove(id, out _);
            }
        }
    }

    private void Forget(CircuitsClosed closed)
    {
        if (closed.SessionIds is { } ids)
        {
            foreach (var id in ids)
            {
                _cache.TryRemove(id, out _);
            }

            return;
        }

        foreach (var (id, entry) in _cache)
        {
            if (entry.User is null || entry.User.Id == closed.UserId)
            {
                _cache.TryRemove(id, out _);
            }
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (id, entry) in _cache)
        {
            if (now - entry.At >= CacheFor)
            {
                _cache.TryRemove(id, out _);
            }
        }
    }

    private static string? Truncate(string? text, int length) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Length <= length ? text : text[..length];

    private sealed record Checked(SignedInUser? User, DateTimeOffset At);

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Ended {Count} session(s) of user {UserId}")]
        public static partial void Ended(ILogger logger, int count, long userId);

        [LoggerMessage(LogLevel.Warning, "Could not record a session's last activity; the next call will")]
        public static partial void TouchFailed(ILogger logger, Exception exception);
    }
}
