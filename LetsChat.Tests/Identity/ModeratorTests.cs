using LetsChat.Server.Identity;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Identity;

public sealed class ModeratorTests : IAsyncLifetime
{
    private readonly LetsChatApp _app = new(new Dictionary<string, string?> { ["LetsChat:Moderators:0"] = "Boss@Example.com" });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_configured_address_is_made_moderator_when_it_signs_in_and_others_are_not()
    {
        var boss = await _app.CreateUserAsync("Boss", "boss@example.com");
        var member = await _app.CreateUserAsync("Member", "member@example.com");

        boss.IsModerator.ShouldBeTrue();
        member.IsModerator.ShouldBeFalse();
        LetsChatClaims.ToSignedInUser(LetsChatClaims.CreatePrincipal(boss, "session"))!.IsModerator.ShouldBeTrue();
    }

    [Theory]
    [InlineData("carol@example.com")]
    [InlineData("CAROL@EXAMPLE.COM")]
    [InlineData("carol_h")]
    [InlineData("@Carol_H")]
    [InlineData("Carol H")]
    public async Task Grant_moderator_finds_the_user_by_email_handle_or_name(string who)
    {
        await _app.CreateUserAsync("Carol H", "carol@example.com");
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await ModeratorCommand.RunAsync(_app.Services, [who], output, error);

        exitCode.ShouldBe(0, error.ToString());
        output.ToString().ShouldContain("Carol H (@Carol_H) is now a moderator.");
        await using var db = await _app.CreateDbAsync();
        (await db.Users.SingleAsync(u => u.DisplayName == "Carol H")).IsModerator.ShouldBeTrue();
    }

    [Fact]
    public async Task Grant_moderator_for_an_unknown_user_fails_with_a_clear_message_and_changes_nothing()
    {
        await _app.CreateUserAsync("Dave");
        var error = new StringWriter();

        var exitCode = await ModeratorCommand.RunAsync(_app.Services, ["nobody@example.com"], new StringWriter(), error);

        exitCode.ShouldBe(1);
        error.ToString().ShouldContain("No user has the e-mail, handle or name \"nobody@example.com\"");
        await using var db = await _app.CreateDbAsync();
        (await db.Users.AnyAsync(u => u.IsModerator)).ShouldBeFalse();
    }

    [Fact]
    public async Task Grant_moderator_without_an_argument_prints_its_usage()
    {
        var error = new StringWriter();

        (await ModeratorCommand.RunAsync(_app.Services, [], new StringWriter(), error)).ShouldBe(2);
        error.ToString().ShouldStartWith("usage: grant-moderator");
    }

    [Fact]
    public async Task An_unverified_configured_address_is_not_made_moderator()
    {
        var accounts = _app.Services.GetRequiredService<UserAccounts>();

        var (user, _) = await accounts.SignInAsync(new ExternalIdentity("github", "77", "Imposter", "boss@example.com", EmailVerified: false, null, "imposter"));

        user.ShouldNotBeNull().IsModerator.ShouldBeFalse();
    }

    [Fact]
    public async Task The_grant_applies_once_so_a_demotion_sticks_at_the_next_sign_in()
    {
        var accounts = _app.Services.GetRequiredService<UserAccounts>();
        var boss = new ExternalIdentity("google", "boss-subject", "Boss", "boss@example.com", EmailVerified: true, null, null);
        var (first, _) = await accounts.SignInAsync(boss);
        first.ShouldNotBeNull().IsModerator.ShouldBeTrue();
        await using (var db = await _app.CreateDbAsync())
        {
            await db.Users.Where(u => u.Id == first.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsModerator, false));
        }

        var (again, _) = await accounts.SignInAsync(boss);

        again.ShouldNotBeNull().IsModerator.ShouldBeFalse();
    }
}
