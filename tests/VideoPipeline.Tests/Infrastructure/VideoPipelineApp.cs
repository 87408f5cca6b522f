using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Modules.Processing.Scheduling;
using Wolverine;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>
/// The real service in-process (Alba), on a real Postgres database of its own, with the Development keys and secrets.
/// One per test collection; each spec starts from empty data.
/// </summary>
public abstract class VideoPipelineApp : IAsyncLifetime
{
    public const string WebhookSecret = "dev-webhook-secret";

    public const string MinioAuthToken = "minio-test-token";

    /// <summary>Configured only as its hash, the way production stores keys.</summary>
    public const string HashedKey = "a-key-configured-only-by-its-hash";
    public const string HashedKeyOwner = "hashed-owner";

    /// <summary>An owner whose videos may cost next to nothing to transcode (a thousandth of a gigapixel each).</summary>
    public const string FrugalKey = "a-key-of-an-owner-with-a-tiny-cost-limit";
    public const string FrugalOwner = "frugal-owner";
    public const double FrugalCostLimit = 0.001;

    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>The host's clock: real time at the start of each spec, moved on by the spec instead of sleeping.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public string StorageRoot { get; } = Path.Combine(Path.GetTempPath(), "videopipeline-tests", Guid.NewGuid().ToString("N"));

    protected abstract string DatabaseName { get; }

    protected abstract IDictionary<string, string?> StorageSettings();

    /// <summary>Where a presigned upload URL of this host must point.</summary>
    public abstract string UploadUrlPrefix { get; }

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Runs after the host is disposed: stops what <see cref="PrepareAsync"/> started.</summary>
    protected virtual ValueTask CleanUpAsync() => ValueTask.CompletedTask;

    /// <summary>Runs before the host is built (and <see cref="HostSettings"/> read).</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>Settings of one kind of host, applied over the common ones.</summary>
    protected virtual IDictionary<string, string?> HostSettings() => new Dictionary<string, string?>();

