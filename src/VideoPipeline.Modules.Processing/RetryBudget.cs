using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace VideoPipeline.Modules.Processing;

/// <summary>
/// How often a transient failure is retried, and after what cooldown: the one place both the queue's retry policy and
/// the job's record of a failed attempt ("will it be retried?") take it from. After the last cooldown the message goes to
/// the durable dead-letter store.
/// </summary>
public sealed class RetryBudget(IReadOnlyList<TimeSpan> cooldowns)
{
    public IReadOnlyList<TimeSpan> Cooldowns { get; } = cooldowns;

    /// <summary>Attempt <paramref name="attempt"/> (1-based) failed transiently: is another coming?</summary>
    public bool RetriesAfter(int attempt) => attempt <= Cooldowns.Count;

    /// <summary>The queue's side of the budget: every exception of a transcode is retried after each cooldown, then dead-lettered.</summary>
    internal IHandlerPolicy ForTranscodes() => new TranscodeRetries(this);

    private sealed class TranscodeRetries(RetryBudget budget) : IHandlerPolicy
    {
        public void Apply(IReadOnlyList<HandlerChain> chains, GenerationRules rules, IServiceContainer container)
        {
            foreach (var chain in chains.Where(c => c.MessageType == typeof(Scheduling.RunTranscode)))
            {
                chain.OnAnyException().RetryWithCooldown([.. budget.Cooldowns]).Then.MoveToErrorQueue();
            }
        }
    }
}
