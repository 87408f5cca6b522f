using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Usage.FoldingCounts;
using VideoPipeline.Modules.Usage.Metering;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Usage;

/// <summary>
/// <c>GET /usage</c>: per owner and UTC day, the bytes uploaded, the stored byte-hours the cluster's sample adds, the
/// encoded output minutes per rung, the API calls each node flushes, and the watched minutes viewer analytics reports;
/// an owner reads its own, an admin every owner's.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class MeteringUsage(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{

    private DateOnly Today => DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task a_processed_upload_counts_its_bytes_and_its_encoded_minutes_per_rung_on_the_day()
    {
        var clip = await TestClips.Tiny();
        var id = await Api.UploadAndProcessAsync(clip);

        var day = (await UsageAsync()).Owners.ShouldHaveSingleItem().Days.ShouldHaveSingleItem();

        day.Day.ShouldBe(Today);
        day.UploadedBytes.ShouldBe(new FileInfo(clip).Length);
        var video = await Api.VideoAsync(id);
        day.EncodedMinutes.Keys.ShouldBe(video.Variants.Select(v => v.Resolution).Distinct(), ignoreOrder: true);
        var duration = (await Api.EventsAsync(id)).Single(e => e.Type == "SourceInspected").Data.GetProperty("durationSeconds").GetDouble();
        day.EncodedMinutes.Values.ShouldAllBe(minutes => Math.Abs(minutes - (duration / 60)) < 0.001);

        await App.Host.MessageBus().InvokeAsync(new FoldCounts());
        var folded = (await UsageAsync()).Owners.ShouldHaveSingleItem().Days.ShouldHaveSingleItem();
        folded.EncodedMinutes.OrderBy(m => m.Key).ShouldBe(day.EncodedMinutes.OrderBy(m => m.Key), "added without a lock on the owner's day, then folded into it once");
    }

    [Fact]
    public async Task uploaded_bytes_added_without_a_lock_on_the_owners_day_count_once_before_and_after_the_fold()
    {
        var notAVideo = new FileInfo(await TestClips.NotAVideo()).Length;
        await Api.UploadedVideoAsync();
        await Api.UploadedVideoAsync();
        (await UsageAsync()).Owners.ShouldHaveSingleItem().Totals.UploadedBytes.ShouldBe(2 * notAVideo, "read from the additions");

        await App.Host.MessageBus().InvokeAsync(new FoldCounts());
        await App.Host.MessageBus().InvokeAsync(new FoldCounts());

        (await UsageAsync()).Owners.ShouldHaveSingleItem().Totals.UploadedBytes.ShouldBe(2 * notAVideo, "read from the day, folded once");
        await using var additions = App.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand($"select count(*) from {UsageSchema.Additions}");
        ((long)(await additions.ExecuteScalarAsync())!).ShouldBe(0);
    }

    [Fact]
    public async Task api_calls_are_counted_in_memory_and_each_flush_adds_what_was_counted_since_the_last()
    {
        var meter = App.Host.Services.GetRequiredService<ApiCallMeter>();
        await meter.FlushAsync(CancellationToken.None);
        await App.ResetAsync();
        for (var i = 0; i < 3; i++)
        {
            await Api.GetAsync<VideoPageDto>("/videos");
        }

        await meter.FlushAsync(CancellationToken.None);
        (await UsageAsync()).Owners.ShouldHaveSingleItem().Totals.ApiCalls.ShouldBe(3);

        await meter.FlushAsync(CancellationToken.None);
        (await UsageAsync()).Owners.ShouldHaveSingleItem().Totals.ApiCalls.ShouldBe(4, "the earlier GET /usage, added to the first flush's three");
        (await Api.Host.Scenario(x => x.Get.Url("/metrics"))).ReadAsText().ShouldContain("usage_api_calls_total{");
    }

    [Fact]
    public async Task stored_bytes_are_sampled_into_byte_hours_once_per_sample_however_many_samples_meet()
    {
        var file = Path.Combine(App.StorageRoot, "1000-bytes.mp4");
        await File.WriteAllBytesAsync(file, new byte[1000]);
        var ticket = await Api.RequestUploadAsync(sizeBytes: 1000);
        await Api.UploadAsync(ticket, file);
        await Api.AndWaitForTheQueue(() => Api.NotifyUploadAsync(new { key = ticket.Key, size = 1000 }));
        var bus = App.Host.MessageBus();
        await bus.InvokeAsync(new SampleStoredBytes());

        App.Clock.Advance(TimeSpan.FromHours(2));
        await Task.WhenAll(bus.InvokeAsync(new SampleStoredBytes()), bus.InvokeAsync(new SampleStoredBytes()));

        (await UsageAsync()).Owners.ShouldHaveSingleItem().Totals.StoredByteHours.ShouldBe(2000, 0.001);
    }

    [Fact]
    public async Task watched_time_from_viewer_analytics_is_the_days_latest_total()
    {
        var bus = App.Host.MessageBus();
        await bus.InvokeAsync(new WatchedTimeRolledUp(QuotaApi.DevOwner, Today, 90));
        await bus.InvokeAsync(new WatchedTimeRolledUp(QuotaApi.DevOwner, Today, 150));
        await bus.InvokeAsync(new WatchedTimeRolledUp(QuotaApi.DevOwner, Today.AddDays(-1), 60));

        var usage = (await UsageAsync()).Owners.ShouldHaveSingleItem();

        usage.Days.Select(d => (d.Day, d.WatchedMinutes)).ShouldBe([(Today.AddDays(-1), 1.0), (Today, 2.5)]);
        usage.Totals.WatchedMinutes.ShouldBe(3.5);
    }

    [Fact]
    public async Task an_owner_reads_its_own_usage_and_an_admin_every_owners_or_one()
    {
        await Api.RequestUploadAsync();
        await Api.RequestUploadAsync(key: VideoApi.OtherOwnersKey);

        (await UsageAsync()).Owners.Select(o => o.OwnerId).ShouldBe(["dev"]);
        await Api.GetAsync<ProblemDto>("/usage?owner=dev2", expectedStatus: 403);
        var everyone = await Api.GetAsync<UsageReportDto>("/usage", VideoApi.AdminKey);
        everyone.Owners.Select(o => o.OwnerId).ShouldBe(["dev", "dev2"]);
        everyone.Owners.ShouldAllBe(o => o.Quotas.Single(q => q.Name == QuotaNames.Videos).Used == 1);
        (await Api.GetAsync<UsageReportDto>("/usage?owner=dev2", VideoApi.AdminKey)).Owners.ShouldHaveSingleItem().OwnerId.ShouldBe("dev2");
    }

    [Fact]
    public async Task an_owner_over_a_quota_is_visible_in_its_usage_at_a_glance()
    {
        var quotas = new QuotaApi(Api);
        await quotas.LimitAsync(QuotaNames.PendingUploads, 1);
        await Api.RequestUploadAsync();

        var usage = (await UsageAsync()).Owners.ShouldHaveSingleItem();

        usage.AnyAtLimit.ShouldBeTrue();
        usage.Quotas.Single(q => q.AtLimit).Name.ShouldBe(QuotaNames.PendingUploads);
    }

    [Fact]
    public async Task a_range_that_ends_before_it_starts_or_is_not_a_date_is_refused_naming_the_parameter()
    {
        var backwards = await Api.GetAsync<ProblemDto>($"/usage?from={Today:yyyy-MM-dd}&to={Today.AddDays(-1):yyyy-MM-dd}", expectedStatus: 400);
        backwards.Errors.ShouldNotBeNull().ShouldContainKey("to");
        await Api.GetAsync<ProblemDto>("/usage?from=yesterday", expectedStatus: 400);
        await Api.GetAsync<ProblemDto>($"/usage?from=2000-01-01&to={Today:yyyy-MM-dd}", expectedStatus: 400);
    }

    private Task<UsageReportDto> UsageAsync() => Api.GetAsync<UsageReportDto>($"/usage?from={Today.AddDays(-6):yyyy-MM-dd}&to={Today:yyyy-MM-dd}");
}
