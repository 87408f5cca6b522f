using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Processing;
using VideoPipeline.Modules.Processing.RetryingFailedVideos;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Processing.Deciding;

/// <summary>Given a job, when its owner asks for a retry, then only a failed video goes back on the queue.</summary>
public sealed class RetryingAFailedVideo
{
    private static (Answer Answer, List<object> Events, IReadOnlyList<Sent> Sent) Retry(TranscodeJob? job)
    {
        var (answer, events, outgoing) = RetryProcessingHandler.Handle(new RetryProcessing(job?.Id ?? Guid.NewGuid(), "owner-1"), job);
        return (answer, events.ToList(), Sent.Of(outgoing));
    }

    [Fact]
    public void a_video_whose_retries_ran_out_is_replayed_from_the_dead_letter_store()
    {
        var deadLetter = Guid.NewGuid();
        var job = AJob.Uploaded();
        job.With(new ProcessingAttemptFailed(job.Id, 4, "Storage unavailable", WillRetry: false, deadLetter));

        var (answer, events, sent) = Retry(job);

        answer.ShouldBe(Answer.Accepted($"/videos/{job.Id}"));
        events.ShouldBe([new ProcessingRetryRequested(job.Id, "owner-1")]);
        sent.ShouldBe([new Sent(new ReplayTranscode(job.Id, job.RawKey!, deadLetter), null)]);
    }

    [Fact]
    public void a_video_refused_without_a_dead_letter_gets_a_fresh_transcode()
    {
        var job = AJob.Uploaded();
        job.With(new ProcessingAttemptFailed(job.Id, 1, "ffmpeg made no progress and was stopped", WillRetry: false));

        var (_, events, sent) = Retry(job);

        events.ShouldHaveSingleItem().ShouldBeOfType<ProcessingRetryRequested>();
        sent.ShouldBe([new Sent(new TranscodeVideo(job.Id, job.RawKey!, job.OwnerId), null)]);
    }

    [Fact]
    public void a_second_retry_of_the_same_failure_is_refused_because_the_first_already_cleared_it()
    {
        var job = AJob.Uploaded();
        job.With(
            new ProcessingAttemptFailed(job.Id, 4, "Storage unavailable", WillRetry: false, Guid.NewGuid()),
            new ProcessingRetryRequested(job.Id, "owner-1"));

        var (answer, events, sent) = Retry(job);

        answer.Kind.ShouldBe(AnswerKind.Conflict);
        answer.Detail.ShouldBe("Only a failed video can be retried; this one is still being processed.");
        events.ShouldBeEmpty();
        sent.ShouldBeEmpty();
    }

    [Fact]
    public void a_processed_video_is_not_retried()
    {
        var job = AJob.Uploaded();
        job.With(new ProcessingCompleted(job.Id));

        var (answer, events, sent) = Retry(job);

        answer.Detail.ShouldBe("Only a failed video can be retried; this one is processed.");
        events.ShouldBeEmpty();
        sent.ShouldBeEmpty();
    }

    [Fact]
    public void a_rejected_upload_is_not_retried_and_its_owner_is_told_to_upload_again()
    {
        var job = AJob.Uploaded();
        job.With(new UploadRejected(job.Id, 0, "The object is empty."));

        var (answer, _, sent) = Retry(job);

        answer.Kind.ShouldBe(AnswerKind.Conflict);
        answer.Detail.ShouldNotBeNull().ShouldContain("an upload that was rejected (The object is empty.); request a new upload");
        sent.ShouldBeEmpty();
    }

    [Fact]
    public void a_video_that_does_not_exist_is_not_found()
    {
        var (answer, events, sent) = Retry(null);

        answer.ShouldBe(Answer.VideoNotFound);
        events.ShouldBeEmpty();
        sent.ShouldBeEmpty();
    }
}
