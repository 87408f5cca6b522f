using JasperFx.Events;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Webhooks;
using VideoPipeline.Modules.Webhooks.Notifying;

namespace VideoPipeline.Tests.Webhooks.Deciding;

/// <summary>Given a video's stream, which of its events an integrator hears about, and what each says.</summary>
public sealed class AnnouncingEvents
{
    private static readonly Guid VideoId = Guid.CreateVersion7();
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static WebhookVideo AVideo() => WebhookVideoProjection.Create(new UploadRequested(
        VideoId, "owner-1", "Holiday", VideoKeys.Raw(VideoId, "mp4"), "video/mp4", null, At, Passthrough: "crm-1", Metadata: new Dictionary<string, string> { ["k"] = "v" }));

    private static Event<T> Event<T>(T data) where T : notnull => new Event<T>(data) { Id = Guid.NewGuid(), Timestamp = At };

    [Fact]
    public void a_video_is_announced_playable_once_when_its_streaming_starts_and_processed_with_every_rung()
    {
        var video = AVideo();
        var started = Event(new StreamingStarted(VideoId, "k/master.m3u8", [new StreamPlaylist("480p", "k/480p.m3u8")]));
        WebhookVideoProjection.Apply(started, video);

        var playable = Notices.Of(started, video).ShouldNotBeNull();

        (playable.Type, playable.Id).ShouldBe((WebhookEventTypes.Playable, started.Id));
        playable.Data.Renditions.ShouldNotBeNull().ShouldBeEmpty("nothing is finished yet");
        WebhookVideoProjection.Apply(new StreamRenditionReady(VideoId, "480p", "k/480p.m3u8", 854, 480, 1, 2, 1, "avc1"), video);
        WebhookVideoProjection.Apply(new StreamRenditionReady(VideoId, "audio", "k/audio.m3u8", 0, 0, 1, 2, 1, "mp4a.40.2"), video);
        var mp4 = Event(new RenditionReady(VideoId, "480p", "k/480p.mp4", 854, 480, 90));
        WebhookVideoProjection.Apply(mp4, video);
        Notices.Of(mp4, video).ShouldBeNull("the video was announced playable already");
        Notices.Of(Event(new ProcessingCompleted(VideoId)), video).ShouldNotBeNull().Data.Renditions.ShouldBe([new WebhookRendition("480p", 854, 480)]);
    }

    [Fact]
    public void in_a_stream_recorded_before_streaming_the_first_playable_output_is_announced_once_with_the_renditions_so_far()
    {
        var video = AVideo();
        var original = Event(new OriginalReady(VideoId, "k/original.mp4", 854, 480, 100));
        var rendition = Event(new RenditionReady(VideoId, "480p", "k/480p.mp4", 854, 480, 90));
        WebhookVideoProjection.Apply(original, video);
        WebhookVideoProjection.Apply(rendition, video);

        var playable = Notices.Of(original, video).ShouldNotBeNull();

        playable.Type.ShouldBe(WebhookEventTypes.Playable);
        playable.Id.ShouldBe(original.Id);
        playable.Data.Renditions.ShouldNotBeNull().Select(r => r.Resolution).ShouldBe(["original", "480p"], ignoreOrder: true);
        Notices.Of(rendition, video).ShouldBeNull("only the first playable output announces it");
    }

    [Fact]
    public void each_lifecycle_event_is_announced_as_its_type_with_the_integrators_fields()
    {
        var video = AVideo();

        Notices.Of(Event(new UploadCompleted(VideoId, "raw", 10, "client")), video).ShouldNotBeNull().Type.ShouldBe(WebhookEventTypes.UploadCompleted);
        Notices.Of(Event(new ProcessingCompleted(VideoId)), video).ShouldNotBeNull().Type.ShouldBe(WebhookEventTypes.Processed);
        Notices.Of(Event(new VideoDeleted(VideoId, "owner-1")), video).ShouldNotBeNull().Data.Status.ShouldBe(VideoStatus.Deleted);
        var failed = Notices.Of(Event(new ProcessingAttemptFailed(VideoId, 1, "not a video", WillRetry: false)), video).ShouldNotBeNull();
        (failed.Type, failed.Data.Error, failed.Data.Passthrough, failed.Data.Metadata["k"]).ShouldBe((WebhookEventTypes.Failed, "not a video", "crm-1", "v"));
        Notices.Of(Event(new UrlIngestFailed(VideoId, "404")), video).ShouldNotBeNull().Data.Error.ShouldBe("404");
        Notices.Of(Event(new UploadRejected(VideoId, 10, "too large")), video).ShouldNotBeNull().Type.ShouldBe(WebhookEventTypes.Failed);
        var caption = Notices.Of(Event(new CaptionAdded(VideoId, "en", "English", 12)), video).ShouldNotBeNull();
        (caption.Type, caption.Data.Caption).ShouldBe((WebhookEventTypes.CaptionAdded, new WebhookCaption("en", "English", 12)));
    }

    [Fact]
    public void an_attempt_that_will_be_retried_and_progress_are_not_announced()
    {
        var video = AVideo();

        Notices.Of(Event(new ProcessingAttemptFailed(VideoId, 1, "storage down", WillRetry: true)), video).ShouldBeNull();
        Notices.Of(Event(new ProcessingProgressed(VideoId, 40)), video).ShouldBeNull();
        Notices.Of(Event(new ProcessingStarted(VideoId, 1)), video).ShouldBeNull();
    }

    [Fact]
    public void the_body_is_the_documented_envelope()
    {
        var body = Notices.Of(Event(new ProcessingCompleted(VideoId)), AVideo()).ShouldNotBeNull().ToJson();

        using var json = System.Text.Json.JsonDocument.Parse(body);
        json.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "type", "createdAt", "data"]);
        json.RootElement.GetProperty("data").GetProperty("videoId").GetGuid().ShouldBe(VideoId);
        json.RootElement.GetProperty("data").TryGetProperty("error", out _).ShouldBeFalse("absent fields are left out");
    }
}
