using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;

namespace LetsChat.Server.Scaling;

public static class ScalingRegistration
{
    private const string DataProtectionKeys = "letschat:data-protection-keys";

    /// <summary>The Redis that instances share, from <c>ConnectionStrings:Redis</c>; null when this instance runs alone.</summary>
    public static string? RedisConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString("Redis") is { } redis && !string.IsNullOrWhiteSpace(redis) ? redis : null;

    /// <summary>
    /// With Redis configured: one connection to it, a health check, and the data protection keys kept there, so a
    /// cookie or circuit made by one instance is read by any other. Without: the keys live in App_Data/keys.
    /// </summary>
    public static IHostApplicationBuilder AddLetsChatScaling(this IHostApplicationBuilder builder)
    {
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("LetsChat");
        if (builder.Configuration.RedisConnectionString() is { } redis)
        {
            builder.Services.AddSingleton(sp => RedisConnection.Connect(redis, sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RedisConnection))));
            builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
            builder.Services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, connection) =>
                options.XmlRepository = new RedisXmlRepository(() => connection.GetDatabase(), DataProtectionKeys));
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(builder.Environment.ContentRootPath, "App_Data", "keys")));
        }

        return builder;
    }
}
