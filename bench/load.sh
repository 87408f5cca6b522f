#!/usr/bin/env bash
# Load figures of the service at a platform's request rates, measured with autocannon (npm, installed into bench/.cache):
# not tests, measurements. Every path is warmed for VP_BENCH_WARMUP seconds (default 40: JIT tiers, pools, prepared
# statements) before it is measured for VP_BENCH_SECONDS (default 20); every line names the durability mode and gives
# the service's CPU (its process, from /proc) beside autocannon's own, which runs on the same machine, and what one
# request cost ("cost a request"): CPU milliseconds of the service, of PostgreSQL (every process of the cluster) and of
# autocannon, the statements PostgreSQL ran (pg_stat_statements) and the service's round trips to it (Npgsql's commands
# at /metrics). A rate depends on what else runs on the machine; a cost per request hardly does.
#
# For each durability mode of VP_BENCH_MODES (default "Solo Balanced"), one node on a fresh database (videopipeline_load):
#   requests   POST /upload/request at 32 connections                               (goal: >= 1,000/s, p95 <= 50 ms)
#   webhooks   signed storage reports of distinct landed uploads at 64 connections   (goal: >= 1,000/s, zero loss)
#              then again with at least VP_BENCH_BACKLOG (default 10,000) transcodes queued   (goal: >= 90% of that)
#              The uploads belong to the stored owner "bench", suspended once they are PUT: its transcodes wait in the
#              fair scheduler's turns (none runs during the measurements), every report adds one. Each measured run says
#              how many wait in the turns and how many in Wolverine's durable intake queue, before and right after. The warm-up reports 2,000 of them once,
#              then repeats those reports (accepted, changing nothing) for the rest of its time.
#   exact      quotas and the fair queue (scheduling.turns) counted again from the read model, and every quota counter
#              (stripes plus adjustments not folded yet) against what the holdings add up to: they must agree exactly
#   list       GET /videos with VP_BENCH_VIDEOS (default 100,000) videos of the owner: first page, by cursor, numbered
#              pages within reach, and the opt-in total                          (goal: p95 <= 20 ms at 32 connections)
#              The catalogue is filled with copies of a video the requests phase made, inserted into the read model's
#              table with SQL: 100,000 uploads through the API would take longer than the measurement itself.
# and once (VP_BENCH_JOBS real clips, default 12):
#   share      the clips on one node, then on three nodes behind nginx: who took which job
#
# Rate limits are off and the reconciler's looks pushed a day out (so nothing scheduled runs during the measurements).
# The CPU is shared with whatever else runs: `uptime` is printed first, say it next to the numbers.
# Usage: bench/load.sh [--quick] [requests] [webhooks] [list] [share]
#   --quick: a smoke check of the script (3 s warm-up and measurement, 1,000 reports, a backlog of 500, 5,000 videos).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$here/.cache/load"
phases=()
quick=false
for arg in "$@"; do
  if [ "$arg" = --quick ]; then quick=true; else phases+=("$arg"); fi
done
[ "${#phases[@]}" -gt 0 ] || phases=(requests webhooks list share)
if $quick; then
  : "${VP_BENCH_WARMUP:=3}" "${VP_BENCH_SECONDS:=3}" "${VP_BENCH_REPORTS:=1000}" "${VP_BENCH_BACKLOG:=500}" "${VP_BENCH_VIDEOS:=5000}" "${VP_BENCH_JOBS:=4}"
fi
warmup="${VP_BENCH_WARMUP:-40}"
seconds="${VP_BENCH_SECONDS:-20}"
reports="${VP_BENCH_REPORTS:-20000}"
backlog="${VP_BENCH_BACKLOG:-10000}"
videos="${VP_BENCH_VIDEOS:-100000}"
jobs="${VP_BENCH_JOBS:-12}"
modes="${VP_BENCH_MODES:-Solo Balanced}"
first_port="${VP_BENCH_PORT:-5181}"
warm_reports=$((reports < 2000 ? reports : 2000))

source "$here/lib.sh"

