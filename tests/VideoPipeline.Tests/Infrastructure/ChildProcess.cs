using System.Diagnostics;
using System.Text;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>Runs a command to completion and fails with its output when it fails.</summary>
public static class ChildProcess
{
    public static async Task<string> RunAsync(string fileName, string arguments, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Repository.Root,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        output.Append(await stdout).Append(await stderr);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {arguments} exited with {process.ExitCode}:\n{output}");
        }

        return output.ToString();
    }

    /// <summary>SIGKILL for every process of the session <paramref name="pid"/> belongs to: no clean-up of any kind.</summary>
    public static Task KillSessionOfAsync(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var sessionId = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[3];
        return RunAsync("pkill", $"-KILL -s {sessionId}");
    }
}
