using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LetsChat.Benchmarks.Hosting;

/// <summary>
/// Debian's redis-server on a free loopback port with its own folder, stopped and removed on dispose; it can be killed
/// (as a crash would) and started again on the same port. The benchmark keeps its data in the append-only file, as
/// compose does, so that a restart keeps the data protection keys; the tests keep nothing, so a restart loses all.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private const string Executable = "/usr/bin/redis-server";
    private readonly string _folder;
    private Process? _process;

    private readonly bool _keepData;

    private RedisProcess(int port, bool keepData)
    {
        Port = port;
        _keepData = keepData;
        _folder = Path.Combine(Path.GetTempPath(), $"letschat-bench-redis-{Environment.ProcessId}-{port}");
        Directory.CreateDirectory(_folder);
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static bool IsInstalled => File.Exists(Executable);

    /// <param name="keepData">Whether a restart keeps what was stored (the append-only file), as in production.</param>
    public static async Task<RedisProcess> StartAsync(bool keepData = true)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException("Redis is not installed. Install Debian's redis-server package (./test.sh does it).");
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var server = new RedisProcess(port, keepData);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port and data, and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _folder };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", _keepData ? "yes" : "no", "--dir", _folder, "--daemonize", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var waiting = Stopwatch.StartNew();
        while (!await AcceptsConnectionsAsync())
        {
            if (waiting.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"redis-server does not accept connections on port {Port}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Kills the server without a goodbye, as a crash would look to its clients.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        if (_process is null || _process.HasExited)
        {
            throw new InvalidOperationException($"redis-server exited with code {_process?.ExitCode}.");
        }

        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
