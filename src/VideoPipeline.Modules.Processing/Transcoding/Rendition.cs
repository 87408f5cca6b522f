namespace VideoPipeline.Modules.Processing.Transcoding;

/// <summary>One rung of the ladder: <paramref name="Name"/> is the file stem and the API's resolution ("720p").</summary>
internal sealed record Rendition(string Name, int Height, int Width);
