using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace VideoPipeline.BuildingBlocks.Scheduling;

/// <summary>
/// How a run of a shared queue fails on the service's own side (the database, storage; transcodes keep their own retry
/// budget): retried on this node's run queue after each cooldown, holding its slot and its claim meanwhile, then
/// dead-lettered, where an operator sees it (the queue's health alerts count it) and may replay it. Its turn ends with
/// the last failure, so a failure that always repeats is not offered again and again.
/// </summary>
public static class TurnRuns
{
    private static readonly TimeSpan[] Cooldowns = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    public static void RetryThenDeadLetter(HandlerChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        chain.OnAnyException().RetryWithCooldown(Cooldowns).Then.MoveToErrorQueue();
    }

    /// <summary>
    /// Runs the job of <paramref name="turnId"/>: its slot is freed when it returns (its turn ends in the commit of what it
    /// recorded) or when its last attempt fails (the turn ends here, as the run is dead-lettered); an attempt that will be
    /// retried keeps both.
    /// </summary>
    public static async Task<T> RunAsync<T>(SharedSlots queue, FairTurns turns, Guid turnId, Envelope envelope, Func<Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(turns);
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(run);
        T result;
        try
        {
            result = await run();
        }
        catch (Exception) when (envelope.Attempts <= Cooldowns.Length)
        {
            throw;
        }
        catch (Exception)
        {
            queue.Free(turnId);
            await turns.ReleaseAsync(queue.Name, turnId, CancellationToken.None);
            throw;
        }

        queue.Free(turnId);
        return result;
    }
}
