namespace LetsChat.Components.Identity;

/// <summary>The person behind the current circuit or request, as the server knows them.</summary>
public sealed record SignedInUser(long Id, string DisplayName, string? AvatarUrl, bool IsModerator);
