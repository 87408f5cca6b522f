using System.Diagnostics.Metrics;
using Marten;
using Npgsql;
using VideoPipeline.BuildingBlocks.Observability;

namespace VideoPipeline.Operations.WatchingTheQueues;

/// <summary>
/// The queue gauges, as the last cluster-wide check found them (<see cref="QueueHealth"/>): every node exports the same
/// values, read from one document, instead of each node counting the queue for itself.
/// </summary>
public sealed class QueueGauges
{
    public QueueGauges(IMeterFactory meters, IDocumentStore store)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(ServiceMeter.Name);
        meter.CreateObservableGauge("transcode_queue_depth", () => Read(store, facts => facts.Waiting + facts.Running),
            description: "Transcodes waiting or running, at the last queue check.");
        meter.CreateObservableGauge("dead_letters", () => Read(store, facts => facts.DeadLetters),
            description: "Messages in Wolverine's dead-letter store, at the last queue check.");
    }

    // A scrape while the database is down shows no value rather than a wrong zero; readiness says why.
    private static IEnumerable<Measurement<long>> Read(IDocumentStore store, Func<QueueFacts, long> value)
    {
        QueueFacts? facts;
        try
        {
            // Gauges are observed synchronously, once per scrape.
            using var session = store.QuerySession();
            facts = session.LoadAsync<QueueHealth>(QueueHealth.DocumentId).GetAwaiter().GetResult()?.Facts;
        }
        catch (NpgsqlException)
        {
            facts = null;
        }

        return facts is null ? [] : [new Measurement<long>(value(facts))];
    }
}
