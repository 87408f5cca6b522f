using Marten.Events.Aggregation;

namespace VideoPipeline.Modules.Analytics;

/// <summary>What the rollup and the owner's figures need of a video: whose it is and its title.</summary>
public sealed class AnalyticsVideo
{
    public Guid Id { get; set; }

    public string OwnerId { get; set; } = "";

    public string Title { get; set; } = "";
}

public sealed class AnalyticsVideoProjection : SingleStreamProjection<AnalyticsVideo, Guid>
{
    public static AnalyticsVideo Create(UploadRequested e) => new() { Id = e.VideoId, OwnerId = e.OwnerId, Title = e.Title };

    public static void Apply(VideoDetailsEdited e, AnalyticsVideo video) => video.Title = e.Title;
}
