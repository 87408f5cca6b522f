import Hls from "hls.js";
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import { beaconUrlFrom, reportViews } from "../analytics/viewReporter";
import type { Embedded } from "./embedded";
import { loadStoryboard, tileAt, type Tile } from "./storyboard";

interface Rung { index: number; height: number }

/**
 * The player of the embed page: HLS through hls.js (native HLS where the browser has it, the MP4 otherwise), a poster,
 * a quality menu (auto and each rung), a captions menu, storyboard previews over the seek bar, keyboard controls and
 * fullscreen.
 */
export function Player({ media, onExpired }: { media: Embedded; onExpired: () => void }) {
  const root = useRef<HTMLDivElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const hls = useRef<Hls | null>(null);
  const [rungs, setRungs] = useState<Rung[]>([]);
  const [chosen, setChosen] = useState(-1);
  const [playingHeight, setPlayingHeight] = useState<number | null>(null);
  const [caption, setCaption] = useState(-1);
  const [cue, setCue] = useState("");
  const [tiles, setTiles] = useState<Tile[]>([]);
  const [preview, setPreview] = useState<{ tile: Tile; left: number } | null>(null);
  const [time, setTime] = useState({ current: 0, duration: 0 });
  const [paused, setPaused] = useState(true);
  const [error, setError] = useState<string | null>(null);
  // A live broadcast: how far behind the publisher the picture shown is (the wall clock against its program date-time).
  const [behindLive, setBehindLive] = useState<number | null>(null);

  useEffect(() => {
    const element = video.current!;
    if (media.hls && Hls.isSupported()) {
      // Start from a decent estimate so a good connection gets a good rung at once; the estimate then follows the network.
      // A live broadcast is held at its target distance from the live edge (LL-HLS: the playlist's PART-HOLD-BACK;
      // otherwise three segments): a player that fell behind (a stall, a slow start) plays up to 1.5x until it is back
      // there instead of staying late for the rest of the broadcast.
      const player = new Hls({
        abrEwmaDefaultEstimate: 5_000_000, enableWebVTT: false, capLevelToPlayerSize: false,
        lowLatencyMode: true, maxLiveSyncPlaybackRate: 1.5, backBufferLength: 30,
      });
      hls.current = player;
      player.on(Hls.Events.MANIFEST_PARSED, (_, data) =>
        setRungs(data.levels.map((level, index) => ({ index, height: level.height })).sort((a, b) => b.height - a.height)));
      player.on(Hls.Events.LEVEL_SWITCHED, (_, data) => setPlayingHeight(player.levels[data.level]?.height ?? null));
      const behind = () => {
        const shown = player.playingDate;
        if (player.levels[player.currentLevel]?.details?.live && shown) setBehindLive((Date.now() - shown.getTime()) / 1000);
      };
      element.addEventListener("timeupdate", behind);
      player.on(Hls.Events.ERROR, (_, data) => {
        if (!data.fatal) return;
        if (data.response?.code === 403) onExpired();
        else setError(`The video stopped: ${data.details}.`);
      });
      player.loadSource(media.hls);
      player.attachMedia(element);
      // The page's own link carries the video's playback grant, which its beacons carry too.
      const reporter = reportViews(element, { beaconUrl: beaconUrlFrom(window.location.href), hls: player });
      return () => { element.removeEventListener("timeupdate", behind); reporter.stop(); player.destroy(); hls.current = null; };
    }
    element.src = media.hls && element.canPlayType("application/vnd.apple.mpegurl") ? media.hls : media.url;
    const reporter = reportViews(element, { beaconUrl: beaconUrlFrom(window.location.href) });
    return () => reporter.stop();
  }, [media, onExpired]);

  useEffect(() => {
    if (media.storyboard) loadStoryboard(media.storyboard).then(setTiles, () => setTiles([]));
  }, [media.storyboard]);

  // Captions are rendered by the page (one look in every browser); the chosen track is "hidden" and read cue by cue.
  useEffect(() => {
    const tracks = Array.from(video.current!.textTracks);
    tracks.forEach((track, index) => { track.mode = index === caption ? "hidden" : "disabled"; });
    const track = tracks[caption];
    if (!track) { setCue(""); return undefined; }
    const show = () => setCue(Array.from(track.activeCues ?? []).map(c => (c as VTTCue).text).join("\n"));
    track.addEventListener("cuechange", show);
    show();
    return () => track.removeEventListener("cuechange", show);
  }, [caption]);

  const chooseRung = (index: number) => {
    setChosen(index);
    if (hls.current) hls.current.currentLevel = index;
  };

  const togglePlay = () => {
    const element = video.current!;
    if (element.paused) void element.play();
    else element.pause();
  };

  const seekTo = (seconds: number) => {
    const element = video.current!;
    element.currentTime = Math.max(0, Math.min(element.duration || 0, seconds));
  };

  const timeAtPointer = (e: MouseEvent<HTMLElement>) => {
    const bar = e.currentTarget.getBoundingClientRect();
    const fraction = Math.max(0, Math.min(1, (e.clientX - bar.left) / bar.width));
    return { seconds: fraction * (video.current!.duration || 0), left: e.clientX - bar.left };
  };

  const onKey = (e: KeyboardEvent) => {
    const element = video.current!;
    const actions: Record<string, () => void> = {
      " ": togglePlay,
      k: togglePlay,
      ArrowLeft: () => seekTo(element.currentTime - 5),
      ArrowRight: () => seekTo(element.currentTime + 5),
      j: () => seekTo(element.currentTime - 10),
      l: () => seekTo(element.currentTime + 10),
      ArrowUp: () => { element.volume = Math.min(1, element.volume + 0.1); },
      ArrowDown: () => { element.volume = Math.max(0, element.volume - 0.1); },
      m: () => { element.muted = !element.muted; },
      f: () => toggleFullscreen(root.current!),
      c: () => setCaption(current => (current >= 0 ? -1 : media.captions.length > 0 ? 0 : -1)),
    };
    const action = actions[e.key];
    if (action) { e.preventDefault(); action(); }
  };

  return (
    <div className="player" ref={root} tabIndex={0} onKeyDown={onKey} data-playing-height={playingHeight ?? ""} data-behind-live={behindLive ?? ""}>
      <video
        ref={video}
        poster={media.poster ?? undefined}
        playsInline
        crossOrigin="anonymous"
        onClick={togglePlay}
        onTimeUpdate={e => setTime({ current: e.currentTarget.currentTime, duration: e.currentTarget.duration || 0 })}
        onPlay={() => setPaused(false)}
        onPause={() => setPaused(true)}
        onError={() => setError("The video cannot be played in this browser.")}
      >
        {media.captions.map(track => <track key={track.language} kind="subtitles" src={track.url} srcLang={track.language} label={track.label} />)}
      </video>
      {cue ? <div className="caption-cue">{cue}</div> : null}
      {error ? <div className="player-error" role="alert">{error}</div> : null}
      <div className="controls">
        <button className="play" aria-label={paused ? "Play" : "Pause"} onClick={togglePlay}>
          {paused ? "▶" : "❚❚"}
        </button>
        <div
          className="seek"
          onMouseMove={e => { const at = timeAtPointer(e); const tile = tileAt(tiles, at.seconds); setPreview(tile ? { tile, left: at.left } : null); }}
          onMouseLeave={() => setPreview(null)}
          onClick={e => seekTo(timeAtPointer(e).seconds)}
        >
          <div className="seek-played" style={{ width: `${time.duration ? (100 * time.current) / time.duration : 0}%` }} />
          {preview ? (
            <div
              className="storyboard-preview"
              style={{
                left: preview.left, width: preview.tile.width, height: preview.tile.height,
                backgroundImage: `url("${preview.tile.image}")`, backgroundPosition: `-${preview.tile.x}px -${preview.tile.y}px`,
              }}
            />
          ) : null}
        </div>
        {behindLive === null
          ? <span className="time">{clock(time.current)} / {clock(time.duration)}</span>
          : <span className="live-badge" title="Behind the broadcaster">LIVE · {behindLive.toFixed(1)} s</span>}
        {rungs.length > 0 ? (
          <select className="quality" aria-label="Quality" value={chosen} onChange={e => chooseRung(Number(e.target.value))}>
            <option value={-1}>Auto{chosen === -1 && playingHeight ? ` (${playingHeight}p)` : ""}</option>
            {rungs.map(r => <option key={r.index} value={r.index}>{r.height}p</option>)}
          </select>
        ) : null}
        {media.captions.length > 0 ? (
          <select className="captions" aria-label="Captions" value={caption} onChange={e => setCaption(Number(e.target.value))}>
            <option value={-1}>Captions off</option>
            {media.captions.map((track, index) => <option key={track.language} value={index}>{track.label}</option>)}
          </select>
        ) : null}
        <button className="fullscreen" aria-label="Fullscreen" onClick={() => toggleFullscreen(root.current!)}>
          <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
            <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" fill="none" stroke="currentColor" strokeWidth="2" />
          </svg>
        </button>
      </div>
    </div>
  );
}

function toggleFullscreen(element: HTMLElement) {
  if (document.fullscreenElement) void document.exitFullscreen();
  else void element.requestFullscreen();
}

function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}
