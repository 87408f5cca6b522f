using VideoPipeline.Operations.WatchingTheQueues;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Operations.Deciding;

/// <summary>Given the last check's health, when the queue is looked at again with these facts, then these incidents and alerts.</summary>
public sealed class JudgingTheQueue
{
    private static readonly AlertOptions Options = new() { MaxDeadLetters = 2, MaxQueueAge = TimeSpan.FromMinutes(30) };
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static QueueFacts Facts(long deadLetters = 0, TimeSpan? oldestWaiting = null) =>
        new(deadLetters, oldestWaiting is null ? 0 : 1, 0, Now - oldestWaiting, Now);

    private static (QueueHealth Health, IReadOnlyList<Sent> Alerts) Check(QueueHealth? previous, QueueFacts facts)
    {
        var (health, alerts) = QueueHealth.Next(previous, facts, Options);
        return (health, Sent.Of(alerts));
    }

    [Fact]
    public void a_healthy_queue_has_no_incident_and_raises_no_alert()
    {
        var (health, alerts) = Check(null, Facts(deadLetters: 2, oldestWaiting: TimeSpan.FromMinutes(30)));

        health.Incidents.ShouldBeEmpty();
        health.Facts.ShouldBe(Facts(deadLetters: 2, oldestWaiting: TimeSpan.FromMinutes(30)));
        alerts.ShouldBeEmpty();
    }

    [Fact]
    public void too_many_dead_letters_start_an_incident_and_raise_one_alert()
    {
        var facts = Facts(deadLetters: 3);

        var (health, alerts) = Check(null, facts);

        health.Incidents.ShouldBe(["3 dead letters (more than 2)"]);
        alerts.ShouldBe([new Sent(new RaiseAlert(health.Incidents, facts), null)]);
    }

    [Fact]
    public void an_upload_waiting_too_long_for_its_transcode_is_an_incident()
    {
        var (health, alerts) = Check(null, Facts(oldestWaiting: TimeSpan.FromMinutes(31)));

        health.Incidents.ShouldHaveSingleItem().ShouldStartWith("an upload has waited 0:31:00 for its transcode");
        alerts.Count.ShouldBe(1);
    }

    [Fact]
    public void an_incident_that_lasts_is_not_alerted_again()
    {
        var (started, _) = Check(null, Facts(deadLetters: 3));

        var (lasting, alerts) = Check(started, Facts(deadLetters: 5, oldestWaiting: TimeSpan.FromHours(1)));

        lasting.Incidents.Count.ShouldBe(2);
        alerts.ShouldBeEmpty();
    }

    [Fact]
    public void once_an_incident_cleared_the_next_one_alerts_again()
    {
        var (started, _) = Check(null, Facts(deadLetters: 3));
        var (cleared, _) = Check(started, Facts(deadLetters: 0));

        var (again, alerts) = Check(cleared, Facts(deadLetters: 3));

        cleared.Incidents.ShouldBeEmpty();
        again.Incidents.ShouldNotBeEmpty();
        alerts.Count.ShouldBe(1);
    }

    [Fact]
    public void a_check_replaces_only_the_version_it_was_decided_from()
    {
        var stored = new QueueHealth { Version = Guid.NewGuid() };

        var (first, _) = Check(null, Facts());
        var (next, _) = Check(stored, Facts());

        first.Version.ShouldBe(Guid.Empty, "the first health of a cluster is inserted, so a concurrent first check fails");
        next.Version.ShouldBe(stored.Version);
    }
}
