using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using VideoPipeline.BuildingBlocks.Storage;

namespace VideoPipeline.Health;

public sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (NpgsqlException e)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is unreachable.", e);
        }
    }
}

public sealed class StorageHealthCheck(IObjectStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // A HEAD of a key that never exists still proves the store answers and the credentials work.
            await storage.HeadAsync("health/probe", cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (StorageUnavailableException e)
        {
            return HealthCheckResult.Unhealthy("Object storage is unreachable.", e);
        }
    }
}

public sealed class FfmpegHealthCheck : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        foreach (var tool in new[] { "ffmpeg", "ffprobe" })
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(tool, "-version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
                await process.StandardOutput.ReadToEndAsync(cancellationToken);
                await process.WaitForExitAsync(cancellationToken);
                if (process.ExitCode != 0)
                {
                    return HealthCheckResult.Unhealthy($"{tool} -version exited with {process.ExitCode}.");
                }
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return HealthCheckResult.Unhealthy($"{tool} is not installed or not on PATH.", e);
            }
        }

        return HealthCheckResult.Healthy();
    }
}