if [ ! -f "$cache/node_modules/autocannon/package.json" ]; then
  echo "installing autocannon into $cache" >&2
  mkdir -p "$cache" && npm install --prefix "$cache" autocannon@8 --no-audit --no-fund --loglevel=error >/dev/null
fi
export BENCH_MODULES="$cache/node_modules" BENCH_CLK_TCK="$(getconf CLK_TCK)"
# What a request costs PostgreSQL: the CPU of the cluster's processes (its postmaster, as eng/infra.sh recorded it) and
# the statements of the bench's database (pg_stat_statements, which eng/infra.sh loads at the cluster's start).
export BENCH_PG_PORT="$pg_port" BENCH_DB=videopipeline_load BENCH_PG_PID="$(cat "${VP_LOCAL:-$bench_root/.local}/pids/postgres.pid" 2>/dev/null || true)"
build_service

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop_all EXIT

# start_node PORT MODE PUBLIC_URL: one node on PORT in durability MODE, sharing the storage folder; its PID is the last of pids.
start_node() {
  local port="$1" mode="$2" public="$3"
  (
    cd src/VideoPipeline/bin/Release/net10.0
    export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" ConnectionStrings__Postgres="$db_url"
    export VideoPipeline__Queue__DurabilityMode="$mode" VideoPipeline__Storage__FileSystem__Shared=true
    export VideoPipeline__Storage__FileSystem__Root="$cache/objects" VideoPipeline__Storage__FileSystem__PublicBaseUrl="$public"
    export VideoPipeline__Processing__TempRoot="$cache/tmp/$port" VideoPipeline__Processing__MaxParallelTranscodes=1
    export VideoPipeline__Logging__FilePath="$cache/logs/node-$port-.json" Serilog__MinimumLevel__Default=Warning
    export VideoPipeline__RateLimits__Enabled=false
    export VideoPipeline__Quotas__Defaults__pendingUploads=100000000 VideoPipeline__Quotas__Defaults__videos=100000000
    export VideoPipeline__Quotas__Defaults__storedBytes=1000000000000000
    export VideoPipeline__Uploads__Reconciler__LostNotificationAfter=1.00:00:00 VideoPipeline__Uploads__Reconciler__ExpireAfter=1.00:00:00
    exec dotnet VideoPipeline.dll >"$cache/logs/node-$port.log" 2>&1
  ) &
  pids+=("$!")
}

sql() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -d videopipeline_load -XAtq -c "$1"; }
admin() { curl -fsS -X "$1" "$base$2" -H 'Authorization: Bearer dev-admin-key' -H 'Content-Type: application/json' ${3:+-d "$3"}; }
# Transcodes queued and not started: waiting in the fair scheduler's turns, or still in Wolverine's durable intake queue.
turns_waiting() { sql "select count(*) from scheduling.turns where queue = 'transcode' and node is null"; }
# The intake: Wolverine's durable local queue (Solo), or its PostgreSQL queue table when the node runs Balanced.
intake() {
  local local_queue transport=0
  local_queue="$(sql "select count(*) from videos.wolverine_incoming_envelopes where message_type like '%TranscodeVideo%' and status <> 'Handled'")"
  if [ "$(sql "select to_regclass('wolverine_queues.wolverine_queue_transcode') is not null")" = t ]; then
    transport="$(sql "select count(*) from wolverine_queues.wolverine_queue_transcode")"
  fi
  echo $((local_queue + transport))
}
queued() { echo $(( $(turns_waiting) + $(intake) )); }
awaiting() { sql "select count(*) from catalog.mt_doc_videosummary where owner_id = 'bench' and status = 'awaiting_upload'"; }

# reports_measured FILE LABEL: the reports of FILE's uploads, measured, and whether each 202 recorded its UploadCompleted.
reports_measured() {
  local before after count
  before="$(awaiting)"; count="$(grep -c . "$1")"
  echo "[$mode] transcodes queued before: $(turns_waiting) waiting their turn, $(intake) in the durable intake queue"
  node "$here/load/load.mjs" reports "$base" "$1" "$2"
  echo "[$mode] right after: $(turns_waiting) transcodes waiting their turn, $(intake) in the durable intake queue"
  after="$(awaiting)"
  echo "[$mode] zero loss: $before uploads awaited their report before, $after after, $count reported: $([ $((before - after)) -eq "$count" ] && echo held || echo LOST)"
}

