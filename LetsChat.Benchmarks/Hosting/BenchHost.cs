using System.Diagnostics;
using LetsChat.Benchmarks.Hosting.Minimal;
using LetsChat.Server;
using LetsChat.Server.Presence;

namespace LetsChat.Benchmarks.Hosting;

/// <summary>
/// The server side of a benchmark, run as a child process so that its memory and CPU are its own: either the real
/// Let's Chat (composed exactly as Program.cs composes it, plus the bare hub to compare with), or a minimal Blazor
/// Server page. Both add one endpoint, /bench/stats, that reports memory after a full collection and CPU time.
/// </summary>
internal static class BenchHost
{
    public const string LetsChat = "letschat";
    public const string Minimal = "minimal";

    public static async Task RunAsync(string kind, string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Error);
        WebApplication app;
        if (kind == LetsChat)
        {
            builder.AddLetsChat();
            builder.Services.AddSignalR().AddMessagePackProtocol();
            app = builder.Build();
            app.MapLetsChat();
            app.MapHub<BareChatHub>(BareChatHub.Path);
        }
        else
        {
            builder.Services.AddRazorComponents().AddInteractiveServerComponents();
            app = builder.Build();
            app.UseAntiforgery();
            app.MapRazorComponents<MinimalApp>().AddInteractiveServerRenderMode();
        }

        app.MapGet("/bench/stats", (bool? collect) =>
        {
            if (collect == true)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            }

            using var self = Process.GetCurrentProcess();
            var presence = app.Services.GetService<PresenceService>();
            return Results.Json(new ServerStats(
                Environment.WorkingSet,
                GC.GetTotalMemory(forceFullCollection: false),
                self.TotalProcessorTime.TotalMilliseconds,
                GC.GetTotalAllocatedBytes(),
                GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2),
                presence?.CircuitCount ?? -1,
                presence?.TrackedUserCount ?? -1,
                System.Runtime.JitInfo.GetCompiledMethodCount(),
                GC.GetTotalPauseDuration().TotalMilliseconds));
        }).AllowAnonymous();

        await app.StartAsync();
        Console.WriteLine("ready");
        await app.WaitForShutdownAsync();
    }
}

/// <summary>What the server reports about itself; circuits and tracked users come from Let's Chat's PresenceService (-1 elsewhere).</summary>
public sealed record ServerStats(long WorkingSet, long ManagedHeap, double CpuMilliseconds, long AllocatedBytes, int Collections, int Circuits, int TrackedUsers, long JitCompiledMethods, double GcPauseMilliseconds);
