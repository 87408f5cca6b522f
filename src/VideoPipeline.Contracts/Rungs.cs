using VideoPipeline.MediaEngine;

namespace VideoPipeline.Contracts;

/// <summary>The standard rungs of the ladder: what Processing encodes (those that do not upscale) and what uploads may ask MP4 downloads of.</summary>
public static class Rungs
{
    /// <summary>Short sides, biggest first. A portrait "720p" is 720 wide.</summary>
    public static IReadOnlyList<int> StandardHeights => StandardLadder.ShortSides;

    /// <summary>The rung whose MP4 every video gets when its ladder has it (the seed's <c>480p.mp4</c>).</summary>
    public const string DefaultStatic = "480p";

    public static string Name(int shortSide) => StandardLadder.RungName(shortSide);

    public static IReadOnlyList<string> StandardNames { get; } = StandardHeights.Select(Name).ToList();
}
