#!/usr/bin/env bash
# Live latency through the real service, for both latency modes (a measurement, not a test):
#   a 1080p30 lavfi source (testsrc2 with its clock burnt in, a tone; H.264 with a keyframe every 2 s, as OBS sends it)
#   is published in real time (-re, stream copy: the broadcaster's encode is not on this machine) to the ingest server
#   (eng/live.sh: Debian's nginx-rtmp) for SECONDS (default 120) per mode; Debian's Chromium plays it through the player
#   page (hls.js) meanwhile, and once a second reads how far the picture shown is behind the broadcast: the wall clock
#   against the shown frame's EXT-X-PROGRAM-DATE-TIME, which the service stamps as the ladder reads the frame
#   (glass-to-glass but for the broadcaster's own encode and its network).
# Prints, per mode: that latency's p50 and p95 over the samples, and the ladder's real-time speed (media seconds the
# ladder published per wall-clock second over the sampling, read from the recording's growing playlist, which names every
# part in both modes: a standard live playlist names whole 2 s segments only, which made the figure step by 3 % over a
# minute; below 1.0 the ladder falls behind, and it cannot go above 1.0 for long, as the input comes in real time). Goals on a quiet 2-core
# machine: low <= 3 s p95, standard <= 8 s p95, speed >= 1.0. The load average is printed beside the figures.
# The service runs from a Release build with the embedded store and a database of its own on VP_BENCH_PORT (default
# 5097), its ingest server on VP_BENCH_RTMP_PORT (default 19356); VP_LIVE_PRESET sets the ladder's x264 preset,
# VP_LIVE_LADDER_TOP its top rung (Live:LadderTop, default 720; 1080 gives a 1080p input its four rungs).
# Usage: bench/live.sh [seconds]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${1:-120}"
port="${VP_BENCH_PORT:-5097}"
rtmp_port="${VP_BENCH_RTMP_PORT:-19356}"
control_port=$((rtmp_port + 1))
base="http://127.0.0.1:$port"
cache="$here/.cache"
secret=bench-live-callback-secret

source "$here/lib.sh"
eng/live.sh install
command -v chromium >/dev/null || { echo "bench/live.sh: Debian's chromium is needed (apt-get install chromium)" >&2; exit 1; }
# The player page is built from the checked-out sources every time: a page built before the live badge existed would
# never show the latency.
[ -d dashboard/node_modules ] || (cd dashboard && npm ci --no-audit --no-fund >/dev/null)
(cd dashboard && npm run build >/dev/null)

# The source: long enough for the startup and the sampling, made once.
clip="$cache/live-1080p30-$((seconds + 60))s.flv"
mkdir -p "$cache"
if [ ! -f "$clip" ]; then
  echo "making the 1080p30 source ($((seconds + 60)) s)" >&2
  ffmpeg -y -hide_banner -loglevel error -f lavfi -i "testsrc2=size=1920x1080:rate=30,drawtext=text='%{pts\:hms}':fontsize=96:fontcolor=white:box=1:boxcolor=black@0.6:x=60:y=60" \
    -f lavfi -i sine=frequency=440:sample_rate=48000 -t $((seconds + 60)) \
    -c:v libx264 -preset ultrafast -tune zerolatency -g 60 -keyint_min 60 -b:v 6M -maxrate 6M -bufsize 6M -pix_fmt yuv420p -c:a aac -b:a 128k \
    -f flv "$clip.part"
  mv "$clip.part" "$clip"
fi

fresh_database videopipeline_bench_live
build_service
rm -rf "$cache/live-service"; mkdir -p "$cache/live-service"
work="$cache/live-service"
eng/live.sh conf "$work/ingest" "127.0.0.1:$rtmp_port" "$control_port" "$base" "$secret"
(exec eng/live.sh start "$work/ingest") >"$work/ingest.log" 2>&1 &
ingest=$!
(
  cd src/VideoPipeline/bin/Release/net10.0
  ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$base" ConnectionStrings__Postgres="$db_url" \
  VideoPipeline__Storage__FileSystem__Root="$work/objects" VideoPipeline__Processing__TempRoot="$work/tmp" \
  VideoPipeline__Logging__FilePath="$work/logs/videopipeline-.json" \
  VideoPipeline__Live__CallbackSecret="$secret" VideoPipeline__Live__RtmpUrl="rtmp://127.0.0.1:$rtmp_port/live" \
  VideoPipeline__Live__RtmpReadUrl="rtmp://127.0.0.1:$rtmp_port/live" VideoPipeline__Live__ControlUrl="http://127.0.0.1:$control_port/control" \
  VideoPipeline__Live__Preset="${VP_LIVE_PRESET:-superfast}" VideoPipeline__Live__LadderTop="${VP_LIVE_LADDER_TOP:-720}" \
    exec dotnet VideoPipeline.dll >"$work/console.log" 2>&1
) &
service=$!
publisher=""
stop() {
  [ -z "$publisher" ] || kill "$publisher" 2>/dev/null || true
  kill "$service" "$ingest" 2>/dev/null || true
  wait "$service" "$ingest" 2>/dev/null || true
}
trap stop EXIT
wait_live "$base" "$work/console.log"

