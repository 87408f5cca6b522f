namespace VideoPipeline.BuildingBlocks.Storage;

/// <summary>
/// Object keys are relative, slash-separated paths; anything that could escape the store's root is refused, and so is
/// any segment starting with a dot (the embedded store keeps its own bookkeeping there).
/// </summary>
public static class ObjectKeys
{
    public static bool IsValid(string? key) =>
        !string.IsNullOrEmpty(key) &&
        key.Length <= 1024 &&
        !key.Contains('\\', StringComparison.Ordinal) &&
        !key.Contains('\0', StringComparison.Ordinal) &&
        key.Split('/').All(segment => segment.Length > 0 && segment[0] != '.');

    public static void EnsureValid(string key)
    {
        if (!IsValid(key))
        {
            throw new ArgumentException($"'{key}' is not a valid object key.", nameof(key));
        }
    }

    /// <summary>The key with each segment URL-escaped, slashes kept.</summary>
    public static string Escape(string key) => string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
}
