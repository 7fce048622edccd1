using System.Text.Json;
using LetsChat.Components;
using LetsChat.Server.Admin;
using LetsChat.Server.Chat;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Files;
using LetsChat.Server.Friends;
using LetsChat.Server.Identity;
using LetsChat.Server.Metrics;
using LetsChat.Server.Moderation;
using LetsChat.Server.Notifications.Digests;
using LetsChat.Server.Notifications;
using LetsChat.Server.Presence;
using LetsChat.Server.Profiles;
using LetsChat.Server.Rooms;
using LetsChat.Server.Security;
using LetsChat.Server.Scaling;
using LetsChat.Server.Search;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace LetsChat.Server;

/// <summary>The table of contents of the app: each feature registers itself.</summary>
public static class LetsChatHost
{
    public static WebApplicationBuilder AddLetsChat(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddLetsChatComponents();
        builder.AddLetsChatData();
        builder.AddLetsChatSecurity();
        builder.AddLetsChatScaling();
        builder.AddLetsChatEvents();
        builder.AddLetsChatIdentity();
        builder.AddLetsChatRecovery();
        builder.AddLetsChatPresence();
        builder.AddLetsChatFriends();
        builder.AddLetsChatProfiles();
        builder.AddLetsChatFiles();
        builder.AddLetsChatNotifications();
        builder.AddLetsChatRooms();
        builder.AddLetsChatChat();
        builder.AddLetsChatSearch();
        builder.AddLetsChatAdmin();
        builder.AddLetsChatModeration();
        builder.AddLetsChatMetrics();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        return builder;
    }

    public static WebApplication MapLetsChat(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(ErrorPage.Options);
        }

        app.UseStatusCodePages(ErrorPage.WriteStatusPageAsync);
        app.UseLetsChatSecurity();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseMissingPageStatus();

        app.MapStaticAssets();
        app.MapLetsChatMetrics();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthAsync }).AllowAnonymous();
        app.MapLetsChatSignIn();
        app.MapLetsChatProfiles();
        app.MapLetsChatFiles();
        app.MapLetsChatInstallableApp();
        app.MapLetsChatDigests();
        app.MapLetsChatAdmin();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options =>
        {
            // Our own Content-Security-Policy already says frame-ancestors 'none'; the framework's weaker one would be a second header.
            options.ContentSecurityFrameAncestorsPolicy = null;
            // No permessage-deflate on the circuit's WebSocket: each connection's compressor keeps ~300 KB of native
            // memory (more than the rest of an idle tab), and compressing every small render batch costs CPU. A new
            // message's batch is a few hundred bytes; the page itself is prerendered over HTTP.
            options.DisableWebSocketCompression = true;
        });
        return app;
    }

    /// <summary>Runs a maintenance command named on the command line instead of the site.</summary>
    /// <returns>True when <paramref name="args"/> named a command (it has run, and the exit code is set).</returns>
    public static async Task<bool> RunCommandAsync(this WebApplication app, string[] args)
    {
        Func<IServiceProvider, IReadOnlyList<string>, TextWriter, TextWriter, Task<int>>? command = args.FirstOrDefault() switch
        {
            ModeratorCommand.Name => ModeratorCommand.RunAsync,
            ResetLinkCommand.Name => ResetLinkCommand.RunAsync,
            _ => null,
        };
        if (command is null)
        {
            return false;
        }

        Environment.ExitCode = await command(app.Services, args[1..], Console.Out, Console.Error);
        return true;
    }

    private static Task WriteHealthAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
        });
    }
}
