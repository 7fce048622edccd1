using LetsChat.Components.Rooms;

namespace LetsChat.Server.Rooms;

public static class RoomsRegistration
{
    public static IHostApplicationBuilder AddLetsChatRooms(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<RoomOptions>(builder.Configuration.GetSection(RoomOptions.Section));
        builder.Services.AddSingleton<RoomAccess>();
        builder.Services.AddSingleton<ReadMarks>();
        builder.Services.AddSingleton<ReadMarkWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ReadMarkWriter>());
        builder.Services.AddSingleton<RoomNews>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RoomNews>());
        builder.Services.AddScoped<IRoomService, RoomService>();
        builder.Services.AddScoped<IRoomList, RoomList>();
        builder.Services.AddScoped<Components.Notifications.IRoomNotificationSettings, RoomNotificationSettings>();
        return builder;
    }
}
