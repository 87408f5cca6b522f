namespace VideoPipeline.Modules.Uploads.IngestingFromUrls;

/// <summary>A file of the service's own naming in the temp folder, deleted when disposed.</summary>
internal sealed class TempFile : IAsyncDisposable
{
    private TempFile(string path) => Path = path;

    public string Path { get; }

    public static TempFile For(Guid videoId)
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "videopipeline-ingest");
        Directory.CreateDirectory(folder);
        return new TempFile(System.IO.Path.Combine(folder, $"{videoId:N}-{Guid.NewGuid():N}"));
    }

    public ValueTask DisposeAsync()
    {
        File.Delete(Path);
        return ValueTask.CompletedTask;
    }
}
