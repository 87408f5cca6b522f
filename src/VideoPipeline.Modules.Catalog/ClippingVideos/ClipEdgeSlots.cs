using System.Text.Json.Serialization;
using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Modules.Catalog.ClippingVideos;

/// <summary>
/// The encodes of clips' edges, shared fairly among owners on every node (<see cref="FairChoice"/>), as transcodes are:
/// <see cref="PerNode"/> at once per node; an owner's cap is <c>Catalog:ClipEdgeFairness</c> (none by default), or its
/// <see cref="QuotaNames.ParallelTranscodes"/> limit (the same encoder), so one owner's thousand clips never hold another
/// owner's clip back by more than the edges running when it came.
/// </summary>
public sealed class ClipEdgeSlots(CatalogOptions options)
    : SharedSlots(QueueName, PerNode, options.ClipEdgeFairness, typeof(RunClipEdges), QuotaNames.ParallelTranscodes)
{
    public const string QueueName = "clip-edges";

    /// <summary>Each is two segments per rendition: seconds of work, one at a time per node.</summary>
    public const int PerNode = 1;
}

/// <summary>
/// A clip's edges whose turn came, sent by this node's <see cref="TurnDispatcher"/> to its own run queue. Never persisted
/// as a message: its row in the turns is what survives a crash.
/// </summary>
public sealed record RunClipEdges(Guid ClipId, double FromSeconds, double ToSeconds, string OwnerId) : ITurn
{
    /// <summary>One per clip: the same clip admitted twice is one turn.</summary>
    [JsonIgnore]
    public Guid TurnId => ClipId;

    [JsonIgnore]
    public string Lane => "";
}
