using LetsChat.Benchmarks.Hosting;
using Npgsql;

namespace LetsChat.Tests.Support;

/// <summary>
/// A real PostgreSQL server for the test run: the benchmark's <see cref="PostgresProcess"/> from Debian's binaries,
/// with durability off (a throwaway server), stopped at the end. Set LETSCHAT_TEST_POSTGRES to an admin connection
/// string to use a server that is already running instead.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private PostgresProcess? _process;
    private string _adminConnectionString = string.Empty;
    private int _databaseCounter;

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("LETSCHAT_TEST_POSTGRES") is { Length: > 0 } existing)
        {
            _adminConnectionString = existing;
            return;
        }

        _process = await PostgresProcess.StartAsync(
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300", durable: false, folderPrefix: "letschat-pg");
        _adminConnectionString = $"Host=127.0.0.1;Port={_process.Port};Username=postgres;Database=postgres;Pooling=false";
    }

    /// <summary>Starts the server again after <see cref="StopAsync"/>, on the same port and data.</summary>
    public Task StartAsync() => Process.StartAgainAsync();

    /// <summary>Stops the server (cleanly: the test server does not sync to disk, so a crash would lose commits); only for a server a test started for itself.</summary>
    public Task StopAsync() => Process.StopAsync();

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
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    private PostgresProcess Process => _process ?? throw new InvalidOperationException("This server was not started by the tests (LETSCHAT_TEST_POSTGRES).");
}
