using OpenTelemetry.Metrics;

namespace LetsChat.Server.Metrics;

public static class MetricsRegistration
{
    public const string PrometheusSetting = "LetsChat:Metrics:Prometheus";

    /// <summary>
    /// The product's meter always (the admin page's latency chart reads it); OpenTelemetry with ASP.NET Core and
    /// runtime instrumentation and a Prometheus scrape endpoint only when <see cref="PrometheusSetting"/> is on.
    /// </summary>
    public static IHostApplicationBuilder AddLetsChatMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<LetsChatMetrics>();
        if (builder.Configuration.GetValue<bool>(PrometheusSetting))
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(LetsChatMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        }

        return builder;
    }

    /// <summary>Serves <c>/metrics</c> for Prometheus when it is on: meant for the private network, behind the proxy.</summary>
    public static WebApplication MapLetsChatMetrics(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>(PrometheusSetting))
        {
            app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        }

        return app;
    }
}
