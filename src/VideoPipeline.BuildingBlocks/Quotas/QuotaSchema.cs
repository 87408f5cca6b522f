using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;

namespace VideoPipeline.BuildingBlocks.Quotas;

/// <summary>
/// The quota ledger's tables and functions, created and migrated with the documents (schema <c>quotas</c>):
/// <list type="bullet">
/// <item><c>counters</c>: what is used of each owner's quota and period (a month for monthly quotas, empty otherwise),
/// split into <see cref="Stripes"/> rows. Each stripe has an <c>allowance</c>, its share of the limit: a hold that fits in
/// its stripe's allowance locks only that row (which stripe: the database connection's), so concurrent holds of one owner
/// mostly lock different rows. A hold that does not fit locks every stripe of the counter, counts what is really used,
/// and either refuses or shares what is left among the stripes again: the allowances never add up to more than the limit
/// (<c>limit_seen</c>, the limit they were shared for; another limit shares them anew), so the limit holds exactly.</item>
/// <item><c>adjustments</c>: what settled and released holdings changed (negative: given back), only ever inserted, so
/// giving back takes no counter lock; folded into the counters by the next hold that locks them all and by
/// <c>quotas.fold</c>. What is used is the stripes' sum plus the adjustments (<see cref="UsedSql"/>).</item>
/// <item><c>holdings</c>: what each thing (a video, a caption track, an endpoint) holds of each quota, so giving it back is
/// exact and happens once, however often the event that frees it is seen; <c>root</c> is what takes it along when it goes
/// (a caption track's video).</item>
/// <item><c>owner_limits</c>: an admin's overrides; a quota without a row has the configured default.</item>
/// </list>
/// </summary>
public static class QuotaSchema
{
    public const string Name = "quotas";
    public const string Counters = Name + ".counters";
    public const string Adjustments = Name + ".adjustments";
    public const string Holdings = Name + ".holdings";
    public const string OwnerLimits = Name + ".owner_limits";

    /// <summary>The rows each counter is split into.</summary>
    public const int Stripes = 16;

    /// <summary>The SQLSTATE <c>quotas.hold</c> raises for a quota that the hold would exceed; its message is JSON (see <see cref="QuotaExceeded"/>; Npgsql hides details, not messages).</summary>
    public const string ExceededState = "VPQ01";

    /// <summary>Raised and caught inside <c>quotas.hold</c> only: the connection's stripe has no room for the hold.</summary>
    private const string NoRoomInStripe = "VPQ02";

    /// <summary>What is used of each owner's quota and period, as committed: a table expression with <c>owner_id, quota, period, used</c>.</summary>
    public const string UsedSql =
        $"(select owner_id, quota, period, greatest(sum(used), 0)::bigint as used from (select owner_id, quota, period, used from {Counters} " +
        $"union all select owner_id, quota, period, change from {Adjustments}) parts group by owner_id, quota, period)";

    public static IEnumerable<ISchemaObject> Objects()
    {
        var counters = new Table(new PostgresqlObjectName(Name, "counters", SchemaUtils.IdentifierUsage.General));
        counters.AddColumn<string>("owner_id").AsPrimaryKey();
        counters.AddColumn<string>("quota").AsPrimaryKey();
        counters.AddColumn<string>("period").AsPrimaryKey();
        // The defaults turn a counter of one row (before stripes) into its stripe 0, with no allowance: its next hold shares the limit.
        counters.AddColumn<int>("stripe").AsPrimaryKey().DefaultValueByExpression("0");
        counters.AddColumn<long>("used").NotNull();
        counters.AddColumn<long>("allowance").NotNull().DefaultValueByExpression("0");
        counters.AddColumn<long>("limit_seen").NotNull().DefaultValueByExpression("-1");
        yield return counters;

        var adjustments = new Table(new PostgresqlObjectName(Name, "adjustments", SchemaUtils.IdentifierUsage.General));
        adjustments.AddColumn("id", "bigserial").AsPrimaryKey();
        adjustments.AddColumn<string>("owner_id").NotNull();
        adjustments.AddColumn<string>("quota").NotNull();
        adjustments.AddColumn<string>("period").NotNull();
        adjustments.AddColumn<long>("change").NotNull();
        adjustments.Indexes.Add(new IndexDefinition("ix_adjustments_counter") { Columns = ["owner_id", "quota", "period"] });
        yield return adjustments;

        var holdings = new Table(new PostgresqlObjectName(Name, "holdings", SchemaUtils.IdentifierUsage.General));
        holdings.AddColumn<string>("quota").AsPrimaryKey();
        holdings.AddColumn<string>("subject").AsPrimaryKey();
        holdings.AddColumn<string>("period").AsPrimaryKey();
        holdings.AddColumn<string>("owner_id").NotNull();
        holdings.AddColumn<string>("root").NotNull();
        holdings.AddColumn<long>("amount").NotNull();
        holdings.Indexes.Add(new IndexDefinition("ix_holdings_subject") { Columns = ["subject"] });
        holdings.Indexes.Add(new IndexDefinition("ix_holdings_root") { Columns = ["root"] });
        yield return holdings;

        var limits = new Table(new PostgresqlObjectName(Name, "owner_limits", SchemaUtils.IdentifierUsage.General));
        limits.AddColumn<string>("owner_id").AsPrimaryKey();
        limits.AddColumn<string>("quota").AsPrimaryKey();
        limits.AddColumn<long>("value").NotNull();
        yield return limits;

        yield return Function.ForSql(ShareSql);
        yield return Function.ForSql(HoldSql);
        yield return Function.ForSql(SettleSql);
        yield return Function.ForSql(ReleaseSql);
        yield return Function.ForSql(FoldSql);
    }

