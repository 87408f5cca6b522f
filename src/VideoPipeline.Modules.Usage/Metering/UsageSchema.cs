using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace VideoPipeline.Modules.Usage.Metering;

/// <summary>
/// The metering tables (schema <c>usage</c>): <c>daily</c>, one row per owner, UTC day and metric, only ever added to (or,
/// for watched time, replaced by the day's newer total); <c>additions</c>, what events add to a day, only ever inserted (so
/// a busy owner's uploads do not queue on its day's row) and moved into <c>daily</c> by the recurring fold, the two read
/// together (<see cref="DailySql"/>); <c>videos</c>, each video's owner and duration, for the events
/// that name only the video; <c>samples</c>, when stored bytes were last sampled.
/// </summary>
internal static class UsageSchema
{
    public const string Name = "usage";
    public const string Daily = Name + ".daily";
    public const string Additions = Name + ".additions";
    public const string Videos = Name + ".videos";
    public const string Samples = Name + ".samples";

    public static IEnumerable<ISchemaObject> Objects()
    {
        var daily = new Table(new PostgresqlObjectName(Name, "daily", SchemaUtils.IdentifierUsage.General));
        daily.AddColumn<string>("owner_id").AsPrimaryKey();
        daily.AddColumn<DateOnly>("day").AsPrimaryKey();
        daily.AddColumn<string>("metric").AsPrimaryKey();
        daily.AddColumn<double>("amount").NotNull();
        yield return daily;

        var additions = new Table(new PostgresqlObjectName(Name, "additions", SchemaUtils.IdentifierUsage.General));
        additions.AddColumn("id", "bigserial").AsPrimaryKey();
        additions.AddColumn<string>("owner_id").NotNull();
        additions.AddColumn<DateOnly>("day").NotNull();
        additions.AddColumn<string>("metric").NotNull();
        additions.AddColumn<double>("amount").NotNull();
        yield return additions;

        var videos = new Table(new PostgresqlObjectName(Name, "videos", SchemaUtils.IdentifierUsage.General));
        videos.AddColumn<Guid>("video_id").AsPrimaryKey();
        videos.AddColumn<string>("owner_id").NotNull();
        videos.AddColumn<double>("duration_seconds");
        yield return videos;

        var samples = new Table(new PostgresqlObjectName(Name, "samples", SchemaUtils.IdentifierUsage.General));
        samples.AddColumn<int>("id").AsPrimaryKey();
        samples.AddColumn<DateTimeOffset>("sampled_at").NotNull();
        yield return samples;
    }
}

/// <summary>The metrics of <c>usage.daily</c>, as stored; <see cref="GetUsage"/> shows them in the units of the API.</summary>
internal static class Metrics
{
    public const string UploadedBytes = "uploadedBytes";
    public const string StoredByteHours = "storedByteHours";
    public const string ApiCalls = "apiCalls";
    public const string WatchedSeconds = "watchedSeconds";
    public const string ImagesRendered = "imagesRendered";

    /// <summary>Encoded output seconds of one rung ("encodedSeconds:720p").</summary>
    public const string EncodedSecondsPrefix = "encodedSeconds:";

    public static string EncodedSeconds(string rung) => EncodedSecondsPrefix + rung;

    /// <summary>Adds <c>?</c> (amount) to the metric <c>?</c> of the owner <c>?</c> on the day <c>?</c>.</summary>
    public const string AddSql =
        $"insert into {UsageSchema.Daily} as d (owner_id, day, metric, amount) values (?, ?, ?, ?) " +
        "on conflict (owner_id, day, metric) do update set amount = d.amount + excluded.amount";

    /// <summary>The UTC day of the commit, by the database's clock.</summary>
    public const string Today = "(now() at time zone 'utc')::date";

    /// <summary>Adds to the metric of the video's owner today: (metric, amount, video id). Only inserts: no lock on the owner's day.</summary>
    public const string AddForVideoSql =
        $"insert into {UsageSchema.Additions} (owner_id, day, metric, amount) select v.owner_id, {Today}, ?, ? from {UsageSchema.Videos} v where v.video_id = ?";

    /// <summary>Every owner's days: <c>daily</c> and the additions not folded into it yet (<c>owner_id, day, metric, amount</c>, a metric possibly in several rows).</summary>
    public const string DailySql =
        $"(select owner_id, day, metric, amount from {UsageSchema.Daily} union all select owner_id, day, metric, amount from {UsageSchema.Additions})";

    /// <summary>Moves the additions into <c>daily</c>, in one statement: each is counted once, there or here.</summary>
    public const string FoldAdditionsSql =
        $"with moved as (delete from {UsageSchema.Additions} returning owner_id, day, metric, amount) " +
        $"insert into {UsageSchema.Daily} as d (owner_id, day, metric, amount) select owner_id, day, metric, sum(amount) from moved group by owner_id, day, metric " +
        "on conflict (owner_id, day, metric) do update set amount = d.amount + excluded.amount";
}
