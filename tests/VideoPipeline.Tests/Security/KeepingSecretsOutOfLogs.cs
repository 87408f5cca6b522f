using System.Text;
using System.Web;
using Microsoft.AspNetCore.Http;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Security;

/// <summary>No secret, API key or signature appears in a log line or in an error body, whatever a client sends.</summary>
[Collection(ObservedAloneCollection.Name)]
public sealed class KeepingSecretsOutOfLogs(ObservedAloneApp app) : IAsyncLifetime
{
    private readonly VideoApi _api = new(app);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task keys_secrets_and_signatures_never_reach_a_log_line_or_an_error_body()
    {
        var id = await _api.UploadAndProcessAsync(await TestClips.Landscape480p());
        var play = await _api.GetAsync<PlaybackDto>($"/videos/{id}/play");
        await _api.GetSignedAsync(play.Hls!);
        await _api.GetSignedAsync(play.Dash!);
        var signatures = new[] { play.Url!, play.Hls!, play.Dash!, play.ThumbnailUrl! }
            .Select(url => HttpUtility.ParseQueryString(url.Query)["sig"]!)
            .ToList();
        var errorBodies = new StringBuilder();

        // What a careless or hostile client sends: a wrong key, a forged webhook, tampered signed URLs.
        errorBodies.Append((await _api.GetAsync<ProblemDto>("/videos", "a-wrong-key-sent-by-a-client", expectedStatus: 401)).Detail);
        var body = $$"""{"key":"videos/{{id}}/raw.mp4","size":1}""";
        var forged = VideoApi.Sign(body, DateTimeOffset.UtcNow, secret: "a-guessed-secret");
        errorBodies.Append((await _api.NotifyUploadAsync(new { key = $"videos/{id}/raw.mp4", size = 1 }, 401, forged))!.ReadAsText());
        errorBodies.Append((await _api.GetSignedAsync(new Uri(play.Hls!.ToString().Replace("sig=", "sig=f", StringComparison.Ordinal)), 403)).ReadAsText());
        var tampered = new Uri(play.Url!.ToString().Replace("sig=", "sig=0", StringComparison.Ordinal));
        var storageRefusal = await app.Host.Scenario(x =>
        {
            x.Get.Url(tampered.AbsolutePath);
            x.ConfigureHttpContext(http => http.Request.QueryString = new QueryString(tampered.Query));
            x.StatusCodeShouldBe(403);
        });
        errorBodies.Append(storageRefusal.ReadAsText());

        var logs = await JsonLog.TextAsync(app.StorageRoot);
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
