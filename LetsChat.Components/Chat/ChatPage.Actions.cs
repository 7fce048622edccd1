using LetsChat.Components.Chat.MessageLog;
using LetsChat.Components.Identity;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace LetsChat.Components.Chat;

public sealed partial class ChatPage
{
    /// <summary>What the reader's own rows (and a moderator's) do; an edit or deletion shows before its event arrives.</summary>
    private sealed class RoomMessageActions(ChatPage page) : IMessageActions
    {
        public async Task<string?> EditAsync(ChatMessage message, string text) => Shown(await page.Chat.EditAsync(message.Id, text));

        public async Task<string?> DeleteAsync(ChatMessage message) => Shown(await page.Chat.DeleteAsync(message.Id));

        public async Task<string?> ToggleReactionAsync(ChatMessage message, string emoji) => Shown(await page.Reactions.ToggleAsync(message.Id, emoji));

        public Task<IReadOnlyList<string>> RecentEmojiAsync() => page.Reactions.RecentAsync();

        public string? Reply(ChatMessage message)
        {
            if (page._view.Room is not { CanWrite: true })
            {
                return page.ReadOnlyReason ?? "You cannot write in this room.";
            }

            if (message.IsDeleted)
            {
                return "This message was deleted.";
            }

            page._replyTo = message;
            page.StateHasChanged();
            return null;
        }

        // A removal (by a moderator, or the group room's owner) reaches this tab as the room's MessageDeleted event, like every other open screen.
        public async Task<string?> RemoveAsync(ChatMessage message) =>
            await page.Moderation.RemoveMessageAsync(message.Id, null) is { Succeeded: false } refused ? refused.Message : null;

        private string? Shown(Outcome<ChatMessage> result)
        {
            if (result is { Succeeded: true, Value: { } changed })
            {
                page._list?.Refresh(page._view.Changed(changed));
                return null;
            }

            return result.Message;
        }
    }
}
