using System.Diagnostics;

namespace LetsChat.Benchmarks.Hosting;

/// <summary>
/// With <c>LETSCHAT_BENCH_GCDUMP=&lt;folder&gt;</c> set, a scenario writes a heap snapshot of the server at full count
/// (<c>dotnet-gcdump</c>, installed as a global tool), to find what each circuit holds: <c>dotnet-gcdump report</c> lists
/// the types by size.
/// </summary>
public static class HeapSnapshot
{
    public static async Task TakeIfAskedAsync(int processId, string name, CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable("LETSCHAT_BENCH_GCDUMP") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo(ToolPath()) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("collect");
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(processId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add(Path.Combine(folder, name + ".gcdump"));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet-gcdump did not start: install it with `dotnet tool install -g dotnet-gcdump`.");
        await process.WaitForExitAsync(cancellationToken);
        Console.Error.WriteLine(await process.StandardOutput.ReadToEndAsync(cancellationToken));
    }

    // A global tool lands in ~/.dotnet/tools, which a shell's PATH often lacks.
    private static string ToolPath()
    {
        var installed = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump");
        return File.Exists(installed) ? installed : "dotnet-gcdump";
    }
}
