using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Observability;

/// <summary>The rolling JSON log lets an operator pull out everything one video's transcode wrote.</summary>
[Collection(ObservedAloneCollection.Name)]
public sealed class LoggingAJob(ObservedAloneApp app) : HostSpec<ObservedAloneApp>(app)
{
    [Fact]
    public async Task every_line_a_transcode_job_logs_carries_its_video_id()
    {
        var id = await Api.UploadAndProcessAsync(await TestClips.Landscape480p());

        var jobLines = (await JsonLog.LinesAsync(App.StorageRoot))
            .Where(line => line.TryGetProperty("SourceContext", out var source) && source.GetString() == "VideoPipeline.Modules.Processing.TranscodeJob")
            .ToList();
        jobLines.ShouldNotBeEmpty();
        jobLines.Where(line => !line.TryGetProperty("VideoId", out var _)).ShouldBeEmpty();
        jobLines.Count(line => line.GetProperty("VideoId").GetString() == id.ToString()).ShouldBeGreaterThanOrEqualTo(3);
    }
}
