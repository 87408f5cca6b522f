using VideoPipeline.Contracts;
using VideoPipeline.Modules.Processing;
using VideoPipeline.Modules.Processing.Transcoding;
using VideoPipeline.Modules.Processing.TranscodeVideo.Steps;

namespace VideoPipeline.Tests.Processing.Deciding;

/// <summary>Given what a job's stream already records, then these steps are still needed: an attempt redoes only what is missing.</summary>
public sealed class ChoosingTheSteps
{
    private static readonly TranscodeOptions Options = new();

    private static string[] Needed(TranscodeJob job, TranscodeOptions? options = null) =>
        TranscodeStep.InOrder.Where(s => s.IsNeeded(job, options ?? Options)).Select(s => s.Name).ToArray();

    [Fact]
    public void an_upload_nobody_inspected_yet_needs_only_its_inspection()
    {
        var job = AJob.Uploaded();

        Needed(job).ShouldBe(["InspectSource"], "every other step works from what the inspection finds");
    }

    [Fact]
    public void a_browser_playable_source_is_made_playable_as_it_is_before_the_ladder()
    {
        var job = AJob.Uploaded();
        job.With(AJob.Playable480p(job.Id));

        Needed(job).ShouldBe(["MakeOriginalPlayable", "EncodeLadder", "PackageHls", "CaptureThumbnail", "CompleteProcessing"]);
        EncodeLadder.Missing(job).Select(r => r.Name).ShouldBe(["480p", "360p"]);
    }

    [Fact]
    public void a_source_browsers_cannot_play_goes_straight_to_the_ladder()
    {
        var job = AJob.Uploaded();
        job.With(AJob.Vp9At480p(job.Id));

        Needed(job).ShouldBe(["EncodeLadder", "PackageHls", "CaptureThumbnail", "CompleteProcessing"]);
    }

    [Fact]
    public void after_a_failed_attempt_only_the_missing_rung_is_encoded_but_the_whole_ladder_is_packaged()
    {
        var job = AJob.Uploaded();
        job.With(
            AJob.Playable480p(job.Id),
            new ProcessingStarted(job.Id, 1),
            new OriginalReady(job.Id, VideoKeys.Original(job.Id), 854, 480, 10),
            new RenditionReady(job.Id, "480p", VideoKeys.Rendition(job.Id, "480p"), 854, 480, 10),
            new ProcessingAttemptFailed(job.Id, 1, "Storage unavailable", WillRetry: true));

        Needed(job).ShouldBe(["EncodeLadder", "PackageHls", "CaptureThumbnail", "CompleteProcessing"]);
        EncodeLadder.Missing(job).Select(r => r.Name).ShouldBe(["360p"]);
    }

    [Fact]
    public void without_hls_nothing_is_packaged()
    {
        var job = AJob.Uploaded();
        job.With(AJob.Vp9At480p(job.Id));

        Needed(job, new TranscodeOptions { EnableHls = false }).ShouldNotContain("PackageHls");
    }

    [Fact]
    public void a_job_whose_every_output_is_recorded_only_completes()
    {
        var job = AJob.Uploaded();
        job.With(
            AJob.Vp9At480p(job.Id),
            new RenditionReady(job.Id, "480p", VideoKeys.Rendition(job.Id, "480p"), 854, 480, 10),
            new RenditionReady(job.Id, "360p", VideoKeys.Rendition(job.Id, "360p"), 640, 360, 10),
            new HlsReady(job.Id, VideoKeys.Hls(job.Id, HlsLayout.MasterPlaylist), []),
            new ThumbnailReady(job.Id, VideoKeys.Thumbnail(job.Id)));

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
