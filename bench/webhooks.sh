#!/usr/bin/env bash
# Webhook delivery latency through the real service, and what another owner's dead endpoint does to it: not a test, a
# measurement. Starts the service (Release build, Development keys, embedded store, a database of its own) on
# VP_BENCH_PORT (default 5097) and a receiver (python3) on 127.0.0.1, allowed through the network guard.
# Each run uploads a small file and has storage report it; the time measured is from sending that report to the
# receiver getting the video.upload.completed delivery (the report's own round trip included). RUNS runs (default 10) with a healthy receiver only, then as
# many again while another owner's endpoint hangs with 40 deliveries waiting on it (each attempt bounded to 5 s).
# Prints the medians, the slowest, and the ratio of the two medians (target: about 1, far under the 5 s bound).
# Usage: bench/webhooks.sh [runs]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
runs="${1:-10}"
port="${VP_BENCH_PORT:-5097}"
base="http://127.0.0.1:$port"
cache="$here/.cache"

source "$here/lib.sh"
fresh_database videopipeline_bench_webhooks

rm -rf "$cache/webhooks"; mkdir -p "$cache/webhooks"
arrivals="$cache/webhooks/arrivals.log"; : >"$arrivals"
receiver_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 - "$receiver_port" "$arrivals" >"$cache/webhooks/receiver.log" 2>&1 <<'PY' &
import http.server, json, sys, time
port, log = int(sys.argv[1]), sys.argv[2]
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path == "/hanging":
            time.sleep(30)  # a dead endpoint: the service gives up on each attempt after its timeout
        with open(log, "a") as f:
            f.write(f"{time.time():.6f} {self.path} {body['type']} {body['data']['videoId']}\n")
        self.send_response(204)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()
PY
receiver=$!

build_service
(
  cd src/VideoPipeline/bin/Release/net10.0
  ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$base" ConnectionStrings__Postgres="$db_url" \
  VideoPipeline__Storage__FileSystem__Root="$cache/webhooks/objects" VideoPipeline__Processing__TempRoot="$cache/webhooks/tmp" \
  VideoPipeline__Logging__FilePath="$cache/webhooks/logs/videopipeline-.json" \
  VideoPipeline__Network__AllowedPrivateHosts__0=127.0.0.1 VideoPipeline__Webhooks__Timeout=00:00:05 \
    exec dotnet VideoPipeline.dll >"$cache/webhooks/console.log" 2>&1
) &
service=$!
trap 'kill "$service" "$receiver" 2>/dev/null || true; wait "$service" "$receiver" 2>/dev/null || true' EXIT
wait_live "$base" "$cache/webhooks/console.log"

file="$cache/webhooks/not-a-video.txt"; echo "a small file; processing refuses it at once" >"$file"

register() { # key path events...
  local key="$1" path="$2"; shift 2
  local events; events="$(printf '"%s",' "$@")"
  curl -fs -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "{\"url\":\"http://127.0.0.1:$receiver_port$path\",\"events\":[${events%,}]}" "$base/webhooks" >/dev/null
}

report() { # key -> prints the video id and the moment storage's report was sent
  local ticket id key url body t sig
  ticket="$(curl -fs -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d '{"title":"bench","fileName":"bench.mp4"}' "$base/upload/request")"
  id="$(json "d['videoId']" <<<"$ticket")"; key="$(json "d['key']" <<<"$ticket")"; url="$(json "d['url']" <<<"$ticket")"
  curl -fs -X PUT -H 'Content-Type: video/mp4' --data-binary "@$file" "$url" >/dev/null
  body="{\"key\":\"$key\",\"size\":$(stat -c %s "$file")}"; t="$(date +%s)"
  sig="$(printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac dev-webhook-secret -hex | sed 's/^.*= //')"
  local sent; sent="$(date +%s.%N)"
  curl -fs -H 'Content-Type: application/json' -H "X-Webhook-Signature: t=$t,v1=$sig" -d "$body" "$base/webhook/s3-upload" >/dev/null
  echo "$id $sent"
}

measure() { # prints the seconds from a report being sent to its delivery's arrival, one run
  local id reported arrived
  read -r id reported <<<"$(report dev-key)"
  for _ in $(seq 1 3000); do
    arrived="$(awk -v id="$id" '$2 == "/healthy" && $4 == id { print $1; exit }' "$arrivals")"
    [ -n "$arrived" ] && break
    sleep 0.01
  done
  [ -n "$arrived" ] || { echo "no delivery for $id" >&2; exit 1; }
  awk -v a="$reported" -v b="$arrived" 'BEGIN { printf "%.3f", b - a }'
}

register dev-key /healthy video.upload.completed
alone=()
for round in $(seq 1 "$runs"); do echo "healthy receiver alone: run $round/$runs" >&2; alone+=("$(measure)"); done

register dev-key-2 /hanging video.upload.completed video.failed
for _ in $(seq 1 20); do report dev-key-2 >/dev/null; done
beside=()
for round in $(seq 1 "$runs"); do echo "beside a hanging endpoint: run $round/$runs" >&2; beside+=("$(measure)"); done

m_alone="$(median "${alone[@]}")"; m_beside="$(median "${beside[@]}")"
echo "$(nproc) cores; $runs runs each; storage report sent -> delivery received, in seconds"
printf 'healthy receiver alone               median %6.3f  slowest %6.3f  [%s]\n' "$m_alone" "$(slowest "${alone[@]}")" "${alone[*]}"
printf 'beside 40 deliveries to a dead one   median %6.3f  slowest %6.3f  [%s]\n' "$m_beside" "$(slowest "${beside[@]}")" "${beside[*]}"
printf 'ratio (beside / alone)               %6.2fx   (each attempt to the dead endpoint may take 5 s)\n' "$(awk -v a="$m_beside" -v b="$m_alone" 'BEGIN { print a / b }')"
