using System.Security.Cryptography;
using LetsChat.Server.Data;
using LetsChat.Server.Files;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Files;

/// <summary>The file stores on their real backends: SQLite and PostgreSQL chunks, and a folder on disk.</summary>
public sealed class FileStoreTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _apps = [];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "letschat-files-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string> Stores => ["sqlite", "postgres", "disk"];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Content_comes_back_byte_for_byte_under_its_sha256_and_is_kept_once(string kind)
    {
        var (store, app) = await OpenAsync(kind);
        var content = RandomNumberGenerator.GetBytes((3 * DatabaseFileStore.ChunkSize) + 1234);

        var first = await store.SaveAsync(new MemoryStream(content), content.Length, default);
        var again = await store.SaveAsync(new TrickleStream(content), content.Length, default);

        first.ShouldBe(new StoredContent(Convert.ToHexStringLower(SHA256.HashData(content)), content.Length));
        again.ShouldBe(first);
        await using (var read = (await store.OpenReadAsync(first!.Hash, default))!)
        {
            var copy = new MemoryStream();
            await read.CopyToAsync(copy, 7_000);
            copy.ToArray().ShouldBe(content);
        }

        (await CountAsync(kind, app)).ShouldBe((1, 4));
        await store.DeleteAsync(first.Hash, default);
        (await store.OpenReadAsync(first.Hash, default)).ShouldBeNull();
        (await CountAsync(kind, app)).ShouldBe((0, 0));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Content_over_the_limit_is_refused_and_nothing_of_it_is_kept(string kind)
    {
        var (store, app) = await OpenAsync(kind);
        var content = RandomNumberGenerator.GetBytes((2 * DatabaseFileStore.ChunkSize) + 10);

        (await store.SaveAsync(new MemoryStream(content), content.Length - 1, default)).ShouldBeNull();
        (await store.SaveAsync(new MemoryStream([]), 0, default))!.Length.ShouldBe(0);

        (await CountAsync(kind, app)).ShouldBe((1, 0));
        (await store.OpenReadAsync("../../etc/passwd", default)).ShouldBeNull();
        (await store.OpenReadAsync(new string('a', 64), default)).ShouldBeNull();
    }

    private async Task<(IFileStore Store, LetsChatApp App)> OpenAsync(string kind)
    {
        var app = kind switch
        {
            "postgres" => new LetsChatApp(postgresConnectionString: await postgres.CreateDatabaseAsync()),
            "disk" => new LetsChatApp(settings: new Dictionary<string, string?> { ["LetsChat:Files:Storage"] = "Disk", ["LetsChat:Files:Folder"] = _folder }),
            _ => new LetsChatApp(),
        };
        _apps.Add(app);
        await app.CreateUserAsync("Starter"); // starts the host, migrations included
        return (app.Services.GetRequiredService<IFileStore>(), app);
    }

    // (stored contents, chunks or files): what is left in the store's backend.
    private async Task<(int Contents, int Pieces)> CountAsync(string kind, LetsChatApp app)
    {
        if (kind == "disk")
        {
            var files = Directory.GetFiles(_folder, "*", SearchOption.AllDirectories).Where(f => !f.Contains("incoming", StringComparison.Ordinal)).ToList();
            return (files.Count, files.Count == 0 ? 0 : (int)Math.Ceiling(new FileInfo(files[0]).Length / (double)DatabaseFileStore.ChunkSize));
        }

        await using var db = await app.CreateDbAsync();
        return (await db.Blobs.CountAsync(), await db.Chunks.CountAsync());
    }

    /// <summary>Hands out a few bytes per read, as a slow upload does.</summary>
    private sealed class TrickleStream(byte[] content) : MemoryStream(content)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1000)], cancellationToken);
    }
}
