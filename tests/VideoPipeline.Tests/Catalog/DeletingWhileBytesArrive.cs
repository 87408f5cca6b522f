using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VideoPipeline.Tests.Infrastructure;
using Wolverine.Tracking;

namespace VideoPipeline.Tests.Catalog;

/// <summary>
/// A video deleted while its bytes are still arriving: the upload streaming into the embedded store is answered 410 Gone
/// when it ends and keeps nothing, over a real socket, as a slow client meets it.
/// </summary>
[Collection(KestrelCollection.Name)]
public sealed class DeletingWhileBytesArrive(KestrelApp app)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task an_upload_still_streaming_when_its_video_is_deleted_is_answered_gone_and_leaves_nothing()
    {
        using var requested = await app.Client.PostAsJsonAsync(new Uri("/upload/request", UriKind.Relative), new { title = "Deleted mid-upload", contentType = "video/mp4" });
        var ticket = (await requested.Content.ReadFromJsonAsync<UploadTicketDto>())!;
        var folder = Path.Combine(app.StorageRoot, "objects", "videos", ticket.VideoId.ToString());
        var body = new SlowBody(firstBytes: 64 * 1024, restBytes: 64 * 1024);
        using var storage = new HttpClient { Timeout = Within };
        using var put = new HttpRequestMessage(HttpMethod.Put, ticket.Url) { Content = body };
        put.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(ticket.Headers["Content-Type"]);

        var sending = storage.SendAsync(put);
        await Eventually.WaitForAsync(
            () => Task.FromResult(Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.partial").Any()), written => written, Within,
            "the store to be writing the first bytes");
        await app.Services.GetRequiredService<IHost>().TrackActivity(Within).ExecuteAndWaitAsync(async Task (Wolverine.IMessageContext _) =>
            (await app.Client.DeleteAsync(new Uri($"/videos/{ticket.VideoId}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Accepted));
        body.SendTheRest();
        using var answer = await sending;

        answer.StatusCode.ShouldBe(HttpStatusCode.Gone, await answer.Content.ReadAsStringAsync());
        answer.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        (Directory.Exists(folder) ? Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).ToList() : []).ShouldBeEmpty();
    }

    /// <summary>A body that sends its first bytes at once and the rest only when told: a client on a slow link, mid-upload.</summary>
    private sealed class SlowBody(int firstBytes, int restBytes) : HttpContent
    {
        private readonly TaskCompletionSource _rest = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void SendTheRest() => _rest.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(new byte[firstBytes]);
            await stream.FlushAsync();
            await _rest.Task.WaitAsync(Within);
            await stream.WriteAsync(new byte[restBytes]);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = firstBytes + restBytes;
            return true;
        }
    }
}
