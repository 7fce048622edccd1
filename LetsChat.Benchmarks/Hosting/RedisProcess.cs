using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LetsChat.Benchmarks.Hosting;

/// <summary>
/// Debian's redis-server on a free loopback port with its own folder, stopped and removed on dispose. The append-only
/// file is on, as compose turns it on, so that a restart keeps the data protection keys and nobody is signed out.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private const string Executable = "/usr/bin/redis-server";
    private readonly string _folder;
    private Process? _process;

    private RedisProcess(int port)
    {
        Port = port;
        _folder = Path.Combine(Path.GetTempPath(), $"letschat-bench-redis-{Environment.ProcessId}-{port}");
        Directory.CreateDirectory(_folder);
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static bool IsInstalled => File.Exists(Executable);

    public static async Task<RedisProcess> StartAsync()
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException("Redis is not installed. Install Debian's redis-server package (./test.sh does it).");
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var server = new RedisProcess(port);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port and data, and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _folder };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--dir", _folder, "--daemonize", "no" })
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
