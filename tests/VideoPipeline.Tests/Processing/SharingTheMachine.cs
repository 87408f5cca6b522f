using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Processing;

/// <summary>Transcodes queue up behind the per-node bound instead of all running at once (the test hosts allow one).</summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class SharingTheMachine(EmbeddedStorageApp app) : IAsyncLifetime
{
    private readonly VideoApi _api = new(app);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task uploads_landing_together_are_transcoded_one_at_a_time()
    {
        var clip = await TestClips.Landscape480p();
        var tickets = new List<UploadTicketDto>();
        for (var i = 0; i < 3; i++)
        {
            var ticket = await _api.RequestUploadAsync(title: $"Clip {i}");
            await _api.UploadAsync(ticket, clip);
            tickets.Add(ticket);
        }

        await _api.AndWaitForTheQueue(() => Task.WhenAll(tickets.Select(t => _api.NotifyUploadAsync(new { key = t.Key, size = 1 }))));

        var windows = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach (var ticket in tickets)
        {
            var events = await _api.EventsAsync(ticket.VideoId);
            windows.Add((events.Single(e => e.Type == "ProcessingStarted").Timestamp, events.Single(e => e.Type == "ProcessingCompleted").Timestamp));
        }

        windows.Sort();
        windows.Zip(windows.Skip(1), (earlier, later) => later.Start >= earlier.End).ShouldAllBe(oneAfterTheOther => oneAfterTheOther);
    }
}
