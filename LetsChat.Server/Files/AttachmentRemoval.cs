using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Files;

/// <summary>Deletes attachments, and then the content (file and thumbnail) that no attachment refers to any more.</summary>
public static class AttachmentRemoval
{
    /// <returns>How many attachments were deleted.</returns>
    public static async Task<int> DeleteAsync(LetsChatDb db, IQueryable<Attachment> attachments, IFileStore? files, CancellationToken cancellationToken)
    {
        var hashes = (await attachments.Select(a => new { a.ContentHash, a.ThumbnailHash }).ToListAsync(cancellationToken))
            .SelectMany(a => new[] { a.ContentHash, a.ThumbnailHash })
            .OfType<string>()
            .Distinct()
            .ToList();
        var deleted = await attachments.ExecuteDeleteAsync(cancellationToken);
        foreach (var hash in hashes)
        {
            if (files is not null && !await db.Attachments.AnyAsync(a => a.ContentHash == hash || a.ThumbnailHash == hash, cancellationToken))
            {
                await files.DeleteAsync(hash, cancellationToken);
            }
        }

        return deleted;
    }
}
