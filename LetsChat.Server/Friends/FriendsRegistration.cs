using LetsChat.Components.Friends;

namespace LetsChat.Server.Friends;

public static class FriendsRegistration
{
    public static IHostApplicationBuilder AddLetsChatFriends(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<FriendOptions>(builder.Configuration.GetSection(FriendOptions.Section));
        builder.Services.AddSingleton<FriendDirectory>();
        builder.Services.AddScoped<IFriendService, FriendService>();
        return builder;
    }
}
