using LetsChat.Server.Identity;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Identity;

/// <summary>Twenty people with the same name sign up at the same moment: all get an account, each its own handle.</summary>
public sealed class SimultaneousSignUpTests(PostgresServer postgres)
{
    [Fact]
    public async Task Same_name_sign_ups_at_once_all_succeed_with_distinct_handles_on_sqlite()
    {
        await using var app = new LetsChatApp();
        await SignUpTwentyAsync(app);
    }

    [Fact]
    public async Task Same_name_sign_ups_at_once_all_succeed_with_distinct_handles_on_postgres()
    {
        await using var app = new LetsChatApp(postgresConnectionString: await postgres.CreateDatabaseAsync());
        await SignUpTwentyAsync(app);
    }

    private static async Task SignUpTwentyAsync(LetsChatApp app)
    {
        _ = app.ServerAddress;
        var accounts = app.Services.GetRequiredService<UserAccounts>();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            accounts.SignInAsync(new ExternalIdentity("github", $"subject-{i}", "Sam Smith", null, false, null, "samsmith")))));

        results.ShouldAllBe(r => r.User != null && r.Refusal == null);
        results.Select(r => r.User!.NormalizedHandle).Distinct().Count().ShouldBe(20);
        results.Count(r => r.User!.Handle == "samsmith").ShouldBe(1);
    }
}
