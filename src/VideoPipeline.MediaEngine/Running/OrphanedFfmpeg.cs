using System.Diagnostics;

namespace VideoPipeline.MediaEngine;

/// <summary>
/// ffmpeg processes left running by a service that was killed (kill -9, OOM, power loss): they are no longer anyone's
/// children's concern, so the next start finds them by the temp folder on their command line and stops them.
/// </summary>
public static class OrphanedFfmpeg
{
    /// <summary>Kills every ffmpeg or ffprobe whose command line names a path under <paramref name="tempRoot"/>; returns how many.</summary>
    public static int KillUnder(string tempRoot)
    {
        var root = Path.GetFullPath(tempRoot);
        var killed = 0;
        foreach (var process in Process.GetProcessesByName("ffmpeg").Concat(Process.GetProcessesByName("ffprobe")))
        {
            using (process)
            {
                if (CommandLineOf(process.Id) is { } commandLine && commandLine.Contains(root, StringComparison.Ordinal))
                {
                    try
                    {
                        process.Kill();
                        process.WaitForExit(TimeSpan.FromSeconds(5));
                        killed++;
                    }
                    catch (InvalidOperationException)
                    {
                        // It exited on its own meanwhile.
                    }
                }
            }
        }

        return killed;
    }

    private static string? CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
