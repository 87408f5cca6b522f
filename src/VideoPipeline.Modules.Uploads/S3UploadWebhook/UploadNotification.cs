using System.Text.Json;

namespace VideoPipeline.Modules.Uploads.S3UploadWebhook;

/// <summary>An object that storage says was created, from either accepted payload shape.</summary>
/// <param name="FromBucketEvent">It came in an S3 event document, which reports every object of the bucket, the service's own outputs too.</param>
public sealed record CreatedObject(string Key, long? Size, bool FromBucketEvent = false);

/// <summary>
/// Reads the two webhook payloads: the manual <c>{key,size}</c> and an S3 event notification
/// document <c>{Records:[{eventName, s3:{object:{key,size}}}]}</c> (keys URL-encoded, as S3 sends them).
/// </summary>
public static class UploadNotification
{
    /// <summary>The created objects, or null when the body is neither shape.</summary>
    public static IReadOnlyList<CreatedObject>? Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array)
            {
                return ParseS3Event(records);
            }

            if (root.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String && key.GetString() is { Length: > 0 } k)
            {
                return [new CreatedObject(k, SizeOf(root, "size"))];
            }

            return null;
        }
    }

    private static List<CreatedObject> ParseS3Event(JsonElement records)
    {
        var created = new List<CreatedObject>();
        foreach (var record in records.EnumerateArray())
        {
            var eventName = record.TryGetProperty("eventName", out var name) ? name.GetString() ?? "" : "";
            if (!eventName.StartsWith("ObjectCreated:", StringComparison.Ordinal) && !eventName.StartsWith("s3:ObjectCreated:", StringComparison.Ordinal))
            {
                continue;
            }

            if (record.TryGetProperty("s3", out var s3) &&
                s3.TryGetProperty("object", out var obj) &&
                obj.TryGetProperty("key", out var key) &&
                key.GetString() is { Length: > 0 } encodedKey)
            {
                // S3 encodes keys like form values: '+' stands for a space.
                created.Add(new CreatedObject(Uri.UnescapeDataString(encodedKey.Replace('+', ' ')), SizeOf(obj, "size"), FromBucketEvent: true));
            }
        }

        return created;
    }

    private static long? SizeOf(JsonElement element, string property) =>
        element.TryGetProperty(property, out var size) && size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var value)
            ? value
            : null;
}
