using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine.Configuration;
using Wolverine.Runtime.Handlers;

namespace VideoPipeline.Modules.Processing;

/// <summary>
/// How long the queue lets one transcode attempt run before it cancels it. Wolverine's default (60 s) would cancel, and
/// retry for ever, any video that takes longer to encode; every ffmpeg run of an attempt is bounded already (its wall
/// time by the source's duration, and a stall), so this is only the backstop past the longest legitimate attempt.
/// </summary>
internal sealed class TranscodeTimeLimit(TimeSpan limit) : IHandlerPolicy
{
    public void Apply(IReadOnlyList<HandlerChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.MessageType == typeof(Scheduling.RunTranscode)))
        {
            chain.ExecutionTimeoutInSeconds = (int)Math.Min(int.MaxValue, Math.Ceiling(limit.TotalSeconds));
        }
    }
}
