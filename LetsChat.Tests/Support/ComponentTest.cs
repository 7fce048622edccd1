using Bunit;
using LetsChat.Components;
using LetsChat.Components.Chat;
using LetsChat.Components.Chat.Attachments;
using LetsChat.Components.Chat.MessageLog;
using LetsChat.Components.Shared;
using LetsChat.Server.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Support;

/// <summary>The shared base of the bUnit tests: the components' own services registered as the host does, JS interop answered loosely.</summary>
public abstract class ComponentTest : BunitContext
{
    protected ComponentTest()
    {
        Services.AddLetsChatComponents();
        Services.AddSingleton<IMessageHtml, MessageMarkdown>();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<IUploadService>(Uploads);
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>What the composer's uploads call; records the uploads it was told to forget.</summary>
    protected RecordingUploads Uploads { get; } = new();

    protected sealed class RecordingUploads : IUploadService
    {
        public List<long> Discarded { get; } = [];

        public UploadLimits Limits { get; } = new(25 * 1024 * 1024, "image/png,application/pdf");

        public Task DiscardAsync(long attachmentId, CancellationToken cancellationToken = default)
        {
            Discarded.Add(attachmentId);
            return Task.CompletedTask;
        }
    }
}
