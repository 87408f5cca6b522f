using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Processing.TranscodingVideos.Steps;

namespace VideoPipeline.Tests.Usage.Deciding;

/// <summary>The pure parts of the quota ledger: which counter a quota is kept in, the look before a request, the refusal's words.</summary>
public sealed class SizingQuotaHolds
{
    private static readonly DateTimeOffset December = new(2026, 12, 31, 23, 59, 59, TimeSpan.Zero);

    private static QuotaStanding Standing(params (string Quota, long Limit, long Used)[] uses) =>
        new("owner-1", [.. QuotaNames.All.Select(name => uses.FirstOrDefault(u => u.Quota == name) is { Quota: not null } use
            ? new QuotaUse(name, use.Limit, use.Used, use.Used >= use.Limit, use.Used > use.Limit)
            : new QuotaUse(name, 100, 0, false, false))]);

    [Fact]
    public void the_monthly_quota_is_kept_per_utc_month_and_every_other_for_all_time()
    {
        QuotaLedger.PeriodOf(QuotaNames.EncodedMinutesPerMonth, December).ShouldBe("2026-12");
        QuotaLedger.PeriodOf(QuotaNames.EncodedMinutesPerMonth, December.AddSeconds(1)).ShouldBe("2027-01");
        QuotaLedger.PeriodOf(QuotaNames.EncodedMinutesPerMonth, new DateTimeOffset(2027, 1, 1, 0, 30, 0, TimeSpan.FromHours(1))).ShouldBe("2026-12");
        QuotaNames.All.Where(q => q != QuotaNames.EncodedMinutesPerMonth).ShouldAllBe(q => QuotaLedger.PeriodOf(q, December) == "");
    }

    [Fact]
    public void the_look_before_a_request_names_the_first_quota_without_room_and_none_when_all_fit()
    {
        var standing = Standing((QuotaNames.PendingUploads, 2, 2), (QuotaNames.StoredBytes, 1000, 400));

        QuotaShortfalls.FirstOf(standing, new QuotaHold(QuotaNames.Videos, 1), new QuotaHold(QuotaNames.StoredBytes, 600)).ShouldBeNull();
        QuotaShortfalls.FirstOf(standing, new QuotaHold(QuotaNames.StoredBytes, 601), new QuotaHold(QuotaNames.PendingUploads, 1))
            .ShouldBe(new QuotaExceeded(QuotaNames.PendingUploads, 2, 2, 1));
    }

    [Fact]
    public void the_refusal_names_the_quota_its_limit_and_what_is_used_as_problem_members()
    {
        var answer = Answer.OverQuota(new QuotaExceeded(QuotaNames.CaptionBytes, 1000, 900, 200));

        answer.Kind.ShouldBe(AnswerKind.Conflict);
        answer.Title.ShouldBe("Over the 'captionBytes' quota.");
        answer.Detail.ShouldBe(
            "The 'captionBytes' quota is 1000, 900 of it in use, and this needs 200 more. Free some (delete what you no longer need) or ask for a higher limit.");
        answer.Extensions.ShouldBe(new Dictionary<string, object?> { ["quota"] = "captionBytes", ["limit"] = 1000L, ["used"] = 900L, ["requested"] = 200L });
    }

    [Theory]
    [InlineData(0.4, 1)]
    [InlineData(60, 1)]
    [InlineData(60.01, 2)]
    [InlineData(3600, 60)]
    public void an_encode_holds_its_duration_in_whole_minutes_rounded_up(double seconds, long minutes) =>
        EncodingQuota.MinutesOf(seconds).ShouldBe(minutes);
}
