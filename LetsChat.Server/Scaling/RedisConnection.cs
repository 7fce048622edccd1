using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace LetsChat.Server.Scaling;

/// <summary>The one connection of this instance to Redis, shared by the event bus, presence and data protection keys.</summary>
internal static class RedisConnection
{
    public static IConnectionMultiplexer Connect(string connectionString, ILogger logger)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        // Start, and keep serving, while Redis is away; the multiplexer reconnects by itself.
        options.AbortOnConnectFail = false;
        options.ClientName ??= $"letschat-{Environment.MachineName}";
        var redis = ConnectionMultiplexer.Connect(options);
        if (!redis.IsConnected)
        {
            logger.RedisDoesNotAnswer(string.Join(", ", options.EndPoints));
        }

        return redis;
    }
}

/// <summary>Unhealthy while this instance cannot reach Redis: its users are served, but events of other instances do not arrive.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer.");
        }

        try
        {
            await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer.", ex);
        }
    }
}