    // The functions return no rows, and are called as `insert into holdings select * from quotas.<function>(...)`: a
    // statement with no result set, as the commands Marten batches must be (a `select` would answer a row).
    // Locks are taken in one order, so nothing waits on another in a cycle: a holding before the counter rows of its
    // quota, quotas in name order, a counter's stripes in stripe order (a hold that fits locks just one; one that does
    // not, all of them), the stripes before the adjustments they fold. Settling and releasing lock only holdings.
    private static readonly string ShareSql = $$"""
        CREATE OR REPLACE FUNCTION {{Name}}.share(p_owner text, p_quota text, p_period text, p_stripe int, p_need bigint, p_limit bigint)
        RETURNS void LANGUAGE plpgsql AS $function$
        DECLARE
          v_used bigint;
          v_left bigint;
        BEGIN
          IF (SELECT count(*) FROM {{Counters}} WHERE owner_id = p_owner AND quota = p_quota AND period = p_period) < {{Stripes}} THEN
            INSERT INTO {{Counters}} (owner_id, quota, period, stripe, used, allowance, limit_seen)
              SELECT p_owner, p_quota, p_period, s, 0, 0, -1 FROM generate_series(0, {{Stripes}} - 1) s ORDER BY s ON CONFLICT DO NOTHING;
          END IF;
          PERFORM 1 FROM {{Counters}} WHERE owner_id = p_owner AND quota = p_quota AND period = p_period ORDER BY stripe FOR UPDATE;
          WITH folded AS (DELETE FROM {{Adjustments}} WHERE owner_id = p_owner AND quota = p_quota AND period = p_period RETURNING change)
          UPDATE {{Counters}} SET used = used + (SELECT coalesce(sum(change), 0) FROM folded)
            WHERE owner_id = p_owner AND quota = p_quota AND period = p_period AND stripe = p_stripe;
          SELECT greatest(sum(used), 0) INTO v_used FROM {{Counters}} WHERE owner_id = p_owner AND quota = p_quota AND period = p_period;
          IF v_used + p_need > p_limit THEN
            RAISE EXCEPTION USING ERRCODE = '{{ExceededState}}',
              MESSAGE = json_build_object('quota', p_quota, 'limit', p_limit, 'used', v_used, 'requested', p_need)::text;
          END IF;
          -- What is left after this hold, shared out; the stripe that holds keeps the remainder.
          v_left := p_limit - v_used - p_need;
          UPDATE {{Counters}}
            SET used = used + CASE WHEN stripe = p_stripe THEN p_need ELSE 0 END,
                allowance = used + v_left / {{Stripes}} + CASE WHEN stripe = p_stripe THEN p_need + v_left % {{Stripes}} ELSE 0 END,
                limit_seen = p_limit
            WHERE owner_id = p_owner AND quota = p_quota AND period = p_period;
        END;
        $function$;
        """;

