using LetsChat.Components.Chat;
using LetsChat.Server.Rooms;

namespace LetsChat.Server.Chat;

public static class ChatRegistration
{
    public static IHostApplicationBuilder AddLetsChatChat(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<RoomOptions>(builder.Configuration.GetSection(RoomOptions.Section));
        builder.Services.AddSingleton<MessageStore>();
        builder.Services.AddSingleton<MessageMarkdown>();
        builder.Services.AddSingleton<IMessageHtml>(services => services.GetRequiredService<MessageMarkdown>());
        builder.Services.AddSingleton<MessageRowMarkup>();
        builder.Services.AddSingleton<RoomFeed>();
        builder.Services.AddSingleton<RoomAccess>();
        builder.Services.AddSingleton<RoomViewers>();
        builder.Services.AddSingleton<RoomNews>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RoomNews>());
        builder.Services.AddScoped<IChatService, ChatService>();
        builder.Services.AddScoped<LetsChat.Components.Rooms.IRoomService, RoomService>();
        builder.Services.AddScoped<IPublicRoomReader, PublicRoomReader>();
        return builder;
    }
}
