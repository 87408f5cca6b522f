#!/usr/bin/env bash
# Load figures of the service, measured with autocannon (npm, installed into bench/.cache): not tests, measurements.
# Phases (all by default, or those named):
#   requests   POST /upload/request for 15 s on one node                         (goal: >= 500/s)
#   list       GET /videos with VP_BENCH_VIDEOS (default 100,000) videos: first page, by cursor, by page number (goal: p95 < 20 ms).
#              The catalogue is filled with copies of a video the requests phase made, inserted into the read model's
#              table with SQL: 100,000 uploads through the API would take longer than the measurement itself.
#   webhooks   2,000 landed uploads reported by signed webhook, each once           (goal: >= 1,000/s, zero loss)
#              (last on that node: each report queues a transcode of its 1 KiB non-video, refused quickly afterwards)
#   share      VP_BENCH_JOBS (default 12) real clips on one node, then on three nodes behind nginx: who took which job
# One node runs Development keys, the embedded store and a database of its own (videopipeline_load, recreated each run;
# the job share runs on videopipeline_share, so no queued work of the other phases is in its way),
# rate limits off and the reconciler's looks pushed a day out (so the catalogue seed does not schedule work that runs
# during the measurements). The CPU is shared with whatever else runs: say so next to the numbers.
# Usage: bench/load.sh [requests] [webhooks] [list] [share]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$here/.cache/load"
phases=("$@"); [ "${#phases[@]}" -gt 0 ] || phases=(requests list webhooks share)
videos="${VP_BENCH_VIDEOS:-100000}"
jobs="${VP_BENCH_JOBS:-12}"
first_port="${VP_BENCH_PORT:-5181}"

source "$here/lib.sh"
fresh_database videopipeline_load

if [ ! -f "$cache/node_modules/autocannon/package.json" ]; then
  echo "installing autocannon into $cache" >&2
  mkdir -p "$cache" && npm install --prefix "$cache" autocannon@8 --no-audit --no-fund --loglevel=error >/dev/null
fi
export BENCH_MODULES="$cache/node_modules"
build_service

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop_all EXIT

# start_node PORT MODE PUBLIC_URL: one node on PORT (Solo for one node, Balanced in a cluster), sharing the storage folder.
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
    export VideoPipeline__Uploads__Reconciler__LostNotificationAfter=1.00:00:00 VideoPipeline__Uploads__Reconciler__ExpireAfter=1.00:00:00
    exec dotnet VideoPipeline.dll >"$cache/logs/node-$port.log" 2>&1
  ) &
  pids+=("$!")
}

mkdir -p "$cache/logs"
base="http://127.0.0.1:$first_port"
start_node "$first_port" Solo "$base"
wait_live "$base"
echo "== one node ($(nproc) cores, shared with whatever else runs now)"
for phase in "${phases[@]}"; do
  case "$phase" in
    requests) node "$here/load/load.mjs" requests "$base" 15 ;;
    webhooks) node "$here/load/load.mjs" webhooks "$base" 2000 ;;
    list)
      psql -h 127.0.0.1 -p "$pg_port" -U postgres -d videopipeline_load -Xq -v target="$videos" <<'SQL'
insert into catalog.mt_doc_videosummary (id, data, mt_version, mt_dotnet_type, mt_last_modified, owner_id, status, steps_requested_at)
select g.id, jsonb_set(jsonb_set(t.data, '{Id}', to_jsonb(g.id::text)), '{Steps,RequestedAt}', to_jsonb(g.at)), 1, t.mt_dotnet_type, now(), t.owner_id, t.status, g.at
from (select data, mt_dotnet_type, owner_id, status from catalog.mt_doc_videosummary limit 1) t,
     (select gen_random_uuid() as id, now() - make_interval(secs => n) as at
      from generate_series(1, greatest(0, :target - (select count(*) from catalog.mt_doc_videosummary))) n) g;
analyze catalog.mt_doc_videosummary;
SQL
      node "$here/load/load.mjs" list "$base" 10 ;;
  esac
done

if printf '%s\n' "${phases[@]}" | grep -qx share; then
  clip="$cache/share-clip.mp4"
  [ -f "$clip" ] || ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=640x360:rate=25:duration=3 -f lavfi -i sine=duration=3 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest "$clip"
  stop_all
  fresh_database videopipeline_share
  start_node "$first_port" Solo "$base"
  wait_live "$base"
  echo "== job share: $jobs clips (3 s, 360p) on one node"
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
  echo "== job share: $jobs clips on three nodes behind nginx"
  node "$here/load/load.mjs" share "$balancer" "$jobs" "$clip"
fi
