namespace VideoPipeline.Http;

/// <summary>
/// The exception handlers' answers: a client that leaves while its problem is written (it had the status already, or
/// no longer wants it) has been answered; the write's cancellation is not a failure for ASP.NET to log as a 500.
/// </summary>
internal static class ClientsLeaving
{
    public static async ValueTask<bool> AnsweredAsync(HttpContext http, Func<Task<bool>> write)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            return await write();
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return true;
        }
    }
}
