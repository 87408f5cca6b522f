namespace VideoPipeline.Modules.Processing.Transcoding;

/// <summary>
/// The input can never become a video, however often it is retried: no video stream, not decodable, truncated,
/// or without duration. <see cref="Reason"/> is meant for the video's owner and quotes ffprobe/ffmpeg where they said why.
/// </summary>
public sealed class NotAVideoException : Exception
{
    public NotAVideoException()
        : this("The file is not a video.")
    {
    }

    public NotAVideoException(string reason)
        : base(reason) => Reason = reason;

    public NotAVideoException(string reason, Exception innerException)
        : base(reason, innerException) => Reason = reason;

    public string Reason { get; }
}
