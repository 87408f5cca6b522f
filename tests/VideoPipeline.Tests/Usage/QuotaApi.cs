using System.Text.Json;
using Alba;
using Wolverine;
using VideoPipeline.Contracts;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Usage;

/// <summary>What the quota specs do besides the API: set an owner's limits as the admin API does (the message), read its standing.</summary>
public sealed class QuotaApi(VideoApi api)
{
    public const string DevOwner = "dev";

    public Task LimitAsync(string quota, long limit, string owner = DevOwner) =>
        api.Host.MessageBus().InvokeAsync(new OwnerLimitsChanged(owner, new Dictionary<string, long> { [quota] = limit }));

    public Task LimitAsync(Dictionary<string, long> limits, string owner = DevOwner) =>
        api.Host.MessageBus().InvokeAsync(new OwnerLimitsChanged(owner, limits));

    /// <summary>What <c>GET /quotas</c> says of one quota of the caller.</summary>
    public async Task<QuotaUseDto> UseAsync(string quota, string key = VideoApi.DevKey) =>
        (await api.GetAsync<QuotaStandingDto>("/quotas", key)).Quotas.Single(q => q.Name == quota);

    /// <summary>The over-quota problem of a refused request: its status, content type and the members naming the quota.</summary>
    public static async Task<OverQuotaDto> OverQuotaAsync(IScenarioResult refused)
    {
        refused.Context.Response.StatusCode.ShouldBe(409);
        refused.Context.Response.ContentType.ShouldBe("application/problem+json");
        return (await refused.ReadAsJsonAsync<OverQuotaDto>())!;
    }
}

public sealed record QuotaUseDto(string Name, long Limit, long Used, bool AtLimit, bool Exceeded);

public sealed record QuotaStandingDto(string OwnerId, List<QuotaUseDto> Quotas, bool AnyAtLimit);

public sealed record OverQuotaDto(string Title, int Status, string Detail, string Quota, long Limit, long Used, long Requested);

public sealed record UsageDayDto(
    DateOnly Day, long UploadedBytes, double StoredByteHours, Dictionary<string, double> EncodedMinutes, long ApiCalls, double WatchedMinutes, long ImagesRendered);

public sealed record OwnerUsageDto(string OwnerId, List<UsageDayDto> Days, UsageDayDto Totals, List<QuotaUseDto> Quotas, bool AnyAtLimit);

public sealed record UsageReportDto(DateOnly From, DateOnly To, List<OwnerUsageDto> Owners);
