using System.Net;
using VideoPipeline.BuildingBlocks.Network;

namespace VideoPipeline.Modules.Uploads.IngestingFromUrls;

/// <summary>How one attempt to download a source URL ended.</summary>
public abstract record DownloadResult
{
    /// <summary>The whole file is on disk, within the size limit.</summary>
    public sealed record Fetched(long SizeBytes) : DownloadResult;

    /// <summary>Trying again would not help: not there, too large, refused by the guard, refused by the source.</summary>
    public sealed record Refused(string Reason) : DownloadResult;

    /// <summary>The source could not be reached or failed on its side (5xx, 429, a timeout): worth another attempt later.</summary>
    public sealed record Unavailable(string Reason) : DownloadResult;

    public string Describe() => this switch
    {
        Fetched fetched => $"downloaded {fetched.SizeBytes} bytes",
        Refused refused => $"refused: {refused.Reason}",
        Unavailable unavailable => $"unavailable: {unavailable.Reason}",
        _ => GetType().Name,
    };
}

/// <summary>
/// Storage held for a download before its bytes are written: the whole download so far becomes <c>bytes</c>; the answer
/// is null when held, or why not (the owner's storage quota is used up).
/// </summary>
public delegate Task<string?> HoldStorage(long bytes, CancellationToken ct);

/// <summary>
/// Downloads a source URL through the network guard (every connection and every redirect hop judged), bounded in the
/// number of redirects, in time (for the answer, then for the whole file), in pace (a minimum transfer rate) and in size
/// (the upload limit, checked on the declared length and again on every byte read), holding the owner's storage ahead of
/// the bytes it writes.
/// </summary>
public sealed class SourceDownload(IHttpClientFactory clients, NetworkGuard guard)
{
    public const string HttpClientName = "url-ingest";

    /// <summary>Storage is held in steps of at least this much, so a download takes a few holds, not one per read.</summary>
    public const long HoldStepBytes = 8L * 1024 * 1024;

    public async Task<DownloadResult> FetchAsync(Uri url, string path, UploadsOptions options, HoldStorage holdStorage, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.UrlIngest;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(limits.DownloadTimeout);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).GetFollowingAsync(guard, url, limits.MaxRedirects, deadline.Token);
            if (RefusalOf(response.StatusCode) is { } refusal)
            {
                return refusal;
            }

            if (response.Content.Headers.ContentLength is { } declared && declared > options.MaxSizeBytes)
            {
                return new DownloadResult.Refused($"The file at the source URL is {declared} bytes, over the limit of {options.MaxSizeBytes} bytes.");
            }

            var held = 0L;
            if (response.Content.Headers.ContentLength is { } length && await holdStorage(held = length, deadline.Token) is { } overQuota)
            {
                return new DownloadResult.Refused(overQuota);
            }

            await using var pace = TransferRate.Watch(limits, deadline.Token);
            try
            {
                return await SaveAsync(response, path, options.MaxSizeBytes, held, holdStorage, pace);
            }
            catch (OperationCanceledException) when (pace.TooSlow && !deadline.IsCancellationRequested)
            {
                return new DownloadResult.Refused(
                    $"The source sent {pace.BytesInLastWindow} bytes in {limits.TransferRateWindow.TotalSeconds:0.#} s, below the minimum transfer rate of {pace.Description}.");
            }
        }
        catch (Exception e) when (RefusedByTheGuard(e) is { } refused)
        {
            return new DownloadResult.Refused($"The source URL cannot be fetched: {refused.Reason}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new DownloadResult.Unavailable(deadline.IsCancellationRequested
                ? $"The download did not finish within {limits.DownloadTimeout}."
                : $"The source did not answer within {limits.AnswerTimeout}.");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return new DownloadResult.Unavailable($"The source could not be read: {e.Message}");
        }
    }

    private static async Task<DownloadResult> SaveAsync(
        HttpResponseMessage response, string path, long maxSizeBytes, long held, HoldStorage holdStorage, TransferRate pace)
    {
        await using var body = await response.Content.ReadAsStreamAsync(pace.Token);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, pace.Token)) > 0)
        {
            pace.Received(read);
            if (file.Length + read > maxSizeBytes)
            {
                return new DownloadResult.Refused($"The file at the source URL is larger than the limit of {maxSizeBytes} bytes.");
            }

            if (file.Length + read > held
                && await holdStorage(held = Math.Min(maxSizeBytes, Math.Max(file.Length + read, held + HoldStepBytes)), pace.Token) is { } over)
            {
                return new DownloadResult.Refused(over);
            }

            await file.WriteAsync(buffer.AsMemory(0, read), pace.Token);
        }

        return new DownloadResult.Fetched(file.Length);
    }

    private static DownloadResult? RefusalOf(HttpStatusCode status) => (int)status switch
    {
        >= 200 and < 300 => null,
        404 or 410 => new DownloadResult.Refused($"Nothing was found at the source URL (HTTP {(int)status} {status})."),
        429 or >= 500 => new DownloadResult.Unavailable($"The source answered HTTP {(int)status} {status}."),
        _ => new DownloadResult.Refused($"The source answered HTTP {(int)status} {status}."),
    };

    private static OutboundRequestRefusedException? RefusedByTheGuard(Exception e) =>
        e as OutboundRequestRefusedException ?? e.InnerException as OutboundRequestRefusedException;
}
