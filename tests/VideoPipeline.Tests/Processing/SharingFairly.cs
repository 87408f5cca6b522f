using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.BuildingBlocks.Scheduling;
using VideoPipeline.Modules.Processing.Scheduling;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Processing;

/// <summary>
/// One transcode slot (the test hosts allow one) shared by two owners: a job's turn depends on its owner's share, so
/// one owner's backlog delays another's job by at most the job running when it was queued.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class SharingFairly(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    [Fact]
    public async Task a_backlog_of_one_owner_does_not_delay_another()
    {
        var clip = await TestClips.Tiny();
        var backlog = new List<UploadTicketDto>();
        for (var i = 0; i < 10; i++)
        {
            var ticket = await Api.RequestUploadAsync(title: $"Bulk import {i}");
            await Api.UploadAsync(ticket, clip);
            backlog.Add(ticket);
        }

        await Task.WhenAll(backlog.Select(t => Api.NotifyUploadAsync(new { key = t.Key, size = 1 })));
        await Eventually.WaitForAsync(JobsInTheQueueAsync, count => count == backlog.Count, TimeSpan.FromMinutes(1), "the whole backlog to be queued");
        var other = await Api.RequestUploadAsync(title: "The other owner's clip", key: VideoApi.OtherOwnersKey);
        await Api.UploadAsync(other, clip);

        await Api.AndWaitForTheQueue(() => Api.NotifyUploadAsync(new { key = other.Key, size = 1 }));

        var otherEvents = await Api.GetAsync<List<VideoEventDto>>($"/videos/{other.VideoId}/events", VideoApi.OtherOwnersKey);
        var otherQueued = otherEvents.Single(e => e.Type == "UploadCompleted").Timestamp;
        var otherStarted = otherEvents.Single(e => e.Type == "ProcessingStarted").Timestamp;
        var backlogStarts = new List<DateTimeOffset>();
        foreach (var ticket in backlog)
        {
            backlogStarts.Add((await Api.EventsAsync(ticket.VideoId)).Single(e => e.Type == "ProcessingStarted").Timestamp);
        }

        backlogStarts.Count(start => start > otherQueued && start < otherStarted).ShouldBeLessThanOrEqualTo(1,
            "only the backlog's job that took the slot while the other owner's upload was being admitted may start before it");
        backlogStarts.Count(start => start > otherStarted).ShouldBeGreaterThanOrEqualTo(8, "the rest of the backlog waits for the other owner's job");
        (await Api.VideoAsync(backlog[^1].VideoId)).Status.ShouldBe("processed");
    }

    private async Task<long> JobsInTheQueueAsync()
    {
        await using var count = App.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand(
            $"select count(*) from {FairTurns.TurnsTable} where queue = '{TranscodeSlots.QueueName}'");
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
