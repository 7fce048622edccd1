using System.Linq.Expressions;
using LetsChat.Components.Presence;
using LetsChat.Server.Identity;

namespace LetsChat.Server.Presence.Status;

/// <summary>The status rules every path applies the same way: the room, the bell, push and e-mail.</summary>
public static class StatusRules
{
    /// <summary>How long without input in any tab before someone shows as away.</summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(10);

    /// <summary>Do not disturb is on at <paramref name="now"/>: chosen, and its end time (if any) still ahead.</summary>
    public static bool IsDoNotDisturb(StatusChoice choice, DateTimeOffset? until, DateTimeOffset now) =>
        choice == StatusChoice.DoNotDisturb && (until is null || until > now);

    /// <summary><see cref="IsDoNotDisturb"/> as a query filter, for the users it holds for.</summary>
    public static Expression<Func<User, bool>> DoNotDisturbAt(DateTimeOffset now) =>
        u => u.StatusChoice == StatusChoice.DoNotDisturb && (u.StatusUntil == null || u.StatusUntil > now);
}
