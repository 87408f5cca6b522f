namespace VideoPipeline.Tests.Analytics;

public sealed record PercentilesDto(double? P50, double? P95);

public sealed record RenditionTimeDto(string Resolution, double Seconds);

public sealed record RetentionPointDto(int Percent, double Share);

public sealed record ViewDayDto(DateOnly Day, long Views, double WatchSeconds);

public sealed record VideoAnalyticsDto(
    Guid VideoId, DateOnly From, DateOnly To, long Views, long UniqueViewers, double WatchSeconds, double AveragePercentWatched, PercentilesDto StartupMs,
    double RebufferRatio, double RebufferPerView, double ErrorRate, List<RenditionTimeDto> Renditions, List<RetentionPointDto> Retention, List<ViewDayDto> Days);

public sealed record OwnerDayDto(DateOnly Day, long Views, long UniqueViewers, double WatchSeconds, double StallSeconds, long ErrorViews);

public sealed record TopVideoDto(Guid VideoId, string Title, string OwnerId, long Views, double WatchSeconds);

public sealed record OwnerAnalyticsDto(
    string? OwnerId, DateOnly From, DateOnly To, long Views, long UniqueViewers, double WatchSeconds, List<OwnerDayDto> Days, List<TopVideoDto> TopVideos);
