using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using LetsChat.Components.Admin;
using LetsChat.Components.Chat;
using LetsChat.Server.Metrics;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;

namespace LetsChat.Tests.Metrics;

/// <summary>The product's meter, scraped by Prometheus at /metrics when configured, and read by the admin page's chart.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task With_Prometheus_on_metrics_counts_stored_messages_and_delivery_latency_and_the_admin_overview_charts_it()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = new LetsChatApp(new Dictionary<string, string?>
        {
            [MetricsRegistration.PrometheusSetting] = "true",
            ["LetsChat:Moderators:0"] = "mod@example.com",
        });
        var mod = await app.CreateUserAsync("Mod", "mod@example.com");
        await using var reader = app.OpenCircuit(await app.CreateUserAsync("Reader"));
        var seen = new ConcurrentQueue<RoomEvent>();
        (await reader.Get<IChatService>().JoinRoomAsync(Room.PublicRoomId, events => Collect.Into(events, seen))).Value.ShouldNotBeNull();
        await using var modTab = app.OpenCircuit(mod);
        for (var i = 0; i < 3; i++)
        {
            (await modTab.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), $"note {i}")).Succeeded.ShouldBeTrue();
        }

        await Eventually.HoldsAsync(() => seen.OfType<MessagePosted>().Count() == 3, "the reader's circuit is handed all three");
        using var http = app.CreateClient();
        (await http.GetAsync("/health", cancellationToken)).EnsureSuccessStatusCode(); // a request for ASP.NET Core's own meter to count
        string scrape = string.Empty;
        await Eventually.HoldsAsync(async () =>
        {
            var response = await http.GetAsync("/metrics", cancellationToken);
            scrape = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.StatusCode == HttpStatusCode.OK && Value(scrape, "letschat_messages_stored_total") >= 3
                && scrape.Contains("http_server_request_duration_seconds", StringComparison.Ordinal);
        }, "Prometheus reads three stored messages and the requests served");

        scrape.ShouldContain("letschat_delivery_latency");
        scrape.ShouldContain("_bucket{");
        scrape.ShouldContain("letschat_circuits");
        var overview = (await modTab.Get<IAdminService>().GetOverviewAsync()).ShouldNotBeNull();
        overview.DeliveryLatency.ShouldNotBeNull().Sum(p => p.Deliveries).ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task Without_the_setting_there_is_no_metrics_endpoint()
    {
        await using var app = new LetsChatApp();
        using var http = app.CreateClient();

        (await http.GetAsync("/metrics", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    // The sample's value on the first line that starts with the metric's name (with or without labels).
    private static double Value(string scrape, string metric) =>
        scrape.Split('\n')
            .Where(line => line.StartsWith(metric + " ", StringComparison.Ordinal) || line.StartsWith(metric + "{", StringComparison.Ordinal))
            .Select(line => line.Contains('}', StringComparison.Ordinal) ? line[(line.IndexOf('}', StringComparison.Ordinal) + 1)..] : line[metric.Length..])
            .Select(rest => double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .First();
}
