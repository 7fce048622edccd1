using LetsChat.Components.Chat.Attachments;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Files;

/// <summary>The composer's side of uploads, for the circuit's user (scoped).</summary>
public sealed class UploadService(CurrentUser currentUser, IDbContextFactory<LetsChatDb> dbFactory, IFileStore store, IOptions<FileOptions> options) : IUploadService
{
    public UploadLimits Limits => new(options.Value.MaxFileBytes, Accept(options.Value));

    public async Task DiscardAsync(long attachmentId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } user)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await AttachmentRemoval.DeleteAsync(db, db.Attachments.Where(a => a.Id == attachmentId && a.UploaderId == user.Id && a.MessageId == null), store, cancellationToken);
    }

    // What the picker offers first; anything else may still be chosen (the content decides, on the server).
    private static string Accept(FileOptions limits) => string.Join(',', new[]
    {
        limits.Allows(FileKind.Image) ? "image/png,image/jpeg,image/webp,image/gif" : null,
        limits.Allows(FileKind.Pdf) ? "application/pdf,.pdf" : null,
        limits.Allows(FileKind.Text) ? "text/*,.txt,.md,.csv,.log,.json" : null,
        limits.Allows(FileKind.Archive) ? ".zip,.gz,.tgz,.7z,.tar" : null,
    }.OfType<string>());
}

/// <summary>
/// Uploads nobody sent (a tab closed before Send): forgotten a day after they were made, with their content, so that
/// storage holds only what messages carry.
/// </summary>
public sealed class UnsentUploadSweeper(IDbContextFactory<LetsChatDb> dbFactory, IFileStore store, TimeProvider time, ILogger<UnsentUploadSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - KeptFor;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await AttachmentRemoval.DeleteAsync(db, db.Attachments.Where(a => a.MessageId == null && a.CreatedAt < before), store, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (await SweepAsync(stoppingToken) is > 0 and var swept)
                {
                    logger.LogInformation("Forgot {Count} uploads that were never sent", swept);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Forgetting unsent uploads failed; trying again later");
            }
        }
    }
}
