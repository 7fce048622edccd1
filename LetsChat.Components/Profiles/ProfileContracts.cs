using LetsChat.Components.Friends;
using LetsChat.Components.Shared;

namespace LetsChat.Components.Profiles;

/// <summary>A person's profile as the current user may see it.</summary>
/// <param name="Email">The address, or null when its owner hides it from this viewer (the owner always sees their own).</param>
/// <param name="PrivateRoomId">The private chat with this person, when they are a friend.</param>
/// <param name="CanSeeFriends">Whether the viewer may see this person's friend list (themselves and their friends only).</param>
public sealed record ProfileView(
    long UserId,
    string DisplayName,
    string Handle,
    string? AvatarUrl,
    DateTimeOffset JoinedAt,
    int FriendCount,
    string? Email,
    bool IsMe,
    Relationship Relationship,
    long? PendingRequestId,
    long? PrivateRoomId,
    bool CanSeeFriends)
{
    public PersonCard AsPerson => new(UserId, DisplayName, Handle, AvatarUrl, Relationship, PendingRequestId);
}

/// <summary>The current user's own profile, as the edit page shows it.</summary>
/// <param name="HasUploadedAvatar">True when the picture is one they uploaded (and so can remove).</param>
/// <param name="FallbackAvatarUrl">What shows when they remove it: the provider's picture, or null for initials.</param>
public sealed record MyProfile(
    string DisplayName,
    string Handle,
    string? Email,
    bool HideEmail,
    string? AvatarUrl,
    bool HasUploadedAvatar,
    string? FallbackAvatarUrl);

/// <summary>What the edit page saves. <see cref="Avatar"/> says what happens to the picture.</summary>
public sealed record ProfileUpdate(string? DisplayName, string? Handle, bool HideEmail, AvatarChange Avatar = AvatarChange.Keep);

public enum AvatarChange
{
    Keep = 0,
    /// <summary>Use the picture last prepared with <see cref="IProfileService.PrepareAvatarAsync"/>.</summary>
    UsePrepared = 1,
    /// <summary>Remove the uploaded picture: the provider's picture, or initials, come back.</summary>
    Remove = 2,
}

/// <summary>A checked and re-encoded picture, shown before saving, or why it was refused.</summary>
/// <param name="PreviewDataUrl">The re-encoded picture as a data: URL (our own bytes, never the upload's).</param>
public sealed record AvatarPreview(string? PreviewDataUrl, string? Refusal)
{
    public bool Accepted => PreviewDataUrl is not null;
}

/// <summary>Profiles: every call checks who is asking and what they may see.</summary>
public interface IProfileService
{
    /// <summary>The largest picture accepted, in bytes.</summary>
    public const long MaxAvatarBytes = 2 * 1024 * 1024;

    /// <summary>Why a picture over <see cref="MaxAvatarBytes"/> is refused, by the page before it uploads and by the server.</summary>
    public const string PictureTooLarge = "Pictures can be at most 2 MB.";

    /// <summary>The profile of the person with this handle (ignoring case), or null when there is no such person to show.</summary>
    Task<ProfileView?> GetAsync(string handle, CancellationToken cancellationToken = default);

    /// <summary>A page of that person's friends; null unless the current user is that person or one of their friends.</summary>
    Task<Friends.PeoplePage?> GetFriendsAsync(string handle, int page = 0, CancellationToken cancellationToken = default);

    Task<MyProfile?> GetMineAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks an uploaded picture by its content (PNG, JPEG, WebP or GIF, at most <see cref="MaxAvatarBytes"/>),
    /// re-encodes it cropped to a 256 px square, and keeps it for this circuit until saved.
    /// </summary>
    Task<AvatarPreview> PrepareAvatarAsync(Stream upload, CancellationToken cancellationToken = default);

    Task<Outcome> UpdateAsync(ProfileUpdate update, CancellationToken cancellationToken = default);
}
