#!/usr/bin/env python3
"""Measures what the service stored for one video, independently of the service's own arithmetic.

  measure.py bitrates <video folder>             each variant's declared BANDWIDTH / AVERAGE-BANDWIDTH against the
                                                 peak (RFC 8216 4.3.4.2) and average measured from its stored segments
  measure.py bytes <video folder> <raw bytes>    S1: everything stored for the video / (the upload + one copy of each rendition)
  measure.py ssim <video folder> <source> [--interlaced]
                                                 each rung against the source scaled to it (ffmpeg's ssim filter)

<video folder> is the embedded store's folder of the video (.../objects/videos/<id>). Prints key=value lines.
"""
import os
import re
import subprocess
import sys
import tempfile


def playlist(path):
    """(target duration, [(seconds, file)], header file) of a stored media playlist."""
    lines = open(path).read().splitlines()
    target = next(int(l.split(':')[1]) for l in lines if l.startswith('#EXT-X-TARGETDURATION:'))
    header = next(re.search(r'URI="([^"]+)"', l).group(1) for l in lines if l.startswith('#EXT-X-MAP:'))
    segments = [(float(l[8:].split(',')[0]), lines[i + 1]) for i, l in enumerate(lines) if l.startswith('#EXTINF:')]
    return target, segments, header


def peak_and_average(folder, rendition):
    target, segments, _ = playlist(os.path.join(folder, 'cmaf', rendition, 'index.m3u8'))
    sized = [(seconds, os.path.getsize(os.path.join(folder, 'cmaf', rendition, name)) * 8) for seconds, name in segments]
    peak = 0.0
    for first in range(len(sized)):
        seconds = bits = 0.0
        for last in range(first, len(sized)):
            seconds += sized[last][0]
            bits += sized[last][1]
            if seconds > 1.5 * target:
                break
            if seconds >= 0.5 * target:
                peak = max(peak, bits / seconds)
    total_seconds = sum(s for s, _ in sized)
    average = sum(b for _, b in sized) / total_seconds
    return (peak or average), average


def bitrates(folder):
    master = open(os.path.join(folder, 'cmaf', 'master.m3u8')).read().splitlines()
    audio = next((re.search(r'URI="([^"]+)/index.m3u8"', l).group(1) for l in master if l.startswith('#EXT-X-MEDIA:TYPE=AUDIO')), None)
    audio_peak, audio_average = peak_and_average(folder, audio) if audio else (0, 0)
    if audio:
        print(f'audio: {audio_average / 1000:.0f} kbit/s average, {audio_peak / 1000:.0f} kbit/s peak')
    worst = 0.0
    for i, line in enumerate(master):
        if not line.startswith('#EXT-X-STREAM-INF:'):
            continue
        declared_peak = int(re.search(r'BANDWIDTH=(\d+)', line).group(1))
        declared_average = int(re.search(r'AVERAGE-BANDWIDTH=(\d+)', line).group(1))
        rung = master[i + 1].split('/')[0]
        peak, average = peak_and_average(folder, rung)
        measured_peak, measured_average = peak + audio_peak, average + audio_average
        worst = max(worst, abs(declared_peak / measured_peak - 1), abs(declared_average / measured_average - 1))
        print(f'{rung}: video {average / 1000:.0f} kbit/s average, {peak / 1000:.0f} kbit/s peak; '
              f'BANDWIDTH {declared_peak} / measured {measured_peak:.0f} = {declared_peak / measured_peak:.3f}, '
              f'AVERAGE-BANDWIDTH {declared_average} / measured {measured_average:.0f} = {declared_average / measured_average:.3f}')
    print(f'bitrate_worst_deviation={worst:.4f}')


def stored_bytes(folder, raw):
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(folder) for f in files)
    renditions = sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(os.path.join(folder, 'cmaf'))
                     for f in files if not f.endswith(('.m3u8', '.mpd')))
    downloads = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder) if f.endswith('.mp4') and not f.startswith('raw.'))
    print(f'stored={total} raw={raw} renditions={renditions} downloads={downloads} other={total - raw - renditions - downloads}')
    print(f's1={total / (raw + renditions):.4f}')


def ssim(folder, source, interlaced):
    master = open(os.path.join(folder, 'cmaf', 'master.m3u8')).read().splitlines()
    for i, line in enumerate(master):
        if not line.startswith('#EXT-X-STREAM-INF:'):
            continue
        rung = master[i + 1].split('/')[0]
        width, height = re.search(r'RESOLUTION=(\d+)x(\d+)', line).groups()
        _, segments, header = playlist(os.path.join(folder, 'cmaf', rung, 'index.m3u8'))
        with tempfile.NamedTemporaryFile(suffix='.mp4') as joined:
            for name in [header] + [n for _, n in segments]:
                joined.write(open(os.path.join(folder, 'cmaf', rung, name), 'rb').read())
            joined.flush()
            deinterlace = 'yadif=deint=interlaced,' if interlaced else ''
            graph = (f'[0:v]setpts=PTS-STARTPTS[d];[1:v]{deinterlace}setpts=PTS-STARTPTS,'
                     f'scale={width}:{height}:flags=bicubic,format=yuv420p[r];[d][r]ssim')
            log = subprocess.run(['ffmpeg', '-hide_banner', '-nostdin', '-i', joined.name, '-i', source, '-lavfi', graph, '-f', 'null', '-'],
                                 capture_output=True, text=True, check=True).stderr
            print(f'ssim_{rung}={re.search(r"All:([0-9.]+)", log).group(1)}')


if __name__ == '__main__':
    command, folder = sys.argv[1], sys.argv[2]
    if command == 'bitrates':
        bitrates(folder)
    elif command == 'bytes':
        stored_bytes(folder, int(sys.argv[3]))
    elif command == 'ssim':
        ssim(folder, sys.argv[3], '--interlaced' in sys.argv)
    else:
        sys.exit(__doc__)
