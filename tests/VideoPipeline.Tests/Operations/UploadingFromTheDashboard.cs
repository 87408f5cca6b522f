using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Operations;

/// <summary>A creator uploads from the dashboard in Debian's Chromium (dashboard/e2e/upload.mjs), against the service on a real port.</summary>
[Collection(KestrelCollection.Name)]
public sealed class UploadingFromTheDashboard(KestrelApp app)
{
    [Fact]
    public async Task a_big_file_goes_up_in_parts_survives_a_failed_part_and_a_reload_becomes_a_video_and_can_be_renamed_and_deleted()
    {
        var output = await BrowserSpecs.RunAsync("upload.mjs", app.BaseUrl.ToString(), VideoApi.DevKey, await TestClips.Big());

        output.ShouldContain("upload: ok");
    }
}
