using Alba;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Analytics;

/// <summary>What the analytics specs share: no beacon, view or figure left from another spec, today by the fake clock, and beacons sent as a player would.</summary>
public abstract class AnalyticsSpec(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Beacons.ForgetEverythingAsync(App.Host.Services);
    }

    protected DateOnly Today => DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);

    protected Task<IScenarioResult> SendAsync(Guid video, string beacon, int expectedStatus = 204, string from = "10.0.0.1") =>
        Beacons.SendAsync(App, video, beacon, expectedStatus, from);
}
