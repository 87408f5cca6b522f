using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Tenants;

/// <summary>The Owners and Keys pages in Debian's Chromium (dashboard/e2e/tenants.mjs), against the service on a real port.</summary>
[Collection(KestrelCollection.Name)]
public sealed class ManagingTenantsInTheDashboard(KestrelApp app)
{
    [Fact]
    public async Task an_admin_onboards_suspends_and_reinstates_an_owner_and_an_owner_makes_and_revokes_a_read_only_key()
    {
        var output = await BrowserSpecs.RunAsync("tenants.mjs", app.BaseUrl.ToString(), VideoApi.AdminKey, VideoApi.OtherOwnersKey);

        output.ShouldContain("tenants: ok");
    }
}
