using LetsChat.Server.Data;
using LetsChat.Server.Profiles;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Identity;

/// <summary>
/// <c>grant-moderator &lt;email-or-handle-or-name&gt;</c>: makes an existing user a moderator, the way Django's
/// createsuperuser made the first admin.
/// </summary>
public static class ModeratorCommand
{
    public const string Name = "grant-moderator";

    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Count != 1 || string.IsNullOrWhiteSpace(arguments[0]))
        {
            await error.WriteLineAsync($"usage: {Name} <email-or-handle-or-name>");
            return 2;
        }

        var who = arguments[0].Trim();
        var dbFactory = services.GetRequiredService<IDbContextFactory<LetsChatDb>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Database.MigrateAsync();

        var upper = who.ToUpperInvariant();
        var handle = Handles.Normalize(who.TrimStart('@'));
        var matches = await db.Users
            .Where(u => (u.Email != null && u.Email.ToUpper() == upper) || u.NormalizedHandle == handle || u.SearchName == upper)
            .ToListAsync();
        switch (matches.Count)
        {
            case 0:
                await error.WriteLineAsync($"No user has the e-mail, handle or name \"{who}\". They must sign in once first.");
                return 1;
            case > 1:
                await error.WriteLineAsync($"\"{who}\" matches {matches.Count} users; use one of their handles: {string.Join(", ", matches.Select(u => "@" + u.Handle))}");
                return 1;
        }

        var user = matches[0];
        user.IsModerator = true;
        await db.SaveChangesAsync();
        await output.WriteLineAsync($"{user.DisplayName} (@{user.Handle}) is now a moderator.");
        return 0;
    }
}
