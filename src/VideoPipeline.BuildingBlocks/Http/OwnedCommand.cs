using System.Text.Json.Serialization;

namespace VideoPipeline.BuildingBlocks.Http;

/// <summary>
/// A command a caller sends in a request body for themselves: its owner is the one their API key maps to, set by the
/// route (<see cref="OwnedCommandRoutes"/>), never read from the body.
/// </summary>
public abstract record OwnedCommand
{
    [JsonIgnore]
    public string OwnerId { get; init; } = "";
}
