using System.Globalization;
using System.Text.Json;
using Alba;
using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Contracts;
using VideoPipeline.Operations.WatchingTheQueues;
using VideoPipeline.Tests.Infrastructure;
using Wolverine.Runtime;
using Wolverine;
using Wolverine.Tracking;

namespace VideoPipeline.Tests.Operations;

/// <summary>
/// The queue is looked at on a recurring schedule, once in the cluster. Dead letters past the threshold, or an upload
/// waiting too long for its transcode, page the operator once per incident, signed, and readiness says why.
/// </summary>
[Collection(UnreliableStorageCollection.Name)]
public sealed class AlertingOnTheQueue(UnreliableStorageApp app) : HostSpec<UnreliableStorageApp>(app)
{
    [Fact]
    public void the_check_runs_on_the_configured_recurring_schedule()
    {
        var schedule = App.Host.Services.GetRequiredService<IWolverineRuntime>().Options.Schedules.FindByName("queue-health").ShouldNotBeNull();

        schedule.Schedule.Expression.ShouldBe("*/30 * * * * *");
    }

    [Fact]
    public async Task a_dead_letter_over_the_threshold_calls_the_alert_webhook_once_and_degrades_readiness()
    {
        App.Outage.Begin((operation, _) => operation == "locate");
        var id = await Api.UploadAndProcessFailingWithAsync<StorageUnavailableException>(await TestClips.Tiny());
        (await Api.DeadLettersOfAsync(id)).ShouldBe(1);

        await Api.CheckTheQueueAsync();
        await Api.CheckTheQueueAsync();

        var call = App.Receiver.Take(UnreliableStorageApp.AlertPath).ShouldHaveSingleItem("one incident, one call, however many checks see it");
        var (signature, body) = (call.Header("X-Webhook-Signature"), call.Text);
        var t = signature.Split(',')[0]["t=".Length..];
        signature.ShouldBe(VideoApi.Sign(body, DateTimeOffset.FromUnixTimeSeconds(long.Parse(t, CultureInfo.InvariantCulture)), UnreliableStorageApp.AlertSecret));
        JsonDocument.Parse(body).RootElement.GetProperty("deadLetters").GetInt64().ShouldBe(1);

        var ready = await App.Host.Scenario(x =>
        {
            x.Get.Url("/health/ready");
            x.StatusCodeShouldBeOk();
        });
        var queue = JsonDocument.Parse(await ready.ReadAsTextAsync()).RootElement.GetProperty("checks").GetProperty("queue");
        queue.GetProperty("status").GetString().ShouldBe("Degraded");
        queue.GetProperty("description").GetString().ShouldBe("1 dead letters (more than 0)");
    }

    [Fact]
    public async Task checks_that_see_an_incident_at_once_call_the_alert_webhook_once()
    {
        App.Outage.Begin((operation, _) => operation == "locate");
        await Api.UploadAndProcessFailingWithAsync<StorageUnavailableException>(await TestClips.Tiny());

        // As two nodes, or a late run and the next one, would: several checks decide from the same previous health. A check
        // that loses twice is discarded on the queue; invoked inline, as here, its caller hears why.
        var judged = 0;
        async Task CheckAsync()
        {
            try
            {
                await App.Host.MessageBus().InvokeAsync(new CheckQueueHealth());
                Interlocked.Increment(ref judged);
            }
            catch (ConcurrencyException)
            {
            }
        }

        await App.Host.TrackActivity(TimeSpan.FromMinutes(1)).DoNotAssertOnExceptionsDetected()
            .ExecuteAndWaitAsync(_ => new ValueTask(Task.WhenAll(Enumerable.Range(0, 8).Select(_ => CheckAsync()))));

        judged.ShouldBeGreaterThan(0);

        App.Receiver.Take(UnreliableStorageApp.AlertPath).ShouldHaveSingleItem("one incident, one call, however many checks see it at once");
    }

    [Fact]
    public async Task an_upload_left_waiting_for_its_transcode_pages_the_operator()
    {
        var ticket = await Api.RequestUploadAsync();
        // An upload completed as far as the stream knows, whose transcode message never ran: a stuck queue.
        await using (var session = App.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.Append(ticket.VideoId, new UploadCompleted(ticket.VideoId, ticket.Key, 1, "client"));
            await session.SaveChangesAsync();
        }

        await Api.CheckTheQueueAsync();
        App.Receiver.Take(UnreliableStorageApp.AlertPath).ShouldBeEmpty("it has not waited a minute yet");

        App.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(5));
        await Api.CheckTheQueueAsync();

        var body = App.Receiver.Take(UnreliableStorageApp.AlertPath).ShouldHaveSingleItem().Text;
        JsonDocument.Parse(body).RootElement.GetProperty("incidents")[0].GetString().ShouldNotBeNull().ShouldContain("waited");
        JsonDocument.Parse(body).RootElement.GetProperty("oldestWaitingSeconds").GetDouble().ShouldBeGreaterThan(60);
    }
}
