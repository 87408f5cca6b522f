using System.Text.Json;

namespace VideoPipeline.Modules.Uploads.ReceivingS3Notifications;

/// <summary>An object that storage says was created, from either accepted payload shape.</summary>
/// <param name="FromBucketEvent">It came in an S3 event document, which reports every object of the bucket, the service's own outputs too.</param>
public sealed record CreatedObject(string Key, bool FromBucketEvent = false);

/// <summary>What a notification body says: the created objects, or why it is not understood.</summary>
internal sealed record ParsedNotification(IReadOnlyList<CreatedObject> Created, string? Refusal = null)
{
    public static ParsedNotification Refused(string why) => new([], why);
}

/// <summary>
/// Reads the two webhook payloads: the manual <c>{key,size}</c> and an S3 event notification
/// document <c>{Records:[{eventName, s3:{object:{key,size}}}]}</c> (keys URL-encoded, as S3 sends them).
/// Anything else, of any shape, is a refusal, never an exception.
/// </summary>
internal static class UploadNotification
{
    private const string Expected =
        "Send {\"key\":\"videos/<id>/raw.<ext>\",\"size\":<bytes>} or an S3 event notification document ({\"Records\":[...]}).";

    public static ParsedNotification Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException e)
        {
            return ParsedNotification.Refused($"The body is not valid JSON ({e.Message}). {Expected}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ParsedNotification.Refused(Expected);
            }

            if (root.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array)
            {
                var count = records.GetArrayLength();
                return count > BodyLimits.MaxNotificationRecords
                    ? ParsedNotification.Refused($"The document has {count} records, more than the {BodyLimits.MaxNotificationRecords} accepted in one notification.")
                    : new ParsedNotification(ParseS3Event(records));
            }

            return Text(root, "key") is { Length: > 0 } key
                ? new ParsedNotification([new CreatedObject(key)])
                : ParsedNotification.Refused(Expected);
        }
    }

    private static List<CreatedObject> ParseS3Event(JsonElement records)
    {
        var created = new List<CreatedObject>();
        foreach (var record in records.EnumerateArray())
        {
            var eventName = Text(record, "eventName") ?? "";
            if (!eventName.StartsWith("ObjectCreated:", StringComparison.Ordinal) && !eventName.StartsWith("s3:ObjectCreated:", StringComparison.Ordinal))
            {
                continue;
            }

            if (record.TryGetProperty("s3", out var s3) && s3.ValueKind == JsonValueKind.Object &&
                s3.TryGetProperty("object", out var obj) && Text(obj, "key") is { Length: > 0 } encodedKey)
            {
                // S3 encodes keys like form values: '+' stands for a space.
                created.Add(new CreatedObject(Uri.UnescapeDataString(encodedKey.Replace('+', ' ')), FromBucketEvent: true));
            }
        }

        return created;
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
