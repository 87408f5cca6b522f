using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoPipeline.Modules.Webhooks.Notifying;

/// <summary>
/// The body of a delivery: <c>{id, type, createdAt, data}</c>. <paramref name="Id"/> is the id of the video event that
/// caused it, so it is the same on every attempt and for every endpoint.
/// </summary>
public sealed record WebhookEvent(Guid Id, string Type, DateTimeOffset CreatedAt, WebhookVideoData Data)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>
/// The video as the event left it. <paramref name="Renditions"/> come with <c>video.playable</c> and <c>video.processed</c>,
/// <paramref name="Error"/> with <c>video.failed</c>, <paramref name="Caption"/> with <c>caption.added</c>.
/// </summary>
public sealed record WebhookVideoData(
    Guid VideoId,
    string Title,
    string? Passthrough,
    IReadOnlyDictionary<string, string> Metadata,
    string Status,
    long? SizeBytes = null,
    IReadOnlyList<WebhookRendition>? Renditions = null,
    string? Error = null,
    WebhookCaption? Caption = null);

/// <summary>The caption track a <c>caption.added</c> is about (a track of the same language replaced the one before).</summary>
public sealed record WebhookCaption(string Language, string Label, int Cues);
