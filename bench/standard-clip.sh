#!/usr/bin/env bash
# Prints the path of one of the benchmarks' standard clips (30 s, 1920x1080, testsrc2 + a sine tone), generating it once
# into bench/.cache:
#   h264        (default) 30 fps H.264 + AAC in MP4: what phones and cameras upload
#   hevc10      30 fps HEVC Main 10 (yuv420p10le) + AAC in MP4: no browser plays it as it is
#   vp9         30 fps VP9 + Opus in WebM
#   interlaced  1080i (25 frames, 50 fields a second, top field first) H.264 + AAC in MPEG-TS: a broadcast capture
#   h264-10min  the h264 clip's settings, 10 minutes long (about 550 MB): a long source
# Usage: bench/standard-clip.sh [kind]
set -euo pipefail
cache="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.cache"
kind="${1:-h264}"
mkdir -p "$cache"

source_args=(-f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=30" -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=30")
case "$kind" in
  h264) clip="$cache/testsrc2-1080p30-30s.mp4"
    encode=(-c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -c:a aac -b:a 128k) ;;
  hevc10) clip="$cache/testsrc2-1080p30-30s-hevc10.mp4"
    encode=(-c:v libx265 -preset ultrafast -crf 22 -pix_fmt yuv420p10le -tag:v hvc1 -x265-params log-level=error -c:a aac -b:a 128k) ;;
  vp9) clip="$cache/testsrc2-1080p30-30s-vp9.webm"
    encode=(-c:v libvpx-vp9 -deadline realtime -cpu-used 8 -row-mt 1 -b:v 4M -c:a libopus -b:a 128k) ;;
  interlaced) clip="$cache/testsrc2-1080i25-30s.ts"
    source_args=(-f lavfi -i "testsrc2=size=1920x1080:rate=25:duration=30" -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=30")
    encode=(-c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -flags +ildct+ilme -x264-params tff=1 -c:a aac -b:a 128k -f mpegts) ;;
  h264-10min) clip="$cache/testsrc2-1080p30-600s.mp4"
    source_args=(-f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=600" -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=600")
    encode=(-c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -c:a aac -b:a 128k) ;;
  *) echo "unknown kind '$kind' (h264, hevc10, vp9, interlaced, h264-10min)" >&2; exit 2 ;;
esac

if [[ ! -f "$clip" ]]; then
  echo "generating $clip (once; cached in bench/.cache)" >&2
  partial="$cache/partial-$kind.${clip##*.}"
  ffmpeg -hide_banner -nostdin -v error -y "${source_args[@]}" "${encode[@]}" -shortest "$partial"
  mv "$partial" "$clip"
fi
echo "$clip"
