namespace VideoPipeline.Auth;

/// <summary>
/// The API keys the service knows (section <c>VideoPipeline:Auth</c>). A key is configured either as its SHA-256
/// (<c>sha256:&lt;64 hex digits&gt;</c>, the way to store it) or as the plain key (Development; warned about elsewhere).
/// </summary>
public sealed class ApiKeyOptions
{
    public const string Section = "VideoPipeline:Auth";

    /// <summary>Plain API key → owner id (the original form, kept for Development and existing set-ups).</summary>
    public Dictionary<string, string> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Owner id → that owner's keys. Every key sees only its owner's videos.</summary>
    public Dictionary<string, string[]> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Admin name → keys that see (and list) every owner's videos.</summary>
    public Dictionary<string, string[]> AdminKeys { get; set; } = new(StringComparer.Ordinal);
}
