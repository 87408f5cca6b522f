using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Operations;

/// <summary>The real dashboard in Debian's Chromium, against the service on a real port (dashboard/e2e/dashboard.mjs).</summary>
[Collection(KestrelCollection.Name)]
public sealed class DrivingTheDashboard(KestrelApp app)
{
    [Fact]
    public async Task an_upload_appears_live_moves_to_processed_and_a_failed_one_shows_its_error_and_can_be_retried()
    {
        File.Exists(Path.Combine(Repository.Root, "src", "VideoPipeline", "wwwroot", "index.html"))
            .ShouldBeTrue("the dashboard is built by ./test.sh (cd dashboard && npm ci && npm run build)");

        var output = await ChildProcess.RunAsync(
            "node",
            $"e2e/dashboard.mjs {app.BaseUrl} {VideoApi.DevKey} \"{await TestClips.Hd720p10s()}\" \"{await TestClips.NotAVideo()}\"",
            workingDirectory: Path.Combine(Repository.Root, "dashboard"));

        output.ShouldContain("dashboard: ok");
    }
}
