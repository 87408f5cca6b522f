namespace VideoPipeline.Tests.Infrastructure;

/// <summary>
/// The service as an integrator's backend meets it: a local server on 127.0.0.1 (allowed through the network guard) that
/// receives webhooks and serves files to ingest; deliveries retried within a second instead of minutes, each attempt
/// bounded to two seconds, two at once per endpoint and four in all; uploads up to 3 MB; sources that send less than
/// 2 KiB/s over two seconds refused.
/// </summary>
public sealed class IntegrationsApp : VideoPipelineApp
{
    public const long MaxSizeBytes = 3_000_000;
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);
    public const long MinBytesPerSecond = 2048;
    public static readonly TimeSpan TransferRateWindow = TimeSpan.FromSeconds(2);

    public LocalServer Server { get; private set; } = null!;

    protected override string DatabaseName => "integrations";

    protected override async Task PrepareAsync() => Server = await LocalServer.StartAsync();

    protected override ValueTask CleanUpAsync() => Server.DisposeAsync();

    /// <summary>A second node of this service with this host's settings (the same local server, the same terms).</summary>
    public Task<Alba.IAlbaHost> AnotherNodeAsync() => SecondNodeAsync(new Dictionary<string, string?>(HostSettings()));

    protected override IDictionary<string, string?> HostSettings() => new Dictionary<string, string?>
    {
        ["VideoPipeline:Network:AllowedPrivateHosts:0"] = "127.0.0.1",
        ["VideoPipeline:Webhooks:Timeout"] = AttemptTimeout.ToString(),
        ["VideoPipeline:Webhooks:FirstRetryDelay"] = "00:00:00.200",
        ["VideoPipeline:Webhooks:MaxRetryDelay"] = "00:00:00.400",
        ["VideoPipeline:Webhooks:MaxParallelDeliveries"] = "4",
        ["VideoPipeline:Webhooks:MaxParallelPerEndpoint"] = "2",
        ["VideoPipeline:Uploads:MaxSizeBytes"] = MaxSizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["VideoPipeline:Uploads:UrlIngest:RetryCooldowns:0"] = "00:00:00.200",
        ["VideoPipeline:Uploads:UrlIngest:RetryCooldowns:1"] = "00:00:00.200",
        ["VideoPipeline:Uploads:UrlIngest:MinBytesPerSecond"] = MinBytesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["VideoPipeline:Uploads:UrlIngest:TransferRateWindow"] = TransferRateWindow.ToString(),
        ["VideoPipeline:Queue:ScheduledJobPollingTime"] = "00:00:00.250",
    };
}

[CollectionDefinition(Name)]
[TakesAbout(43)]
public sealed class IntegrationsCollection : ICollectionFixture<IntegrationsApp>
{
    public const string Name = "service with an integrator's backend";
}
