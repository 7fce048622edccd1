using LetsChat.Components.Chat.Attachments;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Files;

public static class FilesRegistration
{
    public static IHostApplicationBuilder AddLetsChatFiles(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FileOptions>().BindConfiguration(FileOptions.Section);
        builder.Services.AddSingleton<DatabaseFileStore>();
        builder.Services.AddSingleton<DiskFileStore>();
        builder.Services.AddSingleton<AttachmentUploads>();
        builder.Services.AddSingleton<UploadBandwidth>();
        builder.Services.AddScoped<IUploadService, UploadService>();
        builder.Services.AddSingleton<UnsentUploadSweeper>();
        builder.Services.AddHostedService(services => services.GetRequiredService<UnsentUploadSweeper>());
        builder.Services.AddSingleton<IFileStore>(services => services.GetRequiredService<IOptions<FileOptions>>().Value.Storage == FileStorage.Disk
            ? services.GetRequiredService<DiskFileStore>()
            : services.GetRequiredService<DatabaseFileStore>());
        return builder;
    }
}
