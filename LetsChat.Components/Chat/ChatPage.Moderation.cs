using LetsChat.Components.Chat.MessageLog;
using LetsChat.Components.Moderation;
using LetsChat.Components.Rooms;
using Microsoft.AspNetCore.Components;

namespace LetsChat.Components.Chat;

/// <summary>
/// Moderation in the open room: its settings (for whoever may change them), the slow-mode hint for those it slows,
/// and the notice for a message a blocked word held back.
/// </summary>
public sealed partial class ChatPage
{
    private RoomModerationSettings? _roomSettings;
    private bool _showSettings;
    private string? _heldNotice;

    [Inject]
    private IModeration Moderation { get; set; } = default!;

    /// <summary>What slow mode asks of the reader; nothing for those it does not slow (moderators here, the owner).</summary>
    private string? SlowModeHint => _view.Room is { SlowModeSeconds: > 0, CanWrite: true, CanModerate: false, IsOwner: false } room
        ? SlowMode.Explain(room.SlowModeSeconds)
        : null;

    // Only those the room says may moderate it ask for its settings: other members cost no extra round trip.
    private async Task LoadModerationAsync(RoomInfo room) => _roomSettings = _me is null || !room.CanModerate ? null : await Moderation.GetRoomSettingsAsync(room.Id);

    private void ForgetModeration()
    {
        _roomSettings = null;
        _showSettings = false;
        _heldNotice = null;
    }

    // Neither sent nor failed: the message waits for review, unseen, and sending it again would only hold it again.
    private void Held(PendingMessage pending, string notice)
    {
        _view.Pending.Remove(pending);
        _heldNotice = string.IsNullOrEmpty(notice) ? HeldForReview.Notice : notice;
    }
}
