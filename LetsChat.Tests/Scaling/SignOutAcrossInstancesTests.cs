using LetsChat.Components.Presence;
using LetsChat.Server.Identity;
using LetsChat.Server.Presence;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Scaling;

/// <summary>Signing out on one instance closes the user's tabs on the other, through Redis.</summary>
public sealed class SignOutAcrossInstancesTests(PostgresServer postgres) : IAsyncLifetime
{
    private TwoInstances _instances = default!;

    public async ValueTask InitializeAsync() => _instances = await TwoInstances.StartAsync(postgres);

    public ValueTask DisposeAsync() => _instances.DisposeAsync();

    [Fact]
    public async Task Closing_a_users_circuits_on_one_instance_closes_their_tabs_on_the_other()
    {
        var alice = await _instances.A.CreateUserAsync("Alice");
        var bob = await _instances.A.CreateUserAsync("Bob");
        await using var aliceOnB = _instances.B.OpenCircuit(alice);
        await using var bobOnB = _instances.B.OpenCircuit(bob);
        var presenceOnB = _instances.B.Services.GetRequiredService<PresenceService>();
        presenceOnB.CircuitOpened(alice.Id, "alice-tab-on-b", aliceOnB.Get<UserCircuit>());
        presenceOnB.CircuitOpened(bob.Id, "bob-tab-on-b", bobOnB.Get<UserCircuit>());
        await TwoInstances.ListeningAsync(_instances.B, CircuitCloser.Topic);

        await _instances.A.Services.GetRequiredService<CircuitCloser>().CloseEverywhereAsync(alice.Id, CircuitCloseReasons.SignedOut);

        await Eventually.HoldsAsync(() => aliceOnB.Get<ICircuitStatus>().ClosedReason == CircuitCloseReasons.SignedOut,
            "Alice's tab on the other instance is closed", TimeSpan.FromSeconds(5));
        bobOnB.Get<ICircuitStatus>().ClosedReason.ShouldBeNull();
        presenceOnB.CircuitCountOf(alice.Id).ShouldBe(0);
    }

    [Fact]
    public async Task Ending_one_session_on_one_instance_closes_only_that_devices_tabs_and_refuses_its_cookie_on_the_other()
    {
        var alice = await _instances.A.CreateUserAsync("Alice");
        var phone = _instances.A.StartSession(alice);
        var laptop = _instances.A.StartSession(alice);
        await using var phoneTab = _instances.B.OpenCircuit(LetsChatClaims.CreatePrincipal(alice, phone));
        await using var laptopTab = _instances.B.OpenCircuit(LetsChatClaims.CreatePrincipal(alice, laptop));
        phoneTab.Get<UserCircuit>().SessionId = phone;
        laptopTab.Get<UserCircuit>().SessionId = laptop;
        var presenceOnB = _instances.B.Services.GetRequiredService<PresenceService>();
        presenceOnB.CircuitOpened(alice.Id, "phone-tab", phoneTab.Get<UserCircuit>());
        presenceOnB.CircuitOpened(alice.Id, "laptop-tab", laptopTab.Get<UserCircuit>());
        (await phoneTab.Get<CurrentUser>().GetAsync()).ShouldNotBeNull();
        await TwoInstances.ListeningAsync(_instances.B, CircuitCloser.Topic);

        (await _instances.A.Services.GetRequiredService<UserSessions>().EndAsync(alice.Id, phone, CircuitCloseReasons.SignedOut)).ShouldBeTrue();

        await Eventually.HoldsAsync(() => phoneTab.Get<ICircuitStatus>().ClosedReason == CircuitCloseReasons.SignedOut,
            "the phone's tab on the other instance is closed", TimeSpan.FromSeconds(5));
        (await phoneTab.Get<CurrentUser>().GetAsync()).ShouldBeNull();
        laptopTab.Get<ICircuitStatus>().ClosedReason.ShouldBeNull();
        (await laptopTab.Get<CurrentUser>().GetAsync()).ShouldNotBeNull();
        // B had the phone's session in its cache a moment ago; the news made it forget at once, well inside the cache's time.
        (await _instances.B.Services.GetRequiredService<UserSessions>().CheckAsync(alice.Id, phone)).ShouldBeNull();
    }

    [Fact]
    public async Task After_sign_out_everywhere_a_copied_cookie_is_refused_on_both_instances()
    {
        var olga = await LocalAccountClient.CreateAsync(_instances.A, "olga", "winter tea and a long novel");
        var cookies = new System.Net.CookieContainer();
        using var browser = _instances.A.CreateBrowserLikeClient(cookies);
        await LocalAccountClient.SignInAsync(browser, "olga", "winter tea and a long novel");
        var cookie = cookies.GetCookieHeader(_instances.A.ServerAddress);
        using var copyOnA = _instances.A.CreateClientWithCookieHeader(cookie);
        using var copyOnB = _instances.B.CreateClientWithCookieHeader(cookie);
        (await copyOnA.GetAsync("/chat")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await copyOnB.GetAsync("/chat")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        await TwoInstances.ListeningAsync(_instances.B, CircuitCloser.Topic);
        await using var tab = _instances.A.OpenCircuit(olga);
        await using var tabOnB = _instances.B.OpenCircuit(olga);
        _instances.B.Services.GetRequiredService<PresenceService>().CircuitOpened(olga.Id, "olga-on-b", tabOnB.Get<UserCircuit>());

        (await tab.Get<LetsChat.Components.Identity.IAccountService>().SignOutEverywhereAsync()).Succeeded.ShouldBeTrue();

        (await copyOnA.GetAsync("/chat")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        // The news reaches B through Redis: once B has closed her tab there, it has forgotten her sessions too, seconds
        // before its cache would have.
        await Eventually.HoldsAsync(() => tabOnB.Get<ICircuitStatus>().ClosedReason is not null, "her tab on B is closed", TimeSpan.FromSeconds(5));
        (await copyOnB.GetAsync("/chat")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
    }
}
