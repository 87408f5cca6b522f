#!/usr/bin/env bash
# A fair share of the transcode slots, measured through real processes: owner B's time from storage's report of its
# upload to the video being processed, first alone, then behind a backlog of owner A's 20 videos queued just before, on
# one node and on three (each node one transcode slot, sharing one Postgres and one storage folder, as ./run.sh --nodes
# runs them). Not a test: a measurement. A FIFO queue would put B behind the whole backlog (20 jobs / nodes); the fair
# choice puts it behind at most the job running when it was queued, so the goal is: behind <= alone + one of A's jobs.
# On three nodes sharing two cores, B's own encode runs beside two of A's and takes longer than alone, which that goal
# counts against the scheduler; so the script also prints the scheduler's own share: how long B waited for a slot (its
# upload completed -> its processing started, from its events), whose goal is at most one of A's jobs.
# Clip: 5 s of 1280x720 at 30 fps (testsrc2 + a sine tone). Nodes listen on VP_BENCH_PORT (default 5101) and up.
# Usage: bench/fairness.sh [backlog] [node counts...]     (default: 20 1 3)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
backlog="${1:-20}"; shift || true
counts=("${@:-}"); [ -n "${counts[0]}" ] || counts=(1 3)
first_port="${VP_BENCH_PORT:-5101}"
cache="$here/.cache"

source "$here/lib.sh"

clip="$cache/testsrc2-720p30-5s.mp4"
if [ ! -s "$clip" ]; then
  mkdir -p "$cache"
  ffmpeg -nostdin -loglevel error -y -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=5" -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=5" \
    -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -c:a aac -b:a 128k -shortest "$clip"
fi

build_service
services=()
stop_nodes() {
  for pid in "${services[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${services[@]}"; do wait "$pid" 2>/dev/null || true; done
  services=()
}
trap stop_nodes EXIT

start_nodes() { # count: fresh database and storage, COUNT nodes on first_port.., each one transcode slot
  local count="$1" run="$cache/fairness/$1-nodes"
  fresh_database videopipeline_bench_fairness
  rm -rf "$run"; mkdir -p "$run"
  for i in $(seq 1 "$count"); do
    local port=$((first_port + i - 1))
    (
      cd src/VideoPipeline/bin/Release/net10.0
      ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" ConnectionStrings__Postgres="$db_url" \
      VideoPipeline__NodeName="node-$i" VideoPipeline__Queue__DurabilityMode=Balanced \
      VideoPipeline__Storage__FileSystem__Root="$run/objects" VideoPipeline__Storage__FileSystem__Shared=true \
      VideoPipeline__Storage__FileSystem__PublicBaseUrl="http://127.0.0.1:$first_port" \
      VideoPipeline__Processing__TempRoot="$run/tmp/node-$i" VideoPipeline__Processing__MaxParallelTranscodes=1 \
      VideoPipeline__Logging__FilePath="$run/logs/node-$i-.json" \
        exec dotnet VideoPipeline.dll >"$run/node-$i.log" 2>&1
    ) &
    services+=("$!")
  done
  for i in $(seq 1 "$count"); do wait_live "http://127.0.0.1:$((first_port + i - 1))" "$run/node-$i.log"; done
}

base() { echo "http://127.0.0.1:$first_port"; }

upload() { # key -> prints the video id and its object key, the bytes in storage and nobody told yet
  local ticket url
  ticket="$(curl -fs -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d '{"title":"bench","fileName":"bench.mp4"}' "$(base)/upload/request")"
  url="$(json "d['url']" <<<"$ticket")"
  curl -fs -X PUT -H 'Content-Type: video/mp4' --data-binary "@$clip" "$url" >/dev/null
  echo "$(json "d['videoId']" <<<"$ticket") $(json "d['key']" <<<"$ticket")"
}