auth=(-H "Authorization: Bearer dev-key")
# Media seconds a growing playlist names (its segments and the parts after them).
published() { awk -F'[:,=]' '/^#EXTINF:/ { s += $2; open = 0 } /^#EXT-X-PART:/ { open += $3 } END { printf "%.3f", s + open }' "$1"; }
percentile() { tr ' ' '\n' | sort -g | awk -v p="$1" '{ v[NR] = $1 } END { i = int(p * NR + 0.999999); if (i < 1) i = 1; printf "%.2f", v[i] }'; }

results=()
for mode in low standard; do
  quiet
  stream="$(curl -fs "${auth[@]}" -H 'Content-Type: application/json' -d "{\"title\":\"bench $mode\",\"latency\":\"$mode\"}" "$base/live-streams")"
  id="$(json "d['id']" <<<"$stream")"; key="$(json "d['streamKey']" <<<"$stream")"
  ffmpeg -hide_banner -loglevel error -re -i "$clip" -c copy -f flv "rtmp://127.0.0.1:$rtmp_port/live/$key" >"$work/publisher-$mode.log" 2>&1 &
  publisher=$!
  play=""
  for _ in $(seq 1 300); do
    play="$(curl -fs "${auth[@]}" "$base/live-streams/$id/play" 2>/dev/null)" && break
    sleep 0.2
  done
  [ -n "$play" ] || { echo "the $mode broadcast never played: $(curl -fs "${auth[@]}" "$base/live-streams/$id")" >&2; exit 1; }
  master="$(json "d['hls']" <<<"$play")"; embed="$(json "d['embed']" <<<"$play")"
  for _ in $(seq 1 300); do
    media="$(curl -fs "$master" 2>/dev/null | grep -v '^#' | head -1)" && [ -n "$media" ] && break
    sleep 0.2
  done
  [ -n "$media" ] || { echo "the $mode broadcast published no playlist in a minute: $(curl -fs "${auth[@]}" "$base/live-streams/$id")" >&2; exit 1; }
  video="$(curl -fs "${auth[@]}" "$base/live-streams/$id" | json "d['activeVideoId']")"
  recording="$work/objects/videos/$video/cmaf/${media%%/*}/index.m3u8"
  ladder="$(curl -fs "$master" | grep -oE 'RESOLUTION=[0-9x]+' | sed 's/RESOLUTION=//' | paste -sd' ')"

  before="$(published "$recording")"; start="$(now)"
  watched="$(cd dashboard && node e2e/live-player.mjs "$embed" "$seconds")"
  speed="$(ratio "$(awk -v a="$before" -v b="$(published "$recording")" 'BEGIN { print b - a }')" "$(since "$start")")"
  samples="$(sed -n 's/^samples: //p' <<<"$watched")"
  [ -n "$samples" ] || { echo "no latency sample for $mode: $watched" >&2; exit 1; }
  count="$(wc -w <<<"$samples")"
  results+=("$(printf '%-8s glass-to-glass p50 %s s, p95 %s s (%s samples); ladder speed %sx' \
    "$mode" "$(percentile 0.5 <<<"$samples")" "$(percentile 0.95 <<<"$samples")" "$count" "$speed")")
  curl -fs -X POST "${auth[@]}" "$base/live-streams/$id/complete" >/dev/null
  wait "$publisher" 2>/dev/null || true
  publisher=""
done

echo "bench/live.sh: ${seconds} s per mode, 1080p30 source, ladder $ladder"
printf '%s\n' "${results[@]}"
echo "load: $(uptime | sed 's/.*load average/load average/')"
