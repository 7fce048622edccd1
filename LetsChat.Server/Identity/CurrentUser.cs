using LetsChat.Components.Identity;
using LetsChat.Server.Presence;
using Microsoft.AspNetCore.Components.Authorization;

namespace LetsChat.Server.Identity;

/// <summary>
/// Who is calling: read afresh on every call from the circuit's (or request's) authentication state. A circuit the
/// server has closed (another tab took its place) has nobody behind it any more.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authenticationState, UserCircuit circuit)
{
    public async Task<SignedInUser?> GetAsync()
    {
        if (circuit.ClosedReason is not null)
        {
            return null;
        }

        var state = await authenticationState.GetAuthenticationStateAsync();
        return LetsChatClaims.ToSignedInUser(state.User);
    }
}
