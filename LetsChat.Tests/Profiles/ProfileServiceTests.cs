using System.Collections.Concurrent;
using LetsChat.Components.Friends;
using LetsChat.Components.Profiles;
using LetsChat.Components.Shared;
using LetsChat.Server.Identity;
using LetsChat.Server.Profiles;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace LetsChat.Tests.Profiles;

/// <summary>Profiles through the real host's services: visibility, handle rules, pictures, and who is told of a change.</summary>
public sealed class ProfileServiceTests : HostTest
{
    private readonly List<CircuitScope> _circuits = [];

    public override async ValueTask DisposeAsync()
    {
        foreach (var circuit in _circuits)
        {
            await circuit.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task The_email_is_hidden_by_default_but_its_owner_always_sees_it()
    {
        var (alice, aliceUser) = await PersonAsync("Alice", "alice@example.com");
        var (bob, _) = await PersonAsync("Bob");

        var seenByBob = await bob.GetAsync(aliceUser.Handle);
        var seenByAlice = await alice.GetAsync(aliceUser.Handle);

        seenByBob.ShouldNotBeNull();
        seenByBob.DisplayName.ShouldBe("Alice");
        seenByBob.Email.ShouldBeNull();
        seenByBob.IsMe.ShouldBeFalse();
        seenByAlice!.Email.ShouldBe("alice@example.com");
        seenByAlice.IsMe.ShouldBeTrue();
    }

    [Fact]
    public async Task An_email_its_owner_chose_to_show_is_shown_to_others()
    {
        var (alice, aliceUser) = await PersonAsync("Alice", "alice@example.com");
        var (bob, _) = await PersonAsync("Bob");

        (await alice.UpdateAsync(new ProfileUpdate("Alice", aliceUser.Handle, HideEmail: false))).Succeeded.ShouldBeTrue();

        (await bob.GetAsync(aliceUser.Handle))!.Email.ShouldBe("alice@example.com");
    }

    [Fact]
    public async Task Handles_resolve_ignoring_case_and_unknown_ones_find_nobody()
    {
        var (bob, _) = await PersonAsync("Bob");
        await App.CreateUserAsync("Alice");

        (await bob.GetAsync("ALICE"))!.DisplayName.ShouldBe("Alice");
        (await bob.GetAsync("nobody-here")).ShouldBeNull();
        (await bob.GetAsync("x")).ShouldBeNull();
        (await bob.GetAsync("../admin")).ShouldBeNull();
    }

    [Fact]
    public async Task A_profile_shows_the_relationship_friend_count_and_private_room()
    {
        var (alice, aliceUser) = await PersonAsync("Alice");
        var (_, bobUser) = await PersonAsync("Bob");
        var carol = await App.CreateUserAsync("Carol");
        await App.MakeFriendsAsync(aliceUser, bobUser);
        await App.MakeFriendsAsync(bobUser, carol);

        var bob = await alice.GetAsync(bobUser.Handle);
        var carolSeen = await alice.GetAsync(carol.Handle);

        bob!.Relationship.ShouldBe(Relationship.Friend);
        bob.FriendCount.ShouldBe(2);
        bob.PrivateRoomId.ShouldNotBeNull();
        bob.CanSeeFriends.ShouldBeTrue();
        carolSeen!.Relationship.ShouldBe(Relationship.None);
        carolSeen.PrivateRoomId.ShouldBeNull();
        carolSeen.CanSeeFriends.ShouldBeFalse();
    }

    [Fact]
    public async Task A_friend_list_is_shown_only_to_that_person_and_their_friends()
    {
        var (alice, aliceUser) = await PersonAsync("Alice");
        var (bob, bobUser) = await PersonAsync("Bob");
        var (mallory, _) = await PersonAsync("Mallory");
        var carol = await App.CreateUserAsync("Carol");
        await App.MakeFriendsAsync(aliceUser, bobUser);
        await App.MakeFriendsAsync(aliceUser, carol);

        var own = await alice.GetFriendsAsync(aliceUser.Handle);
        var friends = await bob.GetFriendsAsync(aliceUser.Handle);
        var stranger = await mallory.GetFriendsAsync(aliceUser.Handle);

        own!.People.Select(p => p.DisplayName).ShouldBe(["Bob", "Carol"]);
        friends!.People.Select(p => p.DisplayName).ShouldBe(["Bob", "Carol"]);
        friends.People.Single(p => p.DisplayName == "Bob").UserId.ShouldBe(bobUser.Id);
        stranger.ShouldBeNull();
    }

    [Fact]
    public async Task Friend_lists_are_paged()
    {
        var (alice, aliceUser) = await PersonAsync("Alice");
        for (var i = 0; i < 25; i++)
        {
            await App.MakeFriendsAsync(aliceUser, await App.CreateUserAsync($"Friend {i:00}"));
        }

        var first = await alice.GetFriendsAsync(aliceUser.Handle, 0);
        var second = await alice.GetFriendsAsync(aliceUser.Handle, 1);

        first!.People.Count.ShouldBe(IFriendService.PageSize);
        first.HasMore.ShouldBeTrue();
        second!.People.Count.ShouldBe(5);
        second.HasMore.ShouldBeFalse();
    }

    [Fact]
    public async Task Someone_who_blocked_you_is_not_found()
    {
        var (alice, aliceUser) = await PersonAsync("Alice");
        var (bob, bobUser) = await PersonAsync("Bob");
        await App.OpenCircuitFor(aliceUser, _circuits).Get<IFriendService>().BlockAsync(bobUser.Id);

        (await bob.GetAsync(aliceUser.Handle)).ShouldBeNull();
        (await alice.GetAsync(bobUser.Handle))!.Relationship.ShouldBe(Relationship.Blocked);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("has space")]
    [InlineData("émile")]
    [InlineData("this_handle_is_much_too_long_for_us")]
    [InlineData("")]
    public async Task Invalid_handles_are_refused(string handle)
    {
        var (alice, aliceUser) = await PersonAsync("Alice");

        var result = await alice.UpdateAsync(new ProfileUpdate("Alice", handle, true));

        result.ShouldBe(Outcome.Refused(ProfileService.BadHandle));
        (await alice.GetMineAsync())!.Handle.ShouldBe(aliceUser.Handle);
    }

    [Fact]
    public async Task A_handle_taken_by_someone_else_in_any_case_is_refused()
    {
        var (alice, _) = await PersonAsync("Alice");
        await App.CreateUserAsync("Bob");

        var result = await alice.UpdateAsync(new ProfileUpdate("Alice", "BOB", true));

        result.Succeeded.ShouldBeFalse();
        result.Message.ShouldContain("taken");
    }

    [Fact]
    public async Task A_new_handle_resolves_and_the_old_one_stops_resolving()
    {
        var (alice, aliceUser) = await PersonAsync("Alice");
        var (bob, _) = await PersonAsync("Bob");

        (await alice.UpdateAsync(new ProfileUpdate("Alice", "@alice.w", true))).Succeeded.ShouldBeTrue();

        (await bob.GetAsync("Alice.W"))!.Handle.ShouldBe("alice.w");
        (await bob.GetAsync(aliceUser.Handle)).ShouldBeNull();
    }

    [Fact]
    public async Task Handles_proposed_at_sign_in_are_made_unique()
    {
        var first = await App.CreateUserAsync("Sam Lee");
        var second = await CreateWithProviderIdAsync("Sam Lee", "other-sam");

        first.Handle.ShouldBe("Sam_Lee");
        second.Handle.ShouldMatch("^Sam_Lee[0-9]{2,6}$"); // a random number, so racing sign-ups rarely collide
    }

    [Fact]
    public async Task Display_names_are_cleaned_and_an_empty_one_is_refused()
    {
        var (alice, aliceUser) = await PersonAsync("Alice");

        (await alice.UpdateAsync(new ProfileUpdate("\u202Eevil\u202C  name\u0007", aliceUser.Handle, true))).Succeeded.ShouldBeTrue();
        (await alice.GetMineAsync())!.DisplayName.ShouldBe("evil name");
        (await alice.UpdateAsync(new ProfileUpdate(" \u200B\u202E ", aliceUser.Handle, true))).ShouldBe(Outcome.Refused(ProfileService.BadDisplayName));
    }

    [Fact]
    public async Task An_uploaded_picture_is_previewed_saved_served_with_cache_headers_and_removed()
    {
        var (alice, aliceUser) = await PersonAsync("Alice");

        var preview = await alice.PrepareAvatarAsync(new MemoryStream(TestImages.Encode(SKEncodedImageFormat.Jpeg, 800, 600)));
        preview.Accepted.ShouldBeTrue();
        preview.PreviewDataUrl.ShouldStartWith("data:image/webp;base64,");
        (await alice.UpdateAsync(new ProfileUpdate("Alice", aliceUser.Handle, true, AvatarChange.UsePrepared))).Succeeded.ShouldBeTrue();

        var mine = await alice.GetMineAsync();
        mine!.HasUploadedAvatar.ShouldBeTrue();
        mine.AvatarUrl!.ShouldMatch("^/avatars/[0-9a-f]{64}\\.webp$");
        using var http = App.CreateClient();
        using var response = await http.GetAsync(mine.AvatarUrl, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/webp");
        response.Headers.CacheControl!.ToString().ShouldContain("immutable");
        response.Headers.CacheControl.MaxAge.ShouldBe(TimeSpan.FromDays(365));
        var served = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Convert.ToBase64String(served).ShouldBe(preview.PreviewDataUrl!["data:image/webp;base64,".Length..]);

        (await alice.UpdateAsync(new ProfileUpdate("Alice", aliceUser.Handle, true, AvatarChange.Remove))).Succeeded.ShouldBeTrue();
        (await alice.GetMineAsync())!.AvatarUrl.ShouldBeNull();
        await using var db = await App.CreateDbAsync();
        (await db.Avatars.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
        using var gone = await http.GetAsync(mine.AvatarUrl, TestContext.Current.CancellationToken);
        gone.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_refused_picture_changes_nothing()
    {
        var (alice, aliceUser) = await PersonAsync("Alice");

        var preview = await alice.PrepareAvatarAsync(new MemoryStream(TestImages.Gif(1000)));
        var save = await alice.UpdateAsync(new ProfileUpdate("Alice", aliceUser.Handle, true, AvatarChange.UsePrepared));

        preview.Refusal.ShouldBe(AvatarImages.TooManyFrames);
        save.Succeeded.ShouldBeFalse();
        (await alice.GetMineAsync())!.AvatarUrl.ShouldBeNull();
    }

    [Fact]
    public async Task A_new_name_reaches_friends_screens_and_new_messages()
    {
        var (alice, aliceUser) = await PersonAsync("Alice");
        var bobUser = await App.CreateUserAsync("Bob");
        await App.MakeFriendsAsync(aliceUser, bobUser);
        var bobCircuit = App.OpenCircuitFor(bobUser, _circuits);
        var received = new ConcurrentQueue<UserEvent>();
        using var subscription = await bobCircuit.Get<IUserFeed>().SubscribeAsync(events =>
        {
            foreach (var e in events)
            {
                received.Enqueue(e);
            }

            return Task.CompletedTask;
        });

        (await alice.UpdateAsync(new ProfileUpdate("Alice W", aliceUser.Handle, true))).Succeeded.ShouldBeTrue();

        await Eventually.HoldsAsync(
            () => received.OfType<ProfileChanged>().Any(e => e.UserId == aliceUser.Id && e.DisplayName == "Alice W") && received.OfType<FriendsChanged>().Any(),
            "Bob's screens are told of Alice's new name");
        var sent = await App.OpenCircuitFor(aliceUser, _circuits).Get<Components.Chat.IChatService>().SendAsync(1, Guid.NewGuid(), "hello");
        sent.Value!.AuthorName.ShouldBe("Alice W");
    }

    [Fact]
    public async Task Visitors_see_no_profiles()
    {
        var alice = await App.CreateUserAsync("Alice");
        await using var visitor = App.OpenCircuit(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()));

        (await visitor.Get<IProfileService>().GetAsync(alice.Handle)).ShouldBeNull();
        (await visitor.Get<IProfileService>().UpdateAsync(new ProfileUpdate("x", "xyz", true))).Succeeded.ShouldBeFalse();
    }

    private async Task<(IProfileService Profiles, User User)> PersonAsync(string name, string? email = null)
    {
        var user = await App.CreateUserAsync(name, email);
        return (App.OpenCircuitFor(user, _circuits).Get<IProfileService>(), user);
    }

    private async Task<User> CreateWithProviderIdAsync(string name, string subject)
    {
        var accounts = App.Services.GetRequiredService<UserAccounts>();
        var (user, refusal) = await accounts.SignInAsync(new ExternalIdentity("dev", subject, name, null, false, null, name));
        return user ?? throw new InvalidOperationException(refusal);
    }
}

internal static class CircuitScopes
{
    public static CircuitScope OpenCircuitFor(this LetsChatApp app, User user, List<CircuitScope>? track = null)
    {
        var circuit = app.OpenCircuit(user);
        track?.Add(circuit);
        return circuit;
    }
}
