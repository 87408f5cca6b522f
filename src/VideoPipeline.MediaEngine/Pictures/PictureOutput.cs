namespace VideoPipeline.MediaEngine;

/// <summary>
/// A still picture the ladder's process writes from its own decode beside the renditions (the thumbnail, the storyboard
/// sprite): a branch of the filter graph, the file it lands in, and that file's output options.
/// </summary>
internal sealed record PictureOutput(DecodedBranch Branch, string Path, string Arguments);
