using Microsoft.AspNetCore.Components;

namespace LetsChat.Components.Chat.MessageLog;

/// <summary>
/// What a button in a message row asks for. Rows nobody acts on are shared HTML with no handlers of their own, so
/// their buttons carry <c>data-row-action</c> (and <c>data-emoji</c>), the row <c>data-message</c>; letschat.js turns a click on
/// one into a <c>rowaction</c> event, which bubbles to the one handler the list registers.
/// </summary>
public sealed class RowActionEventArgs : EventArgs
{
    public const string React = "react";
    public const string Toggle = "toggle";
    public const string Pick = "pick";
    public const string Reply = "reply";

    /// <summary>The More button: the message's menu opens.</summary>
    public const string More = "more";
    public const string CloseMenu = "closemenu";

    /// <summary>The menu's Copy link copied the link (or could not).</summary>
    public const string Copied = "copied";
    public const string CopyFailed = "copyfailed";

    /// <summary>"@" and what follows it before the composer's cursor (<see cref="Text"/>), or null when the mention list should close.</summary>
    public const string Mention = "mention";

    /// <summary>Esc in the composer while replying.</summary>
    public const string CancelReply = "cancelreply";

    /// <summary>Up in an empty composer: edit the reader's last message.</summary>
    public const string EditLast = "editlast";

    /// <summary>Ctrl+K (Cmd+K): open the room switcher.</summary>
    public const string SwitchRoom = "switchroom";

    public string Action { get; set; } = string.Empty;

    public long Message { get; set; }

    public string? Emoji { get; set; }

    public string? Text { get; set; }
}

[EventHandler("onrowaction", typeof(RowActionEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
public static class EventHandlers
{
}
