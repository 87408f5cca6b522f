using VideoPipeline.Contracts;
using VideoPipeline.Modules.Processing;
using VideoPipeline.Modules.Processing.TranscodingVideos;

namespace VideoPipeline.Tests.Processing.Deciding;

/// <summary>Given the job as committed, when a delivery of it arrives or it records, then this is what it does.</summary>
public sealed class TakingADelivery
{
    [Fact]
    public void an_upload_that_landed_is_run()
    {
        JobDecisions.OnDelivery(AJob.Uploaded()).ShouldBe(JobDecisions.Delivery.Run);
    }

    [Fact]
    public void a_job_already_completed_by_another_delivery_is_skipped()
    {
        var job = AJob.Uploaded();
        job.With(new ProcessingCompleted(job.Id));

        JobDecisions.OnDelivery(job).ShouldBe(JobDecisions.Delivery.Skip);
    }

    [Fact]
    public void a_job_whose_upload_was_rejected_or_that_failed_for_good_is_skipped()
    {
        var rejected = AJob.Uploaded();
        rejected.With(new UploadRejected(rejected.Id, 10, "not a video"));
        var failed = AJob.Uploaded();
        failed.With(new ProcessingAttemptFailed(failed.Id, 1, "refused", WillRetry: false));

        JobDecisions.OnDelivery(rejected).ShouldBe(JobDecisions.Delivery.Skip);
        JobDecisions.OnDelivery(failed).ShouldBe(JobDecisions.Delivery.Skip);
        JobDecisions.OnDelivery(null).ShouldBe(JobDecisions.Delivery.Skip, "a stream that does not exist has nothing to process");
    }

    [Fact]
    public void a_deleted_video_is_purged_again_and_records_nothing_more()
    {
        var job = AJob.Uploaded();
        job.With(new VideoDeleted(job.Id, "owner-1"));

        JobDecisions.OnDelivery(job).ShouldBe(JobDecisions.Delivery.Purge, "an earlier delivery may have written after the deletion's purge");
        JobDecisions.MayRecord(job).ShouldBeFalse();
    }

    [Fact]
    public void completion_is_recorded_once_whichever_delivery_gets_there_first()
    {
        var job = AJob.Uploaded();

        JobDecisions.Completion(job).ShouldBe([new ProcessingCompleted(job.Id)]);
        job.With(new ProcessingCompleted(job.Id));
        JobDecisions.Completion(job).ShouldBeEmpty();
    }
}
