using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Processing;

/// <summary>Transcodes queue up behind the per-node bound instead of all running at once (the test hosts allow one).</summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class SharingTheMachine(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    [Fact]
    public async Task uploads_landing_together_are_transcoded_one_at_a_time()
    {
        var clip = await TestClips.Landscape480p();
        var tickets = new List<UploadTicketDto>();
        for (var i = 0; i < 3; i++)
        {
            var ticket = await Api.RequestUploadAsync(title: $"Clip {i}");
            await Api.UploadAsync(ticket, clip);
            tickets.Add(ticket);
        }

        await Api.AndWaitForTheQueue(() => Task.WhenAll(tickets.Select(t => Api.NotifyUploadAsync(new { key = t.Key, size = 1 }))));

        var windows = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach (var ticket in tickets)
        {
            var events = await Api.EventsAsync(ticket.VideoId);
            windows.Add((events.Single(e => e.Type == "ProcessingStarted").Timestamp, events.Single(e => e.Type == "ProcessingCompleted").Timestamp));
        }

        windows.Sort();
        windows.Zip(windows.Skip(1), (earlier, later) => later.Start >= earlier.End).ShouldAllBe(oneAfterTheOther => oneAfterTheOther);
    }
}
