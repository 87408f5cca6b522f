namespace VideoPipeline.BuildingBlocks.Scheduling;

/// <summary>
/// How one shared queue's slots, on every node together, are shared among owners (a <c>Fairness</c> section of the queue's
/// module: <c>Processing:Fairness</c>, <c>Webhooks:Fairness</c>, <c>Uploads:UrlIngest:Fairness</c>). A free slot goes
/// to the waiting owner with the least work in hand for its weight; an owner may be held to a number of jobs running at
/// once, cluster-wide (an admin's <c>limits</c> of the owner override it).
/// </summary>
public sealed class FairShareOptions
{
    /// <summary>Each owner's weight (default 1): an owner of weight 2 gets a slot before one of weight 1 that has half its running jobs.</summary>
    public Dictionary<string, double> Weights { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Jobs at once per owner, cluster-wide, for owners not named in <see cref="MaxRunningByOwner"/>; 0 is no cap, and
    /// left unset it is the queue's own default (none for transcodes, half of a node's slots for deliveries and downloads).
    /// </summary>
    public int? MaxRunningPerOwner { get; set; }

    /// <summary>Jobs at once, cluster-wide, of the owners named here (0 is no cap).</summary>
    public Dictionary<string, int> MaxRunningByOwner { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A running job's claim lasts this long unless its node renews it (every third of it): a node killed mid-job gives its
    /// slot and its job back to the cluster within this time.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    public double WeightOf(string ownerId) => Weights.TryGetValue(ownerId, out var weight) ? weight : 1;

    /// <summary>The owner's cap on running jobs from configuration, or null for none.</summary>
    public int? CapOf(string ownerId)
    {
        var cap = MaxRunningByOwner.TryGetValue(ownerId, out var own) ? own : MaxRunningPerOwner ?? 0;
        return cap > 0 ? cap : null;
    }

    /// <summary>These options with <paramref name="cap"/> as the cap of owners not named, unless one is configured.</summary>
    public FairShareOptions WithDefaultCap(int cap)
    {
        MaxRunningPerOwner ??= cap;
        return this;
    }

    /// <exception cref="ArgumentException">A weight, a cap or the lease is out of range.</exception>
    public void Validate()
    {
        if (Weights.Values.Any(w => !(w > 0) || double.IsInfinity(w)))
        {
            throw new ArgumentException("Every owner's weight must be a positive number.", nameof(Weights));
        }

        if (MaxRunningPerOwner < 0 || MaxRunningByOwner.Values.Any(cap => cap < 0))
        {
            throw new ArgumentException("An owner's cap on running jobs must be 0 (none) or more.", nameof(MaxRunningByOwner));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Lease, TimeSpan.FromSeconds(3), nameof(Lease));
    }
}
