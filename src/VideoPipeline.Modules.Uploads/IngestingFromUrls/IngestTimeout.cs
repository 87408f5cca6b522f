using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine.Configuration;
using Wolverine.Runtime.Handlers;

namespace VideoPipeline.Modules.Uploads.IngestingFromUrls;

/// <summary>
/// A download may take its whole <see cref="UrlIngestOptions.DownloadTimeout"/>, and storing the file some more:
/// Wolverine's own limit on a local queue's message (a minute by default) would cancel it long before.
/// </summary>
internal sealed class IngestTimeout(UrlIngestOptions options) : IHandlerPolicy
{
    public void Apply(IReadOnlyList<HandlerChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.MessageType == typeof(RunIngest)))
        {
            chain.ExecutionTimeoutInSeconds = (int)Math.Ceiling((options.AnswerTimeout + (2 * options.DownloadTimeout)).TotalSeconds);
        }
    }
}
