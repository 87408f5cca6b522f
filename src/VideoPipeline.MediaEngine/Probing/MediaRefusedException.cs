namespace VideoPipeline.MediaEngine;

/// <summary>
/// The input can never become a video, however often it is tried again: not an accepted container, no video stream,
/// undecodable or truncated, beyond the service's limits, or a run over it broke a bound. <see cref="Reason"/> is written
/// for the video's owner.
/// </summary>
public class MediaRefusedException : Exception
{
    public MediaRefusedException()
        : this("The file is not a video.")
    {
    }

    public MediaRefusedException(string reason)
        : base(reason) => Reason = reason;

    public MediaRefusedException(string reason, Exception innerException)
        : base(reason, innerException) => Reason = reason;

    public string Reason { get; }
}

/// <summary>A guarded run broke one of its <see cref="MediaBounds"/> and was stopped.</summary>
public sealed class MediaBoundExceededException : MediaRefusedException
{
    public MediaBoundExceededException()
    {
    }

    public MediaBoundExceededException(string reason)
        : base(reason)
    {
    }

    public MediaBoundExceededException(string reason, Exception innerException)
        : base(reason, innerException)
    {
    }

    public MediaBoundExceededException(MediaBound bound, string reason)
        : base(reason) => Bound = bound;

    public MediaBound Bound { get; }
}