report() { # object key: storage's signed report that it landed
  local body t sig
  body="{\"key\":\"$1\",\"size\":$(stat -c %s "$clip")}"; t="$(date +%s)"
  sig="$(printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac dev-webhook-secret -hex | sed 's/^.*= //')"
  curl -fs -H 'Content-Type: application/json' -H "X-Webhook-Signature: t=$t,v1=$sig" -d "$body" "$(base)/webhook/s3-upload" >/dev/null
}

status_of() { curl -fs -H "Authorization: Bearer $1" "$(base)/videos/$2" | json "d['status']"; }

wait_processed() { # key id
  for _ in $(seq 1 6000); do
    case "$(status_of "$1" "$2")" in processed) return 0 ;; failed) echo "video $2 failed" >&2; exit 1 ;; esac
    sleep 0.1
  done
  echo "video $2 was not processed within 10 minutes" >&2; exit 1
}

b_to_processed() { # seconds from B's report to B's video processed
  local id key started
  read -r id key <<<"$(upload dev-key-2)"
  started="$(now)"; report "$key"
  wait_processed dev-key-2 "$id"
  echo "$(since "$started") $id"
}

between() { # key id first second: seconds from the video's event FIRST to its event SECOND (the last of each type)
  curl -fs -H "Authorization: Bearer $1" "$(base)/videos/$2/events" | python3 -c '
import json, sys
from datetime import datetime
e = {x["type"]: datetime.fromisoformat(x["timestamp"]) for x in json.load(sys.stdin)}
print("%.3f" % (e[sys.argv[2]] - e[sys.argv[1]]).total_seconds())' "$3" "$4"
}

job_seconds() { between "$1" "$2" ProcessingStarted ProcessingCompleted; } # key id: one video's run, from its event stream

results=()
for nodes in "${counts[@]}"; do
  echo "$nodes node(s): starting" >&2
  start_nodes "$nodes"
  echo "$nodes node(s): warming up, then owner B alone" >&2
  b_to_processed >/dev/null
  quiet
  read -r alone alone_id <<<"$(b_to_processed)"
  alone_wait="$(between dev-key-2 "$alone_id" UploadCompleted ProcessingStarted)"
  echo "$nodes node(s): owner A queues $backlog videos" >&2
  ids=(); keys=()
  for _ in $(seq 1 "$backlog"); do read -r id key <<<"$(upload dev-key)"; ids+=("$id"); keys+=("$key"); done
  for key in "${keys[@]}"; do report "$key"; done
  for _ in $(seq 1 600); do [ "$(status_of dev-key "${ids[0]}")" != uploaded ] && break; sleep 0.1; done
  echo "$nodes node(s): owner B behind the backlog" >&2
  read -r behind behind_id <<<"$(b_to_processed)"
  behind_wait="$(between dev-key-2 "$behind_id" UploadCompleted ProcessingStarted)"
  for id in "${ids[@]}"; do wait_processed dev-key "$id"; done
  a_jobs=(); for id in "${ids[@]}"; do a_jobs+=("$(job_seconds dev-key "$id")"); done
  a_job="$(median "${a_jobs[@]}")"
  results+=("$(printf '%d node(s)   alone %7.3f s   behind %3d of A %7.3f s   one A job (median) %6.3f s   ratio %5.2fx   goal (<= alone + one A job = %.3f s): %s' \
    "$nodes" "$alone" "$backlog" "$behind" "$a_job" "$(ratio "$behind" "$alone")" "$(awk -v a="$alone" -v j="$a_job" 'BEGIN { print a + j }')" \
    "$(awk -v b="$behind" -v a="$alone" -v j="$a_job" 'BEGIN { print (b <= a + j) ? "met" : "missed" }')")")
  results+=("$(printf '           B waited for a slot (upload completed -> processing started): alone %6.3f s, behind the backlog %6.3f s (goal <= one A job, %.3f s: %s)' \
    "$alone_wait" "$behind_wait" "$a_job" "$(awk -v w="$behind_wait" -v j="$a_job" 'BEGIN { print (w <= j) ? "met" : "missed" }')")")
  stop_nodes
done

echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); owner B's 5 s 720p clip, storage report -> processed; one transcode slot per node"
printf '%s\n' "${results[@]}"
