#!/usr/bin/env bash
# The streaming ladder through the real service, as ratios measured in this one run (a measurement, not a test):
#   F2  upload completion -> processed (every output: the CMAF renditions, HLS and DASH, the 480p MP4, the thumbnail),
#       over the hand-written one-decode ffmpeg command that makes the same rungs at the same preset and CRF (target <= 1.05)
#   F3  upload completion -> a playable URL (/play answers with the HLS master of the first published segments), over
#       the clip's duration, for the H.264, HEVC 10-bit, VP9/WebM and interlaced standard clips (target <= 0.15)
#   P1  the same in seconds: upload completion -> a playable HLS URL whose first media playlist names a segment or an
#       LL-HLS part, for each 30 s 1080p clip (target <= 1.0 s), and P2 for a 10-minute 1080p H.264 clip (target <= 1.5 s;
#       that video is deleted once it plays, which stops its encode: only its start is measured)
#   S1  bytes stored for a video over (its upload + one copy of each rendition) (target <= 1.10)
#   and per rung of the H.264 clip: bit rate, declared BANDWIDTH and AVERAGE-BANDWIDTH over what its stored segments
#   measure (within 10%), and SSIM against the source scaled to the rung (>= 0.95).
# The service runs from a Release build with the embedded store and a database of its own on VP_BENCH_PORT (default
# 5098); a short clip goes through it first, untimed. The H.264 clip goes RUNS times (default 3), each time followed by
# the hand-written command on the same clip; the other clips once each. Each timed run starts once the CPUs are idle.
# Medians; every run is printed.
# With --playable, only P1 and P2: each clip goes once, until it plays (then it is deleted), and its way there is printed
# step by step from its events (the server's times, from uploadedAt).
# Usage: bench/streaming.sh [runs] | bench/streaming.sh --playable [kind...]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
playable_only=false
if [ "${1:-}" = --playable ]; then playable_only=true; shift; fi
runs="${1:-3}"
port="${VP_BENCH_PORT:-5098}"
base="http://127.0.0.1:$port"
cache="$here/.cache"
duration=30
declare -A clips
for kind in h264 hevc10 vp9 interlaced h264-10min; do clips[$kind]="$("$here/standard-clip.sh" "$kind")"; done

source "$here/lib.sh"
fresh_database videopipeline_bench
build_service
rm -rf "$cache/service"; mkdir -p "$cache/service"
objects="$cache/service/objects"
(
  cd src/VideoPipeline/bin/Release/net10.0
  ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$base" ConnectionStrings__Postgres="$db_url" \
  VideoPipeline__Storage__FileSystem__Root="$objects" VideoPipeline__Processing__TempRoot="$cache/service/tmp" \
  VideoPipeline__Logging__FilePath="$cache/service/logs/videopipeline-.json" \
    exec dotnet VideoPipeline.dll >"$cache/service/console.log" 2>&1
) &
service=$!
trap 'kill "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true' EXIT
wait_live "$base" "$cache/service/console.log"

auth=(-H "Authorization: Bearer dev-key")
seconds_between() { python3 -c "from datetime import datetime as d; print('%.3f' % (d.fromisoformat('$2').timestamp() - d.fromisoformat('$1').timestamp()))"; }

