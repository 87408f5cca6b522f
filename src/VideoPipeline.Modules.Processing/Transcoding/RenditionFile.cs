namespace VideoPipeline.Modules.Processing.Transcoding;

/// <summary>A finished rung on disk; width and height are read back from the file, not assumed.</summary>
internal sealed record RenditionFile(Rendition Rendition, string Path, int Width, int Height, long SizeBytes);
