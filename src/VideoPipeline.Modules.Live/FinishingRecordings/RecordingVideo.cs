namespace VideoPipeline.Modules.Live.FinishingRecordings;

/// <summary>The Live module's view of a recording's video stream: whether anything of it plays, and whether it is finished, failed or gone.</summary>
public sealed class RecordingVideo
{
    public Guid Id { get; set; }
    public bool Playable { get; set; }
    public bool Completed { get; set; }
    public bool Deleted { get; set; }
    public bool Failed { get; set; }

    public static RecordingVideo Create(UploadRequested e) => new() { Id = e.VideoId };

    public void Apply(StreamingStarted _) => Playable = true;

    public void Apply(ProcessingCompleted _) => Completed = true;

    public void Apply(VideoDeleted _) => Deleted = true;

    public void Apply(ProcessingAttemptFailed e) => Failed |= !e.WillRetry;
}
