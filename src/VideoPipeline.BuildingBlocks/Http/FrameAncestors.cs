namespace VideoPipeline.BuildingBlocks.Http;

/// <summary>
/// Endpoint metadata of an HTML page meant to be embedded: the sources its Content Security Policy lets frame it
/// (<c>frame-ancestors</c>), where every other page may be framed by none.
/// </summary>
public sealed record FrameAncestors(string Sources);
