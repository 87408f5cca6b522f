using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Usage.Metering;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Usage;

/// <summary>The Usage page in Debian's Chromium (dashboard/e2e/usage.mjs), against the service on a real port.</summary>
[Collection(KestrelCollection.Name)]
public sealed class ReadingUsageInTheDashboard(KestrelApp app)
{
    [Fact]
    public async Task an_admin_sees_every_owners_usage_charted_and_an_owner_at_a_quota_marked_and_an_owner_only_its_own()
    {
        using var scope = app.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await bus.InvokeAsync(new ImageRendered(await app.RequestUploadAsync(VideoApi.DevKey)));
        await bus.InvokeAsync(new OwnerLimitsChanged("dev", new Dictionary<string, long> { [QuotaNames.Videos] = 1_000_000, [QuotaNames.PendingUploads] = 0 }));
        await bus.InvokeAsync(new WatchedTimeRolledUp("dev", today, 300));
        await bus.InvokeAsync(new WatchedTimeRolledUp("dev2", today, 120));
        using (var calls = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseUrl, "/videos")))
        {
            calls.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", VideoApi.DevKey);
            (await app.Client.SendAsync(calls)).EnsureSuccessStatusCode();
        }

        await app.Services.GetRequiredService<ApiCallMeter>().FlushAsync(CancellationToken.None);

        try
        {
            var output = await BrowserSpecs.RunAsync(
                "usage.mjs", app.BaseUrl.ToString(), VideoApi.AdminKey, VideoApi.OtherOwnersKey, "dev", QuotaNames.PendingUploads, VideoApi.DevKey);

            output.ShouldContain("usage: ok");
        }
        finally
        {
            // The host is shared with the other dashboard specs, which upload as this owner.
            await bus.InvokeAsync(new OwnerLimitsChanged("dev", new Dictionary<string, long>()));
        }
    }
}
