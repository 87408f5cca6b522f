#!/usr/bin/env bash
# Benchmarks the media layer against plain ffmpeg on one standard clip (30 s, 1920x1080, 30 fps, H.264 + AAC,
# testsrc2 + sine), all on this machine in this run. Not a test: it prints medians and ratios.
#   (a) FastStartRemux, the fast path for browser-playable uploads, as a fraction of the clip's duration
#   (b) LadderTranscoder (one decode, split, 4 x libx264) vs the same command written by hand; target <= 1.10x
#   (c) the same rungs as one ffmpeg run per rung vs the one-decode command
#   plus the HLS packaging (stream copy of the finished rungs) relative to the ladder.
# Each is measured RUNS times (default 3), interleaved round by round so drift hits all of them alike.
# Usage: bench/ladder.sh [runs]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
runs="${1:-3}"
cache="$here/.cache"
work="$cache/work"
clip="$("$here/standard-clip.sh")"
duration=30
mkdir -p "$cache"

echo "building bench/LadderBench (Release)" >&2
if ! build_log="$(dotnet build "$here/LadderBench/LadderBench.csproj" -c Release -nologo 2>&1)"; then
  echo "$build_log" >&2
  exit 1
fi
mkdir -p "$work"

ladder_bench() { dotnet run --project "$here/LadderBench/LadderBench.csproj" -c Release --no-build -- "$@"; }
value() { sed -n "s/^$1=//p"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ratio3() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

# The ladder's settings, written out by hand: what LadderTranscoder should cost no more than.
encode() { # <maxrate kbps> <profile>: sets the array $encoding
  encoding=(-map 0:a:0 -c:a aac -b:a 128k -ac 2
    -c:v libx264 -preset veryfast -crf 23 -profile:v "$2" -pix_fmt yuv420p -maxrate "${1}k" -bufsize "$(( $1 * 2 ))k"
    -g 120 -keyint_min 120 -sc_threshold 0 -force_key_frames "expr:gte(t,n_forced*4)"
    -map_metadata -1 -map_chapters -1 -movflags +faststart)
}
rungs=("1080p 1920 1080 6000 high" "720p 1280 720 3500 high" "480p 854 480 1600 high" "360p 640 360 900 main")

handwritten() { # one decode, split into four scalers and encoders
  local out="$1" graph="[0:0]split=4[s0][s1][s2][s3]" outputs=() i=0
  rm -rf "$out"; mkdir -p "$out"
  for rung in "${rungs[@]}"; do
    read -r name width height maxrate profile <<<"$rung"
    graph+=";[s$i]scale=$width:$height,setsar=1,format=yuv420p[v$i]"
    encode "$maxrate" "$profile"
    outputs+=(-map "[v$i]" "${encoding[@]}" -y "$out/$name.mp4")
    i=$((i + 1))
  done
  ffmpeg -hide_banner -nostdin -v error -i "$clip" -filter_complex "$graph" "${outputs[@]}"
}

per_rung() { # one ffmpeg (and so one decode) per rung, one after the other
  local out="$1"
  rm -rf "$out"; mkdir -p "$out"
  for rung in "${rungs[@]}"; do
    read -r name width height maxrate profile <<<"$rung"
    encode "$maxrate" "$profile"
    ffmpeg -hide_banner -nostdin -v error -i "$clip" -map 0:0 -vf "scale=$width:$height,setsar=1,format=yuv420p" \
      "${encoding[@]}" -y "$out/$name.mp4"
  done
}

bytes() { du -cb "$1"/*.mp4 | tail -1 | cut -f1; }

remux=() probe=() ladder=() hls=() hand=() separate=()
for round in $(seq 1 "$runs"); do
  echo "round $round/$runs" >&2
  result="$(ladder_bench remux "$clip" "$work/remux.mp4")"
  remux+=("$(value seconds <<<"$result")"); probe+=("$(value probe_seconds <<<"$result")")

  result="$(ladder_bench ladder "$clip" "$work/ladder")"
  ladder+=("$(value seconds <<<"$result")"); hls+=("$(value hls_seconds <<<"$result")")
  ladder_command="$(value command <<<"$result")"; ladder_bytes="$(value bytes <<<"$result")"

  start="$(now)"; handwritten "$work/handwritten"; hand+=("$(elapsed "$start")")
  start="$(now)"; per_rung "$work/per-rung"; separate+=("$(elapsed "$start")")
done

m_remux="$(median "${remux[@]}")"; m_probe="$(median "${probe[@]}")"; m_ladder="$(median "${ladder[@]}")"
m_hls="$(median "${hls[@]}")"; m_hand="$(median "${hand[@]}")"; m_separate="$(median "${separate[@]}")"

echo "clip: $duration s 1920x1080 30 fps H.264+AAC (testsrc2+sine), $(nproc) cores, $(ffmpeg -version | head -1 | cut -d' ' -f1-3)"
echo "rungs: 1080p 720p 480p 360p, libx264 veryfast crf 23; $runs runs each, median (all runs in seconds)"
echo "LadderTranscoder ran: $ladder_command"
echo
printf '(a) fast-start remux         %7.3f s  [%s]\n' "$m_remux" "${remux[*]}"
printf '    probe before it          %7.3f s  [%s]\n' "$m_probe" "${probe[*]}"
echo "    remux/duration = $(ratio3 "$m_remux" "$duration")x   (probe+remux)/duration = $(ratio3 "$(awk -v a="$m_remux" -v b="$m_probe" 'BEGIN{print a+b}')" "$duration")x"
printf '(b) LadderTranscoder         %7.3f s  [%s]\n' "$m_ladder" "${ladder[*]}"
printf '    hand-written one decode  %7.3f s  [%s]\n' "$m_hand" "${hand[*]}"
echo "    ladder/handwritten = $(ratio "$m_ladder" "$m_hand")x   (target <= 1.10x; output bytes $ladder_bytes vs $(bytes "$work/handwritten"))"
echo "    ladder/duration = $(ratio "$m_ladder" "$duration")x"
printf '(c) one ffmpeg per rung      %7.3f s  [%s]\n' "$m_separate" "${separate[*]}"
echo "    per-rung/handwritten = $(ratio "$m_separate" "$m_hand")x"
printf '    hls packaging (copy)     %7.3f s  [%s]\n' "$m_hls" "${hls[*]}"
echo "    hls/ladder = $(ratio3 "$m_hls" "$m_ladder")x"