    /// <summary>Another node of this service: the same database and stored objects, nothing shared in memory with this host.</summary>
    public async Task<IAlbaHost> SecondNodeAsync(IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var settings = CommonSettings(await TestEnvironment.DatabaseAsync(DatabaseName), Path.Combine(StorageRoot, "second-node"));
        settings["VideoPipeline:Storage:Backend"] = "FileSystem";
        settings["VideoPipeline:Storage:FileSystem:Root"] = Path.Combine(StorageRoot, "objects");
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return await AlbaHost.For<Program>(web =>
        {
            web.UseEnvironment("Development");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
    }

    public async Task InitializeAsync()
    {
        await PrepareAsync();
        var connectionString = await TestEnvironment.DatabaseAsync(DatabaseName);
        var settings = CommonSettings(connectionString, StorageRoot);
        foreach (var (key, value) in StorageSettings().Concat(HostSettings()))
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

            web.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Clock);
                ConfigureServices(services);
            });
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await CleanUpAsync();
        if (Directory.Exists(StorageRoot))
        {
            Directory.Delete(StorageRoot, recursive: true);
        }
    }

    public IObjectStorage Storage => Host.Services.GetRequiredService<IObjectStorage>();

    /// <summary>Empty data (events, documents, queued and scheduled messages, the owners' counters) and the clock back at real time.</summary>
    public async Task ResetAsync()
    {
        await Host.ResetAllMartenDataAsync();
        // The quota ledger, the metering and the transcode turns count what Marten has just deleted; it does not know them, so they are emptied with them.
        await using (var counters = Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand(
            $"truncate {BuildingBlocks.Quotas.QuotaSchema.Counters}, {BuildingBlocks.Quotas.QuotaSchema.Holdings}, {BuildingBlocks.Quotas.QuotaSchema.OwnerLimits}, " +
            $"{Modules.Usage.Metering.UsageSchema.Daily}, {Modules.Usage.Metering.UsageSchema.Videos}, {Modules.Usage.Metering.UsageSchema.Samples}, " +
            $"{TranscodeTurns.JobsTable}, {TranscodeTurns.OwnersTable}"))
        {
            await counters.ExecuteNonQueryAsync();
        }

        // Owners and keys were deleted without the notifications a revocation or suspension sends.
        Host.Services.GetRequiredService<VideoPipeline.Modules.Tenants.Directory.TenantDirectory>().Clear();

        Clock.AdjustTime(DateTimeOffset.UtcNow);
    }

    /// <summary>What every test host shares: its own database, temp and log folders, the hashed key, no throttling.</summary>
    public static Dictionary<string, string?> CommonSettings(string connectionString, string storageRoot) => new()
    {
        ["ConnectionStrings:Postgres"] = connectionString,
        ["VideoPipeline:Processing:RetryCooldowns:0"] = "00:00:00.200",
        ["VideoPipeline:Processing:RetryCooldowns:1"] = "00:00:00.400",
        ["VideoPipeline:Processing:RetryCooldowns:2"] = "00:00:00.800",
        ["VideoPipeline:Processing:TempRoot"] = Path.Combine(storageRoot, "tmp"),
        ["VideoPipeline:Processing:MaxParallelTranscodes"] = "1",
        // A suspended owner's queued job looks again this often whether the owner was reinstated.
        ["VideoPipeline:Tenants:SuspendedWorkRecheck"] = "00:00:01",
        [$"VideoPipeline:Webhook:MinioAuthToken"] = MinioAuthToken,
        ["VideoPipeline:Uploads:MultipartThresholdBytes"] = "10000000",
        ["VideoPipeline:Uploads:PartSizeBytes"] = "5242880",
        // The scheduled looks at storage come when a spec sends them (as their scheduled time would), never in the middle of another.
        ["VideoPipeline:Uploads:Reconciler:LostNotificationAfter"] = "1.00:00:00",
        ["VideoPipeline:Uploads:Reconciler:ExpireAfter"] = "1.00:00:00",
        ["VideoPipeline:Logging:FilePath"] = Path.Combine(storageRoot, "logs", "videopipeline-.json"),
        [$"VideoPipeline:Auth:Keys:{HashedKeyOwner}:0"] = HashOf(HashedKey),
        [$"VideoPipeline:Auth:Keys:{FrugalOwner}:0"] = HashOf(FrugalKey),
        [$"VideoPipeline:Processing:JobCost:LimitByOwner:{FrugalOwner}"] = FrugalCostLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Specs fire requests far faster than any client; only the rate-limit specs' own host limits them.
        ["VideoPipeline:RateLimits:PermitsPerKey"] = "1000000",
        ["VideoPipeline:RateLimits:PermitsPerAnonymousClient"] = "1000000",
    };

    /// <summary>The configuration form of a hashed API key, computed the way the README tells operators to.</summary>
    public static string HashOf(string key) =>
        "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
}

public class EmbeddedStorageApp : VideoPipelineApp
{
    protected override string DatabaseName => "embedded";

    public override string UploadUrlPrefix => "http://127.0.0.1:5080/storage/videos/";

    protected override IDictionary<string, string?> StorageSettings() => new Dictionary<string, string?>
    {
        ["VideoPipeline:Storage:Backend"] = "FileSystem",
        ["VideoPipeline:Storage:FileSystem:Root"] = Path.Combine(StorageRoot, "objects"),
    };
}

/// <summary>s3rver behind the outage switch (which passes everything through until a spec interferes).</summary>
public sealed class S3StorageApp : VideoPipelineApp
{
    protected override string DatabaseName => "s3";

    public StorageOutage Outage => (StorageOutage)Storage;

    protected override void ConfigureServices(IServiceCollection services) => StorageOutage.PutInFrontOfTheStore(services);

    public override string UploadUrlPrefix => new Uri(TestEnvironment.S3Url, TestEnvironment.S3Bucket + "/videos/").ToString();

