using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;

namespace LetsChat.Server.Identity;

/// <summary>
/// What a new password must be, beside Identity's length rule: not one of the commonly used passwords (Openwall's
/// list, shipped with the app), not such a password with digits or symbols added at either end, and not the handle.
/// </summary>
internal sealed class PasswordRules : IPasswordValidator<User>
{
    public const int MinimumLength = 10;

    private static readonly FrozenSet<string> Common = LoadCommon();

    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user, string? password)
    {
        if (Refusal(password, user.Handle) is { } refusal)
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "Weak", Description = refusal }));
        }

        return Task.FromResult(IdentityResult.Success);
    }

    /// <summary>Why this password may not be used for this handle, or null when it may.</summary>
    public static string? Refusal(string? password, string? handle)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumLength)
        {
            return $"Use a password of at least {MinimumLength} characters.";
        }

        if (password.Length > 256)
        {
            return "Use a password of at most 256 characters.";
        }

        var lower = password.ToLowerInvariant();
        var core = lower.Trim("0123456789!@#$%^&*()-_=+.,?~ ".ToCharArray());
        if (Common.Contains(lower) || (core.Length > 0 && Common.Contains(core)) || lower.Distinct().Count() < 4)
        {
            return "That password is one of the most commonly used, and is the first a stranger would try. Choose another.";
        }

        if (handle is not null && (lower == handle.ToLowerInvariant() || core == handle.ToLowerInvariant()))
        {
            return "Your password cannot be your handle.";
        }

        return null;
    }

    private static FrozenSet<string> LoadCommon()
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream("LetsChat.Server.Identity.Local.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is missing from the build.");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                words.Add(line.ToLowerInvariant());
            }
        }

        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
