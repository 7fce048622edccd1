using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LetsChat.Benchmarks.Hosting;

/// <summary>
/// A PostgreSQL server of Debian's binaries in a temporary folder on a free 127.0.0.1 port, with its default
/// durability (fsync and synchronous commit on), stopped and removed on dispose. As root it runs as postgres.
/// </summary>
public sealed class PostgresProcess : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string _bin;

    private PostgresProcess(string folder, string bin, int port)
    {
        _folder = folder;
        _bin = bin;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=letschat_bench;Maximum Pool Size=50";
    }

    public string ConnectionString { get; }

    public static bool IsInstalled => FindBin() is not null;

    public static async Task<PostgresProcess> StartAsync()
    {
        var bin = FindBin() ?? throw new InvalidOperationException("PostgreSQL is not installed (Debian's postgresql package).");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var folder = Path.Combine(Path.GetTempPath(), $"letschat-bench-pg-{Environment.ProcessId}-{port}");
        Directory.CreateDirectory(folder);
        var server = new PostgresProcess(folder, bin, port);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", $"postgres:postgres {folder}");
        }

        await server.ToolAsync("initdb", $"-D {folder}/data -U postgres --auth=trust -E UTF8");
        await server.ToolAsync("pg_ctl",
            $"-D {folder}/data -l {folder}/server.log -w -t 60 -o \"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200\" start");
        return server;
    }

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
        return Environment.UserName == "root"
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
