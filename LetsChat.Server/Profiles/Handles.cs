using System.Text;
using LetsChat.Components.Profiles;
using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Profiles;

/// <summary>Handles: as <see cref="HandleRule"/> says (3–32 letters, digits, '_', '-' or '.'), unique without regard to case.</summary>
public static class Handles
{
    public const int MinLength = HandleRule.MinLength;
    public const int MaxLength = HandleRule.MaxLength;

    public static bool IsValid(string? handle) => HandleRule.IsValid(handle);

    public static string Normalize(string handle) => handle.ToUpperInvariant();

    /// <summary>A valid handle made from what a provider knows of the person (their login or name).</summary>
    public static string Propose(string? seed)
    {
        var proposal = new StringBuilder();
        foreach (var c in LetsChat.Components.Shared.PlainText.Clean(seed, keepLineBreaks: false).Normalize(NormalizationForm.FormD))
        {
            if (HandleRule.IsAllowed(c))
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

    /// <summary>
    /// The proposal itself when free, otherwise the proposal with a random number after it: one query however many
    /// people share the name, and two sign-ups at the same moment rarely pick the same candidate (the unique index
    /// decides, and the loser tries again).
    /// </summary>
    public static async Task<string> MakeUniqueAsync(LetsChatDb db, string proposal, CancellationToken cancellationToken)
    {
        List<string> candidates = [proposal];
        for (var digits = 2; candidates.Count < 12; digits = Math.Min(digits + 1, 6))
        {
            var suffix = Random.Shared.Next((int)Math.Pow(10, digits - 1), (int)Math.Pow(10, digits)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            candidates.Add(proposal[..Math.Min(proposal.Length, MaxLength - suffix.Length)] + suffix);
        }

        var normalized = candidates.Select(Normalize).ToList();
        var taken = (await db.Users.Where(u => normalized.Contains(u.NormalizedHandle)).Select(u => u.NormalizedHandle).ToListAsync(cancellationToken)).ToHashSet();
        return candidates.FirstOrDefault(c => !taken.Contains(Normalize(c)))
            ?? proposal[..Math.Min(proposal.Length, MaxLength - 12)] + Guid.NewGuid().ToString("N")[..12];
    }
}
