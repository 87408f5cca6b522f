using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>
/// What a piece of code asked of PostgreSQL: the commands it sent (Npgsql's traces, a batch counting once) and the bytes
/// it read back (Npgsql's metrics). Both are counted only in the trace the measured code runs in, so what the host does
/// meanwhile on its own (queues, schedules, other specs' requests) is not.
/// </summary>
public sealed record DatabaseCost(int Commands, long BytesRead)
{
    private const string NpgsqlBytesRead = "db.client.operation.npgsql.bytes_read";

    public static async Task<DatabaseCost> OfAsync(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var measured = new Activity("measured database cost").Start();
        var trace = measured.TraceId;
        var commands = 0;
        long bytes = 0;
        using var traces = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent.TraceId == trace ? ActivitySamplingResult.AllData : ActivitySamplingResult.None,
            ActivityStopped = command =>
            {
                if (command.TraceId == trace)
                {
                    Interlocked.Increment(ref commands);
                }
            },
        };
        ActivitySource.AddActivityListener(traces);
        using var metrics = new MeterListener();
        metrics.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Meter.Name: "Npgsql", Name: NpgsqlBytesRead })
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        // Npgsql reports what it read on the reading call's own flow: the measured code's trace is current there.
        metrics.SetMeasurementEventCallback<long>((_, read, _, _) =>
        {
            if (Activity.Current?.TraceId == trace)
            {
                Interlocked.Add(ref bytes, read);
            }
        });
        metrics.Start();
        await work();
        return new DatabaseCost(Volatile.Read(ref commands), Interlocked.Read(ref bytes));
    }
}
