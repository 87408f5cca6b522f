using Alba;
using Microsoft.AspNetCore.Http;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Uploads;

/// <summary>The embedded store holds a presigned PUT to its terms: the signed Content-Type and at most the declared size.</summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class PuttingTheBytes(EmbeddedStorageApp app) : IAsyncLifetime
{
    private readonly VideoApi _api = new(app);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task more_bytes_than_declared_are_refused_and_nothing_is_stored()
    {
        var ticket = await _api.RequestUploadAsync(sizeBytes: 1000);

        await PutAsync(ticket.Url, await File.ReadAllBytesAsync(await TestClips.Landscape480p()), "video/mp4", 413);

        (await app.Storage.HeadAsync(ticket.Key, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task raising_the_size_limit_in_the_url_breaks_its_signature()
    {
        var ticket = await _api.RequestUploadAsync(sizeBytes: 1000);
        var raised = new Uri(ticket.Url.ToString().Replace("max=1000", "max=100000000", StringComparison.Ordinal));

        await PutAsync(raised, await File.ReadAllBytesAsync(await TestClips.Landscape480p()), "video/mp4", 403);
    }

    [Fact]
    public async Task another_content_type_than_the_signed_one_is_refused()
    {
        var ticket = await _api.RequestUploadAsync();

        await PutAsync(ticket.Url, await File.ReadAllBytesAsync(await TestClips.Landscape480p()), "text/html", 403);

        (await app.Storage.HeadAsync(ticket.Key, CancellationToken.None)).ShouldBeNull();
    }

    private Task<IScenarioResult> PutAsync(Uri url, byte[] bytes, string contentType, int expectedStatus) =>
        app.Host.Scenario(x =>
        {
            x.Put.ByteArray(bytes).ToUrl(url.AbsolutePath);
            x.ConfigureHttpContext(http =>
            {
                http.Request.QueryString = new QueryString(url.Query);
                http.Request.ContentType = contentType;
            });
            x.StatusCodeShouldBe(expectedStatus);
        });
}
