using LetsChat.Components.Identity;
using LetsChat.Server.Identity;

namespace LetsChat.Tests.Identity;

public sealed class ReturnUrlsTests
{
    [Theory]
    [InlineData("/chat/5", "/chat/5")]
    [InlineData("/", "/")]
    [InlineData("/friends?tab=requests", "/friends?tab=requests")]
    [InlineData(null, "/chat")]
    [InlineData("", "/chat")]
    [InlineData("https://evil.example.com/", "/chat")]
    [InlineData("//evil.example.com", "/chat")]
    [InlineData("/\\evil.example.com", "/chat")]
    [InlineData("javascript:alert(1)", "/chat")]
    [InlineData("/chat\r\nLocation: https://evil.example.com", "/chat")]
    public void Only_paths_on_this_site_are_followed(string? returnUrl, string expected) =>
        ReturnUrls.Local(returnUrl).ShouldBe(expected);

    [Fact]
    public void GitHubs_primary_verified_address_is_chosen_from_the_emails_list()
    {
        using var emails = System.Text.Json.JsonDocument.Parse("""
            [{"email":"unverified@example.com","primary":true,"verified":false},
             {"email":"old@example.com","primary":false,"verified":true},
             {"email":"me@example.com","primary":true,"verified":true}]
            """);

        GitHubSignIn.PrimaryVerifiedEmail(emails.RootElement).ShouldBe("me@example.com");
    }

    [Fact]
    public void No_address_is_chosen_when_none_is_primary_and_verified()
    {
        using var emails = System.Text.Json.JsonDocument.Parse("""[{"email":"x@example.com","primary":true,"verified":false}]""");

        GitHubSignIn.PrimaryVerifiedEmail(emails.RootElement).ShouldBeNull();
    }
}
