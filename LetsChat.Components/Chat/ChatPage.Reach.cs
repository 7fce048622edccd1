using LetsChat.Components.Chat.Mentions;
using LetsChat.Components.Notifications;
using LetsChat.Components.Presence;
using LetsChat.Components.Rooms;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace LetsChat.Components.Chat;

/// <summary>
/// The open room reaching a reader who is not looking at it: the server makes no notification for a room that is open
/// on a screen, so when this tab is in the background a new message that the room's level lets through is shown on
/// the desktop from here. And after the first message of a chat between two, the reader is asked (once) whether they
/// want desktop notifications at all.
/// </summary>
public sealed partial class ChatPage
{
    private NotificationLevel? _level;
    private bool _levelMenuOpen;
    private bool _askForNotifications;

    [Inject]
    private IRoomNotificationSettings RoomNotifications { get; set; } = default!;

    [Inject]
    private MyStatusState MyStatus { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    private static string LevelIcon(NotificationLevel level) => level switch
    {
        NotificationLevel.AllMessages => MudBlazor.Icons.Material.Filled.NotificationsActive,
        NotificationLevel.MentionsOnly => MudBlazor.Icons.Material.Outlined.Notifications,
        _ => MudBlazor.Icons.Material.Filled.NotificationsOff,
    };

    private async Task LoadNotificationLevelAsync(long roomId)
    {
        _levelMenuOpen = false;
        _level = _me is null ? null : await RoomNotifications.GetLevelAsync(roomId);
    }

    private async Task TellOfNewMessagesAsync(IReadOnlyList<RoomEvent> events)
    {
        if (_view.Room is not { } room || _me is not { } me)
        {
            return;
        }

        foreach (var posted in events.OfType<MessagePosted>())
        {
            var message = posted.Message;
            if (message.AuthorId == me || message.IsDeleted)
            {
                continue;
            }

            if (!_askForNotifications && room.Kind == RoomKind.Private)
            {
                _askForNotifications = true;
                StateHasChanged(); // a new message renders the list alone; the banner is the page's
            }

            if (WouldNotify(message, room, me) && !MyStatus.IsDoNotDisturb(Time.GetUtcNow()))
            {
                await ShowOnDesktopAsync(message, room);
            }
        }
    }

    private bool WouldNotify(ChatMessage message, RoomInfo room, long me) => _level switch
    {
        NotificationLevel.AllMessages => true,
        NotificationLevel.MentionsOnly => message.MentionList.Any(m => m.UserId == me) || (room.Kind == RoomKind.Group && message.Body.Contains(MentionText.EveryoneToken, StringComparison.Ordinal)),
        _ => false,
    };

    private async Task ShowOnDesktopAsync(ChatMessage message, RoomInfo room)
    {
        try
        {
            await JS.InvokeAsync<string>("letsChat.notifyDesktop", new
            {
                id = $"m{message.Id}",
                title = room.Kind == RoomKind.Private ? message.AuthorName : $"{message.AuthorName} in {room.Name}",
                body = message.Preview,
                tag = $"room:{room.Id}",
                url = $"/chat/{room.Id}/m/{message.Sequence}",
            });
        }
        catch (JSException)
        {
            // A browser without notifications: the room still shows the message.
        }
    }
}
