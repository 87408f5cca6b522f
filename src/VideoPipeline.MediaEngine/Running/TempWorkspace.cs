namespace VideoPipeline.MediaEngine;

/// <summary>A private folder for one job's downloads and outputs under <see cref="MediaOptions.TempRoot"/>, deleted on dispose.</summary>
public sealed class TempWorkspace : IAsyncDisposable, IDisposable
{
    private int _disposed;

    private TempWorkspace(string path) => Path = path;

    public string Path { get; }

    /// <summary>
    /// Creates a fresh folder named after the job plus a random suffix, so a retry never sees a previous
    /// attempt's half-written files even if that attempt's process died before cleaning up.
    /// </summary>
    public static TempWorkspace Create(MediaOptions options, Guid jobId)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = System.IO.Path.Combine(options.TempRoot, $"{jobId:N}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(path);
        return new TempWorkspace(path);
    }

    public static TempWorkspace Create(MediaOptions options) => Create(options, Guid.NewGuid());

    /// <summary>
    /// Deletes workspaces under the temp root older than <paramref name="olderThan"/>: what a crashed process
    /// (which never got to dispose) left behind. Safe to call at startup; returns how many were deleted.
    /// </summary>
    public static int DeleteStale(MediaOptions options, TimeSpan olderThan)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = new DirectoryInfo(options.TempRoot);
        if (!root.Exists)
        {
            return 0;
        }

        var deleted = 0;
        foreach (var folder in root.EnumerateDirectories().Where(d => DateTime.UtcNow - d.LastWriteTimeUtc > olderThan))
        {
            if (TryDelete(folder.FullName))
            {
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>A path for <paramref name="fileName"/> inside the workspace; refuses names that would escape it.</summary>
    public string PathFor(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (System.IO.Path.GetFileName(fileName) != fileName || fileName is "." or "..")
        {
            throw new ArgumentException($"'{fileName}' is not a plain file name.", nameof(fileName));
        }

        return System.IO.Path.Combine(Path, fileName);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            TryDelete(Path);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static bool TryDelete(string path)
    {
        // A file handle closing a moment late (antivirus, an uploader stream) is the usual reason a delete fails once.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (attempt == 3)
                {
                    return false;
                }

                Thread.Sleep(100 * attempt);
            }
        }
    }
}
