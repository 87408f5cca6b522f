using System.Threading.Channels;

namespace VideoPipeline.MediaEngine;

/// <summary>
/// Wakes its reader when ffmpeg writes a playlist anywhere under a folder (ffmpeg lists a piece there once the piece is
/// finished), through the file system's change notifications: publishing follows ffmpeg at once, without polling.
/// Writes that come while the reader is busy are one wake-up: the reader reads every playlist again anyway.
/// </summary>
internal sealed class PlaylistWrites : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly Channel<bool> _writes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public PlaylistWrites(string folder)
    {
        // ffmpeg writes a growing playlist beside it and renames it into place: names are all there is to watch. Watching
        // writes as well would wake the reader for every write ffmpeg makes to any file in the folders.
        _watcher = new FileSystemWatcher(folder, "*.m3u8")
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName,
        };
        _watcher.Created += (_, _) => Wake();
        _watcher.Renamed += (_, _) => Wake();
        // Notifications were lost (the kernel's queue overflowed): the reader must look, since it cannot know what changed.
        _watcher.Error += (_, _) => Wake();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Completes once a playlist was written since the last call returned.</summary>
    public async Task NextAsync(CancellationToken ct)
    {
        await _writes.Reader.ReadAsync(ct);
    }

    public void Dispose() => _watcher.Dispose();

    private void Wake() => _writes.Writer.TryWrite(true);
}
