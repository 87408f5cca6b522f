using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.Contracts;
using VideoPipeline.Operations.LiveUpdates;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Operations;

/// <summary>
/// <c>GET /videos/changes</c> holds a bounded share of a node per API key (over it: 429 problem+json with Retry-After), and
/// a resume replays at most a bounded window of the store: from further back the stream says to fetch the list again.
/// </summary>
[Collection(KestrelCollection.Name)]
public sealed class BoundingLiveChanges(KestrelApp app)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private LiveChangesOptions Options => app.Services.GetRequiredService<LiveChangesOptions>();

    [Fact]
    public async Task a_key_holds_at_most_its_share_of_streams_and_the_next_is_told_to_retry_later()
    {
        var held = new List<ChangeFeed>();
        try
        {
            for (var i = 0; i < Options.MaxStreamsPerKey; i++)
            {
                held.Add(await ChangeFeed.OpenAsync(app.Client));
            }

            using (var refused = await ChangeFeed.RequestAsync(app.Client))
            {
                refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
                refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
                refused.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldBe(Options.RetryAfter);
                (await refused.Content.ReadFromJsonAsync<ProblemDto>())!.Detail.ShouldNotBeNull().ShouldContain($"already holds {Options.MaxStreamsPerKey} live-change streams");
            }

            using (await ChangeFeed.OpenAsync(app.Client, VideoApi.OtherOwnersKey))
            {
                // Another key has a share of its own.
            }

            held[0].Dispose();
            held.RemoveAt(0);
            // The closed stream's slot is free again a moment later (OpenAsync waits for it).
            held.Add(await ChangeFeed.OpenAsync(app.Client));
        }
        finally
        {
            held.ForEach(feed => feed.Dispose());
        }
    }

    [Fact]
    public async Task a_resume_within_the_window_replays_what_was_missed_then_follows_live()
    {
        var missedVideo = await app.RequestUploadAsync(VideoApi.DevKey);
        var missed = (await EventsAsync(missedVideo)).Single();

        using var resumed = await ChangeFeed.OpenAsync(app.Client, lastEventId: missed.Sequence - 1);
        using var deadline = new CancellationTokenSource(Within);
        var replayed = await resumed.NextSequencedAsync(deadline.Token);
        var liveVideo = await app.RequestUploadAsync(VideoApi.DevKey);
        var heard = await resumed.ReadUntilAsync(liveVideo, nameof(UploadRequested), Within);

        replayed.ShouldBe(new SequencedChange(missedVideo, nameof(UploadRequested), missed.Sequence));
        heard.ShouldContain(new VideoChangeHeard(liveVideo, nameof(UploadRequested)));
    }

    [Fact]
    public async Task a_resume_from_further_back_than_the_window_is_told_to_fetch_the_list_again_then_follows_live()
    {
        var videoId = await app.RequestUploadAsync(VideoApi.DevKey);
        var before = (await EventsAsync(videoId)).Single().Sequence;
        await using (var session = app.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.Append(videoId, Enumerable.Range(0, Options.MaxReplayed + 1)
                .Select(n => (object)new VideoDetailsEdited(videoId, $"Edit {n}", null, new Dictionary<string, string>())).ToArray());
            await session.SaveChangesAsync();
        }

        var now = (await EventsAsync(videoId))[^1].Sequence;

        using var resumed = await ChangeFeed.OpenAsync(app.Client, lastEventId: before);
        using var deadline = new CancellationTokenSource(Within);
        var first = (await resumed.NextFrameAsync(deadline.Token)).ShouldNotBeNull();
        var liveVideo = await app.RequestUploadAsync(VideoApi.DevKey);
        var heard = await resumed.ReadUntilAsync(liveVideo, nameof(UploadRequested), Within);

        first.Event.ShouldBe(VideoChangesEndpoint.ResetEvent);
        long.Parse(first.Id!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(now, "the next resume starts from where the store was");
        JsonDocument.Parse(first.Data).RootElement.GetProperty("reason").GetString().ShouldNotBeNull().ShouldContain("fetch the list again");
        heard.ShouldContain(new VideoChangeHeard(liveVideo, nameof(UploadRequested)));
    }

    [Fact]
    public async Task a_resume_from_an_id_the_store_has_not_reached_is_told_to_fetch_the_list_again()
    {
        using var resumed = await ChangeFeed.OpenAsync(app.Client, lastEventId: long.MaxValue);
        using var deadline = new CancellationTokenSource(Within);

        var first = (await resumed.NextFrameAsync(deadline.Token)).ShouldNotBeNull();

        first.Event.ShouldBe(VideoChangesEndpoint.ResetEvent);
        JsonDocument.Parse(first.Data).RootElement.GetProperty("reason").GetString().ShouldNotBeNull().ShouldContain("beyond the last event of the store");
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("-1")]
    [InlineData("+12")]
    [InlineData("012")]
    [InlineData("99999999999999999999")]
    public async Task a_last_event_id_the_stream_never_sent_is_refused(string lastEventId)
    {
        using var refused = await ChangeFeed.RequestAsync(app.Client, lastEventId: lastEventId);

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await refused.Content.ReadFromJsonAsync<ProblemDto>())!.Title.ShouldBe("Invalid Last-Event-ID");
    }

    private async Task<List<VideoEventDto>> EventsAsync(Guid videoId) =>
        (await app.Client.GetFromJsonAsync<List<VideoEventDto>>(new Uri($"/videos/{videoId}/events", UriKind.Relative), JsonSerializerOptions.Web))!;
}
