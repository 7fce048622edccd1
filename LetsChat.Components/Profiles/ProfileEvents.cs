using LetsChat.Components.Friends;
using LetsChat.Components.Shared;

namespace LetsChat.Components.Profiles;

/// <summary>A person's name or picture changed: screens showing them reload.</summary>
public sealed record ProfileChanged(long UserId, string DisplayName, string Handle, string? AvatarUrl) : Shared.UserEvent;
