using LetsChat.Benchmarks.Hosting;
using LetsChat.Server.Events;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Support;

/// <summary>
/// Two Let's Chat instances, as behind the proxy: two real hosts on their own loopback ports, one PostgreSQL database
/// and one Redis between them.
/// </summary>
public sealed class TwoInstances : IAsyncDisposable
{
    private TwoInstances(RedisProcess redis, LetsChatApp a, LetsChatApp b)
    {
        Redis = redis;
        A = a;
        B = b;
    }

    public RedisProcess Redis { get; }

    public LetsChatApp A { get; }

    public LetsChatApp B { get; }

    /// <param name="services">Services both hosts replace (one fake clock for the two, say).</param>
    public static async Task<TwoInstances> StartAsync(PostgresServer postgres, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        // Nothing kept: a restart in a test loses what Redis held, the harder case.
        var redis = await RedisProcess.StartAsync(keepData: false);
        var database = await postgres.CreateDatabaseAsync();
        var shared = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
        };
        var a = new LetsChatApp(shared, database) { TestServices = services };
        // One after the other, so that the first applies the migrations and the second finds them done.
        _ = a.ServerAddress;
        var b = new LetsChatApp(shared, database) { TestServices = services };
        _ = b.ServerAddress;
        return new TwoInstances(redis, a, b);
    }

    /// <summary>Waits until <paramref name="app"/> hears <paramref name="topic"/> from the other instance.</summary>
    public static Task ListeningAsync(LetsChatApp app, string topic) =>
        Eventually.HoldsAsync(
            () => ((RedisEventBus)app.Services.GetRequiredService<IEventBus>()).IsSubscribedOnRedis(topic),
            $"the instance listens to {topic} on Redis");

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
