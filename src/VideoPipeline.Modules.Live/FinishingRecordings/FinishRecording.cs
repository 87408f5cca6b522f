using VideoPipeline.BuildingBlocks.Messaging;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.BuildingBlocks.Streaming;
using VideoPipeline.MediaEngine;
using VideoPipeline.Modules.Live.Ingesting;
using Wolverine.Runtime.Handlers;

namespace VideoPipeline.Modules.Live.FinishingRecordings;

/// <summary>
/// A broadcast ended and nothing reads its input: its recording becomes a video on demand from the segments already
/// stored, without encoding again (<see cref="LiveRecording"/>: playlists ended, bit rates measured, the final HLS master
/// and DASH manifest; the MP4 download by stream copy; the thumbnail and storyboard taken from that MP4). A recording the
/// owner does not keep, or of which nothing was published, is deleted instead; one whose stored pieces cannot be finished is
/// failed with the reason. Done once: a finished, failed or deleted video is left alone.
/// </summary>
public static class FinishRecordingHandler
{
    /// <summary>What throws here is storage or the database (<see cref="DurableRetries"/>).</summary>
    public static void Configure(HandlerChain chain) => DurableRetries.RetryThenDeadLetter(chain);

    public static async Task<OutgoingMessages> Handle(
        FinishRecording message, IDocumentSession session, IObjectStorage storage, PlaylistChanges playlists, MediaOptions uploads, LiveOptions options,
        CancellationToken ct)
    {
        var video = await session.Events.AggregateStreamAsync<RecordingVideo>(message.VideoId, token: ct);
        if (video is null || video.Deleted || video.Completed || video.Failed)
        {
            return [];
        }

        var inspected = (await session.LoadAsync<LiveStream>(message.LiveStreamId, ct))?.Sources.GetValueOrDefault(message.VideoId);
        if (!message.Keep || !video.Playable || inspected is null)
        {
            session.Events.Append(message.VideoId, new VideoDeleted(message.VideoId, $"live/{message.LiveStreamId:N}"));
            return [new PurgeVideoObjects(message.VideoId)];
        }

        var media = options.MediaFor(uploads);
        await using var workspace = TempWorkspace.Create(media, message.VideoId);
        var broadcast = RecordedSources.Media(inspected);
        var destination = new RecordingDestination(message.VideoId, storage, session.DocumentStore, playlists, broadcast, workspace.Path);
        FinishedRecording recording;
        try
        {
            recording = await LiveRecording.FinishAsync(broadcast, destination, media, workspace.Path, ct);
        }
        catch (Exception failure) when (failure is TranscodeFailedException or InvalidDataException)
        {
            // What is stored will not change: the video says why it has no recording instead of waiting for one.
            session.Events.Append(message.VideoId, new ProcessingAttemptFailed(message.VideoId, 1, $"The recording could not be finished: {failure.Message}", WillRetry: false));
            return [];
        }

        var source = broadcast with { DurationSeconds = recording.DurationSeconds };
        var bounds = media.BoundsFor(source, 0, media.MinRunTime + TimeSpan.FromSeconds(recording.DurationSeconds));
        var events = new List<object> { RecordedSources.Inspected(message.VideoId, source) };
        events.AddRange(recording.Renditions.Values.Select(r => new StreamRenditionReady(
            message.VideoId, r.Name, VideoKeys.Stream(message.VideoId, r.Playlist), r.Width, r.Height, r.Bytes, r.PeakBitsPerSecond, r.AverageBitsPerSecond, r.Codecs)));
        events.Add(new StreamingReady(message.VideoId, VideoKeys.Stream(message.VideoId, CmafLayout.MasterPlaylist),
            VideoKeys.Stream(message.VideoId, CmafLayout.DashManifest), destination.Playlists(CmafLayout.MediaPlaylist)));

        var ladder = LadderPlanner.Plan(source);
        var rung = ladder.FirstOrDefault(r => r.Name == Rungs.DefaultStatic) ?? ladder[0];
        var mp4 = workspace.PathFor($"{rung.Name}.mp4");
        await StaticMp4.MakeAsync(source, rung, workspace.Path, destination, mp4, bounds, ct);
        var mp4Key = VideoKeys.Rendition(message.VideoId, rung.Name);
        await storage.UploadFileAsync(mp4Key, mp4, "video/mp4", ct);
        var made = recording.Renditions[rung.Name];
        events.Add(new RenditionReady(message.VideoId, rung.Name, mp4Key, made.Width, made.Height, new FileInfo(mp4).Length));

        // The pictures come from the MP4 just made: a decode of one rung, no encode of the video.
        var pictureSource = new MediaInput(mp4, Container.Mp4);
        var pictured = source with { Container = Container.Mp4, VideoStreamIndex = 0 };
        var thumbnail = workspace.PathFor("thumb.jpg");
        await ThumbnailCapture.CaptureAsync(pictureSource, thumbnail, pictured, bounds, ct);
        await storage.UploadFileAsync(VideoKeys.Thumbnail(message.VideoId), thumbnail, "image/jpeg", ct);
        events.Add(new ThumbnailReady(message.VideoId, VideoKeys.Thumbnail(message.VideoId)));

        var plan = StoryboardCapture.Plan(source);
        var storyboard = workspace.PathFor("storyboard.jpg");
        await StoryboardCapture.CaptureAsync(pictureSource, storyboard, pictured, plan, bounds, ct);
        await storage.UploadFileAsync(VideoKeys.Storyboard(message.VideoId), storyboard, "image/jpeg", ct);
        events.Add(new StoryboardReady(message.VideoId, VideoKeys.Storyboard(message.VideoId), plan.IntervalSeconds, plan.Count, plan.Columns, plan.TileWidth, plan.TileHeight));

        events.Add(new ProcessingCompleted(message.VideoId));
        session.Events.Append(message.VideoId, events);
        return [];
    }
}
