using Marten;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Processing.TranscodingVideos;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Processing;

/// <summary>
/// A transcode records what it did (a progress a second, each rendition, each picture) one commit at a time, each under
/// the video's stream lock and decided on the job as committed then: a record costs the same however many events the
/// job has recorded already, and still sees what others wrote to the video since its last one.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class RecordingWhatAJobDid(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    /// <summary>A ten-minute video records about this many progress events.</summary>
    private const int ManyEvents = 1_000;

    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task a_record_costs_the_same_after_a_thousand_events_of_the_job_as_after_one()
    {
        var few = await VideoWithProgressAsync(1);
        var many = await VideoWithProgressAsync(ManyEvents);
        using var fewJob = new JobStream(Store, few);
        using var manyJob = new JobStream(Store, many);
        // The first record of a delivery reads the job once, as the delivery's first look at it does.
        await fewJob.RecordAsync(new ProcessingProgressed(few, 50), CancellationToken.None);
        await manyJob.RecordAsync(new ProcessingProgressed(many, 50), CancellationToken.None);

        var afterOne = await DatabaseCost.OfAsync(() => fewJob.RecordAsync(new ProcessingProgressed(few, 51), CancellationToken.None));
        var afterAThousand = await DatabaseCost.OfAsync(() => manyJob.RecordAsync(new ProcessingProgressed(many, 51), CancellationToken.None));
        var readingTheWholeJob = await DatabaseCost.OfAsync(() => manyJob.LoadAsync(CancellationToken.None));

        afterAThousand.Commands.ShouldBe(afterOne.Commands, $"after one event: {afterOne}; after a thousand: {afterAThousand}");
        // The same rows are read (the job's last record, the read model it updates); a number kept as text in them may have more digits.
        afterAThousand.BytesRead.ShouldBeInRange(afterOne.BytesRead - 64, afterOne.BytesRead + 64, $"after one event: {afterOne}; after a thousand: {afterAThousand}");
        // What the measure would see of a record that read the job's stream: every event is over 100 bytes on the wire.
        readingTheWholeJob.BytesRead.ShouldBeGreaterThan(ManyEvents * 100L, $"reading the whole job: {readingTheWholeJob}");
        (await EventsOfAsync(many)).OfType<ProcessingProgressed>().TakeLast(2).Select(e => e.Percent).ShouldBe([50, 51]);
    }

    [Fact]
    public async Task a_record_is_refused_once_another_writer_deleted_the_video_since_the_jobs_last_record()
    {
        var videoId = await VideoWithProgressAsync(3);
        using var job = new JobStream(Store, videoId);
        await job.RecordAsync(new ProcessingProgressed(videoId, 10), CancellationToken.None);

        await AppendAsync(videoId, new VideoDeleted(videoId, "dev"));

        await Should.ThrowAsync<VideoDeletedException>(() => job.RecordAsync(new ProcessingProgressed(videoId, 20), CancellationToken.None));
        job.WasDeleted.ShouldBeTrue("what the job runs is stopped");
        (await EventsOfAsync(videoId))[^1].ShouldBeOfType<VideoDeleted>("nothing is recorded after the deletion");
    }

    [Fact]
    public async Task a_completion_another_delivery_recorded_since_the_jobs_last_record_is_not_recorded_again()
    {
        var videoId = await VideoWithProgressAsync(3);
        using var job = new JobStream(Store, videoId);
        await job.RecordAsync(new ProcessingProgressed(videoId, 99), CancellationToken.None);

        using (var otherDelivery = new JobStream(Store, videoId))
        {
            await otherDelivery.CompleteOnceAsync(CancellationToken.None);
        }

        await job.CompleteOnceAsync(CancellationToken.None);
        await job.RecordAsync(new ProcessingProgressed(videoId, 99.9), CancellationToken.None);

        var events = await EventsOfAsync(videoId);
        events.OfType<ProcessingCompleted>().Count().ShouldBe(1);
        events[^1].ShouldBe(new ProcessingProgressed(videoId, 99.9), "the job records on at the version the other delivery left");
    }

    private async Task<Guid> VideoWithProgressAsync(int progressEvents)
    {
        var videoId = Guid.NewGuid();
        await using var session = Store.LightweightSession();
        session.Events.StartStream(videoId, new UploadRequested(videoId, "dev", "A long encode", VideoKeys.Raw(videoId, "mp4"), "video/mp4", null, DateTimeOffset.UtcNow));
        session.Events.Append(videoId, [.. Enumerable.Range(0, progressEvents).Select(i => new ProcessingProgressed(videoId, i * 49.0 / progressEvents))]);
        await session.SaveChangesAsync();
        return videoId;
    }

    private async Task AppendAsync(Guid videoId, object @event)
    {
        await using var session = Store.LightweightSession();
        session.Events.Append(videoId, @event);
        await session.SaveChangesAsync();
    }

    private async Task<IReadOnlyList<object>> EventsOfAsync(Guid videoId)
    {
        await using var session = Store.QuerySession();
        return (await session.Events.FetchStreamAsync(videoId)).Select(e => e.Data).ToList();
    }
}
