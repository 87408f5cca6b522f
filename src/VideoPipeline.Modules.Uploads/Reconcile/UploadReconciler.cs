using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wolverine;

namespace VideoPipeline.Modules.Uploads.Reconcile;

/// <summary>Runs <see cref="ReconcileUploads"/> every <see cref="ReconcilerOptions.Period"/> (a zero period turns it off).</summary>
internal sealed class UploadReconciler(IServiceScopeFactory scopes, IOptions<UploadsOptions> options, ILogger<UploadReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = options.Value.Reconciler.Period;
        if (period <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync<ReconciliationReport>(new ReconcileUploads(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Storage or the database may be down for a while; the next tick tries again.
                logger.LogWarning(e, "Reconciling uploads failed; retrying in {Period}", period);
            }
        }
    }
}
