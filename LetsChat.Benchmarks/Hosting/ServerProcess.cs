using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace LetsChat.Benchmarks.Hosting;

/// <summary>A benchmark server in a child process on a free 127.0.0.1 port, with a fresh database; stopped on dispose.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string? _sqliteFile;
    private readonly HttpClient _http;

    private ServerProcess(Process process, Uri address, string? sqliteFile)
    {
        _process = process;
        Address = address;
        _sqliteFile = sqliteFile;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>The server's SQLite database, for a benchmark that arranges data the UI has no quick path for.</summary>
    public string? SqliteConnectionString => _sqliteFile is null ? null : $"Data Source={_sqliteFile}";

    /// <summary>
    /// The public room's sequence number of each message whose body is <paramref name="prefix"/> and its number (the
    /// fan-out's tokens), read from the database; empty on PostgreSQL, where no run needs it yet.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, int>> MessageSequencesAsync(string prefix, int messages)
    {
        var found = new Dictionary<long, int>();
        if (SqliteConnectionString is not { } connectionString)
        {
            return found;
        }

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Sequence\", \"Body\" FROM \"Messages\" WHERE \"RoomId\" = 1 AND \"Body\" LIKE $prefix";
        command.Parameters.AddWithValue("$prefix", prefix + "%");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (int.TryParse(reader.GetString(1).AsSpan(prefix.Length), out var message) && message < messages)
            {
                found[reader.GetInt64(0)] = message;
            }
        }

        return found;
    }

    /// <summary>The ids of the public room's messages whose bodies are <paramref name="prefix"/> followed by each of <paramref name="numbers"/>, in that order.</summary>
    public async Task<long[]> MessageIdsAsync(string prefix, IReadOnlyList<int> numbers)
    {
        var found = new Dictionary<string, long>();
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(SqliteConnectionString ?? throw new InvalidOperationException("Reactions are measured on SQLite."));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Id\", \"Body\" FROM \"Messages\" WHERE \"RoomId\" = 1 AND \"Body\" LIKE $prefix";
        command.Parameters.AddWithValue("$prefix", prefix + "%");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found[reader.GetString(1)] = reader.GetInt64(0);
        }

        return [.. numbers.Select(n => found[prefix + n])];
    }

    /// <summary>The id of the newest stored message, in any room, whose body starts with <paramref name="start"/>; null if none is stored yet.</summary>
    public async Task<long?> MessageIdAsync(string start)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(SqliteConnectionString ?? throw new InvalidOperationException("Reactions are measured on SQLite."));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Id\" FROM \"Messages\" WHERE \"Body\" LIKE $start ORDER BY \"Id\" DESC LIMIT 1";
        command.Parameters.AddWithValue("$start", start + "%");
        return await command.ExecuteScalarAsync() is long id ? id : null;
    }

    /// <summary>Starts the real Let's Chat (or the minimal page), on SQLite unless a PostgreSQL connection string is given.</summary>
    public static async Task<ServerProcess> StartAsync(string kind, string? postgres = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        string? sqliteFile = null;
        var arguments = new List<string>
        {
            $"--urls={address}",
            "--Logging:LogLevel:Default=Warning",
            // Every simulated user comes from 127.0.0.1, and senders post at the benchmark's rate: the per-address and
            // per-user limits that protect a real site would measure themselves instead of the chat.
            "--LetsChat:RateLimits:SignInsPerMinutePerAddress=1000000",
            // The load client signs its users in by name.
            "--LetsChat:DevelopmentSignIn=true",
            "--LetsChat:RateLimits:MessageBurst=1000000",
            "--LetsChat:RateLimits:MessagesPerSecond=1000000",
            "--LetsChat:RateLimits:FriendRequestsPerHour=1000000",
        };
        arguments.AddRange((settings ?? new Dictionary<string, string>()).Select(s => $"--{s.Key}={s.Value}"));
        if (postgres is not null)
        {
            arguments.Add($"--ConnectionStrings:Postgres={postgres}");
        }
        else
        {
            sqliteFile = Path.Combine(Path.GetTempPath(), "letschat-bench", $"{Guid.NewGuid():N}.db");
            Directory.CreateDirectory(Path.GetDirectoryName(sqliteFile)!);
            arguments.Add($"--ConnectionStrings:Sqlite=Data Source={sqliteFile}");
            arguments.Add("--ConnectionStrings:Postgres=");
        }

        // Every host (Let's Chat, the minimal page, the bare hub) runs with LetsChat.Server's own runtime settings (its
        // garbage collector among them), not with this console app's: the muxer runs this assembly under the server's
        // runtimeconfig.json, which the build copies here with the project reference.
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var here = AppContext.BaseDirectory;
        start.FileName = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add("--runtimeconfig");
        start.ArgumentList.Add(Path.Combine(here, "LetsChat.Server.runtimeconfig.json"));
        start.ArgumentList.Add("--depsfile");
        start.ArgumentList.Add(Path.Combine(here, "LetsChat.Benchmarks.deps.json"));
        start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        start.ArgumentList.Add("host");
        start.ArgumentList.Add(kind);
        foreach (var setting in arguments)
        {
            start.ArgumentList.Add(setting);
        }

        foreach (var (name, value) in ImageRuntimeSettings())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The server process did not start.");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Text.StringBuilder();
        var log = Path.Combine(Path.GetTempPath(), "letschat-bench", $"server-{kind}-{port}.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var logWriter = TextWriter.Synchronized(new StreamWriter(log) { AutoFlush = true });
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == "ready")
            {
                ready.TrySetResult();
            }
            else if (e.Data is not null)
            {
                logWriter.WriteLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }

                logWriter.WriteLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, address, sqliteFile);
        try
        {
            await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
            if (!ready.Task.IsCompleted)
            {
                throw new InvalidOperationException($"The {kind} server did not start: {errors}");
            }

            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Memory (optionally after a full collection) and CPU time, as the server sees them.</summary>
    public async Task<ServerStats> StatsAsync(bool collect) =>
        (await _http.GetFromJsonAsync<ServerStats>($"/bench/stats?collect={(collect ? "true" : "false")}"))!;

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_sqliteFile is not null)
        {
            foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The runtime settings the container image sets (the Dockerfile's ENV DOTNET_ lines), so that the hosts run as the
    // server ships. None when the benchmark runs outside the repository.
    private static IEnumerable<(string Name, string Value)> ImageRuntimeSettings()
    {
        var root = Report.PerformanceReport.FindRepositoryRoot(AppContext.BaseDirectory);
        var dockerfile = root is null ? null : Path.Combine(root, "Dockerfile");
        if (dockerfile is null || !File.Exists(dockerfile))
        {
            yield break;
        }

        foreach (var line in File.ReadLines(dockerfile))
        {
            if (System.Text.RegularExpressions.Regex.Match(line, @"^ENV\s+(DOTNET_\w+)=(\S+)\s*$") is { Success: true } setting)
            {
                yield return (setting.Groups[1].Value, setting.Groups[2].Value);
            }
        }
    }
}
