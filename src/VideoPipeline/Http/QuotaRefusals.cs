using Microsoft.AspNetCore.Diagnostics;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.BuildingBlocks.Quotas;

namespace VideoPipeline.Http;

/// <summary>
/// A hold the database refused in a request's commit (<see cref="QuotaLedger"/>): the transaction rolled back, so nothing
/// of the request was kept, and the answer is the over-quota problem naming the quota, its limit and what is used.
/// </summary>
internal sealed class QuotaRefusals : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (QuotaExceeded.In(exception) is not { } over || http.Response.HasStarted)
        {
            return false;
        }

        return await ClientsLeaving.AnsweredAsync(http, async () =>
        {
            await Answer.OverQuota(over).ToHttp().ExecuteAsync(http);
            return true;
        });
    }
}
