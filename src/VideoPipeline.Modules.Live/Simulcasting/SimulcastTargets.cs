using FluentValidation;
using VideoPipeline.BuildingBlocks.Network;

namespace VideoPipeline.Modules.Live.Simulcasting;

/// <summary>One place a live stream's broadcasts are forwarded to: an RTMP or RTMPS URL whose last path segment is the target's stream key.</summary>
/// <param name="Passthrough">The owner's own label for the target (at most 255 characters), given back as is.</param>
public sealed record SimulcastTarget(string? Url, string? Passthrough = null);

/// <summary>A simulcast target as its owner reads it: its id, the URL with its key masked, and how forwarding the current broadcast to it goes.</summary>
public sealed record SimulcastTargetView(Guid Id, string Url, string? Passthrough, string Status, string? Reason)
{
    public static SimulcastTargetView Of(SimulcastTargetState target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new(target.Id, SimulcastTargets.Masked(target.Url), target.Passthrough, target.Status, target.Reason);
    }
}

/// <summary>How a simulcast target is judged, shown and tracked.</summary>
public static class SimulcastTargets
{
    public const string Idle = "idle";
    public const string Connecting = "connecting";
    public const string Forwarding = "forwarding";
    public const string Ended = "ended";
    public const string Failed = "failed";

    public const int MaxUrlLength = 1024;
    public const int MaxPassthroughLength = 255;

    /// <summary>An RTMP(S) URL the service will connect to on the owner's behalf: no credentials, not an address the guard refuses, an application and a key.</summary>
    public static IRuleBuilderOptions<T, string?> SimulcastUrl<T>(this IRuleBuilderInitial<T, string?> rule, NetworkGuard guard)
    {
        ArgumentNullException.ThrowIfNull(guard);
        return rule.UrlJudgedBy(MaxUrlLength, url => RefusalOf(url, guard));
    }

    /// <summary>The owner's label of a target: optional, plain text, at most <see cref="MaxPassthroughLength"/> characters.</summary>
    public static IRuleBuilderOptions<T, string?> SimulcastPassthrough<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.MaximumLength(MaxPassthroughLength).PlainText();

    private static string? RefusalOf(string url, NetworkGuard guard)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed))
        {
            return "must be an absolute rtmp or rtmps URL.";
        }

        return guard.RefusalOf(parsed, "rtmp", "rtmps")
            ?? (parsed.Query.Length > 0 || parsed.Fragment.Length > 0 ? "must not carry a query or a fragment."
                : parsed.Segments.Length < 3 || parsed.AbsolutePath.EndsWith('/') ? "must name an application and a stream key (rtmp://host/app/key)."
                : null);
    }

    /// <summary>The URL without its stream key (the last path segment), which is a secret of the target's.</summary>
    public static string Masked(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var parsed = new Uri(url);
        var path = parsed.AbsolutePath;
        return $"{parsed.Scheme}://{parsed.Authority}{path[..(path.LastIndexOf('/') + 1)]}****";
    }

    /// <summary>A message about forwarding to <paramref name="url"/> (ffmpeg's, which names the URL) with the target's key masked wherever it appears.</summary>
    public static string WithoutKey(string message, string url)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(url);
        var key = new Uri(url).Segments[^1];
        return message.Replace(key, "****", StringComparison.Ordinal).Replace(Uri.UnescapeDataString(key), "****", StringComparison.Ordinal);
    }
}
