using System.Collections.Concurrent;
using VideoPipeline.MediaEngine;

namespace VideoPipeline.Tests.MediaEngine;

/// <summary>A destination that is a local folder, and a log of what the engine said it finished: the engine with no host around it.</summary>
internal sealed class FolderDestination(string root) : IStreamDestination
{
    public ConcurrentQueue<string> Told { get; } = new();

    public ConcurrentQueue<FinishedRendition> Finished { get; } = new();

    public string PathOf(string path) => Path.Combine(root, path);

    public async Task StoreFileAsync(string path, string localFile, string contentType, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(path))!);
        await using var from = File.OpenRead(localFile);
        await using var to = File.Create(PathOf(path));
        await from.CopyToAsync(to, ct);
    }

    /// <summary>Each low-latency playlist as last stored while it grew (before it ended), by its path.</summary>
    public ConcurrentDictionary<string, string> Growing { get; } = new();

    public async Task StoreTextAsync(string path, string text, string contentType, CancellationToken ct)
    {
        if (text.Contains("#EXT-X-PART-INF:", StringComparison.Ordinal))
        {
            Growing[path] = text;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(path))!);
        await File.WriteAllTextAsync(PathOf(path), text, ct);
    }

    public async Task<string?> ReadTextAsync(string path, CancellationToken ct) =>
        File.Exists(PathOf(path)) ? await File.ReadAllTextAsync(PathOf(path), ct) : null;

    public Task<string?> ReadToResumeAsync(string path, CancellationToken ct) => ReadTextAsync(path, ct);

    public Task<long> SizeOfAsync(string path, CancellationToken ct) => Task.FromResult(new FileInfo(PathOf(path)).Length);

    public Task DeleteFolderAsync(string folder, CancellationToken ct)
    {
        if (Directory.Exists(PathOf(folder)))
        {
            Directory.Delete(PathOf(folder), recursive: true);
        }

        return Task.CompletedTask;
    }

    public Task DownloadAsync(string path, string localFile, CancellationToken ct)
    {
        File.Copy(PathOf(path), localFile, overwrite: true);
        return Task.CompletedTask;
    }

    /// <summary>The master playlist as it was when the stream was said to play.</summary>
    public string? MasterAtStart { get; private set; }

    /// <summary>Each media playlist stored when the stream was said to play, as it was then, by its path.</summary>
    public IReadOnlyDictionary<string, string> PlaylistsAtStart { get; private set; } = new Dictionary<string, string>();

    public async Task StreamingStartedAsync(string masterPlaylist, CancellationToken ct)
    {
        File.Exists(PathOf(masterPlaylist)).ShouldBeTrue("the master playlist is stored before the stream is said to play");
        MasterAtStart = await File.ReadAllTextAsync(PathOf(masterPlaylist), ct);
        PlaylistsAtStart = Directory.EnumerateFiles(root, CmafLayout.MediaPlaylist, SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(root, path).Replace('\\', '/'), File.ReadAllText);
        Told.Enqueue($"started {masterPlaylist}");
    }

    public Task RenditionFinishedAsync(FinishedRendition rendition, CancellationToken ct)
    {
        Told.Enqueue($"finished {rendition.Name}");
        Finished.Enqueue(rendition);
        return Task.CompletedTask;
    }
}
