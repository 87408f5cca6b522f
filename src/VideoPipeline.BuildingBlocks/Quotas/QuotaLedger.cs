using System.Globalization;
using Marten;
using VideoPipeline.Contracts;
using Wolverine.Marten;

namespace VideoPipeline.BuildingBlocks.Quotas;

/// <summary>What a thing holds of one quota: <paramref name="Amount"/> in the quota's unit.</summary>
public sealed record QuotaHold(string Quota, long Amount);

/// <summary>
/// Holding and giving back quota, always in the transaction of the change that consumes or frees it. A hold is decided by
/// the database (<c>quotas.hold</c>, under the owner's counter rows): when it would take a quota past its limit, the
/// transaction fails with <see cref="QuotaSchema.ExceededState"/>, so nothing of the request is kept, and the caller gets
/// the problem naming the quota (<see cref="QuotaExceeded"/>). A hold sets what its subject holds: holding again replaces
/// the amount (a replaced caption track, a download that grew), and only growth is checked.
/// </summary>
public static class QuotaLedger
{
    /// <summary>Holds <paramref name="holds"/> for <paramref name="subject"/>, whose <paramref name="root"/> takes it along when it goes.</summary>
    public static IMartenOp Hold(string ownerId, QuotaSubject subject, QuotaOptions limits, DateTimeOffset now, params QuotaHold[] holds) =>
        new SqlOp(operations => QueueHold(operations, ownerId, subject, limits, now, holds));

    /// <summary>What <paramref name="subject"/> holds of <paramref name="quota"/> becomes <paramref name="amount"/>, unchecked: the final size of what was held for.</summary>
    public static IMartenOp Settle(QuotaSubject subject, string quota, long amount) =>
        new SqlOp(operations => QueueSettle(operations, subject, quota, amount));

    /// <summary>Gives back what <paramref name="subject"/> (and everything it takes along) holds of <paramref name="quotas"/>.</summary>
    public static IMartenOp Release(QuotaSubject subject, params string[] quotas) =>
        new SqlOp(operations => QueueRelease(operations, subject, quotas));

    public static void QueueHold(IDocumentOperations operations, string ownerId, QuotaSubject subject, QuotaOptions limits, DateTimeOffset now, params QuotaHold[] holds)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(limits);
        operations.QueueSqlCommand(
            $"insert into {QuotaSchema.Holdings} select * from {QuotaSchema.Name}.hold(?, ?, ?, ?, ?, ?, ?)",
            ownerId, subject.Key, subject.Root, holds.Select(h => h.Quota).ToArray(), holds.Select(h => PeriodOf(h.Quota, now)).ToArray(),
            holds.Select(h => h.Amount).ToArray(), holds.Select(h => limits.DefaultOf(h.Quota)).ToArray());
    }

    public static void QueueSettle(IDocumentOperations operations, QuotaSubject subject, string quota, long amount)
    {
        ArgumentNullException.ThrowIfNull(operations);
        operations.QueueSqlCommand($"insert into {QuotaSchema.Holdings} select * from {QuotaSchema.Name}.settle(?, ?, ?)", subject.Key, quota, amount);
    }

    /// <summary>
    /// <see cref="QueueSettle"/> then <see cref="QueueRelease"/> of the same subject as one statement (the settle runs
    /// first, as two statements would): what a landed upload does, once per report.
    /// </summary>
    public static void QueueSettleAndRelease(IDocumentOperations operations, QuotaSubject subject, string quota, long amount, params string[] released)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(subject);
        operations.QueueSqlCommand(
            $"insert into {QuotaSchema.Holdings} select * from {QuotaSchema.Name}.settle(?, ?, ?) union all select * from {QuotaSchema.Name}.release(?, ?)",
            subject.Key, quota, amount, subject.Key, released);
    }

    public static void QueueRelease(IDocumentOperations operations, QuotaSubject subject, params string[] quotas)
    {
        ArgumentNullException.ThrowIfNull(operations);
        operations.QueueSqlCommand($"insert into {QuotaSchema.Holdings} select * from {QuotaSchema.Name}.release(?, ?)", subject.Key, quotas);
    }

    /// <summary>The counter a quota is kept in at <paramref name="now"/>: the UTC month for a monthly quota, one for all time otherwise.</summary>
    public static string PeriodOf(string quota, DateTimeOffset now) =>
        quota == QuotaNames.EncodedMinutesPerMonth ? now.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture) : "";

    private sealed record SqlOp(Action<IDocumentOperations> Queue) : IMartenOp
    {
        public void Execute(IDocumentSession session) => Queue(session);
    }
}

/// <summary>
/// What holds quota: <see cref="Key"/> names it; when <see cref="Root"/> is given back, so is it (a video takes its caption
/// tracks along).
/// </summary>
public sealed record QuotaSubject(string Key, string Root)
{
    public static QuotaSubject Video(Guid videoId) => new(VideoKey(videoId), VideoKey(videoId));

    public static QuotaSubject Caption(Guid videoId, string language) =>
        new($"{VideoKey(videoId)}/captions/{language.ToLowerInvariant()}", VideoKey(videoId));

    public static QuotaSubject WebhookEndpoint(Guid endpointId) => new($"webhook/{endpointId:N}", $"webhook/{endpointId:N}");

    public static QuotaSubject ApiKey(Guid keyId) => new($"key/{keyId:N}", $"key/{keyId:N}");

    public static QuotaSubject LiveStream(Guid liveStreamId) => new($"live/{liveStreamId:N}", $"live/{liveStreamId:N}");
    public static QuotaSubject SigningKey(Guid keyId) => new($"signing-key/{keyId:N}", $"signing-key/{keyId:N}");

    public static QuotaSubject PlaybackRestriction(Guid restrictionId) => new($"playback-restriction/{restrictionId:N}", $"playback-restriction/{restrictionId:N}");

    private static string VideoKey(Guid videoId) => $"video/{videoId:N}";
}
