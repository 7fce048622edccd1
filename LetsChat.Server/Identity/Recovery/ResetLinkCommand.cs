using LetsChat.Server.Data;
using LetsChat.Server.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Identity;

/// <summary>
/// <c>reset-link &lt;handle&gt;</c>: prints a one-time password reset link for a user, for an operator to hand over
/// when there is no mail server (or no moderator left who can make one on /admin).
/// </summary>
public static class ResetLinkCommand
{
    public const string Name = "reset-link";

    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Count != 1 || string.IsNullOrWhiteSpace(arguments[0]))
        {
            await error.WriteLineAsync($"usage: {Name} <handle>");
            return 2;
        }

        var handle = arguments[0].Trim().TrimStart('@');
        await using var scope = services.CreateAsyncScope();
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<LetsChatDb>>();
        User? user;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            var normalized = Handles.Normalize(handle);
            user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedHandle == normalized);
        }

        if (user is null || user.DeletedAt is not null)
        {
            await error.WriteLineAsync($"No user has the handle @{handle}.");
            return 1;
        }

        if (user.IsBanned)
        {
            await error.WriteLineAsync($"@{user.Handle} is banned: unban them first.");
            return 1;
        }

        var links = scope.ServiceProvider.GetRequiredService<AccountLinks>();
        var path = await links.CreateResetLinkAsync(user.Id);
        var link = links.Absolute(path, http: null);
        await output.WriteLineAsync($"Reset link for {user.DisplayName} (@{user.Handle}), valid once for {AccountLinks.ResetLifetime.TotalMinutes:0} minutes:");
        await output.WriteLineAsync(link);
        if (string.IsNullOrEmpty(scope.ServiceProvider.GetRequiredService<IOptions<LetsChatOptions>>().Value.PublicUrl))
        {
            await output.WriteLineAsync("(Open it on the site's own address; set LetsChat:PublicUrl to print the full link.)");
        }

        return 0;
    }
}
