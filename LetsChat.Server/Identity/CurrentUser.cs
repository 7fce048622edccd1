using LetsChat.Components.Identity;
using Microsoft.AspNetCore.Components.Authorization;

namespace LetsChat.Server.Identity;

/// <summary>Who is calling: read afresh on every call from the circuit's (or request's) authentication state.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authenticationState)
{
    public async Task<SignedInUser?> GetAsync()
    {
        var state = await authenticationState.GetAuthenticationStateAsync();
        return LetsChatClaims.ToSignedInUser(state.User);
    }
}
