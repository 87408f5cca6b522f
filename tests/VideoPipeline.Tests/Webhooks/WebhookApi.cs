using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Webhooks;

/// <summary>The webhook calls of the HTTP API, as an integrator makes them.</summary>
internal sealed class WebhookApi(VideoApi api)
{
    public async Task<RegisteredWebhookDto> RegisterAsync(Uri url, string[]? events = null, string key = VideoApi.DevKey)
    {
        var result = await api.PostJsonAsync("/webhooks", new { url, events, description = "spec receiver" }, 201, key);
        return (await result.ReadAsJsonAsync<RegisteredWebhookDto>())!;
    }

    public Task<DeliveryPageDto> DeliveriesAsync(Guid endpointId, string query = "") =>
        api.GetAsync<DeliveryPageDto>($"/webhooks/{endpointId}/deliveries{query}");

    /// <summary>The endpoint's one delivery of <paramref name="eventType"/>, once it satisfies <paramref name="holds"/>.</summary>
    public async Task<DeliveryDto> DeliveryAsync(Guid endpointId, string eventType, Func<DeliveryDto, bool> holds, string what) =>
        (await Eventually.WaitForAsync(
            async () => (await DeliveriesAsync(endpointId)).Items.SingleOrDefault(d => d.EventType == eventType),
            delivery => delivery is not null && holds(delivery),
            TimeSpan.FromSeconds(30),
            what))!;
}
