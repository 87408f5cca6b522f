using System.Collections;
using System.Globalization;
using VideoPipeline.Modules.Analytics.Storage;

namespace VideoPipeline.Modules.Analytics.RecordingBeacons;

/// <summary>The rows a validated beacon becomes: what the player said, the day it arrived, and who viewed only on the view's start.</summary>
internal static class BeaconEvents
{
    public static IReadOnlyList<StoredEvent> Of(Guid videoId, Beacon beacon, DateTimeOffset receivedAt, byte[] viewer, string client)
    {
        var day = DateOnly.FromDateTime(receivedAt.UtcDateTime);
        return beacon.Events!.Select(e =>
        {
            var kind = e.Kind!.Value;
            var start = kind == BeaconKind.View;
            return new StoredEvent(
                day, receivedAt, videoId, beacon.ViewId, e.Seq, kind, e.At, e.Position, e.Ms,
                kind == BeaconKind.Error ? e.Code : e.Rendition,
                e.Coverage is { } coverage ? CoverageBits(coverage) : null,
                start ? viewer : null,
                start ? client : null);
        }).ToList();
    }

    /// <summary>Bit <c>i</c> is percent <c>i</c> of the video, from the first hex digit's most significant bit on.</summary>
    public static BitArray CoverageBits(string hex)
    {
        var bits = new BitArray(100);
        for (var digit = 0; digit < 25; digit++)
        {
            var value = int.Parse(hex.AsSpan(digit, 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            for (var bit = 0; bit < 4; bit++)
            {
                bits[(digit * 4) + bit] = (value & (8 >> bit)) != 0;
            }
        }

        return bits;
    }
}
