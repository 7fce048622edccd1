using LetsChat.Components.Identity;
using LetsChat.Server.Presence;
using Microsoft.AspNetCore.Components.Authorization;

namespace LetsChat.Server.Identity;

/// <summary>
/// Who is calling: read afresh on every call from the circuit's (or request's) authentication state, and only while
/// its sign-in session is alive (<see cref="UserSessions"/>): a signed-out device, a banned or deleted account calls as
/// nobody. A circuit the server has closed (another tab took its place) has nobody behind it any more.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authenticationState, UserCircuit circuit, UserSessions sessions)
{
    public async Task<SignedInUser?> GetAsync()
    {
        if (circuit.ClosedReason is not null)
        {
            return null;
        }

        var state = await authenticationState.GetAuthenticationStateAsync();
        return LetsChatClaims.UserId(state.User) is { } userId
            ? await sessions.CheckAsync(userId, LetsChatClaims.SessionId(state.User))
            : null;
    }

    /// <summary>The session this circuit or request was opened with.</summary>
    public async Task<string?> SessionIdAsync() => LetsChatClaims.SessionId((await authenticationState.GetAuthenticationStateAsync()).User);
}
