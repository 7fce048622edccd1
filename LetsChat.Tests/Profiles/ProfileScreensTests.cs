using Bunit;
using Bunit.TestDoubles;
using LetsChat.Components.Friends;
using LetsChat.Components.Moderation;
using LetsChat.Components.Profiles;
using LetsChat.Components.Shared;
using LetsChat.Server.Identity;
using LetsChat.Tests.Moderation;
using LetsChat.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace LetsChat.Tests.Profiles;

/// <summary>The profile and edit screens, rendered with bUnit on the real host's services of one signed-in circuit.</summary>
public sealed class ProfileScreensTests : ComponentTest, IAsyncLifetime
{
    private readonly LetsChatApp _app = new();
    private CircuitScope _myCircuit = default!;
    private User _me = default!;

    public async ValueTask InitializeAsync()
    {
        _me = await _app.CreateUserAsync("Me Myself", "me@example.com");
        _myCircuit = _app.OpenCircuit(_me);
        Services.AddSingleton(_myCircuit.Get<IProfileService>());
        Services.AddSingleton(_myCircuit.Get<LetsChat.Components.Identity.IAccountService>());
        Services.AddSingleton(_myCircuit.Get<IUserFeed>());
        Services.AddSingleton(_myCircuit.Get<IFriendService>());
        Services.AddSingleton(_myCircuit.Get<LetsChat.Components.Notifications.IPushDevices>());
        Services.AddSingleton(_myCircuit.Get<LetsChat.Components.Notifications.IEmailDigestSettings>());
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _myCircuit.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_friends_profile_shows_name_handle_hidden_email_and_the_friend_actions()
    {
        var alice = await _app.CreateUserAsync("Alice", "alice@example.com");
        await _app.MakeFriendsAsync(_me, alice);

        var page = Render<ProfilePage>(p => p.Add(x => x.Handle, alice.Handle));

        page.WaitForAssertion(() => page.Find("h1").TextContent.ShouldBe("Alice"));
        page.Find(".profile-handle").TextContent.ShouldBe("@" + alice.Handle);
        page.Markup.ShouldContain("hidden");
        page.Markup.ShouldNotContain("alice@example.com");
        page.Find($"a[href='/u/{alice.Handle}/friends']").TextContent.ShouldBe("1 friend");
        Buttons(page).ShouldBe(["Message", "Unfriend", "Block", "Report"]);
        page.Find("a.mud-button-root[href^='/chat/']").TextContent.Trim().ShouldBe("Message");
    }

    [Fact]
    public async Task A_strangers_profile_offers_add_friend_and_updates_live_after_it()
    {
        var bob = await _app.CreateUserAsync("Bob");
        var page = Render<ProfilePage>(p => p.Add(x => x.Handle, bob.Handle));
        page.WaitForAssertion(() => Buttons(page).ShouldBe(["Add friend", "Block", "Report"]));
        page.FindAll($"a[href='/u/{bob.Handle}/friends']").ShouldBeEmpty();

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Add friend").Click();

        page.WaitForAssertion(() => Buttons(page).ShouldBe(["Cancel request", "Report"]), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Report_on_someones_profile_reports_that_person()
    {
        var reports = new FakeReports();
        Services.AddSingleton<IReports>(reports);
        var bob = await _app.CreateUserAsync("Bob");
        var page = Render<ProfilePage>(p => p.Add(x => x.Handle, bob.Handle));
        page.WaitForAssertion(() => page.Find("h1").TextContent.ShouldBe("Bob"));

        page.FindAll(".profile-actions button").Single(b => b.TextContent.Trim() == "Report").Click();
        page.Find("[role=dialog][aria-label=Report] h2").TextContent.ShouldBe("Report Bob");
        page.FindAll("#report-attach").ShouldBeEmpty();
        page.Find("#report-reason-Spam").Change(true);
        page.Find(".report-dialog form").Submit();

        reports.Calls.ShouldBe([$"Person {bob.Id} Spam"]);
        page.FindAll("[role=dialog]").ShouldBeEmpty();
    }

    [Fact]
    public void Your_own_profile_shows_your_email_and_edit_profile()
    {
        var page = Render<ProfilePage>(p => p.Add(x => x.Handle, _me.Handle));

        page.WaitForAssertion(() => page.Find("h1").TextContent.ShouldBe("Me Myself"));
        page.Markup.ShouldContain("me@example.com");
        page.Find("a[href='/me']").TextContent.Trim().ShouldBe("Edit profile");
        Buttons(page).ShouldBe(["Edit profile"]);
    }

    [Fact]
    public void An_unknown_handle_shows_that_nobody_is_there()
    {
        var page = Render<ProfilePage>(p => p.Add(x => x.Handle, "no-such-person"));

        page.WaitForAssertion(() => page.Find("h1").TextContent.ShouldBe("Nobody here"));
    }

    [Fact]
    public async Task The_edit_page_has_the_named_fields_and_saves_a_new_name_and_handle()
    {
        var page = Render<EditProfilePage>();
        page.WaitForAssertion(() => page.Find("input#display-name").ShouldNotBeNull());
        page.Find("label[for=display-name]").TextContent.ShouldBe("Display name");
        page.Find("label[for=handle]").TextContent.ShouldBe("Handle");
        page.Find("label[for=avatar-input]").TextContent.ShouldBe("Avatar");
        page.Find("input#avatar-input").GetAttribute("type").ShouldBe("file");
        var hideEmail = page.Find("input[type=checkbox]");
        hideEmail.GetAttribute("role").ShouldBe("switch");
        hideEmail.Closest("label")!.TextContent.Trim().ShouldBe("Hide email");
        ((AngleSharp.Html.Dom.IHtmlInputElement)hideEmail).IsChecked.ShouldBeTrue();

        page.Find("input#display-name").Input("Me Again");
        page.Find("input#handle").Input("me.again");
        page.Find("input[type=checkbox]").Change(false);
        page.Find("form").Submit();

        page.WaitForAssertion(() => Services.GetRequiredService<NavigationManager>().Uri.ShouldEndWith("/me/refresh?returnUrl=%2Fu%2Fme.again"));
        await using var db = await _app.CreateDbAsync();
        var me = await db.Users.AsNoTracking().SingleAsync(u => u.Id == _me.Id, Xunit.TestContext.Current.CancellationToken);
        (me.DisplayName, me.Handle, me.HideEmail).ShouldBe(("Me Again", "me.again", false));
    }

    [Fact]
    public async Task A_taken_handle_is_refused_with_an_alert_and_nothing_changes()
    {
        await _app.CreateUserAsync("Taken");
        var page = Render<EditProfilePage>();
        page.WaitForAssertion(() => page.Find("input#handle").ShouldNotBeNull());

        page.Find("input#handle").Input("taken");
        page.Find("form").Submit();

        page.WaitForAssertion(() => page.Find("[role=alert]").TextContent.ShouldContain("taken"));
        Services.GetRequiredService<NavigationManager>().Uri.ShouldNotContain("refresh");
    }

    [Fact]
    public void An_uploaded_picture_is_previewed_re_encoded_before_saving()
    {
        var page = Render<EditProfilePage>();
        page.WaitForAssertion(() => page.Find("input#avatar-input").ShouldNotBeNull());

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestImages.Encode(SKEncodedImageFormat.Png, 500, 300), "me.png"));

        page.WaitForAssertion(() => page.Find(".avatar-edit img").GetAttribute("src")!.ShouldStartWith("data:image/webp;base64,"));
        page.Markup.ShouldContain("Discard new picture");
        page.Markup.ShouldNotContain("Remove picture"); // nothing saved yet to remove
    }

    [Fact]
    public void A_renamed_executable_is_refused_with_an_alert()
    {
        var page = Render<EditProfilePage>();
        page.WaitForAssertion(() => page.Find("input#avatar-input").ShouldNotBeNull());
        byte[] executable = [(byte)'M', (byte)'Z', .. new byte[2000]];

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(executable, "cat.png", contentType: "image/png"));

        page.WaitForAssertion(() => page.Find("[role=alert]").TextContent.ShouldBe("This file is not a PNG, JPEG, WebP or GIF picture."));
        page.FindAll(".avatar-edit img").ShouldBeEmpty();
    }

    private static List<string> Buttons(IRenderedComponent<IComponent> page) =>
        page.FindAll(".profile-actions button, .profile-actions a.mud-button-root").Select(b => b.TextContent.Trim()).ToList();
}
