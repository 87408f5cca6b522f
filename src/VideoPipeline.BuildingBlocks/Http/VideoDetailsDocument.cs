namespace VideoPipeline.BuildingBlocks.Http;

/// <summary>
/// A module's document of a video that keeps the integrator's fields: set by the upload request, replaced by each edit
/// (<see cref="VideoDetailsRules"/> says what they may hold).
/// </summary>
public abstract class VideoDetailsDocument
{
    public string Title { get; set; } = "";
    public string? Passthrough { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    public void SetDetails(string title, string? passthrough, IReadOnlyDictionary<string, string>? metadata)
    {
        Title = title;
        Passthrough = passthrough;
        Metadata = metadata is null ? new(StringComparer.Ordinal) : new(metadata, StringComparer.Ordinal);
    }
}
