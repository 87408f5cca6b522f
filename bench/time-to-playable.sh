#!/usr/bin/env bash
# Time from upload completion to playable, through the real service: not a test, a measurement.
# Starts the service (Release build, Development keys, embedded store, a database of its own) on VP_BENCH_PORT
# (default 5098), uploads the standard clip (30 s 1080p H.264+AAC, so the fast path applies) RUNS times (default 3),
# each time: PUT to the presigned URL, signed webhook, then polls until /play answers and until it is processed.
# Prints the medians and their ratio to the clip's duration (target: playable within 0.10x).
# Usage: bench/time-to-playable.sh [runs]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
runs="${1:-3}"
port="${VP_BENCH_PORT:-5098}"
base="http://127.0.0.1:$port"
cache="$here/.cache"
duration=30
clip="$("$here/standard-clip.sh")"

cd "$root"
eng/shims/build.sh >/dev/null
eng/infra.sh up >/dev/null
eval "$(eng/infra.sh env)"
db_url="${ConnectionStrings__Postgres/Database=videopipeline/Database=videopipeline_bench}"
port_pg="$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$db_url")"
if [ "$(psql -h 127.0.0.1 -p "$port_pg" -U postgres -d postgres -XtAc "select 1 from pg_database where datname = 'videopipeline_bench'")" != 1 ]; then
  psql -h 127.0.0.1 -p "$port_pg" -U postgres -d postgres -Xq -c 'create database videopipeline_bench'
fi

echo "building the service (Release)" >&2
dotnet build src/VideoPipeline -c Release -nologo -v q >/dev/null
rm -rf "$cache/service"; mkdir -p "$cache/service"
(
  cd src/VideoPipeline/bin/Release/net10.0
  ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$base" ConnectionStrings__Postgres="$db_url" \
  VideoPipeline__Storage__FileSystem__Root="$cache/service/objects" VideoPipeline__Processing__TempRoot="$cache/service/tmp" \
  VideoPipeline__Logging__FilePath="$cache/service/logs/videopipeline-.json" \
    exec dotnet VideoPipeline.dll >"$cache/service/console.log" 2>&1
) &
service=$!
trap 'kill "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -fs "$base/health/live" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$base/health/live" >/dev/null || { cat "$cache/service/console.log" >&2; exit 1; }

auth=(-H "Authorization: Bearer dev-key")
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
seconds_between() { python3 -c "from datetime import datetime as d; print('%.3f' % (d.fromisoformat('$2').timestamp() - d.fromisoformat('$1').timestamp()))"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

client_playable=() client_processed=() server_playable=() server_processed=()
for round in $(seq 1 "$runs"); do
  echo "round $round/$runs" >&2
  ticket="$(curl -fs "${auth[@]}" -H 'Content-Type: application/json' -d '{"title":"bench","fileName":"bench.mp4"}' "$base/upload/request")"
  id="$(json "d['videoId']" <<<"$ticket")"; key="$(json "d['key']" <<<"$ticket")"; url="$(json "d['url']" <<<"$ticket")"
  curl -fs -X PUT -H 'Content-Type: video/mp4' --data-binary "@$clip" "$url" >/dev/null

  body="{\"key\":\"$key\",\"size\":$(stat -c %s "$clip")}"
  t="$(date +%s)"
  sig="$(printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac dev-webhook-secret -hex | sed 's/^.*= //')"
  start="$(now)"
  curl -fs -H 'Content-Type: application/json' -H "X-Webhook-Signature: t=$t,v1=$sig" -d "$body" "$base/webhook/s3-upload" >/dev/null
  until curl -fs "${auth[@]}" "$base/videos/$id/play" >/dev/null 2>&1; do sleep 0.05; done
  client_playable+=("$(since "$start")")
  until [ "$(curl -fs "${auth[@]}" "$base/videos/$id" | json "d['status']")" = processed ]; do sleep 0.2; done
  client_processed+=("$(since "$start")")

  steps="$(curl -fs "${auth[@]}" "$base/videos/$id" | json "d['steps']['uploadedAt'], d['steps']['playableAt'], d['steps']['processedAt']")"
  read -r uploaded playable processed <<<"$steps"
  server_playable+=("$(seconds_between "$uploaded" "$playable")")
  server_processed+=("$(seconds_between "$uploaded" "$processed")")
done

m_cp="$(median "${client_playable[@]}")"; m_sp="$(median "${server_playable[@]}")"
m_cd="$(median "${client_processed[@]}")"; m_sd="$(median "${server_processed[@]}")"
echo "clip: $duration s 1920x1080 30 fps H.264+AAC, $(nproc) cores; $runs runs, median (all runs in seconds)"
printf 'webhook -> /play answers       %7.3f s  [%s]  = %sx duration (target <= 0.10x)\n' "$m_cp" "${client_playable[*]}" "$(ratio "$m_cp" "$duration")"
printf 'uploadedAt -> playableAt       %7.3f s  [%s]  = %sx duration\n' "$m_sp" "${server_playable[*]}" "$(ratio "$m_sp" "$duration")"
printf 'webhook -> processed (ladder)  %7.3f s  [%s]  = %sx duration\n' "$m_cd" "${client_processed[*]}" "$(ratio "$m_cd" "$duration")"
printf 'uploadedAt -> processedAt      %7.3f s  [%s]  = %sx duration\n' "$m_sd" "${server_processed[*]}" "$(ratio "$m_sd" "$duration")"
