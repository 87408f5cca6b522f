using Wolverine.Marten;

namespace VideoPipeline.Modules.Catalog;

/// <summary>The Catalog module's view of a video stream, for its own decisions: the integrator's fields and whether the video was deleted.</summary>
public sealed class CatalogVideo : VideoDetailsDocument
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public string RawKey { get; set; } = "";

    /// <summary>The multipart upload the video was issued, which a deletion aborts (its parts are not under the video's folder).</summary>
    public string? MultipartUploadId { get; set; }

    public bool Deleted { get; set; }

    /// <summary>For a clip: the video whose segments it plays, which it holds (<see cref="ClippingVideos.ClipHold"/>) until its own objects are purged.</summary>
    public Guid? HoldsSegmentsOf { get; set; }

    public static CatalogVideo Create(UploadRequested e)
    {
        var video = new CatalogVideo { Id = e.VideoId, OwnerId = e.OwnerId, RawKey = e.RawKey, MultipartUploadId = e.MultipartUploadId };
        video.SetDetails(e.Title, e.Passthrough, e.Metadata);
        return video;
    }

    public void Apply(VideoDetailsEdited e) => SetDetails(e.Title, e.Passthrough, e.Metadata);

    public void Apply(VideoDeleted _) => Deleted = true;

    public void Apply(ClipCreated e) => HoldsSegmentsOf = e.SegmentsOf;

    /// <summary>
    /// The owner deletes the video: <see cref="VideoDeleted"/> and the purge of its objects, queued in the same transaction.
    /// Deleting it again changes nothing and answers the same.
    /// </summary>
    public (Answer, Events, OutgoingMessages) Delete(string deletedBy)
    {
        var accepted = Answer.Accepted();
        return Deleted
            ? (accepted, [], [])
            : (accepted, [new VideoDeleted(Id, deletedBy)], [new PurgeVideoObjects(Id)]);
    }

    /// <summary>
    /// A merge patch of the integrator's fields (RFC 7396): what it names changes, what it leaves out stays; a null
    /// passthrough or metadata value removes it. A patch that changes nothing records nothing.
    /// </summary>
    public (Answer, Events) Edit(VideoDetailsPatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var title = patch.Title ?? Title;
        var passthrough = patch.Passthrough.IsSet ? patch.Passthrough.Value : Passthrough;
        var metadata = patch.MetadataCleared ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(Metadata, StringComparer.Ordinal);
        foreach (var (key, value) in patch.Metadata ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                metadata.Remove(key);
            }
            else
            {
                metadata[key] = value;
            }
        }

        if (metadata.Count > VideoDetailsRules.MaxMetadataKeys)
        {
            return (Answer.Invalid("The metadata would be too large.",
                $"The video would hold {metadata.Count} metadata keys; it may hold at most {VideoDetailsRules.MaxMetadataKeys}."), []);
        }

        var details = new VideoDetails(Id, title, passthrough, metadata);
        var unchanged = title == Title && passthrough == Passthrough && metadata.Count == Metadata.Count &&
                        metadata.All(pair => Metadata.TryGetValue(pair.Key, out var current) && current == pair.Value);
        return (Answer.Ok(details), unchanged ? [] : [new VideoDetailsEdited(Id, title, passthrough, metadata)]);
    }
}

/// <summary>The integrator's fields of a video, as a PATCH answers them.</summary>
public sealed record VideoDetails(Guid Id, string Title, string? Passthrough, IReadOnlyDictionary<string, string> Metadata);

/// <summary>A value a patch sets (<see cref="IsSet"/>), possibly to null, or leaves alone.</summary>
public readonly record struct PatchValue<T>(bool IsSet, T Value);

/// <summary>What a PATCH changes: <see cref="Title"/> when not null, <see cref="Passthrough"/> when set, and the metadata merged in.</summary>
public sealed record VideoDetailsPatch(string? Title, PatchValue<string?> Passthrough, bool MetadataCleared, IReadOnlyDictionary<string, string?>? Metadata);
