namespace LetsChat.Components.Chat;

/// <summary>Something that happened in a room, delivered to every circuit that has the room open.</summary>
public abstract record RoomEvent(long RoomId);

/// <summary>A message was stored in the room with the next sequence number.</summary>
public sealed record MessagePosted(ChatMessage Message) : RoomEvent(Message.RoomId);
