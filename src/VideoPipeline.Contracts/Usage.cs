namespace VideoPipeline.Contracts;

/// <summary>
/// Viewer analytics' rollup of what an owner's viewers watched on <paramref name="Day"/> (UTC): the day's total so far, in
/// seconds. Usage keeps the latest total of each owner and day (a later rollup of the same day replaces it), so sending
/// it again, or after more beacons arrived, never counts anything twice.
/// </summary>
public sealed record WatchedTimeRolledUp(string OwnerId, DateOnly Day, long WatchedSeconds);

/// <summary>
/// The image API made a picture of <paramref name="VideoId"/> (one ffmpeg run; a picture served from the cache is not
/// one): Usage counts it to the video's owner on the day it is handled.
/// </summary>
public sealed record ImageRendered(Guid VideoId);
