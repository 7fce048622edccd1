using LetsChat.Components.Identity;
using LetsChat.Components.Presence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LetsChat.Server.Identity;

public static partial class IdentityRegistration
{
    /// <summary>
    /// Our own cookie for every signed-in user, naming a session checked on every request; local accounts (passwords
    /// and passkeys, on Identity's <see cref="UserManager{TUser}"/> over our own user table) unless
    /// <c>LetsChat:LocalAccounts</c> is false; Google and GitHub when their client id and secret are configured; the
    /// development sign-in only in Development or with <c>LetsChat:DevelopmentSignIn=true</c>.
    /// </summary>
    public static IHostApplicationBuilder AddLetsChatIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LetsChatOptions>().BindConfiguration(LetsChatOptions.Section);
        var settings = builder.Configuration.GetSection(LetsChatOptions.Section).Get<LetsChatOptions>() ?? new();
        var google = builder.Configuration.GetSection("Authentication:Google").Get<ExternalProviderOptions>() ?? new();
        var github = builder.Configuration.GetSection("Authentication:GitHub").Get<ExternalProviderOptions>() ?? new();
        var devSignIn = builder.Environment.IsDevelopment() || settings.DevelopmentSignIn;
        var smtp = builder.Configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>() ?? new();
        builder.Services.AddSingleton(new SignInChoices(devSignIn, google.IsConfigured, github.IsConfigured, settings.LocalAccounts, smtp.IsConfigured));

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
                options.Events.OnValidatePrincipal = SessionCookieValidation.ValidatePrincipal;
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

        builder.Services.AddIdentityCore<User>(options =>
            {
                options.Password.RequiredLength = PasswordRules.MinimumLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = Math.Max(1, settings.Lockout.FailuresPerAccount);
                options.Lockout.DefaultLockoutTimeSpan = settings.Lockout.Duration;
            })
            .AddUserStore<LetsChatUserStore>()
            .AddPasswordValidator<PasswordRules>();
        // Our handles have rules of their own (Handles); Identity's user-name check would only disagree with them.
        builder.Services.RemoveAll<IUserValidator<User>>();

        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddSingleton<UserAccounts>();
        builder.Services.AddSingleton<UserSessions>();
        builder.Services.AddSingleton<Sessions.SessionReconciler>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Sessions.SessionReconciler>());
        builder.Services.AddSingleton<SessionSignIn>();
        builder.Services.AddSingleton<AddressLockout>();
        builder.Services.AddScoped<LocalAccounts>();
        builder.Services.AddScoped<IPasskeyHandler<User>, PasskeyHandler<User>>();
        builder.Services.AddScoped<PasskeyCeremonies>();
        builder.Services.AddScoped<AccountDeletion>();
        // Sign-in without a handle needs a passkey the authenticator can find by itself (a discoverable credential).
        builder.Services.Configure<IdentityPasskeyOptions>(options => options.ResidentKeyRequirement = "required");
        builder.Services.AddScoped<CurrentUser>();
        builder.Services.AddScoped<IDevSignIn, DevSignIn>();
        builder.Services.AddScoped<ILocalSignIn, LocalSignIn>();
        builder.Services.AddScoped<IAccountService, AccountService>();
        builder.Services.AddSingleton<LinkTickets>();
        builder.Services.AddHostedService<DevSignInWarning>();
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
        endpoints.MapPost("/signout", SignOutAsync);
        endpoints.MapLetsChatPasskeys();
        endpoints.MapLetsChatLinking();
        endpoints.MapLetsChatAccountDeletion();
        endpoints.MapLetsChatAccountExport();
        return endpoints;
    }

    /// <summary>Ends this browser's session (its cookie stops working everywhere, copies included) and closes its tabs.</summary>
    private static async Task<IResult> SignOutAsync(HttpContext context, UserSessions sessions, [FromForm] string? returnUrl)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (LetsChatClaims.UserId(context.User) is { } userId && LetsChatClaims.SessionId(context.User) is { } sessionId)
        {
            await sessions.EndAsync(userId, sessionId, CircuitCloseReasons.SignedOut);
        }

        return Results.LocalRedirect("/");
    }

    private static IResult Challenge(string scheme, string? returnUrl) =>
        Results.Challenge(new AuthenticationProperties { RedirectUri = ReturnUrls.Local(returnUrl) }, [scheme]);
}

/// <summary>Says at every start, where operators look, that anyone can sign in by name alone.</summary>
internal sealed partial class DevSignInWarning(SignInChoices choices, IHostEnvironment environment, ILogger<DevSignInWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (choices.DevSignIn && !environment.IsDevelopment())
        {
            Warn(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Warning, "LetsChat:DevelopmentSignIn is on outside Development: anyone can sign in by typing a name, with no password. Never use it on a site people use.")]
    private static partial void Warn(ILogger logger);
}
