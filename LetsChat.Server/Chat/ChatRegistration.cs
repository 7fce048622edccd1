using LetsChat.Components.Chat;

namespace LetsChat.Server.Chat;

public static class ChatRegistration
{
    public static IHostApplicationBuilder AddLetsChatChat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MessageStore>();
        builder.Services.AddSingleton<MessageMarkdown>();
        builder.Services.AddSingleton<IMessageHtml>(services => services.GetRequiredService<MessageMarkdown>());
        builder.Services.AddSingleton<RoomFeed>();
        builder.Services.AddSingleton<RoomViewers>();
        builder.Services.AddSingleton<ReactionStore>();
        builder.Services.AddSingleton<MentionResolver>();
        builder.Services.AddScoped<IMentionService, MentionSuggestions>();
        builder.Services.AddScoped<IChatService, ChatService>();
        builder.Services.AddScoped<IReactionService, ReactionService>();
        builder.Services.AddScoped<IPublicRoomReader, PublicRoomReader>();
        return builder;
    }
}
