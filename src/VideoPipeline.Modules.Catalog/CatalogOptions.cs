using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Modules.Catalog;

/// <summary>Section <c>VideoPipeline:Catalog</c>.</summary>
public sealed class CatalogOptions
{
    public const string Section = "VideoPipeline:Catalog";

    /// <summary>
    /// How deep into a list numbered pages reach, in videos: a page that would start past it is refused and points to
    /// cursor paging, which costs the same at any depth (an <c>OFFSET</c> reads and throws away every row before the page).
    /// </summary>
    public int MaxNumberedVideos { get; set; } = 1000;

    /// <summary>How the encodes of clips' edges are shared among owners (<see cref="ClippingVideos.ClipEdgeSlots"/>).</summary>
    public FairShareOptions ClipEdgeFairness { get; set; } = new();
}
