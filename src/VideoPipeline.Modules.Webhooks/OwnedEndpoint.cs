namespace VideoPipeline.Modules.Webhooks;

/// <summary>Endpoints belong to the owner who registered them: anyone else is answered as if there were none.</summary>
internal static class OwnedEndpoint
{
    public static Answer NotFound { get; } = Answer.NotFound("Webhook endpoint not found.");

    public static async Task<WebhookEndpoint?> LoadAsync(IQuerySession session, Guid endpointId, string ownerId, CancellationToken ct) =>
        await session.LoadAsync<WebhookEndpoint>(endpointId, ct) is { } endpoint && endpoint.OwnerId == ownerId ? endpoint : null;
}
