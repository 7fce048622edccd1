using LetsChat.Components.Shared;

namespace LetsChat.Components.Friends;

/// <summary>Friends, requests and blocks changed for the user: screens reload what they show.</summary>
public sealed record FriendsChanged : UserEvent;
