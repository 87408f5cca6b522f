#!/usr/bin/env bash
# Viewer analytics through the real service: not a test, a measurement. Starts the service (Release build, Development
# keys, a database of its own, the rollup every 5 s, the per-client rate limit off) on VP_BENCH_PORT (default 5098).
#  1. Ingest: BEACON_SECONDS (default 20) of beacons of BEACON_EVENTS events each (default 20), 32 connections, one
#     node: the sustained rate of events accepted (204), then the events stored counted in the table: nothing lost.
#  2. Queries at ANALYTICS_EVENTS stored events (default 10,000,000; e.g. ANALYTICS_EVENTS=200000 for a smoke run):
#     they are generated in SQL (20 per view, ANALYTICS_VIDEOS videos of the owner "dev", default 200, over the last 30
#     days), the rollup works them off, then GET /videos/{id}/analytics and GET /analytics are timed for
#     QUERY_SECONDS each (default 15), 2 connections. Goals: >= 5,000 events/s; p95 <= 100 ms.
# Prints how long generating and rolling up took, and the load average.
# Usage: bench/analytics.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${VP_BENCH_PORT:-5098}"
base="http://127.0.0.1:$port"
cache="$here/.cache"
events="${ANALYTICS_EVENTS:-10000000}"
videos="${ANALYTICS_VIDEOS:-200}"
beacon_seconds="${BEACON_SECONDS:-20}"
beacon_events="${BEACON_EVENTS:-20}"
query_seconds="${QUERY_SECONDS:-15}"

source "$here/lib.sh"
fresh_database videopipeline_bench_analytics
sql() { psql "postgresql://postgres@127.0.0.1:$pg_port/videopipeline_bench_analytics" -XqtA -v ON_ERROR_STOP=1 "$@"; }

modules="$cache/load"
if [ ! -f "$modules/node_modules/autocannon/package.json" ]; then
  echo "installing autocannon into $modules" >&2
  mkdir -p "$modules" && npm install --prefix "$modules" autocannon@8 --no-audit --no-fund --loglevel=error >/dev/null
fi
export BENCH_MODULES="$modules/node_modules"

rm -rf "$cache/analytics"; mkdir -p "$cache/analytics"
build_service
(
  cd src/VideoPipeline/bin/Release/net10.0
  ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$base" ConnectionStrings__Postgres="$db_url" \
  VideoPipeline__Storage__FileSystem__Root="$cache/analytics/objects" VideoPipeline__Processing__TempRoot="$cache/analytics/tmp" \
  VideoPipeline__Logging__FilePath="$cache/analytics/logs/videopipeline-.json" Serilog__MinimumLevel__Default=Warning \
  VideoPipeline__RateLimits__Enabled=false VideoPipeline__Quotas__Defaults__pendingUploads=100000 VideoPipeline__Quotas__Defaults__videos=100000 VideoPipeline__Quotas__Defaults__storedBytes=1000000000000000 VideoPipeline__Analytics__RollupSchedule='*/5 * * * * *' \
    exec dotnet VideoPipeline.dll >"$cache/analytics/console.log" 2>&1
) &
service=$!
trap 'kill "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true' EXIT
wait_live "$base" "$cache/analytics/console.log"

new_video() {
  curl -fs -H 'Authorization: Bearer dev-key' -H 'Content-Type: application/json' -d '{"title":"bench","fileName":"bench.mp4"}' "$base/upload/request" | json "d['videoId']"
}

# The playback grant of a video, as GET /videos/{id}/play signs it with the Development key (the video need not be processed).
grant() {
  local expires=$(( $(date +%s) + 3600 ))
  printf 'expires=%s&sig=%s' "$expires" "$(printf 'hls\n%s\n%s' "$1" "$expires" | openssl dgst -sha256 -hmac dev-playback-signing-key -hex | sed 's/^.*= //')"
}

# 1. Ingest.
ingest_video="$(new_video)"
quiet
ingest="$(node "$here/analytics/load.mjs" beacons "$base" "$ingest_video" "$(grant "$ingest_video")" "$beacon_seconds" "$beacon_events")"
accepted="$(sed -n 's/^accepted_events=//p' <<<"$ingest")"
stored="$(sql -c "select count(*) from analytics.beacon_events where video_id = '$ingest_video'")"

# 2. Queries at $events stored events.
echo "creating $videos videos" >&2
ids=(); for _ in $(seq 1 "$videos"); do ids+=("$(new_video)"); done
views=$(( events / 20 ))
echo "generating $events events ($views views) in SQL" >&2
started="$(now)"
sql -v views="$views" -v videos="{$(IFS=,; echo "${ids[*]}")}" <<'SQL'
set client_min_messages = warning;
do $$ begin
  for d in 0..30 loop
    execute format('create table if not exists analytics.beacon_events_%s partition of analytics.beacon_events for values from (%L) to (%L)',
      to_char(current_date - d, 'YYYYMMDD'), current_date - d, current_date - d + 1);
  end loop;
end $$;
create temporary table bench_views as
  select i, (:'videos'::uuid[])[1 + i % cardinality(:'videos'::uuid[])] as video_id, md5('view' || i)::uuid as view_id, current_date - (i % 30) as day
  from generate_series(0, :views - 1) as i;
insert into analytics.beacon_events (day, received_at, video_id, view_id, seq, kind, at_ms, position_ms, value_ms, detail, coverage, viewer, client)
select v.day, v.day + time '12:00', v.video_id, v.view_id, s.seq,
  case s.seq when 0 then 1 when 1 then 2 when 17 then 4 when 18 then 5 when 19 then 8 else 3 end,
  s.seq * 2000, s.seq * 2000,
  case when s.seq = 1 then 300 + (v.i * 37) % 3000 when s.seq = 17 then 400 when s.seq between 2 and 16 then 2000 end,
  case when s.seq between 2 and 16 then (array['720p', '480p'])[1 + v.i % 2] when s.seq = 18 then '480p' end,
  case when s.seq between 2 and 16 then (repeat('1', s.seq * 6) || repeat('0', 100 - s.seq * 6))::bit(100) end,
  case when s.seq = 0 then decode(md5('viewer' || (v.i % 5000)), 'hex') end,
  case when s.seq = 0 then 'chrome/linux/desktop' end
from bench_views v cross join generate_series(0, 19) as s(seq);
insert into analytics.pending_views (video_id, view_id) select video_id, view_id from bench_views;
SQL
generated="$(since "$started")"
echo "rolling up" >&2
started="$(now)"
while [ "$(sql -c 'select count(*) from analytics.pending_views')" != 0 ]; do sleep 1; done
rolled="$(since "$started")"
total="$(sql -c 'select count(*) from analytics.beacon_events')"
quiet
queries="$(node "$here/analytics/load.mjs" queries "$base" "$query_seconds" "${ids[@]}")"

echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (after the run)"
echo "$ingest" | grep -v '^accepted_events='
# Beacons still in flight when autocannon's clock stopped (at most one per connection) are stored but not counted as accepted.
echo "events accepted $accepted, stored $stored (up to $(( 32 * beacon_events )) more were in flight at the end), lost $(( accepted > stored ? accepted - stored : 0 ))   (goal: >= 5000 events/s, nothing lost)"
echo "generated $events events in ${generated} s (SQL), rolled up in ${rolled} s; $total events stored"
echo "$queries   (goal: p95 <= 100 ms at 10,000,000 events)"
