using System.Security.Cryptography;

namespace VideoPipeline.Modules.Webhooks;

/// <summary>An owner's endpoint: where events are POSTed, which ones, and the secret that signs them.</summary>
public sealed class WebhookEndpoint
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public string Url { get; set; } = "";

    /// <summary>The event types sent here; empty: every type.</summary>
    public List<string> Events { get; set; } = [];

    public string? Description { get; set; }

    /// <summary>Kept to sign every delivery; shown to the owner only when registered or rotated.</summary>
    public string Secret { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SecretRotatedAt { get; set; }

    public bool Wants(string eventType) => Events.Count == 0 || Events.Contains(eventType);

    /// <summary>32 random bytes, as <c>whsec_</c> and URL-safe base64: the key receivers verify signatures with.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>An endpoint as the owner lists it: never with its secret.</summary>
public sealed record WebhookEndpointView(Guid Id, string Url, IReadOnlyList<string> Events, string? Description, DateTimeOffset CreatedAt, DateTimeOffset? SecretRotatedAt)
{
    public static WebhookEndpointView From(WebhookEndpoint e) => new(e.Id, e.Url, e.Events, e.Description, e.CreatedAt, e.SecretRotatedAt);
}