    private static readonly string HoldSql = $$"""
        CREATE OR REPLACE FUNCTION {{Name}}.hold(p_owner text, p_subject text, p_root text, p_quotas text[], p_periods text[], p_amounts bigint[], p_defaults bigint[])
        RETURNS SETOF {{Holdings}} LANGUAGE plpgsql AS $function$
        DECLARE
          r record;
          v_old bigint;
          v_limit bigint;
          v_need bigint;
          v_stripe int := pg_backend_pid() % {{Stripes}};
        BEGIN
          FOR r IN SELECT * FROM unnest(p_quotas, p_periods, p_amounts, p_defaults) AS w(quota, period, amount, default_limit) ORDER BY w.quota LOOP
            SELECT h.amount INTO v_old FROM {{Holdings}} h WHERE h.quota = r.quota AND h.subject = p_subject AND h.period = r.period FOR UPDATE;
            v_old := coalesce(v_old, 0);
            v_limit := coalesce((SELECT l.value FROM {{OwnerLimits}} l WHERE l.owner_id = p_owner AND l.quota = r.quota), r.default_limit);
            v_need := r.amount - v_old;
            IF v_need < 0 THEN
              INSERT INTO {{Adjustments}} (owner_id, quota, period, change) VALUES (p_owner, r.quota, r.period, v_need);
            ELSIF v_need > 0 THEN
              -- An UPDATE that waited for the stripe and then finds it full keeps it locked; this block's rollback lets it
              -- go, so the share below locks the stripes in order holding none of them.
              BEGIN
                UPDATE {{Counters}} SET used = used + v_need
                  WHERE owner_id = p_owner AND quota = r.quota AND period = r.period AND stripe = v_stripe
                    AND limit_seen = v_limit AND used + v_need <= allowance;
                IF NOT FOUND THEN
                  RAISE EXCEPTION USING ERRCODE = '{{NoRoomInStripe}}';
                END IF;
              EXCEPTION WHEN SQLSTATE '{{NoRoomInStripe}}' THEN
                PERFORM {{Name}}.share(p_owner, r.quota, r.period, v_stripe, v_need, v_limit);
              END;
            END IF;
            INSERT INTO {{Holdings}} (quota, subject, period, owner_id, root, amount) VALUES (r.quota, p_subject, r.period, p_owner, p_root, r.amount)
              ON CONFLICT (quota, subject, period) DO UPDATE SET amount = excluded.amount;
          END LOOP;
          RETURN;
        END;
        $function$;
        """;

    private const string SettleSql = $$"""
        CREATE OR REPLACE FUNCTION {{Name}}.settle(p_subject text, p_quota text, p_amount bigint)
        RETURNS SETOF {{Holdings}} LANGUAGE plpgsql AS $function$
        DECLARE
          h record;
        BEGIN
          FOR h IN SELECT owner_id, period, amount FROM {{Holdings}} WHERE quota = p_quota AND subject = p_subject ORDER BY period FOR UPDATE LOOP
            IF h.amount <> p_amount THEN
              UPDATE {{Holdings}} SET amount = p_amount WHERE quota = p_quota AND subject = p_subject AND period = h.period;
              INSERT INTO {{Adjustments}} (owner_id, quota, period, change) VALUES (h.owner_id, p_quota, h.period, p_amount - h.amount);
            END IF;
          END LOOP;
          RETURN;
        END;
        $function$;
        """;

    private const string ReleaseSql = $$"""
        CREATE OR REPLACE FUNCTION {{Name}}.release(p_subject text, p_quotas text[])
        RETURNS SETOF {{Holdings}} LANGUAGE plpgsql AS $function$
        DECLARE
          h record;
        BEGIN
          FOR h IN SELECT owner_id, quota, period, subject, amount FROM {{Holdings}}
                   WHERE (subject = p_subject OR root = p_subject) AND quota = ANY(p_quotas)
                   ORDER BY owner_id, quota, period, subject FOR UPDATE LOOP
            DELETE FROM {{Holdings}} WHERE quota = h.quota AND subject = h.subject AND period = h.period;
            IF h.amount <> 0 THEN
              INSERT INTO {{Adjustments}} (owner_id, quota, period, change) VALUES (h.owner_id, h.quota, h.period, -h.amount);
            END IF;
          END LOOP;
          RETURN;
        END;
        $function$;
        """;

    /// <summary>Folds the adjustments of one counter into its stripe 0 (locked first, as a hold that shares does), so what is used stays cheap to read.</summary>
    private const string FoldSql = $$"""
        CREATE OR REPLACE FUNCTION {{Name}}.fold(p_owner text, p_quota text, p_period text)
        RETURNS void LANGUAGE plpgsql AS $function$
        BEGIN
          INSERT INTO {{Counters}} (owner_id, quota, period, stripe, used) VALUES (p_owner, p_quota, p_period, 0, 0) ON CONFLICT DO NOTHING;
          PERFORM 1 FROM {{Counters}} WHERE owner_id = p_owner AND quota = p_quota AND period = p_period AND stripe = 0 FOR UPDATE;
          WITH folded AS (DELETE FROM {{Adjustments}} WHERE owner_id = p_owner AND quota = p_quota AND period = p_period RETURNING change)
          UPDATE {{Counters}} SET used = used + (SELECT coalesce(sum(change), 0) FROM folded)
            WHERE owner_id = p_owner AND quota = p_quota AND period = p_period AND stripe = 0;
        END;
        $function$;
        """;
}
