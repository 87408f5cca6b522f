using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VideoPipeline.BuildingBlocks.Storage;
using Wolverine;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>
/// The real service in-process (Alba), on a real Postgres database of its own, with the Development keys and secrets.
/// One per test collection; each spec starts from empty data.
/// </summary>
public abstract class VideoPipelineApp : IAsyncLifetime
{
    public const string WebhookSecret = "dev-webhook-secret";

    public IAlbaHost Host { get; private set; } = null!;

    public string StorageRoot { get; } = Path.Combine(Path.GetTempPath(), "videopipeline-tests", Guid.NewGuid().ToString("N"));

    protected abstract string DatabaseName { get; }

    protected abstract IDictionary<string, string?> StorageSettings();

    /// <summary>Where a presigned upload URL of this host must point.</summary>
    public abstract string UploadUrlPrefix { get; }

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
    {
        var connectionString = await TestEnvironment.DatabaseAsync(DatabaseName);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = connectionString,
            ["VideoPipeline:Processing:RetryCooldowns:0"] = "00:00:00.200",
            ["VideoPipeline:Processing:RetryCooldowns:1"] = "00:00:00.400",
            ["VideoPipeline:Processing:RetryCooldowns:2"] = "00:00:00.800",
            ["VideoPipeline:Processing:TempRoot"] = Path.Combine(StorageRoot, "tmp"),
            ["VideoPipeline:Processing:MaxParallelTranscodes"] = "1",
            ["VideoPipeline:Logging:FilePath"] = Path.Combine(StorageRoot, "logs", "videopipeline-.json"),
        };
        foreach (var (key, value) in StorageSettings())
        {
            settings[key] = value;
        }

        Host = await AlbaHost.For<Program>(web =>
        {
            web.UseEnvironment("Development");
            // Host settings, not ConfigureAppConfiguration: Program reads its configuration while building, before
            // app-configuration callbacks apply, and these also win over the ConnectionStrings__Postgres of ./run.sh's shell.
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            web.ConfigureTestServices(ConfigureServices);
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        if (Directory.Exists(StorageRoot))
        {
            Directory.Delete(StorageRoot, recursive: true);
        }
    }

    public IObjectStorage Storage => Host.Services.GetRequiredService<IObjectStorage>();

    public Task ResetAsync() => Host.ResetAllMartenDataAsync();
}

public sealed class EmbeddedStorageApp : VideoPipelineApp
{
    protected override string DatabaseName => "embedded";

    public override string UploadUrlPrefix => "http://127.0.0.1:5080/storage/videos/";

    protected override IDictionary<string, string?> StorageSettings() => new Dictionary<string, string?>
    {
        ["VideoPipeline:Storage:Backend"] = "FileSystem",
        ["VideoPipeline:Storage:FileSystem:Root"] = Path.Combine(StorageRoot, "objects"),
    };
}

public sealed class S3StorageApp : VideoPipelineApp
{
    protected override string DatabaseName => "s3";

    public override string UploadUrlPrefix => new Uri(TestEnvironment.S3Url, TestEnvironment.S3Bucket + "/videos/").ToString();

    protected override IDictionary<string, string?> StorageSettings() => new Dictionary<string, string?>
    {
        ["VideoPipeline:Storage:Backend"] = "S3",
        ["VideoPipeline:Storage:S3:ServiceUrl"] = TestEnvironment.S3Url.ToString(),
        ["VideoPipeline:Storage:S3:Bucket"] = TestEnvironment.S3Bucket,
        ["VideoPipeline:Storage:S3:AccessKey"] = "S3RVER",
        ["VideoPipeline:Storage:S3:SecretKey"] = "S3RVER",
    };
}

/// <summary>The embedded store behind an outage switch (<see cref="StorageOutage"/>), for the failure specs.</summary>
public sealed class UnreliableStorageApp : VideoPipelineApp
{
    protected override string DatabaseName => "unreliable";

    public override string UploadUrlPrefix => "http://127.0.0.1:5080/storage/videos/";

    public StorageOutage Outage => (StorageOutage)Storage;

    protected override IDictionary<string, string?> StorageSettings() => new Dictionary<string, string?>
    {
        ["VideoPipeline:Storage:Backend"] = "FileSystem",
        ["VideoPipeline:Storage:FileSystem:Root"] = Path.Combine(StorageRoot, "objects"),
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        var real = services.Single(d => d.ServiceType == typeof(IObjectStorage));
        services.Remove(real);
        services.AddSingleton<IObjectStorage>(provider => new StorageOutage(
            real.ImplementationInstance as IObjectStorage ?? (IObjectStorage)real.ImplementationFactory!(provider)));
    }
}

[CollectionDefinition(Name)]
public sealed class UnreliableStorageCollection : ICollectionFixture<UnreliableStorageApp>
{
    public const string Name = "service with an unreliable store";
}

[CollectionDefinition(Name)]
public sealed class EmbeddedStorageCollection : ICollectionFixture<EmbeddedStorageApp>
{
    public const string Name = "service with the embedded store";
}

[CollectionDefinition(Name)]
public sealed class S3StorageCollection : ICollectionFixture<S3StorageApp>
{
    public const string Name = "service with S3 storage";
}
