using System.Net;
using System.Net.Http.Headers;
using System.Text;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Security;

/// <summary>
/// Request bodies are bounded per route before anything reads them, signatures included: a stranger cannot make the
/// service hold what it sends. Over a real port, where the server's limits apply as in production.
/// </summary>
[Collection(KestrelCollection.Name)]
public sealed class BoundingEachRequest(KestrelApp app, Xunit.Abstractions.ITestOutputHelper output)
{
    private const long Oversized = 64L * 1024 * 1024;

    [Fact]
    public async Task oversized_bodies_sent_at_once_are_refused_unread_and_memory_stays_flat()
    {
        using var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) }) { BaseAddress = app.BaseUrl };
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, i % 2 == 0 ? "/webhook/s3-upload" : "/upload/request")
            {
                Content = new Zeros(Oversized),
            };
            request.Headers.ExpectContinue = true;
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", VideoApi.DevKey);
            using var response = await client.SendAsync(request);
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType);
        }));

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        output.WriteLine($"20 bodies of {Oversized / 1024 / 1024} MiB offered at once; {allocated / 1024.0 / 1024:0.0} MiB allocated in the whole process meanwhile");
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.RequestEntityTooLarge && a.MediaType == "application/problem+json");
        allocated.ShouldBeLessThan(64L * 1024 * 1024, $"1.25 GiB were offered; {allocated / 1024 / 1024} MiB were allocated");
    }

    [Fact]
    public async Task a_notification_past_its_limit_is_refused_before_its_signature_is_checked()
    {
        var body = $$"""{"key":"videos/{{Guid.NewGuid()}}/raw.mp4","size":1,"padding":"{{new string(' ', 300 * 1024)}}"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhook/s3-upload") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Webhook-Signature", VideoApi.Sign(body, DateTimeOffset.UtcNow));
        request.Headers.ExpectContinue = true;

        using var response = await app.Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Request body too large");
    }

    [Theory]
    [InlineData("/upload/request", 70 * 1024, HttpStatusCode.RequestEntityTooLarge)]
    [InlineData("/upload/request", 60 * 1024, HttpStatusCode.BadRequest)]
    [InlineData("/webhook/sns", 1100 * 1024, HttpStatusCode.RequestEntityTooLarge)]
    [InlineData("/webhook/sns", 900 * 1024, HttpStatusCode.BadRequest)]
    public async Task each_route_takes_the_body_it_needs_and_no_more(string route, int bytes, HttpStatusCode expected)
    {
        var body = $$"""{"title":"{{new string('t', bytes)}}"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(route, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        // The body is offered only once the service says go on: a refusal comes before it, not as a reset half-way through it.
        request.Headers.ExpectContinue = true;

        using var response = await app.Client.SendAsync(request);

        response.StatusCode.ShouldBe(expected);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    /// <summary>A body of zeros of a declared length, written from one small buffer: the client holds none of it.</summary>
    private sealed class Zeros : HttpContent
    {
        private static readonly byte[] Chunk = new byte[64 * 1024];
        private readonly long _length;

        public Zeros(long length)
        {
            _length = length;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var sent = 0L; sent < _length; sent += Chunk.Length)
            {
                await stream.WriteAsync(Chunk.AsMemory(0, (int)Math.Min(Chunk.Length, _length - sent)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }
    }
}
