namespace VideoPipeline.Contracts;

/// <summary>
/// How long an owner's videos were watched on one day (UTC), as the analytics rollup last counted it: the day's whole
/// total, not an increment, so a repeated or late message only ever sets the same or a newer figure. Sent by each rollup
/// for every owner and day it changed; usage metering takes it from here.
/// </summary>
public sealed record OwnerWatchTimeRolledUp(string OwnerId, DateOnly Day, double WatchSeconds);
