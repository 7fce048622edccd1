using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Security;

public static class SecurityRegistration
{
    public static IHostApplicationBuilder AddLetsChatSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        // Framing is refused for every response by the security headers; antiforgery need not add its own, weaker one.
        builder.Services.AddAntiforgery(options => options.SuppressXFrameOptionsHeader = true);
        builder.Services.AddSingleton<UserRateLimits>();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Sign-in, sign-up, passkeys and recovery are the doors open to everybody: limit them per client address.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var path = context.Request.Path;
                if (!path.StartsWithSegments("/signin") && !path.StartsWithSegments("/signin-google") && !path.StartsWithSegments("/signin-github")
                    && !path.StartsWithSegments("/signup") && !path.StartsWithSegments("/account/passkeys") && !path.StartsWithSegments("/account/delete")
                    && !path.StartsWithSegments("/forgot") && !path.StartsWithSegments("/reset"))
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }

                var perMinute = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.SignInsPerMinutePerAddress;
                return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });

        builder.Services.Configure<Microsoft.AspNetCore.Components.Server.CircuitOptions>(options =>
        {
            // A dropped tab may come back (a train tunnel, a sleeping laptop) for two minutes; after that its memory is freed.
            options.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(2);
            // At most this many dropped circuits are kept waiting at once; beyond it the oldest go first.
            options.DisconnectedCircuitMaxRetained = 200;
            // Our JavaScript calls are tiny; a browser that does not answer in 10 s is gone, and must not hold the circuit.
            options.JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(10);
            // A slow client may fall this many render batches behind before the server waits for it: bounded memory
            // per circuit, and the ordered delivery catches it up on every message afterwards.
            options.MaxBufferedUnacknowledgedRenderBatches = 10;
        });
        builder.Services.Configure<HubOptions>(options =>
        {
            // The largest thing a browser sends is a message of 4,000 characters (at most 12 KB as UTF-8) or a file
            // chunk; 32 KB leaves room for both and refuses anything meant to exhaust memory.
            options.MaximumReceiveMessageSize = 32 * 1024;
            options.MaximumParallelInvocationsPerClient = 1;
        });
        return builder;
    }

    public static WebApplication UseLetsChatSecurity(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseLetsChatSecurityHeaders();
        app.UseLetsChatOriginCheck(app.Configuration);
        app.UseRateLimiter();
        return app;
    }
}
