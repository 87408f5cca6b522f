namespace VideoPipeline.Modules.Analytics.Storage;

/// <summary>What a player reported, as stored (a <c>smallint</c>); the names are those of the beacon's <c>type</c>.</summary>
public enum BeaconKind : short
{
    /// <summary>The view started: the player was asked to play.</summary>
    View = 1,

    /// <summary>The first frame showed, <c>ms</c> after the view started.</summary>
    FirstFrame = 2,

    /// <summary>The player played for <c>ms</c> at <c>rendition</c>, reaching <c>position</c>; <c>coverage</c> is every percent of the video played so far.</summary>
    Played = 3,

    /// <summary>Playback stalled for <c>ms</c> (waiting for data after it had started).</summary>
    Stall = 4,

    /// <summary>The rendition changed to <c>rendition</c>.</summary>
    Switch = 5,

    /// <summary>The viewer moved the playhead to <c>position</c>.</summary>
    Seek = 6,

    /// <summary>The player failed with its own error <c>code</c>.</summary>
    Error = 7,

    /// <summary>The page was hidden (another tab, minimised, closed).</summary>
    Hidden = 8,

    /// <summary>Playback reached the end.</summary>
    Ended = 9,
}
