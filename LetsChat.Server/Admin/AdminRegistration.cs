using LetsChat.Components.Admin;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LetsChat.Server.Admin;

public static class AdminRegistration
{
    /// <summary>The admin page's policy, the moderation service, and the enforcement of bans on every instance.</summary>
    public static IHostApplicationBuilder AddLetsChatAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicies.Moderator, policy => policy.RequireAuthenticatedUser().AddRequirements(new ModeratorRequirement()));
        builder.Services.AddSingleton<IAuthorizationHandler, ModeratorAuthorization>();
        builder.Services.AddScoped<IAdminService, AdminService>();
        builder.Services.AddHostedService<BanEnforcer>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, BannedCircuitHandler>());
        return builder;
    }

    /// <summary>The audit log's CSV export, for moderators only (the database says who is one, as for the page).</summary>
    public static IEndpointRouteBuilder MapLetsChatAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(AuditExportLink.Path, AuditExport.Export).RequireAuthorization(AdminPolicies.Moderator);
        return endpoints;
    }
}
