using System.Globalization;
using Alba;
using Marten;
using VideoPipeline.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using System.Text.Json;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Operations;

/// <summary>Dead letters past the threshold page the operator once per incident, signed, and readiness says why.</summary>
[Collection(AlertingCollection.Name)]
public sealed class AlertingOnTheQueue(AlertingApp app) : IAsyncLifetime
{
    private readonly VideoApi _api = new(app);

    public async Task InitializeAsync()
    {
        await app.ResetAsync();

        // Dead letters outlive a reset of the event store: clear them, let the monitor see the incident is over, start afresh.
        await using var clear = app.Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("delete from videos.wolverine_dead_letters");
        await clear.ExecuteNonQueryAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        app.Receiver.Calls.Clear();
    }

    public Task DisposeAsync()
    {
        app.Outage.End();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task a_dead_letter_over_the_threshold_calls_the_alert_webhook_once_and_degrades_readiness()
    {
        app.Outage.Begin((operation, _) => operation == "download");

        await _api.UploadAndProcessAsync(await TestClips.Tiny());

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (app.Receiver.Calls.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await Task.Delay(1000);
        var (signature, body) = app.Receiver.Calls.ShouldHaveSingleItem("one incident, one call, however many checks see it");
        var t = signature.Split(',')[0]["t=".Length..];
        signature.ShouldBe(VideoApi.Sign(body, DateTimeOffset.FromUnixTimeSeconds(long.Parse(t, CultureInfo.InvariantCulture)), AlertingApp.AlertSecret));
        JsonDocument.Parse(body).RootElement.GetProperty("deadLetters").GetInt64().ShouldBeGreaterThanOrEqualTo(1);

        var ready = await app.Host.Scenario(x =>
        {
            x.Get.Url("/health/ready");
            x.StatusCodeShouldBeOk();
        });
        var queue = JsonDocument.Parse(await ready.ReadAsTextAsync()).RootElement.GetProperty("checks").GetProperty("queue");
        queue.GetProperty("status").GetString().ShouldBe("Degraded");
        queue.GetProperty("description").GetString().ShouldNotBeNull().ShouldContain("dead letters");
    }

    [Fact]
    public async Task an_upload_left_waiting_for_its_transcode_pages_the_operator()
    {
        var ticket = await _api.RequestUploadAsync();
        // An upload completed as far as the stream knows, whose transcode message never ran: a stuck queue.
        await using (var session = app.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.Append(ticket.VideoId, new UploadCompleted(ticket.VideoId, ticket.Key, 1, "client"));
            await session.SaveChangesAsync();
        }

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (app.Receiver.Calls.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var (_, body) = app.Receiver.Calls.ShouldHaveSingleItem();
        JsonDocument.Parse(body).RootElement.GetProperty("incidents")[0].GetString().ShouldNotBeNull().ShouldContain("waited");
        JsonDocument.Parse(body).RootElement.GetProperty("oldestWaitingSeconds").GetDouble().ShouldBeGreaterThan(2);
    }
}
