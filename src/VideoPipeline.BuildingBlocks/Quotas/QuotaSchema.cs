using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;

namespace VideoPipeline.BuildingBlocks.Quotas;

/// <summary>
/// The quota ledger's tables and functions, created and migrated with the documents (schema <c>quotas</c>):
/// <list type="bullet">
/// <item><c>counters</c>: one row per owner, quota and period (a month for monthly quotas, empty otherwise) with what is used;
/// every change takes the row's lock, so concurrent requests on any number of nodes queue on it.</item>
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
    public const string Holdings = Name + ".holdings";
    public const string OwnerLimits = Name + ".owner_limits";

    /// <summary>The SQLSTATE <c>quotas.hold</c> raises for a quota that the hold would exceed; its message is JSON (see <see cref="QuotaExceeded"/>; Npgsql hides details, not messages).</summary>
    public const string ExceededState = "VPQ01";

    public static IEnumerable<ISchemaObject> Objects()
    {
        var counters = new Table(new PostgresqlObjectName(Name, "counters", SchemaUtils.IdentifierUsage.General));
        counters.AddColumn<string>("owner_id").AsPrimaryKey();
        counters.AddColumn<string>("quota").AsPrimaryKey();
        counters.AddColumn<string>("period").AsPrimaryKey();
        counters.AddColumn<long>("used").NotNull();
        yield return counters;

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

        yield return Function.ForSql(HoldSql);
        yield return Function.ForSql(SettleSql);
        yield return Function.ForSql(ReleaseSql);
    }

    // The functions return no rows, and are called as `insert into holdings select * from quotas.<function>(...)`: a
    // statement with no result set, as the commands Marten batches must be (a `select` would answer a row).
    // Each counter row is locked before its holding is read or changed (hold, settle and release alike), quotas in name
    // order, so concurrent holds and releases of one owner never wait on each other in a cycle.
    private const string HoldSql = $$"""
        CREATE OR REPLACE FUNCTION {{Name}}.hold(p_owner text, p_subject text, p_root text, p_quotas text[], p_periods text[], p_amounts bigint[], p_defaults bigint[])
        RETURNS SETOF {{Holdings}} LANGUAGE plpgsql AS $function$
        DECLARE
          r record;
          v_used bigint;
          v_old bigint;
          v_limit bigint;
        BEGIN
          FOR r IN SELECT * FROM unnest(p_quotas, p_periods, p_amounts, p_defaults) AS w(quota, period, amount, default_limit) ORDER BY w.quota LOOP
            INSERT INTO {{Counters}} (owner_id, quota, period, used) VALUES (p_owner, r.quota, r.period, 0) ON CONFLICT DO NOTHING;
            SELECT c.used INTO v_used FROM {{Counters}} c WHERE c.owner_id = p_owner AND c.quota = r.quota AND c.period = r.period FOR UPDATE;
            v_old := coalesce((SELECT h.amount FROM {{Holdings}} h WHERE h.quota = r.quota AND h.subject = p_subject AND h.period = r.period), 0);
            v_limit := coalesce((SELECT l.value FROM {{OwnerLimits}} l WHERE l.owner_id = p_owner AND l.quota = r.quota), r.default_limit);
            IF r.amount > v_old AND v_used + r.amount - v_old > v_limit THEN
              RAISE EXCEPTION USING ERRCODE = '{{ExceededState}}',
                MESSAGE = json_build_object('quota', r.quota, 'limit', v_limit, 'used', v_used, 'requested', r.amount - v_old)::text;
            END IF;
            UPDATE {{Counters}} SET used = used + r.amount - v_old WHERE owner_id = p_owner AND quota = r.quota AND period = r.period;
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
          v_old bigint;
        BEGIN
          FOR h IN SELECT owner_id, period FROM {{Holdings}} WHERE quota = p_quota AND subject = p_subject ORDER BY period LOOP
            PERFORM 1 FROM {{Counters}} WHERE owner_id = h.owner_id AND quota = p_quota AND period = h.period FOR UPDATE;
            SELECT amount INTO v_old FROM {{Holdings}} WHERE quota = p_quota AND subject = p_subject AND period = h.period FOR UPDATE;
            IF FOUND THEN
              UPDATE {{Holdings}} SET amount = p_amount WHERE quota = p_quota AND subject = p_subject AND period = h.period;
              UPDATE {{Counters}} SET used = greatest(used + p_amount - v_old, 0) WHERE owner_id = h.owner_id AND quota = p_quota AND period = h.period;
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
          v_amount bigint;
        BEGIN
          FOR h IN SELECT owner_id, quota, period, subject FROM {{Holdings}}
                   WHERE (subject = p_subject OR root = p_subject) AND quota = ANY(p_quotas)
                   ORDER BY owner_id, quota, period, subject LOOP
            PERFORM 1 FROM {{Counters}} WHERE owner_id = h.owner_id AND quota = h.quota AND period = h.period FOR UPDATE;
            DELETE FROM {{Holdings}} WHERE quota = h.quota AND subject = h.subject AND period = h.period RETURNING amount INTO v_amount;
            IF FOUND THEN
              UPDATE {{Counters}} SET used = greatest(used - v_amount, 0) WHERE owner_id = h.owner_id AND quota = h.quota AND period = h.period;
            END IF;
          END LOOP;
          RETURN;
        END;
        $function$;
        """;
}
