using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace LetsChat.Tests.Support;

/// <summary>
/// A real PostgreSQL server for the test run: started from Debian's binaries in a temporary folder on a free
/// loopback port (as the postgres user when the tests run as root, which PostgreSQL refuses), stopped at the end.
/// Set LETSCHAT_TEST_POSTGRES to an admin connection string to use a server that is already running instead.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private string? _dataFolder;
    private string? _binFolder;
    private string _adminConnectionString = string.Empty;
    private int _databaseCounter;
    private int _port;

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("LETSCHAT_TEST_POSTGRES") is { Length: > 0 } existing)
        {
            _adminConnectionString = existing;
            return;
        }

        _binFolder = FindBinFolder();
        var port = FreePort();
        _dataFolder = Path.Combine(Path.GetTempPath(), $"letschat-pg-{Environment.ProcessId}-{port}");
        Directory.CreateDirectory(_dataFolder);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", $"postgres:postgres {_dataFolder}");
        }

        await RunPostgresToolAsync("initdb", $"-D {_dataFolder}/data -U postgres --auth=trust -E UTF8 --no-sync", asRoot);
        _port = port;
        await StartAsync();
        _adminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
    }

    /// <summary>Starts the server again after <see cref="StopAsync"/>, on the same port and data.</summary>
    public Task StartAsync() => RunPostgresToolAsync("pg_ctl",
        $"-D {_dataFolder}/data -l {_dataFolder}/server.log -w -t 60 -o \"-p {_port} -k {_dataFolder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start",
        Environment.UserName == "root");

    /// <summary>Stops the server (cleanly: the test server does not sync to disk, so a crash would lose commits); only for a server a test started for itself.</summary>
    public Task StopAsync() => RunPostgresToolAsync("pg_ctl", $"-D {_dataFolder}/data -m fast -w stop", Environment.UserName == "root");

    /// <summary>A new, empty database on the server, for one test class or test.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"letschat_{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}";
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataFolder is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await RunPostgresToolAsync("pg_ctl", $"-D {_dataFolder}/data -m immediate -w stop", Environment.UserName == "root", throwOnFailure: false);
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static string FindBinFolder()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "pg_ctl"))).OrderDescending().FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL is not installed. Install Debian's postgresql package (./test.sh does it) or set LETSCHAT_TEST_POSTGRES.");
    }

    private Task RunPostgresToolAsync(string tool, string arguments, bool asRoot, bool throwOnFailure = true)
    {
        var path = Path.Combine(_binFolder!, tool);
        return asRoot
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
