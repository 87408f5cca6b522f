using System.Text;
using System.Text.Json;

namespace VideoPipeline.Modules.Uploads.ReceivingSnsNotifications;

/// <summary>An SNS HTTP(S) delivery, as SNS posts it.</summary>
internal sealed record SnsMessage(
    string Type,
    string MessageId,
    string TopicArn,
    string Message,
    string Timestamp,
    string SignatureVersion,
    string Signature,
    string SigningCertUrl,
    string? Subject = null,
    string? Token = null,
    string? SubscribeUrl = null)
{
    public const string Notification = "Notification";
    public const string SubscriptionConfirmation = "SubscriptionConfirmation";
    public const string UnsubscribeConfirmation = "UnsubscribeConfirmation";

    /// <summary>The message, or null when the body is not an SNS delivery.</summary>
    public static SnsMessage? Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            if (Text("Type") is not { } type || Text("MessageId") is not { } id || Text("TopicArn") is not { } topic ||
                Text("Message") is not { } message || Text("Timestamp") is not { } timestamp || Text("Signature") is not { } signature ||
                Text("SigningCertURL") is not { } certUrl)
            {
                return null;
            }

            return new SnsMessage(type, id, topic, message, timestamp, Text("SignatureVersion") ?? "1", signature, certUrl,
                Text("Subject"), Text("Token"), Text("SubscribeURL"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The canonical text SNS signs: fixed keys in a fixed order, each followed by its value, one per line.</summary>
    public string StringToSign()
    {
        var fields = Type == Notification
            ? new (string Name, string? Value)[]
            {
                ("Message", Message), ("MessageId", MessageId), ("Subject", Subject), ("Timestamp", Timestamp), ("TopicArn", TopicArn), ("Type", Type),
            }
            : [("Message", Message), ("MessageId", MessageId), ("SubscribeURL", SubscribeUrl), ("Timestamp", Timestamp), ("Token", Token), ("TopicArn", TopicArn), ("Type", Type)];
        var text = new StringBuilder();
        foreach (var (name, value) in fields.Where(f => f.Value is not null))
        {
            text.Append(name).Append('\n').Append(value).Append('\n');
        }

        return text.ToString();
    }
}
