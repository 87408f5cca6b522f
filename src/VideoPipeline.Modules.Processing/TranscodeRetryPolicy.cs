using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace VideoPipeline.Modules.Processing;

/// <summary>
/// Transient transcode failures are retried after each cooldown, then the message moves to Wolverine's
/// durable dead-letter store. Deterministic failures never reach here: the handler records them and completes.
/// </summary>
internal sealed class TranscodeRetryPolicy(TimeSpan[] cooldowns) : IHandlerPolicy
{
    public void Apply(IReadOnlyList<HandlerChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.MessageType == typeof(Contracts.TranscodeVideo)))
        {
            chain.OnAnyException().RetryWithCooldown(cooldowns).Then.MoveToErrorQueue();
        }
    }
}