# What is used of each owner's quota and period: the counter's stripes plus the adjustments not folded yet.
used="select owner_id, quota, period, used from quotas.counters union all select owner_id, quota, period, change from quotas.adjustments"

# exact: the owners' quota counters and the transcode queue, counted again from the read model and from the holdings.
exact() {
  echo "[$mode] exactness (each line: what the counter says, what the read model counts; they must be equal):"
  sql "select '  quota ' || q.quota || ' of ' || q.owner_id || ': ' || q.used || ' / ' || coalesce(r.n, 0) || case when q.used = coalesce(r.n, 0) then ' exact' else ' WRONG' end
       from (select owner_id, quota, sum(used) as used from ($used) u where quota in ('videos', 'pendingUploads') group by 1, 2) q
       left join (select owner_id, 'videos' as quota, count(*) as n from catalog.mt_doc_videosummary where status <> 'deleted' group by 1
                  union all
                  select owner_id, 'pendingUploads', count(*) from catalog.mt_doc_videosummary where status = 'awaiting_upload' group by 1) r
         on r.owner_id = q.owner_id and r.quota = q.quota
       order by 1"
  sql "select '  ledger ' || u.quota || ' of ' || u.owner_id || ': ' || u.used || ' / ' || coalesce(h.held, 0) || ' held' || case when u.used = coalesce(h.held, 0) then ' exact' else ' WRONG' end
       from (select owner_id, quota, period, sum(used) as used from ($used) p group by 1, 2, 3) u
       left join (select owner_id, quota, period, sum(amount) as held from quotas.holdings group by 1, 2, 3) h using (owner_id, quota, period)
       order by 1"
  local reported jobs_of_bench seen=-1 still=0 started
  reported="$(sql "select count(*) from catalog.mt_doc_videosummary where owner_id = 'bench' and status = 'uploaded'")"
  # The intake turns queued transcodes into turns at its own pace (in Balanced, through Wolverine's PostgreSQL queue,
  # tens of thousands take minutes): wait as long as it makes progress, and give up after a minute without any.
  started="$(now)"
  while true; do
    jobs_of_bench="$(sql "select count(*) from scheduling.turns where queue = 'transcode' and owner_id = 'bench'")"
    [ "$jobs_of_bench" -ge "$reported" ] && break
    if [ "$jobs_of_bench" -eq "$seen" ]; then still=$((still + 1)); else still=0; seen="$jobs_of_bench"; fi
    [ "$still" -ge 60 ] && break
    sleep 1
  done
  echo "  (the intake took $(since "$started") s more to turn the last of them into turns)"
  echo "  fair queue (transcode turns) of bench: $jobs_of_bench jobs / $reported uploads reported $([ "$jobs_of_bench" -eq "$reported" ] && echo exact || echo WRONG)"
  echo "  jobs started for the suspended owner: $(sql "select count(*) from scheduling.turns where queue = 'transcode' and owner_id = 'bench' and node is not null") (must be 0)"
  echo "  transcode turns of other owners: $(sql "select count(*) from scheduling.turns where queue = 'transcode' and owner_id <> 'bench'")"
}

