using VideoPipeline.Tests.Infrastructure;
using VideoPipeline.Tests.Webhooks;

namespace VideoPipeline.Tests.Network;

/// <summary>
/// A host a user chose learns nothing of the service's own tracing: URL ingest and webhook deliveries send no trace
/// context (W3C <c>traceparent</c>, <c>tracestate</c>, <c>baggage</c>, nor the older <c>Request-Id</c> and
/// <c>Correlation-Context</c>), although the service traces the work that sends them.
/// </summary>
[Collection(IntegrationsCollection.Name)]
public sealed class SendingNoTraceContext(IntegrationsApp app) : HostSpec<IntegrationsApp>(app)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private static readonly string[] TraceHeaders = ["traceparent", "tracestate", "baggage", "request-id", "correlation-context"];
    private readonly string _path = $"/chosen/{Guid.NewGuid():N}";

    [Fact]
    public async Task a_url_ingest_sends_the_source_no_trace_context()
    {
        App.Server.MapFile(_path + "/clip.mp4", await TestClips.Tiny());

        // The ingest and the transcode it starts end within the spec: left running, they met the next spec's reset of the
        // tables (a deadlock in the ingest's handler), which that spec's own wait on the queue then reported as its failure.
        await Api.AndWaitForTheQueue(() =>
            Api.PostJsonAsync("/videos/from-url", new { url = App.Server.Url(_path + "/clip.mp4"), title = "Traced here only" }, 202));

        ShouldCarryNoTraceContext(await App.Server.NextAsync(_path + "/clip.mp4", Within));
    }

    [Fact]
    public async Task a_webhook_delivery_sends_the_receiver_no_trace_context()
    {
        App.Server.Map(_path + "/hook", _ => 204);
        await new WebhookApi(Api).RegisterAsync(App.Server.Url(_path + "/hook"));

        await Api.AndWaitForTheQueue(async () => await Api.UploadAndReportAsync(await TestClips.Tiny()));

        ShouldCarryNoTraceContext(await App.Server.NextAsync(_path + "/hook", Within));
    }

    private static void ShouldCarryNoTraceContext(ReceivedRequest request)
    {
        foreach (var header in TraceHeaders)
        {
            request.Headers.ShouldNotContainKey(header, $"{request.Method} {request.Path} carried {header}: {request.Header(header)}");
        }
    }
}
