using System.Collections;

namespace VideoPipeline.Modules.Analytics.Storage;

/// <summary>
/// One row of <c>beacon_events</c>. <paramref name="AtMs"/> is the player's clock since the view started;
/// <paramref name="Viewer"/> and <paramref name="Client"/> are set on the <see cref="BeaconKind.View"/> event only.
/// </summary>
public sealed record StoredEvent(
    DateOnly Day,
    DateTimeOffset ReceivedAt,
    Guid VideoId,
    Guid ViewId,
    int Seq,
    BeaconKind Kind,
    int AtMs,
    int? PositionMs,
    int? ValueMs,
    string? Detail,
    BitArray? Coverage,
    byte[]? Viewer,
    string? Client);