mkdir -p "$cache/logs"
base="http://127.0.0.1:$first_port"
echo "== $(nproc) cores; uptime: $(uptime)"
echo "== warm-up ${warmup} s, measured ${seconds} s per path; modes: $modes"
for mode in $modes; do
  export BENCH_MODE="$mode"
  fresh_database videopipeline_load
  sql "create extension if not exists pg_stat_statements"
  rm -rf "$cache/objects"
  start_node "$first_port" "$mode" "$base"
  export BENCH_SERVICE_PIDS="${pids[-1]}"
  wait_live "$base" "$cache/logs/node-$first_port.log"
  echo "== $mode: one node"
  for phase in "${phases[@]}"; do
    case "$phase" in
      requests) node "$here/load/load.mjs" requests "$base" "$warmup" "$seconds" ;;
      webhooks)
        admin POST /admin/owners '{"id":"bench","name":"Bench","limits":{"pendingUploads":100000000,"videos":100000000,"storedBytes":1000000000000000}}' >/dev/null
        BENCH_KEY="$(admin POST /admin/owners/bench/keys '{"name":"bench"}' | json 'd["key"]')"
        export BENCH_KEY
        echo "[$mode] preparing $((warm_reports + 2 * reports + backlog)) landed uploads of owner bench"
        node "$here/load/load.mjs" prepare "$base" "$warm_reports" "$cache/warm.keys"
        node "$here/load/load.mjs" prepare "$base" "$reports" "$cache/measured.keys"
        node "$here/load/load.mjs" prepare "$base" "$backlog" "$cache/backlog.keys"
        node "$here/load/load.mjs" prepare "$base" "$reports" "$cache/behind-backlog.keys"
        admin PATCH /admin/owners/bench '{"status":"suspended"}' >/dev/null
        node "$here/load/load.mjs" warm-reports "$base" "$cache/warm.keys" "$warmup"
        reports_measured "$cache/measured.keys" "with few transcodes queued"
        node "$here/load/load.mjs" reports "$base" "$cache/backlog.keys" "making the backlog (not a goal)"
        for _ in $(seq 1 300); do [ "$(queued)" -ge "$backlog" ] && break; sleep 1; done
        reports_measured "$cache/behind-backlog.keys" "behind a backlog"
        exact ;;
      list)
        # The catalogue is filled with copies of one of the owner's videos: run without the requests phase, make that one.
        if [ "$(sql "select count(*) from catalog.mt_doc_videosummary where owner_id = 'dev'")" -eq 0 ]; then
          curl -fs -H 'Authorization: Bearer dev-key' -H 'Content-Type: application/json' -d '{"title":"list"}' "$base/upload/request" >/dev/null
        fi
        psql -h 127.0.0.1 -p "$pg_port" -U postgres -d videopipeline_load -Xq -v target="$videos" <<'SQL'
insert into catalog.mt_doc_videosummary (id, data, mt_version, mt_dotnet_type, mt_last_modified, owner_id, status, steps_requested_at)
select g.id, jsonb_set(jsonb_set(t.data, '{Id}', to_jsonb(g.id::text)), '{Steps,RequestedAt}', to_jsonb(g.at)), 1, t.mt_dotnet_type, now(), t.owner_id, t.status, g.at
from (select data, mt_dotnet_type, owner_id, status from catalog.mt_doc_videosummary where owner_id = 'dev' limit 1) t,
     (select gen_random_uuid() as id, now() - make_interval(secs => n) as at
      from generate_series(1, greatest(0, :target - (select count(*) from catalog.mt_doc_videosummary where owner_id = 'dev'))) n) g;
analyze catalog.mt_doc_videosummary;
SQL
        node "$here/load/load.mjs" list "$base" "$warmup" "$seconds" ;;
    esac
  done
  stop_all
done

if printf '%s\n' "${phases[@]}" | grep -qx share; then
  clip="$cache/share-clip.mp4"
  [ -f "$clip" ] || ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=640x360:rate=25:duration=3 -f lavfi -i sine=duration=3 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest "$clip"
  fresh_database videopipeline_share
  start_node "$first_port" Solo "$base"
  wait_live "$base"
  echo "== job share: $jobs clips (3 s, 360p) on one node (Solo)"
  node "$here/load/load.mjs" share "$base" "$jobs" "$clip"
  stop_all

  eng/cluster.sh install
  balancer="http://127.0.0.1:$((first_port + 10))"
  ports=()
  for i in 1 2 3; do ports+=("$((first_port + i))"); start_node "$((first_port + i))" Balanced "$balancer"; done
  for port in "${ports[@]}"; do wait_live "http://127.0.0.1:$port"; done
  eng/cluster.sh conf "$cache/nginx" "$((first_port + 10))" "${ports[@]}"
  setsid eng/cluster.sh start "$cache/nginx" &
  pids+=("$!")
  wait_live "$balancer"
  echo "== job share: $jobs clips on three nodes behind nginx (Balanced)"
  node "$here/load/load.mjs" share "$balancer" "$jobs" "$clip"
fi