    protected override IDictionary<string, string?> StorageSettings() => TestEnvironment.S3StorageSettings();
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

    protected override void ConfigureServices(IServiceCollection services) => StorageOutage.PutInFrontOfTheStore(services);
}

/// <summary>
/// An unreliable store whose outages page an operator: alerts after the first dead letter or an upload waiting a minute for
/// its transcode; the spec runs the check itself, as its recurring schedule would.
/// </summary>
public sealed class AlertingApp : VideoPipelineApp
{
    public const string AlertSecret = "alert-secret";

    public const string AlertPath = "/alerts";

    /// <summary>The operator's alert endpoint.</summary>
    public LocalServer Receiver { get; private set; } = null!;

    public StorageOutage Outage => (StorageOutage)Storage;

    protected override string DatabaseName => "alerting";

    public override string UploadUrlPrefix => "http://127.0.0.1:5080/storage/videos/";

    protected override async Task PrepareAsync()
    {
        Receiver = await LocalServer.StartAsync();
        Receiver.Map(AlertPath, _ => StatusCodes.Status200OK);
    }

    protected override ValueTask CleanUpAsync() => Receiver.DisposeAsync();

    protected override IDictionary<string, string?> StorageSettings() => new Dictionary<string, string?>
    {
        ["VideoPipeline:Storage:Backend"] = "FileSystem",
        ["VideoPipeline:Storage:FileSystem:Root"] = Path.Combine(StorageRoot, "objects"),
    };

    protected override IDictionary<string, string?> HostSettings() => new Dictionary<string, string?>
    {
        ["VideoPipeline:Alerts:MaxDeadLetters"] = "0",
        ["VideoPipeline:Alerts:MaxQueueAge"] = "00:01:00",
        ["VideoPipeline:Alerts:WebhookUrl"] = Receiver.Url(AlertPath).ToString(),
        ["VideoPipeline:Alerts:WebhookSecret"] = AlertSecret,
    };

    protected override void ConfigureServices(IServiceCollection services) => StorageOutage.PutInFrontOfTheStore(services);
}

[CollectionDefinition(Name)]
public sealed class AlertingCollection : ICollectionFixture<AlertingApp>
{
    public const string Name = "service that alerts";
}

/// <summary>Tight terms: a 500 kB size limit, parts above 100 kB, numbered pages reaching the first <see cref="MaxNumberedVideos"/> videos.</summary>
public sealed class StrictUploadsApp : VideoPipelineApp
{
    public const long MaxSizeBytes = 500_000;

    public const int MaxNumberedVideos = 4;

    protected override string DatabaseName => "strict";

    public override string UploadUrlPrefix => "http://127.0.0.1:5080/storage/videos/";

    protected override IDictionary<string, string?> StorageSettings() => new Dictionary<string, string?>
    {
        ["VideoPipeline:Storage:Backend"] = "FileSystem",
        ["VideoPipeline:Storage:FileSystem:Root"] = Path.Combine(StorageRoot, "objects"),
    };

