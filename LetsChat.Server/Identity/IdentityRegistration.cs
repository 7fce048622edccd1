using LetsChat.Components.Identity;
using LetsChat.Components.Presence;
using LetsChat.Server.Presence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace LetsChat.Server.Identity;

public static class IdentityRegistration
{
    /// <summary>
    /// Our own cookie for every signed-in user; Google and GitHub when their client id and secret are configured
    /// (<c>Authentication:Google:*</c>, <c>Authentication:GitHub:*</c>); the development sign-in when neither is,
    /// or in Development, and never otherwise.
    /// </summary>
    public static IHostApplicationBuilder AddLetsChatIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LetsChatOptions>().BindConfiguration(LetsChatOptions.Section);
        var google = builder.Configuration.GetSection("Authentication:Google").Get<ExternalProviderOptions>() ?? new();
        var github = builder.Configuration.GetSection("Authentication:GitHub").Get<ExternalProviderOptions>() ?? new();
        var devSignIn = (!google.IsConfigured && !github.IsConfigured) || builder.Environment.IsDevelopment();
        builder.Services.AddSingleton(new SignInChoices(devSignIn, google.IsConfigured, github.IsConfigured));

        var authentication = builder.Services
            .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "letschat.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/";
                options.LogoutPath = "/signout";
                options.ReturnUrlParameter = "returnUrl";
                options.ExpireTimeSpan = TimeSpan.FromDays(30);
                options.SlidingExpiration = true;
                // A signed-in person refused a page (the admin page, for non-moderators) gets a 403 page, not a redirect.
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
        if (google.IsConfigured)
        {
            authentication.AddGoogleSignIn(google);
        }

        if (github.IsConfigured)
        {
            authentication.AddGitHub(github);
        }

        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddSingleton<UserAccounts>();
        builder.Services.AddScoped<CurrentUser>();
        builder.Services.AddScoped<IDevSignIn, DevSignIn>();
        return builder;
    }

    public static IEndpointRouteBuilder MapLetsChatSignIn(this IEndpointRouteBuilder endpoints)
    {
        var choices = endpoints.ServiceProvider.GetRequiredService<SignInChoices>();
        if (choices.Google)
        {
            endpoints.MapGet("/signin/google", (string? returnUrl) => Challenge("Google", returnUrl));
        }

        if (choices.GitHub)
        {
            endpoints.MapGet("/signin/github", (string? returnUrl) => Challenge(GitHubSignIn.Scheme, returnUrl));
        }

        // A POST with an antiforgery token, so that no other site can sign a visitor out.
        endpoints.MapPost("/signout", async (HttpContext context, CircuitCloser circuits, [FromForm] string? returnUrl) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            // Every open tab of this user, on every instance, stops acting for them at once, not when its cookie is next read.
            if (LetsChatClaims.ToSignedInUser(context.User) is { } user)
            {
                await circuits.CloseEverywhereAsync(user.Id, CircuitCloseReasons.SignedOut);
            }

            return Results.LocalRedirect("/");
        });
        return endpoints;
    }

    private static IResult Challenge(string scheme, string? returnUrl) =>
        Results.Challenge(new AuthenticationProperties { RedirectUri = ReturnUrls.Local(returnUrl) }, [scheme]);
}
