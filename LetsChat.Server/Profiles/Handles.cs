using System.Text;
using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Profiles;

/// <summary>Handles: 3–32 letters, digits, '_', '-' or '.', unique without regard to case.</summary>
public static class Handles
{
    public const int MinLength = 3;
    public const int MaxLength = 32;

    public static bool IsValid(string? handle) =>
        handle is { Length: >= MinLength and <= MaxLength } && handle.All(IsAllowed);

    public static string Normalize(string handle) => handle.ToUpperInvariant();

    /// <summary>A valid handle made from what a provider knows of the person (their login or name).</summary>
    public static string Propose(string? seed)
    {
        var proposal = new StringBuilder();
        foreach (var c in LetsChat.Components.Shared.PlainText.Clean(seed, keepLineBreaks: false).Normalize(NormalizationForm.FormD))
        {
            if (IsAllowed(c))
            {
                proposal.Append(c);
            }
            else if (char.IsWhiteSpace(c) && proposal.Length > 0 && proposal[^1] != '_')
            {
                proposal.Append('_');
            }

            if (proposal.Length == MaxLength)
            {
                break;
            }
        }

        var handle = proposal.ToString().Trim('_', '.', '-');
        return handle.Length >= MinLength ? handle : "user" + (handle.Length > 0 ? "_" + handle : string.Empty);
    }

    /// <summary>The proposal itself when free, otherwise the proposal with the smallest free number after it.</summary>
    public static async Task<string> MakeUniqueAsync(LetsChatDb db, string proposal, CancellationToken cancellationToken)
    {
        var normalized = Normalize(proposal);
        var taken = await db.Users
            .Where(u => u.NormalizedHandle.StartsWith(normalized))
            .Select(u => u.NormalizedHandle)
            .ToListAsync(cancellationToken);
        var takenSet = taken.ToHashSet();
        if (!takenSet.Contains(normalized))
        {
            return proposal;
        }

        for (var n = 2; ; n++)
        {
            var suffix = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var candidate = proposal[..Math.Min(proposal.Length, MaxLength - suffix.Length)] + suffix;
            if (!takenSet.Contains(Normalize(candidate)))
            {
                return candidate;
            }
        }
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';
}
