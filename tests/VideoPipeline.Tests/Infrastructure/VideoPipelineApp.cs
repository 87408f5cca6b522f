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
using VideoPipeline.BuildingBlocks.Scheduling;
using Wolverine;
using Wolverine.Persistence.Durability;

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

    /// <summary>
    /// x264's fastest preset, for the ladders of these hosts: none of their specs judges a picture's quality or a rung's
    /// bitrate, and a ladder takes about 40 % less CPU than with the production "veryfast" (2.5 s instead of 4.0 s for the
    /// three rungs of 10 s of 720p); their specs together took a sixth less time. The engine's own specs, the real-port hosts (<see cref="KestrelApp"/>:
    /// players and browsers that stream the real bitrates and watch ladders still running) and the services a spec starts
    /// itself (killed mid-encode) keep the production preset; a spec of these hosts that must see a ladder running uses a
    /// clip long enough for that (<see cref="TestClips.Hd720p20s"/>).
    /// </summary>
    public const string LadderPreset = "ultrafast";

    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>The host's clock: real time at the start of each spec, moved on by the spec instead of sleeping.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public string StorageRoot { get; } = Path.Combine(Path.GetTempPath(), "videopipeline-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Where the host's transcodes keep their workspaces (one folder per job, named for its video).</summary>
    public string TempRoot => Path.Combine(StorageRoot, "tmp");

    protected abstract string DatabaseName { get; }

    /// <summary>The store of this kind of host: the embedded one under <see cref="StorageRoot"/> unless it says otherwise.</summary>
    protected virtual IDictionary<string, string?> StorageSettings() => EmbeddedStore(StorageRoot);

    /// <summary>Where a presigned upload URL of this host must point.</summary>
    public virtual string UploadUrlPrefix => "http://127.0.0.1:5080/storage/videos/";

    /// <summary>Whether the store stands behind an outage switch (<see cref="Outage"/>), for the specs that make it fail.</summary>
    protected virtual bool StoreCanFail => false;

    /// <summary>The switch in front of the store (a host whose <see cref="StoreCanFail"/>); every spec starts with it off.</summary>
    public StorageOutage Outage => Storage as StorageOutage ?? throw new InvalidOperationException($"{GetType().Name} has no outage switch in front of its store.");

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
        // A name of its own: a node gives back, when it starts, the turns its name held before (see FairTurns).
        settings["VideoPipeline:NodeName"] = "second-node";
        settings["VideoPipeline:Processing:Preset"] = LadderPreset;
        foreach (var (key, value) in EmbeddedStore(StorageRoot).Concat(extraSettings ?? new Dictionary<string, string?>()))
        {
            settings[key] = value;
        }

        return await StartHostAsync(settings);
    }

    public async Task InitializeAsync()
    {
        await PrepareAsync();
        var settings = CommonSettings(await TestEnvironment.DatabaseAsync(DatabaseName), StorageRoot);
        settings["VideoPipeline:Processing:Preset"] = LadderPreset;
        foreach (var (key, value) in StorageSettings().Concat(HostSettings()))
        {
            settings[key] = value;
        }

        Host = await StartHostAsync(settings, configure: web => web.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            if (StoreCanFail)
            {
                StorageOutage.PutInFrontOfTheStore(services);
            }
        }));
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

    /// <summary>
    /// Empty data (events, documents, queued and scheduled messages, the owners' counters), the store's outage switch off
    /// and the clock back at real time; a kind of host adds what it keeps of its own.
    /// </summary>
    public virtual async Task ResetAsync()
    {
        (Storage as StorageOutage)?.End();
        // The service's own background work (the count fold, a job of the last spec ending) locks these tables in its
        // own order while they are emptied; PostgreSQL breaks such a deadlock by failing one side, here the reset, which
        // then simply starts again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await EmptyDataAsync();
                break;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
            }
        }

        // Owners and keys were deleted without the notifications a revocation or suspension sends.
        Host.Services.GetRequiredService<VideoPipeline.Modules.Tenants.Directory.TenantDirectory>().Clear();

        Clock.AdjustTime(DateTimeOffset.UtcNow);
    }

    private async Task EmptyDataAsync()
    {
        // First the turns, so that no node starts another job of the last spec while Marten deletes what it wrote.
        await using (var turns = Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand($"truncate {FairTurns.TurnsTable}, {FairTurns.OwnersTable}"))
        {
            await turns.ExecuteNonQueryAsync();
        }

        await Host.ResetAllMartenDataAsync();
        // The quota ledger, the metering and the turns count what Marten has just deleted; it does not know them, so they are emptied with them.
        await using (var counters = Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand(
            $"truncate {BuildingBlocks.Quotas.QuotaSchema.Counters}, {BuildingBlocks.Quotas.QuotaSchema.Adjustments}, {BuildingBlocks.Quotas.QuotaSchema.Holdings}, {BuildingBlocks.Quotas.QuotaSchema.OwnerLimits}, " +
            $"{Modules.Usage.Metering.UsageSchema.Daily}, {Modules.Usage.Metering.UsageSchema.Additions}, {Modules.Usage.Metering.UsageSchema.Videos}, {Modules.Usage.Metering.UsageSchema.Samples}, " +
            $"{FairTurns.TurnsTable}, {FairTurns.OwnersTable}"))
        {
            await counters.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// The service in-process on <paramref name="settings"/> (host settings, which win over the environment of the shell that
    /// runs the specs), in <paramref name="environment"/>: every host the specs start, long-lived or for one spec, starts here.
    /// </summary>
    public static Task<IAlbaHost> StartHostAsync(
        IEnumerable<KeyValuePair<string, string?>> settings, string environment = "Development", Action<IWebHostBuilder>? configure = null) =>
        AlbaHost.For<Program>(web =>
        {
            web.UseEnvironment(environment);
            // Host settings, not ConfigureAppConfiguration: Program reads its configuration while building, before
            // app-configuration callbacks apply, and these also win over the ConnectionStrings__Postgres of ./run.sh's shell.
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            configure?.Invoke(web);
        });

    /// <summary>The embedded store, keeping its objects under <paramref name="storageRoot"/>.</summary>
    public static Dictionary<string, string?> EmbeddedStore(string storageRoot) => new()
    {
        ["VideoPipeline:Storage:Backend"] = "FileSystem",
        ["VideoPipeline:Storage:FileSystem:Root"] = Path.Combine(storageRoot, "objects"),
    };

    /// <summary>What every test host shares: its own database, temp and log folders, the hashed key, no throttling.</summary>
    public static Dictionary<string, string?> CommonSettings(string connectionString, string storageRoot) => new()
    {
        ["ConnectionStrings:Postgres"] = connectionString,
        ["VideoPipeline:Processing:RetryCooldowns:0"] = "00:00:00.200",
        ["VideoPipeline:Processing:RetryCooldowns:1"] = "00:00:00.400",
        ["VideoPipeline:Processing:RetryCooldowns:2"] = "00:00:00.800",
        ["VideoPipeline:Processing:TempRoot"] = Path.Combine(storageRoot, "tmp"),
        ["VideoPipeline:Processing:MaxParallelTranscodes"] = "1",
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

/// <summary>The plain service with the embedded store: the host of every spec that needs nothing else.</summary>
public class EmbeddedStorageApp : VideoPipelineApp
{
    protected override string DatabaseName => "embedded";
}

[CollectionDefinition(Name)]
[TakesAbout(275)]
public sealed class EmbeddedStorageCollection : ICollectionFixture<EmbeddedStorageApp>
{
    public const string Name = "service with the embedded store";
}

/// <summary>s3rver behind the outage switch (which passes everything through until a spec interferes).</summary>
public sealed class S3StorageApp : VideoPipelineApp
{
    protected override string DatabaseName => "s3";

    protected override bool StoreCanFail => true;

    public override string UploadUrlPrefix => new Uri(TestEnvironment.S3Url, TestEnvironment.S3Bucket + "/videos/").ToString();

    protected override IDictionary<string, string?> StorageSettings() => TestEnvironment.S3StorageSettings();
}

[CollectionDefinition(Name)]
[TakesAbout(48)]
public sealed class S3StorageCollection : ICollectionFixture<S3StorageApp>
{
    public const string Name = "service with S3 storage";
}

/// <summary>
/// The embedded store behind an outage switch (<see cref="StorageOutage"/>), for the failure specs, whose outages page an
/// operator: an alert after the first dead letter or an upload waiting a minute for its transcode. The specs run the
/// check themselves, as its recurring schedule would; each starts with no message stored and no alert received.
/// </summary>
public sealed class UnreliableStorageApp : VideoPipelineApp
{
    public const string AlertSecret = "alert-secret";

    public const string AlertPath = "/alerts";

    /// <summary>The operator's alert endpoint.</summary>
    public LocalServer Receiver { get; private set; } = null!;

    protected override string DatabaseName => "unreliable";

    protected override bool StoreCanFail => true;

    protected override async Task PrepareAsync()
    {
        Receiver = await LocalServer.StartAsync();
        Receiver.Map(AlertPath, _ => StatusCodes.Status200OK);
    }

    protected override ValueTask CleanUpAsync() => Receiver.DisposeAsync();

    protected override IDictionary<string, string?> HostSettings() => new Dictionary<string, string?>
    {
        ["VideoPipeline:Alerts:MaxDeadLetters"] = "0",
        ["VideoPipeline:Alerts:MaxQueueAge"] = "00:01:00",
        ["VideoPipeline:Alerts:WebhookUrl"] = Receiver.Url(AlertPath).ToString(),
        ["VideoPipeline:Alerts:WebhookSecret"] = AlertSecret,
    };

    public override async Task ResetAsync()
    {
        await base.ResetAsync();
        // The dead letters an earlier spec's outage left, which the next check would count.
        await Host.Services.GetRequiredService<IMessageStore>().Admin.ClearAllAsync();
        Receiver.Take(AlertPath);
    }
}

[CollectionDefinition(Name)]
[TakesAbout(40)]
public sealed class UnreliableStorageCollection : ICollectionFixture<UnreliableStorageApp>
{
    public const string Name = "service with an unreliable store";
}

/// <summary>
/// Tight terms (a 500 kB size limit, parts above 100 kB, numbered pages reaching the first <see cref="MaxNumberedVideos"/>
/// videos), and S3 event notifications delivered by a local SNS stand-in (<see cref="LocalSns"/>) trusted: the specs of how
/// uploads are sized, reported and reconciled, and of where numbered pages end.
/// </summary>
public sealed class StrictUploadsApp : VideoPipelineApp
{
    public const long MaxSizeBytes = 500_000;

    public const int MaxNumberedVideos = 4;

    public LocalSns Sns { get; private set; } = null!;

    protected override string DatabaseName => "strict";

    protected override async Task PrepareAsync() => Sns = await LocalSns.StartAsync();

    protected override ValueTask CleanUpAsync() => Sns.DisposeAsync();

    protected override IDictionary<string, string?> HostSettings() => new Dictionary<string, string?>
    {
        ["VideoPipeline:Uploads:MaxSizeBytes"] = MaxSizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["VideoPipeline:Uploads:MultipartThresholdBytes"] = "100000",
        ["VideoPipeline:Sns:AllowedTopicArns:0"] = LocalSns.TopicArn,
        ["VideoPipeline:Sns:TrustedUrlPrefixes:0"] = Sns.BaseUrl.ToString(),
        ["VideoPipeline:Catalog:MaxNumberedVideos"] = MaxNumberedVideos.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

[CollectionDefinition(Name)]
public sealed class StrictUploadsCollection : ICollectionFixture<StrictUploadsApp>
{
    public const string Name = "service with strict upload terms";
}

/// <summary>
/// The embedded store, for the specs that read what is process-wide: the metrics (OpenTelemetry listens to every host's
/// meter of that name) and the log (Serilog's pipeline). Its collection runs alone, after the others, with no other host alive.
/// </summary>
public sealed class ObservedAloneApp : EmbeddedStorageApp
{
    protected override string DatabaseName => "observed";

    // Every request's line, a quick success's too (Debug by default), so the log specs read what an operator who turns
    // them on would.
    protected override IDictionary<string, string?> HostSettings() => new Dictionary<string, string?>
    {
        ["Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware"] = "Debug",
    };
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObservedAloneCollection : ICollectionFixture<ObservedAloneApp>
{
    public const string Name = "service observed alone";
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

    protected override async Task PrepareAsync() =>
        PrivateKeyPath = await OpenSsl.GenerateRsaKeyAsync(Path.Combine(StorageRoot, "keys"));

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
