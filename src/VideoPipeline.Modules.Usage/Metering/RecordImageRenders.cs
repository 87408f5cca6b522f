namespace VideoPipeline.Modules.Usage.Metering;

/// <summary>A picture the image API made counts one to the video's owner today, in the transaction of the message's handling.</summary>
public static class ImageRenderedHandler
{
    public static void Handle(ImageRendered message, IDocumentSession session) =>
        session.QueueSqlCommand(Metrics.AddForVideoSql, Metrics.ImagesRendered, 1.0, message.VideoId);
}
