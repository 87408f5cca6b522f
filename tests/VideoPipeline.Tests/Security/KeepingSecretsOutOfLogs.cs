using System.Text;
using System.Web;
using Microsoft.AspNetCore.Http;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Security;

/// <summary>No secret, API key or signature appears in a log line or in an error body, whatever a client sends.</summary>
[Collection(ObservedAloneCollection.Name)]
public sealed class KeepingSecretsOutOfLogs(ObservedAloneApp app) : HostSpec<ObservedAloneApp>(app)
{
    [Fact]
    public async Task keys_secrets_and_signatures_never_reach_a_log_line_or_an_error_body()
    {
        var id = await Api.UploadAndProcessAsync(await TestClips.Landscape480p());
        var play = await Api.GetAsync<PlaybackDto>($"/videos/{id}/play");
        await Api.GetSignedAsync(play.Hls!);
        await Api.GetSignedAsync(play.Dash!);
        var signatures = new[] { play.Url!, play.Hls!, play.Dash!, play.ThumbnailUrl! }
            .Select(url => HttpUtility.ParseQueryString(url.Query)["sig"]!)
            .ToList();
        var errorBodies = new StringBuilder();

        // What a careless or hostile client sends: a wrong key, a forged webhook, tampered signed URLs.
        errorBodies.Append((await Api.GetAsync<ProblemDto>("/videos", "a-wrong-key-sent-by-a-client", expectedStatus: 401)).Detail);
        var body = $$"""{"key":"videos/{{id}}/raw.mp4","size":1}""";
        var forged = VideoApi.Sign(body, DateTimeOffset.UtcNow, secret: "a-guessed-secret");
        errorBodies.Append((await Api.NotifyUploadAsync(new { key = $"videos/{id}/raw.mp4", size = 1 }, 401, forged))!.ReadAsText());
        errorBodies.Append((await Api.GetSignedAsync(new Uri(play.Hls!.ToString().Replace("sig=", "sig=f", StringComparison.Ordinal)), 403)).ReadAsText());
        var tampered = new Uri(play.Url!.ToString().Replace("sig=", "sig=0", StringComparison.Ordinal));
        var storageRefusal = await App.Host.Scenario(x =>
        {
            x.Get.Url(tampered.AbsolutePath);
            x.ConfigureHttpContext(http => http.Request.QueryString = new QueryString(tampered.Query));
            x.StatusCodeShouldBe(403);
        });
        errorBodies.Append(storageRefusal.ReadAsText());

        var logs = await JsonLog.TextAsync(App.StorageRoot);
        logs.ShouldContain(id.ToString(), customMessage: "the log was written and read");
        var secrets = new[]
        {
            VideoApi.DevKey, "a-wrong-key-sent-by-a-client", VideoPipelineApp.WebhookSecret, "dev-storage-signing-key", "dev-playback-signing-key",
            forged.Split("v1=")[1],
        }.Concat(signatures);
        foreach (var secret in secrets)
        {
            logs.ShouldNotContain(secret, Case.Sensitive);
            errorBodies.ToString().ShouldNotContain(secret, Case.Sensitive);
        }
    }
}
