using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LetsChat.Benchmarks.Hosting;

/// <summary>
/// A PostgreSQL server of Debian's binaries in a temporary folder on a free 127.0.0.1 port, stopped and removed on
/// dispose. As root it runs as the postgres user (PostgreSQL refuses root). The benchmark runs it with the default
/// durability; the test suite (LetsChat.Tests' PostgresServer) with durability off, and stops and starts it.
/// </summary>
public sealed class PostgresProcess : IAsyncDisposable
{
    private static readonly bool AsRoot = Environment.UserName == "root";
    private readonly string _folder;
    private readonly string _bin;
    private readonly string _settings;

    private PostgresProcess(string folder, string bin, int port, string settings)
    {
        _folder = folder;
        _bin = bin;
        Port = port;
        _settings = settings;
    }

    public int Port { get; }

    /// <summary>The benchmark's database on this server.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=letschat_bench;Maximum Pool Size=50";

    public static bool IsInstalled => FindBin() is not null;

    /// <param name="settings">More server settings, as <c>-c name=value</c> options.</param>
    /// <param name="durable">False to skip syncing the new cluster to disk (a throwaway test server).</param>
    /// <param name="folderPrefix">How the temporary folder's name starts.</param>
    public static async Task<PostgresProcess> StartAsync(string settings = "-c max_connections=200", bool durable = true, string folderPrefix = "letschat-bench-pg")
    {
        var bin = FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed. Install Debian's postgresql package (./test.sh does it).");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var folder = Path.Combine(Path.GetTempPath(), $"{folderPrefix}-{Environment.ProcessId}-{port}");
        Directory.CreateDirectory(folder);
        var server = new PostgresProcess(folder, bin, port, settings);
        if (AsRoot)
        {
            await RunAsync("chown", $"postgres:postgres {folder}");
        }

        await server.ToolAsync("initdb", $"-D {folder}/data -U postgres --auth=trust -E UTF8{(durable ? string.Empty : " --no-sync")}");
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server after <see cref="StopAsync"/>, on the same port and data.</summary>
    public Task StartAgainAsync() => ToolAsync("pg_ctl",
        $"-D {_folder}/data -l {_folder}/server.log -w -t 60 -o \"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 {_settings}\" start");

    /// <summary>Stops the server cleanly (a server without durability would lose commits in a crash).</summary>
    public Task StopAsync() => ToolAsync("pg_ctl", $"-D {_folder}/data -m fast -w stop");

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await ToolAsync("pg_ctl", $"-D {_folder}/data -m immediate -w stop", throwOnFailure: false);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static string? FindBin()
    {
        const string root = "/usr/lib/postgresql";
        return Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "pg_ctl"))).OrderDescending().FirstOrDefault()
            : null;
    }

    private Task ToolAsync(string tool, string arguments, bool throwOnFailure = true)
    {
        var path = Path.Combine(_bin, tool);
        return AsRoot
            ? RunAsync("runuser", $"-u postgres -- {path} {arguments}", throwOnFailure)
            : RunAsync(path, arguments, throwOnFailure);
    }

    private static async Task RunAsync(string file, string arguments, bool throwOnFailure = true)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        }) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && throwOnFailure)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
