using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Data;

/// <summary>
/// What a screen's call does when the database does not answer: it returns a refusal the screen shows, never an
/// exception, which would end the tab's circuit. Reads a screen makes on opening throw, and the page's fault boundary
/// shows them with a way to try again (see <c>Recoverable</c> in the components).
/// </summary>
public static class DatabaseOutage
{
    public const string TryAgain = "That could not be done just now: the server could not reach its database. Try again in a moment.";

    public static bool Is(Exception exception) =>
        exception is DbException or DbUpdateException or TimeoutException or InvalidOperationException { InnerException: DbException };

    /// <summary>Runs <paramref name="call"/>; a database outage becomes <paramref name="refusal"/> of <see cref="TryAgain"/>.</summary>
    public static async Task<T> RefusedAsync<T>(Func<Task<T>> call, Func<string, T> refusal, ILogger logger, [CallerMemberName] string action = "")
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (Is(ex))
        {
            logger.Outage(ex, action);
            return refusal(TryAgain);
        }
    }
}
