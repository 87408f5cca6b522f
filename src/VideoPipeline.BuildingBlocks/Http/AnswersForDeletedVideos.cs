namespace VideoPipeline.BuildingBlocks.Http;

/// <summary>
/// Route metadata: this per-video route still answers the owner of a deleted video (a repeated <c>DELETE</c>); every
/// other per-video route answers 404 for it, as for a video that never existed.
/// </summary>
public sealed class AnswersForDeletedVideos;
