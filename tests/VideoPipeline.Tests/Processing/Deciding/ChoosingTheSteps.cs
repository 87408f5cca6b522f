using VideoPipeline.Contracts;
using VideoPipeline.Modules.Processing;
using VideoPipeline.MediaEngine;
using VideoPipeline.Modules.Processing.TranscodingVideos.Steps;

namespace VideoPipeline.Tests.Processing.Deciding;

/// <summary>Given what a job's stream already records, then these steps are still needed: an attempt redoes only what is missing.</summary>
public sealed class ChoosingTheSteps
{
    

    private static string[] Needed(TranscodeJob job) =>
        TranscodeStep.InOrder.Where(s => s.IsNeeded(job)).Select(s => s.Name).ToArray();

    [Fact]
    public void an_upload_nobody_inspected_yet_needs_only_its_inspection()
    {
        var job = AJob.Uploaded();

        Needed(job).ShouldBe(["InspectSource"], "every other step works from what the inspection finds");
    }

    [Fact]
    public void an_inspected_source_is_encoded_as_one_ladder_then_published_then_made_into_its_download()
    {
        var job = AJob.Uploaded();
        job.With(AJob.Playable480p(job.Id));

        Needed(job).ShouldBe(["EncodeLadder", "CaptureThumbnail", "CaptureStoryboard", "CompleteProcessing"], "the manifests and downloads are made from the finished renditions");
        job.MissingStreamOutputs.Select(o => o.Name).ShouldBe(["480p", "360p", "audio"]);
        job.MissingStaticRenditions.Select(r => r.Name).ShouldBe(["480p"]);
    }

    [Fact]
    public void a_silent_source_has_no_audio_rendition()
    {
        var job = AJob.Uploaded();
        job.With(AJob.Vp9At480p(job.Id));

        job.MissingStreamOutputs.Select(o => o.Name).ShouldBe(["480p", "360p"]);
    }

    [Fact]
    public void after_a_failed_attempt_only_the_unfinished_renditions_are_encoded()
    {
        var job = AJob.Uploaded();
        job.With(
            AJob.Playable480p(job.Id),
            new ProcessingStarted(job.Id, 1),
            new StreamingStarted(job.Id, VideoKeys.Stream(job.Id, "master.m3u8"), []),
            AJob.Finished(job.Id, "480p"),
            AJob.Finished(job.Id, "audio"),
            new ThumbnailReady(job.Id, VideoKeys.Thumbnail(job.Id)),
            AJob.Storyboard(job.Id),
            new ProcessingAttemptFailed(job.Id, 1, "Storage unavailable", WillRetry: true));

        Needed(job).ShouldBe(["EncodeLadder", "CompleteProcessing"]);
        job.MissingStreamOutputs.Select(o => o.Name).ShouldBe(["360p"]);
    }

    [Fact]
    public void once_every_rendition_is_finished_the_manifests_and_the_downloads_are_made_without_encoding()
    {
        var job = AJob.Uploaded();
        job.With(AJob.Playable480p(job.Id), AJob.Finished(job.Id, "480p"), AJob.Finished(job.Id, "360p"), AJob.Finished(job.Id, "audio"));

        Needed(job).ShouldBe(["PublishManifests", "MakeStaticRenditions", "CaptureThumbnail", "CaptureStoryboard", "CompleteProcessing"]);
    }

    [Fact]
    public void the_pictures_the_ladder_gave_are_not_taken_again()
    {
        var job = AJob.Uploaded();
        job.With(AJob.Playable480p(job.Id), AJob.Finished(job.Id, "480p"), AJob.Finished(job.Id, "360p"), AJob.Finished(job.Id, "audio"),
            new ThumbnailReady(job.Id, VideoKeys.Thumbnail(job.Id)), AJob.Storyboard(job.Id));

        Needed(job).ShouldBe(["PublishManifests", "MakeStaticRenditions", "CompleteProcessing"]);
    }

    [Fact]
    public void downloads_asked_for_at_the_upload_are_made_when_the_ladder_has_them()
    {
        var job = AJob.Uploaded(staticRenditions: ["1080p", "360p"]);
        job.With(AJob.Playable480p(job.Id));

        job.MissingStaticRenditions.Select(r => r.Name).ShouldBe(["480p", "360p"], "a 480p source has no 1080p rung");
    }

    [Fact]
    public void a_source_smaller_than_480p_gets_its_top_rung_as_its_download()
    {
        var job = AJob.Uploaded();
        job.With(AJob.Playable480p(job.Id) with { DisplayWidth = 640, DisplayHeight = 360 });

        job.MissingStaticRenditions.Select(r => r.Name).ShouldBe(["360p"]);
    }

    [Fact]
    public void a_job_whose_every_output_is_recorded_only_completes()
    {
        var job = AJob.Uploaded();
        job.With(
            AJob.Vp9At480p(job.Id),
            AJob.Finished(job.Id, "480p"),
            AJob.Finished(job.Id, "360p"),
            new StreamingReady(job.Id, VideoKeys.Stream(job.Id, "master.m3u8"), VideoKeys.Stream(job.Id, "manifest.mpd"), []),
            new RenditionReady(job.Id, "480p", VideoKeys.Rendition(job.Id, "480p"), 854, 480, 10),
            new ThumbnailReady(job.Id, VideoKeys.Thumbnail(job.Id)),
            AJob.Storyboard(job.Id));

        Needed(job).ShouldBe(["CompleteProcessing"]);
    }

    [Fact]
    public void a_job_needs_work_from_its_upload_until_it_completes_fails_for_good_or_its_upload_is_rejected()
    {
        var job = AJob.Uploaded();
        job.NeedsWork.ShouldBeTrue();

        job.With(new ProcessingAttemptFailed(job.Id, 1, "Storage unavailable", WillRetry: true)).NeedsWork.ShouldBeTrue("a retry is coming");
        job.With(new ProcessingAttemptFailed(job.Id, 4, "Storage unavailable", WillRetry: false, Guid.NewGuid())).NeedsWork.ShouldBeFalse();
        job.With(new ProcessingRetryRequested(job.Id, "owner-1")).NeedsWork.ShouldBeTrue();
        job.With(new ProcessingCompleted(job.Id)).NeedsWork.ShouldBeFalse();

        var rejected = AJob.Uploaded();
        rejected.With(new UploadRejected(rejected.Id, 0, "The object is empty.")).NeedsWork.ShouldBeFalse();
    }
}
