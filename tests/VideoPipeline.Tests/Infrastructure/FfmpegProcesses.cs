using System.Diagnostics;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>The ffmpeg processes of this machine, as the kill -9 specs look for the ones a dead service left behind.</summary>
public static class FfmpegProcesses
{
    /// <summary>The ids of the ffmpeg processes whose command line names a path under <paramref name="tempRoot"/>.</summary>
    public static List<int> Under(string tempRoot) =>
        Process.GetProcessesByName("ffmpeg").Where(p => CommandLineOf(p.Id).Contains(tempRoot, StringComparison.Ordinal)).Select(p => p.Id).ToList();

    private static string CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }
}
