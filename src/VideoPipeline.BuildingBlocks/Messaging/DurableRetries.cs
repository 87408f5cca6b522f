using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace VideoPipeline.BuildingBlocks.Messaging;

/// <summary>
/// How a durable queue's message fails when what throws is the service's own side (the database, storage): tried again
/// after 2, 10 and 30 seconds, then dead-lettered, where an operator sees it (the queue's health alerts count it) and may
/// replay it.
/// </summary>
public static class DurableRetries
{
    private static readonly TimeSpan[] Cooldowns = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)];

    public static void RetryThenDeadLetter(HandlerChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        chain.OnAnyException().RetryWithCooldown(Cooldowns).Then.MoveToErrorQueue();
    }
}
