using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Processing;

/// <summary>
/// Before this node takes transcodes, it clears what a crashed predecessor left in its temp root: orphaned ffmpeg
/// processes and half-written workspaces. The temp root is per node, so nothing in it belongs to a live job yet.
/// </summary>
internal sealed class StartupCleanup(IOptions<MediaOptions> options, ILogger<StartupCleanup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var killed = OrphanedFfmpeg.KillUnder(options.Value.TempRoot);
        var deleted = TempWorkspace.DeleteStale(options.Value, TimeSpan.Zero);
        if (killed + deleted > 0)
        {
            logger.LogWarning("Cleared what a previous run left behind in {TempRoot}: {Killed} ffmpeg processes stopped, {Deleted} workspaces deleted",
                options.Value.TempRoot, killed, deleted);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
