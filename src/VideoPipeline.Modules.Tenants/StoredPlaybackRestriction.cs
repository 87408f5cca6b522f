using VideoPipeline.BuildingBlocks.Tenants;

namespace VideoPipeline.Modules.Tenants;

/// <summary>Where an owner's playback tokens naming it may be used (<see cref="PlaybackRestriction"/>); it never changes, it is deleted.</summary>
public sealed class StoredPlaybackRestriction
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public List<string> ReferrerDomains { get; set; } = [];
    public bool AllowNoReferrer { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public PlaybackRestriction ToCheck() => new(Id, OwnerId, ReferrerDomains, AllowNoReferrer);
}

public sealed record PlaybackRestrictionView(Guid Id, IReadOnlyList<string> ReferrerDomains, bool AllowNoReferrer, DateTimeOffset CreatedAt)
{
    public static PlaybackRestrictionView From(StoredPlaybackRestriction restriction)
    {
        ArgumentNullException.ThrowIfNull(restriction);
        return new(restriction.Id, restriction.ReferrerDomains, restriction.AllowNoReferrer, restriction.CreatedAt);
    }
}
