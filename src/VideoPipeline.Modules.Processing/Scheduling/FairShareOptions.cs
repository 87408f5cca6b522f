namespace VideoPipeline.Modules.Processing.Scheduling;

/// <summary>
/// How the transcode slots of the whole cluster are shared among owners (section <c>VideoPipeline:Processing:Fairness</c>).
/// A free slot goes to the waiting owner with the least work in hand for its weight; an owner may be held to a number of
/// jobs running at once, cluster-wide.
/// </summary>
public sealed class FairShareOptions
{
    /// <summary>Each owner's weight (default 1): an owner of weight 2 gets a slot before one of weight 1 that has half its running jobs.</summary>
    public Dictionary<string, double> Weights { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Jobs at once per owner, cluster-wide, for owners not named in <see cref="MaxRunningByOwner"/>; 0 is no cap.</summary>
    public int MaxRunningPerOwner { get; set; }

    /// <summary>Jobs at once, cluster-wide, of the owners named here (0 is no cap).</summary>
    public Dictionary<string, int> MaxRunningByOwner { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A running job's claim lasts this long unless its node renews it (every third of it): a node killed mid-job gives its
    /// slot and its job back to the cluster within this time.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    public double WeightOf(string ownerId) => Weights.TryGetValue(ownerId, out var weight) ? weight : 1;

    /// <summary>The owner's cap on running jobs, or null for none.</summary>
    public int? CapOf(string ownerId)
    {
        var cap = MaxRunningByOwner.TryGetValue(ownerId, out var own) ? own : MaxRunningPerOwner;
        return cap > 0 ? cap : null;
    }

    public void Validate()
    {
        if (Weights.Values.Any(w => !(w > 0) || double.IsInfinity(w)))
        {
            throw new ArgumentException("Every owner's weight must be a positive number.", nameof(Weights));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxRunningPerOwner, nameof(MaxRunningPerOwner));
        if (MaxRunningByOwner.Values.Any(cap => cap < 0))
        {
            throw new ArgumentException("An owner's cap on running jobs must be 0 (none) or more.", nameof(MaxRunningByOwner));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Lease, TimeSpan.FromSeconds(3), nameof(Lease));
    }
}
