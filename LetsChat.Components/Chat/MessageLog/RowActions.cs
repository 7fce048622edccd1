using Microsoft.AspNetCore.Components;

namespace LetsChat.Components.Chat.MessageLog;

/// <summary>
/// What a button in a message row asks for. Rows nobody acts on are shared HTML with no handlers of their own, so
/// their buttons carry <c>data-row-action</c>, <c>data-message</c> and <c>data-emoji</c>; letschat.js turns a click on
/// one into a <c>rowaction</c> event, which bubbles to the one handler the list registers.
/// </summary>
public sealed class RowActionEventArgs : EventArgs
{
    public const string React = "react";
    public const string Toggle = "toggle";
    public const string Pick = "pick";

    /// <summary>Up in an empty composer: edit the reader's last message.</summary>
    public const string EditLast = "editlast";

    /// <summary>Ctrl+K (Cmd+K): open the room switcher.</summary>
    public const string SwitchRoom = "switchroom";

    public string Action { get; set; } = string.Empty;

    public long Message { get; set; }

    public string? Emoji { get; set; }
}

[EventHandler("onrowaction", typeof(RowActionEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
public static class EventHandlers
{
}
