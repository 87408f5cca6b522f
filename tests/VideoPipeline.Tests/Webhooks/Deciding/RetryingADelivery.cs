using VideoPipeline.Modules.Webhooks;
using VideoPipeline.Modules.Webhooks.Notifying;

namespace VideoPipeline.Tests.Webhooks.Deciding;

/// <summary>Given a delivery, when an attempt ends so, then its status and when the next attempt comes.</summary>
public sealed class RetryingADelivery
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly WebhooksOptions Options = new();

    private static WebhookDelivery ADelivery() =>
        WebhookDelivery.For(
            new WebhookEndpoint { Id = Guid.NewGuid(), OwnerId = "owner-1", Url = "https://example.com/hook", Secret = "s" },
            Guid.NewGuid(), WebhookEventTypes.Processed, Start, "{}");

    private static AttemptOutcome Answered(int status) => new(status, status is >= 200 and < 300 ? null : $"HTTP {status}", TimeSpan.FromMilliseconds(30));

    [Fact]
    public void a_2xx_answer_ends_the_delivery_as_succeeded()
    {
        var delivery = ADelivery();

        delivery.Record(Answered(204), Start, Options).ShouldBeNull();

        delivery.Status.ShouldBe(DeliveryStatus.Succeeded);
        delivery.Attempts.ShouldHaveSingleItem().StatusCode.ShouldBe(204);
    }

    [Fact]
    public void each_failure_waits_twice_as_long_as_the_last_up_to_the_longest_wait()
    {
        var delivery = ADelivery();
        var waits = new List<TimeSpan>();
        var at = Start;
        for (var i = 0; i < 10; i++)
        {
            var wait = delivery.Record(i % 2 == 0 ? Answered(500) : new AttemptOutcome(null, "no answer", TimeSpan.FromSeconds(10)), at, Options).ShouldNotBeNull();
            waits.Add(wait);
            at += wait;
        }

        waits.Take(4).ShouldBe([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(240)]);
        waits.ShouldAllBe(w => w <= Options.MaxRetryDelay);
        waits[^1].ShouldBe(Options.MaxRetryDelay);
        delivery.Status.ShouldBe(DeliveryStatus.Pending);
        delivery.NextAttemptAt.ShouldBe(at);
    }

    [Fact]
    public void every_scheduled_attempt_gets_a_ticket_of_its_own_so_a_stale_message_does_nothing()
    {
        var delivery = ADelivery();
        var first = delivery.Ticket;

        delivery.Record(Answered(502), Start, Options);

        delivery.Awaits(first).ShouldBeFalse();
        delivery.Awaits(delivery.Ticket).ShouldBeTrue();
    }

    [Fact]
    public void failures_are_retried_for_a_day_then_the_delivery_is_kept_as_failed()
    {
        var delivery = ADelivery();
        delivery.Record(Answered(500), Start, Options).ShouldNotBeNull();
        delivery.Record(Answered(500), Start + Options.RetryFor - TimeSpan.FromSeconds(1), Options).ShouldNotBeNull();

        delivery.Record(Answered(500), Start + Options.RetryFor, Options).ShouldBeNull();

        delivery.Status.ShouldBe(DeliveryStatus.Failed);
        delivery.NextAttemptAt.ShouldBeNull();
        delivery.Attempts.Count.ShouldBe(3);
    }

    [Fact]
    public void a_redelivery_starts_a_new_series_of_attempts()
    {
        var delivery = ADelivery();
        delivery.Record(Answered(500), Start, Options);
        delivery.Record(Answered(500), Start + Options.RetryFor, Options);
        var stale = delivery.Ticket;

        var ticket = delivery.Redeliver();
        var wait = delivery.Record(Answered(500), Start + TimeSpan.FromDays(3), Options);

        ticket.ShouldNotBe(stale);
        wait.ShouldBe(Options.FirstRetryDelay);
        delivery.Status.ShouldBe(DeliveryStatus.Pending);
        delivery.Attempts.Count.ShouldBe(3, "the earlier attempts stay on record");
    }
}
