using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Webhooks;

/// <summary>
/// Most owners register no endpoint: their videos' events read no endpoint once the node knows it, and an owner who
/// registers one hears the events that follow.
/// </summary>
[Collection(IntegrationsCollection.Name)]
public sealed class NotifyingOwnersWithEndpoints(IntegrationsApp app) : HostSpec<IntegrationsApp>(app)
{
    private const string EndpointsTable = "webhooks.mt_doc_webhookendpoint";
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(1);
    private readonly string _path = $"/receiver/{Guid.NewGuid():N}";

    private WebhookApi Webhooks => new(Api);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Server.Map(_path, _ => 204);
    }

    [Fact]
    public async Task a_report_for_an_owner_without_endpoints_reads_no_endpoint()
    {
        var clip = await TestClips.NotAVideo();
        await Api.AndWaitForTheQueue(() => Api.UploadAndReportAsync(clip));
        var ticket = await Api.RequestUploadAsync();
        await Api.UploadAsync(ticket, clip);

        // Nobody may read the endpoints while this transaction holds them: a report that did would wait for it.
        await using (var connection = await App.Host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var exclusive = new NpgsqlCommand($"lock table {EndpointsTable} in access exclusive mode", connection, transaction))
            {
                await exclusive.ExecuteNonQueryAsync();
            }

            // The report, and the failure of its transcode (not a video), each an event the owner's endpoints would hear.
            await Api.AndWaitForTheQueue(() => Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 })).WaitAsync(Within);
        }

        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("failed");
    }

    [Fact]
    public async Task an_owner_who_registers_an_endpoint_hears_the_events_that_follow()
    {
        var clip = await TestClips.NotAVideo();
        await Api.AndWaitForTheQueue(() => Api.UploadAndReportAsync(clip));

        await Webhooks.RegisterAsync(App.Server.Url(_path), ["video.upload.completed"]);
        UploadTicketDto? ticket = null;
        await Api.AndWaitForTheQueue(async () => ticket = await Api.UploadAndReportAsync(clip));

        var delivery = await App.Server.NextAsync(_path, Within);
        ReceivingSide.Event(delivery).Data.VideoId.ShouldBe(ticket.ShouldNotBeNull().VideoId);
    }
}
