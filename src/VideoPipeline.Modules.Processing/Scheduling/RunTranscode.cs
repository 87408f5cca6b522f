using System.Text.Json.Serialization;
using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Modules.Processing.Scheduling;

/// <summary>
/// A transcode whose turn came, handed by this node's <see cref="TurnDispatcher"/> to its own run queue. Never
/// persisted as a message: the job's row in the turns (<see cref="TranscodeSlots"/>) is what survives a crash.
/// </summary>
public sealed record RunTranscode(Guid VideoId, string RawKey, string OwnerId) : ITurn
{
    [JsonIgnore]
    public Guid TurnId => VideoId;

    [JsonIgnore]
    public string Lane => "";
}
