using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LetsChat.Tests.Support;

/// <summary>
/// A real Redis for one test: Debian's redis-server on a free loopback port, nothing saved to disk. It can be stopped
/// (killed, as a crash would) and started again on the same port, to show what the instances do while it is away.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string Executable = "/usr/bin/redis-server";
    private readonly string _folder;
    private Process? _process;

    private RedisServer(int port)
    {
        Port = port;
        _folder = Path.Combine(Path.GetTempPath(), $"letschat-redis-{Environment.ProcessId}-{port}");
        Directory.CreateDirectory(_folder);
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException("Redis is not installed. Install Debian's redis-server package (./test.sh does it).");
        }

        var server = new RedisServer(FreePort());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder,
        };
        foreach (var argument in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _folder, "--daemonize", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.HoldsAsync(AcceptsConnectionsAsync, $"redis-server accepts connections on port {Port}");
    }

    /// <summary>Kills the server without a goodbye, as a crash or a network cut would look to its clients.</summary>
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
