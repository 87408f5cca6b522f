using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Usage.FoldingCounts;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Usage;

/// <summary>
/// The ledger under many connections at once, as a busy owner on several nodes gives it: holds that fit lock one stripe
/// of the counter each, the rest lock all of it, and giving back only adds adjustments; still, exactly the limit is held,
/// every refusal names a quota that is really full, and what the counters say is what the holdings add up to.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class KeepingQuotasExactUnderConcurrency(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    private const string Owner = "busy-owner";
    private readonly QuotaApi _quotas = new(new VideoApi(app));

    [Fact]
    public async Task holds_racing_on_many_connections_take_exactly_the_limit_and_each_refusal_sees_it_full()
    {
        await _quotas.LimitAsync(QuotaNames.Videos, 50, Owner);

        var outcomes = await RaceAsync(Enumerable.Range(0, 150).Select(_ => (Func<Task<QuotaExceeded?>>)(() => HoldAsync(NewSubject()))));

        outcomes.Count(o => o is null).ShouldBe(50);
        outcomes.OfType<QuotaExceeded>().ShouldAllBe(o => o.Quota == QuotaNames.Videos && o.Limit == 50 && o.Used == 50 && o.Requested == 1);
        (await UsedAsync()).ShouldBe(50);
        (await HeldAsync()).ShouldBe(50);
    }

    [Fact]
    public async Task quota_given_back_while_others_hold_is_taken_exactly_once_and_folding_keeps_the_count()
    {
        await _quotas.LimitAsync(QuotaNames.Videos, 30, Owner);
        var held = Enumerable.Range(0, 30).Select(_ => NewSubject()).ToList();
        (await RaceAsync(held.Select(s => (Func<Task<QuotaExceeded?>>)(() => HoldAsync(s))))).ShouldAllBe(o => o == null);

        var releases = held.Take(10).Select(s => (Func<Task<QuotaExceeded?>>)(() => ReleaseAsync(s)));
        var holds = Enumerable.Range(0, 40).Select(_ => (Func<Task<QuotaExceeded?>>)(() => HoldAsync(NewSubject())));
        var folds = Enumerable.Range(0, 3).Select(_ => (Func<Task<QuotaExceeded?>>)(() => FoldAsync()));
        var raced = await RaceAsync(releases.Concat(holds).Concat(folds));
        var takenInTheRace = raced.Skip(10).Take(40).Count(o => o is null);
        var takenAfter = 0;
        while (await HoldAsync(NewSubject()) is null)
        {
            takenAfter++;
        }

        (takenInTheRace + takenAfter).ShouldBe(10, $"{takenInTheRace} taken while the quota was given back, {takenAfter} after");
        (await UsedAsync()).ShouldBe(30);
        (await HeldAsync()).ShouldBe(30);

        await FoldAsync();
        (await AdjustmentsAsync()).ShouldBe(0);
        (await UsedAsync()).ShouldBe(30);
    }

    [Fact]
    public async Task upload_requests_and_landed_uploads_of_one_owner_racing_neither_deadlock_nor_lose_count()
    {
        var landing = Enumerable.Range(0, 40).Select(_ => QuotaSubject.Video(Guid.NewGuid())).ToList();
        foreach (var video in landing)
        {
            (await HoldUploadAsync(video)).ShouldBeNull();
        }

        // As RequestUpload holds (pendingUploads, storedBytes, videos) and UploadCompleted settles storedBytes then
        // releases pendingUploads, each in one transaction: a hold and a landing used to lock the same counters in opposite orders.
        var requests = Enumerable.Range(0, 40).Select(_ => (Func<Task<QuotaExceeded?>>)(() => HoldUploadAsync(QuotaSubject.Video(Guid.NewGuid()))));
        var landings = landing.Select(video => (Func<Task<QuotaExceeded?>>)(() => LandAsync(video, 600)));
        (await RaceAsync(requests.Concat(landings))).ShouldAllBe(o => o == null);

        var standing = (await QuotaReader.StandingAsync(Database, Owner, App.Host.Services.GetRequiredService<QuotaOptions>(), DateTimeOffset.UtcNow, default))
            .Quotas.ToDictionary(q => q.Name, q => q.Used);
        (standing[QuotaNames.Videos], standing[QuotaNames.PendingUploads], standing[QuotaNames.StoredBytes]).ShouldBe((80L, 40L, (40 * 600) + (40 * 1000L)));
    }

    private async Task<QuotaExceeded?> HoldUploadAsync(QuotaSubject video)
    {
        await using var session = App.Host.DocumentStore().LightweightSession();
        QuotaLedger.QueueHold(session, Owner, video, App.Host.Services.GetRequiredService<QuotaOptions>(), DateTimeOffset.UtcNow,
            new QuotaHold(QuotaNames.PendingUploads, 1), new QuotaHold(QuotaNames.StoredBytes, 1000), new QuotaHold(QuotaNames.Videos, 1));
        await session.SaveChangesAsync();
        return null;
    }

    private async Task<QuotaExceeded?> LandAsync(QuotaSubject video, long sizeBytes)
    {
        await using var session = App.Host.DocumentStore().LightweightSession();
        QuotaLedger.QueueSettle(session, video, QuotaNames.StoredBytes, sizeBytes);
        QuotaLedger.QueueRelease(session, video, QuotaNames.PendingUploads, QuotaNames.ConcurrentUrlIngests);
        await session.SaveChangesAsync();
        return null;
    }

    private static QuotaSubject NewSubject() => QuotaSubject.ApiKey(Guid.NewGuid());

    /// <summary>Starts every one of <paramref name="work"/> at the same moment, each on its own connection.</summary>
    private static async Task<QuotaExceeded?[]> RaceAsync(IEnumerable<Func<Task<QuotaExceeded?>>> work)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = work.Select(w => Task.Run(async () =>
        {
            await start.Task;
            return await w();
        })).ToList();
        start.SetResult();
        return await Task.WhenAll(running);
    }

    private async Task<QuotaExceeded?> HoldAsync(QuotaSubject subject)
    {
        await using var session = App.Host.DocumentStore().LightweightSession();
        QuotaLedger.QueueHold(session, Owner, subject, App.Host.Services.GetRequiredService<QuotaOptions>(), DateTimeOffset.UtcNow, new QuotaHold(QuotaNames.Videos, 1));
        try
        {
            await session.SaveChangesAsync();
            return null;
        }
        catch (Exception e) when (QuotaExceeded.In(e) is { } over)
        {
            return over;
        }
    }

    private async Task<QuotaExceeded?> ReleaseAsync(QuotaSubject subject)
    {
        await using var session = App.Host.DocumentStore().LightweightSession();
        QuotaLedger.QueueRelease(session, subject, QuotaNames.Videos);
        await session.SaveChangesAsync();
        return null;
    }

    private async Task<QuotaExceeded?> FoldAsync()
    {
        await App.Host.MessageBus().InvokeAsync(new FoldCounts());
        return null;
    }

    private async Task<long> UsedAsync() =>
        (await QuotaReader.StandingAsync(Database, Owner, App.Host.Services.GetRequiredService<QuotaOptions>(), DateTimeOffset.UtcNow, default))
            .Quotas.Single(q => q.Name == QuotaNames.Videos).Used;

    private Task<long> HeldAsync() => CountAsync($"select count(*) from {QuotaSchema.Holdings} where owner_id = '{Owner}' and quota = '{QuotaNames.Videos}'");

    private Task<long> AdjustmentsAsync() => CountAsync($"select count(*) from {QuotaSchema.Adjustments} where owner_id = '{Owner}'");

    private NpgsqlDataSource Database => App.Host.Services.GetRequiredService<NpgsqlDataSource>();

    private async Task<long> CountAsync(string sql)
    {
        await using var command = Database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