# Uploads a clip, reports it landed (the signed webhook), then waits until it plays and until it is processed. The
# waits poll with curl alone (no interpreter per poll), and slowly once it plays, to take little of the CPU the encode
# shares; the ratios use the server's own timestamps (uploadedAt, playableAt, processedAt), the client's are printed too.
# Sets: id, playable, processed (client side, s), server_playable, server_processed (uploadedAt -> ..., s).
# With a second argument "start", it stops once the video plays: first_part names what its first media playlist lists
# first, and the video is deleted (its encode stops), so server_processed and processed are left unset.
process() {
  local clip="$1" only="${2:-}" name ticket key url body t sig start
  name="$(basename "$clip")"
  ticket="$(curl -fs "${auth[@]}" -H 'Content-Type: application/json' -d "{\"title\":\"bench\",\"fileName\":\"$name\"}" "$base/upload/request")"
  id="$(json "d['videoId']" <<<"$ticket")"; key="$(json "d['key']" <<<"$ticket")"; url="$(json "d['url']" <<<"$ticket")"
  curl -fs -X PUT -H "Content-Type: $(json "d['headers']['Content-Type']" <<<"$ticket")" --data-binary "@$clip" "$url" >/dev/null

  body="{\"key\":\"$key\",\"size\":$(stat -c %s "$clip")}"
  t="$(date +%s)"
  sig="$(printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac dev-webhook-secret -hex | sed 's/^.*= //')"
  start="$(now)"
  curl -fs -H 'Content-Type: application/json' -H "X-Webhook-Signature: t=$t,v1=$sig" -d "$body" "$base/webhook/s3-upload" >/dev/null
  local answer="" tries=0
  until answer="$(curl -fs "${auth[@]}" "$base/videos/$id/play" 2>/dev/null)" && grep -q '"hls":"http' <<<"$answer"; do
    if (( ++tries % 20 == 0 )) && curl -fs "${auth[@]}" "$base/videos/$id" | grep -q '"status":"failed"'; then
      echo "$name failed before it played: $(curl -fs "${auth[@]}" "$base/videos/$id")" >&2; exit 1
    fi
    # The server's playableAt is what is reported: a slower poll only makes the client's figure coarser, and polling
    # every 50 ms (a curl process and a request each) took CPU from the encode being measured.
    sleep 0.25
  done
  playable="$(since "$start")"
  local master media
  master="$(json "d['hls']" <<<"$answer")"
  media="$(curl -fs "$master" | grep -v '^#' | head -1)"
  [ -n "$media" ] || { echo "the hls master of $id names no variant" >&2; exit 1; }
  first_part="$(curl -fs "${master%/master.m3u8*}/$media" | grep -m1 -oE '^#EXT-X-PART:.*URI="[^"?]*|^[^#].*' | sed -E 's/.*URI="//; s/\?.*//; s#.*/##')"
  [ -n "$first_part" ] || { echo "the first media playlist of $id names no segment or part" >&2; exit 1; }
  if [ "$only" = start ]; then
    local at_playable
    at_playable="$(json "d['steps']['playableAt']" <<<"$(curl -fs "${auth[@]}" "$base/videos/$id")")"
    server_playable="$(seconds_between "$(json "d['steps']['uploadedAt']" <<<"$(curl -fs "${auth[@]}" "$base/videos/$id")")" "$at_playable")"
    curl -fs -X DELETE "${auth[@]}" "$base/videos/$id" >/dev/null
    return 0
  fi
  until curl -fs "${auth[@]}" "$base/videos/$id" | grep -qE '"status":"(processed|failed)"'; do sleep 1; done
  processed="$(since "$start")"
  local video
  video="$(curl -fs "${auth[@]}" "$base/videos/$id")"
  [ "$(json "d['status']" <<<"$video")" = processed ] || { echo "$video" >&2; exit 1; }
  read -r uploaded at_playable at_processed <<<"$(json "d['steps']['uploadedAt'], d['steps']['playableAt'], d['steps']['processedAt']" <<<"$video")"
  server_playable="$(seconds_between "$uploaded" "$at_playable")"
  server_processed="$(seconds_between "$uploaded" "$at_processed")"
}

# The hand-written one-decode command for the same rungs, preset and CRF (what a person would type): split into four
# scalers and x264 encoders, AAC, an MP4 per rung.
encode() { # <maxrate kbps> <profile>: sets the array $encoding
  encoding=(-map 0:a:0 -c:a aac -b:a 128k -ac 2
    -c:v libx264 -preset veryfast -crf 23 -profile:v "$2" -pix_fmt yuv420p -maxrate "${1}k" -bufsize "$(( $1 * 2 ))k"
    -g 120 -keyint_min 120 -sc_threshold 0 -force_key_frames "expr:gte(t,n_forced*4)"
    -map_metadata -1 -map_chapters -1 -movflags +faststart)
}
handwritten() {
  local out="$cache/handwritten" graph="[0:0]split=4[s0][s1][s2][s3]" outputs=() i=0 rung name width height maxrate profile
  rm -rf "$out"; mkdir -p "$out"
  for rung in "1080p 1920 1080 6000 high" "720p 1280 720 3500 high" "480p 854 480 1600 high" "360p 640 360 900 main"; do
    read -r name width height maxrate profile <<<"$rung"
    graph+=";[s$i]scale=$width:$height,setsar=1,format=yuv420p[v$i]"
    encode "$maxrate" "$profile"
    outputs+=(-map "[v$i]" "${encoding[@]}" -y "$out/$name.mp4")
    i=$((i + 1))
  done
  ffmpeg -hide_banner -nostdin -v error -i "${clips[h264]}" -filter_complex "$graph" "${outputs[@]}"
}

load() { cut -d' ' -f1-3 /proc/loadavg; }
# The service's first job pays for compiling its code paths (JIT): a 2 s clip goes through first, untimed.
warmup="$cache/warmup-360p-2s.mp4"
[ -f "$warmup" ] || ffmpeg -hide_banner -nostdin -v error -y -f lavfi -i testsrc2=size=640x360:rate=30:duration=2 -f lavfi -i sine=duration=2 \
  -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -shortest "$warmup"
echo "warm-up (untimed)" >&2
process "$warmup"
if $playable_only; then
  # A service just started compiles its hot paths again at their final tier (.NET's tiered JIT) while it serves, and that
  # took half a core beside the measured encode's start: one whole 1080p ladder first, so P1/P2 are a running service's.
  quiet
  process "${clips[h264]}"
fi
echo "load average before: $(load)" >&2

# The way of video $1 from its upload's completion to playable: its events' commit times and the service's log lines
# about it (job, probe, encode), in ms after UploadCompleted.
steps() {
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -d videopipeline_bench -XAtq -F ' ' -c "
    select to_char(timestamp at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), 'event ' || type from videos.mt_events
    where stream_id = '$1' and type not in ('processing_progressed', 'video_deleted') order by seq_id" |
  python3 -c '
import glob, json, re, sys
from datetime import datetime
video = sys.argv[1]
lines = [(datetime.fromisoformat(l.split(" ", 1)[0]), l.split(" ", 1)[1].strip()) for l in sys.stdin if l.strip()]
for path in glob.glob(sys.argv[2] + "/*.json"):
    for raw in open(path):
        d = json.loads(raw)
        if video not in raw or "RequestPath" in d:
            continue
        text = d["@mt"]
        text = re.sub(r"\{(\w+)(:[^}]*)?\}", lambda m: str(d.get(m.group(1), m.group(0))), text)
        lines.append((datetime.fromisoformat(d["@t"][:26]), "log   " + text.replace(video, "").strip()))
lines.sort()
start = next(t for t, what in lines if what == "event upload_completed")
for t, what in lines:
    if t >= start:
        print("      %6.0f ms  %s" % ((t - start).total_seconds() * 1000, what[:160]))
    if what == "event streaming_started":
        break
' "$1" "$cache/service/logs"
}

if $playable_only; then
  kinds=("$@"); [ ${#kinds[@]} -gt 0 ] || kinds=(h264 hevc10 vp9 interlaced h264-10min)
  echo
  echo "P1/P2 completion -> playable HLS URL whose first media playlist names a segment or part (the server's uploadedAt -> playableAt; targets: 30 s 1080p <= 1.0 s, 10-minute <= 1.5 s)"
  for kind in "${kinds[@]}"; do
    quiet
    process "${clips[$kind]}" start
    printf '    %-11s %s s   (client: %s s; first named: %s; load average %s)\n' "$kind" "$server_playable" "$playable" "$first_part" "$(load)"
    steps "$id"
  done
  exit 0
fi
f2=() f2_service=() f2_hand=() f3=() f3_client=() processed_client=()
for round in $(seq 1 "$runs"); do
  echo "round $round/$runs" >&2
  quiet
  process "${clips[h264]}"
  f2_service+=("$server_processed"); f3+=("$server_playable"); f3_client+=("$playable"); processed_client+=("$processed")
  last_h264="$id"
  quiet
  start="$(now)"; handwritten; f2_hand+=("$(since "$start")")
  f2+=("$(ratio "${f2_service[-1]}" "${f2_hand[-1]}")")
done

declare -A other_playable other_client other_processed other_id
for kind in hevc10 vp9 interlaced; do
  echo "$kind" >&2
  quiet
  process "${clips[$kind]}"
  other_playable[$kind]="$server_playable"; other_client[$kind]="$playable"; other_processed[$kind]="$server_processed"; other_id[$kind]="$id"
done
echo "h264-10min (until it plays)" >&2
quiet
process "${clips[h264-10min]}" start
long_playable="$server_playable"; long_client="$playable"; long_first="$first_part"
load_after="$(load)"

raw_of() { stat -c %s "${clips[$1]}"; }
echo
echo "machine: $(nproc) cores, load average $load_after after the runs; $(ffmpeg -version | head -1 | cut -d' ' -f1-3)"
echo "clips: 30 s 1920x1080 testsrc2 + sine (bench/standard-clip.sh); rungs 1080p 720p 480p 360p, libx264 veryfast crf 23"
echo
echo "F2  completion -> processed (the server's uploadedAt -> processedAt) over the hand-written one-decode command, per round: [${f2[*]}]"
printf '    service %s s [%s]; hand-written %s s [%s]\n' "$(median "${f2_service[@]}")" "${f2_service[*]}" "$(median "${f2_hand[@]}")" "${f2_hand[*]}"
printf '    F2 = %s (median of the rounds; target <= 1.05)\n' "$(median "${f2[@]}")"
echo "    as the client saw it (webhook sent -> status processed, polled each second): [${processed_client[*]}] s"
echo
echo "F3  completion -> playable URL (the server's uploadedAt -> playableAt) over the 30 s duration (target <= 0.15)"
printf '    h264        %s s [%s] = %sx   (client, webhook sent -> /play answers hls: [%s] s)\n' "$(median "${f3[@]}")" "${f3[*]}" "$(ratio "$(median "${f3[@]}")" "$duration")" "${f3_client[*]}"
for kind in hevc10 vp9 interlaced; do
  printf '    %-11s %s s = %sx   (client: %s s; processed after %s s)\n' "$kind" "${other_playable[$kind]}" "$(ratio "${other_playable[$kind]}" "$duration")" "${other_client[$kind]}" "${other_processed[$kind]}"
done
echo
echo "P1  completion -> playable HLS URL whose first media playlist names a segment or part (the server's uploadedAt -> playableAt), 30 s 1080p (target <= 1.0 s)"
printf '    h264        %s s [%s]\n' "$(median "${f3[@]}")" "${f3[*]}"
for kind in hevc10 vp9 interlaced; do printf '    %-11s %s s\n' "$kind" "${other_playable[$kind]}"; done
printf '    slowest     %s s\n' "$(slowest "$(median "${f3[@]}")" "${other_playable[@]}")"
echo "P2  the same for a 10-minute 1080p H.264 clip (target <= 1.5 s)"
printf '    h264-10min  %s s   (client, webhook sent -> /play answers hls: %s s; its first playlist names %s first)\n' "$long_playable" "$long_client" "$long_first"
echo
echo "S1  stored bytes over (upload + one copy of each rendition) (target <= 1.10)"
for kind in h264 hevc10 vp9 interlaced; do
  id="${other_id[$kind]:-$last_h264}"
  printf '    %-11s %s\n' "$kind" "$(python3 "$here/measure.py" bytes "$objects/videos/$id" "$(raw_of "$kind")" | tr '\n' ' ')"
done
echo
echo "Per rung of the h264 clip: bit rates measured from the stored segments, and the master playlist's claims over them"
python3 "$here/measure.py" bitrates "$objects/videos/$last_h264" | sed 's/^/    /'
echo "SSIM of each rung against the source scaled to it (target >= 0.95)"
python3 "$here/measure.py" ssim "$objects/videos/$last_h264" "${clips[h264]}" | sed 's/^/    /'
