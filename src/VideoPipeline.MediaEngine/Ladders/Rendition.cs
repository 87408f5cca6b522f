namespace VideoPipeline.MediaEngine;

/// <summary>One rung of the ladder: <paramref name="Name"/> is the file stem and the API's resolution ("720p").</summary>
public sealed record Rendition(string Name, int Height, int Width);
