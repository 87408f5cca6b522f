#!/usr/bin/env bash
# Prints the path of the benchmarks' standard clip (30 s, 1920x1080, 30 fps, H.264 + AAC, testsrc2 + sine),
# generating it once into bench/.cache.
set -euo pipefail
cache="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.cache"
clip="$cache/testsrc2-1080p30-30s.mp4"
mkdir -p "$cache"
if [[ ! -f "$clip" ]]; then
  echo "generating $clip (once; cached in bench/.cache)" >&2
  ffmpeg -hide_banner -nostdin -v error -y \
    -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=30" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=30" \
    -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -c:a aac -b:a 128k -shortest \
    "$cache/partial.mp4"
  mv "$cache/partial.mp4" "$clip"
fi
echo "$clip"
