using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Modules.Uploads.IngestingFromUrls;

/// <summary>
/// A download whose turn came, sent by this node's <see cref="TurnDispatcher"/> to its own run queue. Never persisted as a
/// message: its row in the turns (which, like the durable queue's table, no API reads back: it holds the whole URL) is
/// what survives a crash.
/// </summary>
public sealed record RunIngest(Guid VideoId, Uri SourceUrl, int Attempt, string OwnerId) : ITurn
{
    /// <summary>One per video and attempt: the same attempt admitted twice is one turn; the next attempt is another.</summary>
    [JsonIgnore]
    public Guid TurnId => new(SHA256.HashData(Encoding.UTF8.GetBytes($"{VideoId:N}/{Attempt}")).AsSpan(0, 16));

    [JsonIgnore]
    public string Lane => "";

    /// <summary>The durable message of this attempt, from which the next one follows.</summary>
    [JsonIgnore]
    public IngestFromUrl Download => new(VideoId, SourceUrl, Attempt);
}