    protected override IDictionary<string, string?> HostSettings() => new Dictionary<string, string?>
    {
        ["VideoPipeline:Uploads:MaxSizeBytes"] = MaxSizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["VideoPipeline:Uploads:MultipartThresholdBytes"] = "100000",
        ["VideoPipeline:Catalog:MaxNumberedVideos"] = MaxNumberedVideos.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

[CollectionDefinition(Name)]
public sealed class StrictUploadsCollection : ICollectionFixture<StrictUploadsApp>
{
    public const string Name = "service with strict upload terms";
}

/// <summary>The embedded store with SNS delivery trusted from a local SNS stand-in (<see cref="LocalSns"/>).</summary>
public sealed class SnsApp : VideoPipelineApp
{
    public LocalSns Sns { get; private set; } = null!;

    protected override string DatabaseName => "sns";

    public override string UploadUrlPrefix => "http://127.0.0.1:5080/storage/videos/";

    protected override async Task PrepareAsync() => Sns = await LocalSns.StartAsync();

    protected override ValueTask CleanUpAsync() => Sns.DisposeAsync();

    protected override IDictionary<string, string?> StorageSettings() => new Dictionary<string, string?>
    {
        ["VideoPipeline:Storage:Backend"] = "FileSystem",
        ["VideoPipeline:Storage:FileSystem:Root"] = Path.Combine(StorageRoot, "objects"),
    };

    protected override IDictionary<string, string?> HostSettings() => new Dictionary<string, string?>
    {
        ["VideoPipeline:Sns:AllowedTopicArns:0"] = LocalSns.TopicArn,
        ["VideoPipeline:Sns:TrustedUrlPrefixes:0"] = Sns.BaseUrl.ToString(),
    };
}

[CollectionDefinition(Name)]
public sealed class SnsCollection : ICollectionFixture<SnsApp>
{
    public const string Name = "service receiving SNS";
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

/// <summary>
/// The embedded store, for the specs that read what is process-wide: the metrics (OpenTelemetry listens to every host's
/// meter of that name) and the log (Serilog's pipeline). Its collection runs alone, after the others, with no other host alive.
/// </summary>
public sealed class ObservedAloneApp : EmbeddedStorageApp
{
    protected override string DatabaseName => "observed";
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObservedAloneCollection : ICollectionFixture<ObservedAloneApp>
{
    public const string Name = "service observed alone";
}

[CollectionDefinition(Name)]
public sealed class S3StorageCollection : ICollectionFixture<S3StorageApp>
{
    public const string Name = "service with S3 storage";
}

/// <summary>
/// The embedded store behind a CloudFront distribution (signed with a key openssl generates) and with tight rate
/// limits, for the CDN and rate-limit specs. Each rate-limit spec uses its own API key, so their windows do not mix.
/// </summary>
public sealed class CdnApp : VideoPipelineApp
{
    public const string CdnBaseUrl = "https://d111111abcdef8.cloudfront.net/media/";
    public const string KeyPairId = "K2JCJMDEHXQW5F";
    public const int PermitsPerKey = 5;
    public const int PermitsPerAnonymousClient = 3;

    public string PrivateKeyPath { get; private set; } = "";

    protected override string DatabaseName => "cdn";

    public override string UploadUrlPrefix => "http://127.0.0.1:5080/storage/videos/";

    protected override async Task PrepareAsync() =>
        PrivateKeyPath = await OpenSsl.GenerateRsaKeyAsync(Path.Combine(StorageRoot, "keys"));

    protected override IDictionary<string, string?> StorageSettings() => new Dictionary<string, string?>
    {
        ["VideoPipeline:Storage:Backend"] = "FileSystem",
        ["VideoPipeline:Storage:FileSystem:Root"] = Path.Combine(StorageRoot, "objects"),
    };

    protected override IDictionary<string, string?> HostSettings() => new Dictionary<string, string?>
    {
        ["VideoPipeline:Playback:CloudFront:BaseUrl"] = CdnBaseUrl,
        ["VideoPipeline:Playback:CloudFront:KeyPairId"] = KeyPairId,
        ["VideoPipeline:Playback:CloudFront:PrivateKeyPem"] = File.ReadAllText(PrivateKeyPath),
        ["VideoPipeline:RateLimits:PermitsPerKey"] = PermitsPerKey.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["VideoPipeline:RateLimits:PermitsPerAnonymousClient"] = PermitsPerAnonymousClient.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["VideoPipeline:Auth:ApiKeys:rate-key-1"] = "rate-owner-1",
        ["VideoPipeline:Auth:ApiKeys:rate-key-2"] = "rate-owner-2",
    };
}

[CollectionDefinition(Name)]
public sealed class CdnCollection : ICollectionFixture<CdnApp>
{
    public const string Name = "service behind CloudFront, with tight rate limits";
}
