// Reports how a <video> is watched to VideoPipeline: one view per playback (a random id, no cookie), its start, time
// to first frame, playing time per rendition, stalls and their length, rendition switches, seeks, errors with the
// player's code, how much of the video it played, and the page being hidden or closed. Events are batched and sent
// every 10 s, and at once when the page is hidden or closed (navigator.sendBeacon, or fetch with keepalive).
// The player page uses it, and it is built alone as /player-analytics.js for integrators' own players.
import { playbackCredential } from "../playbackCredential";

/** The few hls.js members used (an hls.js instance fits), so the script does not carry hls.js itself. */
export interface HlsLike {
  levels: { height: number }[];
  on(event: string, listener: (event: string, data: any) => void): void;
  off(event: string, listener: (event: string, data: any) => void): void;
}

export interface ReporterOptions {
  /** POST /videos/{id}/beacons with the playback grant; see beaconUrlFrom. */
  beaconUrl: string;
  /** The hls.js instance playing the video, for rendition switches and its error codes. */
  hls?: HlsLike | null;
  /** How often gathered events are sent while playing; 10 s by default. */
  flushEveryMs?: number;
}

export interface Reporter { stop(): void }

interface ReportedEvent {
  seq: number; type: string; at: number; ms?: number; position?: number; rendition?: string; code?: string; coverage?: string;
}

const MAX_EVENTS = 100;
const HLS_LEVEL_SWITCHED = "hlsLevelSwitched";
const HLS_ERROR = "hlsError";

/**
 * A random (version 4) UUID. crypto.randomUUID exists only in secure contexts, and a player framed by an http:// page
 * is not one, though getRandomValues works everywhere.
 */
function newViewId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The beacon URL of a video from any signed URL the service gave for it (the HLS or DASH URL of GET /videos/{id}/play,
 * or the player page's link): the same video, the same grant or token.
 */
export function beaconUrlFrom(signedUrl: string): string {
  const url = new URL(signedUrl, window.location.href);
  const id = /\/(?:videos|embed)\/([0-9a-fA-F-]{36})(?:\/|$)/.exec(url.pathname)?.[1];
  if (!id) throw new Error(`Not a signed URL of a video: ${signedUrl}`);
  return new URL(`/videos/${id}/beacons?${playbackCredential(url.searchParams)}`, url.origin).toString();
}

export function reportViews(video: HTMLVideoElement, options: ReporterOptions): Reporter {
  const flushEveryMs = options.flushEveryMs ?? 10_000;
  let view: { id: string; startedAt: number; seq: number; firstFrame: boolean } | null = null;
  let pending: ReportedEvent[] = [];
  let playingSince: number | null = null;
  let stallSince: number | null = null;
  let seeking = false;
  let lastTime = 0;
  let rendition: string | undefined;
  const covered = new Array<boolean>(100).fill(false);

  const now = () => performance.now();
  const at = () => (view ? Math.max(0, Math.round(now() - view.startedAt)) : 0);
  const position = () => Math.round((video.currentTime || 0) * 1000);
  const add = (event: Omit<ReportedEvent, "seq" | "at">) => {
    if (!view) return;
    pending.push({ seq: view.seq++, at: at(), ...event });
  };

  const coverage = () => {
    let hex = "";
    for (let digit = 0; digit < 25; digit++) {
      let value = 0;
      for (let bit = 0; bit < 4; bit++) if (covered[digit * 4 + bit]) value |= 8 >> bit;
      hex += value.toString(16);
    }
    return hex;
  };

  const cover = (from: number, to: number) => {
    const duration = video.duration;
    if (!isFinite(duration) || duration <= 0) return;
    const first = Math.max(0, Math.floor((from / duration) * 100));
    const last = Math.min(99, Math.floor((to / duration) * 100));
    for (let p = first; p <= last; p++) covered[p] = true;
  };

  // Closes the playing stretch so far into a "played" event (when the rendition changes, playback stops, or at a flush).
  const closePlayed = () => {
    if (playingSince === null) return;
    const ms = Math.round(now() - playingSince);
    playingSince = now();
    if (ms > 0) add({ type: "played", ms, rendition, position: position(), coverage: coverage() });
  };

  const flush = (closing = false) => {
    closePlayed();
    if (closing) {
      playingSince = null;
      // A viewer who leaves while it stalls is the stall that mattered most: it counts, as long as it lasted.
      if (stallSince !== null) add({ type: "stall", ms: Math.round(now() - stallSince) });
      stallSince = null;
    }
    while (view && pending.length > 0) {
      const events = pending.slice(0, MAX_EVENTS);
      pending = pending.slice(MAX_EVENTS);
      const body = JSON.stringify({ viewId: view.id, events });
      const queued = typeof navigator.sendBeacon === "function" && navigator.sendBeacon(options.beaconUrl, new Blob([body], { type: "text/plain" }));
      if (!queued) void fetch(options.beaconUrl, { method: "POST", body, keepalive: true, headers: { "Content-Type": "text/plain" } }).catch(() => undefined);
    }
  };

  const onPlay = () => {
    if (view) return;
    view = { id: newViewId(), startedAt: now(), seq: 0, firstFrame: false };
    covered.fill(false);
    add({ type: "view", position: position() });
  };
  const onPlaying = () => {
    if (!view) onPlay();
    if (view && !view.firstFrame) {
      view.firstFrame = true;
      add({ type: "firstFrame", ms: at() });
    }
    if (stallSince !== null) {
      add({ type: "stall", ms: Math.round(now() - stallSince) });
      stallSince = null;
    }
    playingSince = now();
    lastTime = video.currentTime;
  };
  const onWaiting = () => {
    closePlayed();
    playingSince = null;
    if (view?.firstFrame && !seeking && stallSince === null) stallSince = now();
  };
  const onPause = () => { closePlayed(); playingSince = null; };
  const onSeeking = () => {
    closePlayed();
    seeking = true;
    // hls.js moves the playhead to where the first segment starts before anything shows: that is not the viewer seeking.
    if (view?.firstFrame) add({ type: "seek", position: position() });
  };
  const onSeeked = () => { seeking = false; lastTime = video.currentTime; };
  const onTimeUpdate = () => {
    const time = video.currentTime;
    if (!seeking && !video.paused && time >= lastTime && time - lastTime < 2) cover(lastTime, time);
    lastTime = time;
  };
  const onEnded = () => {
    cover(lastTime, video.duration);
    add({ type: "ended", position: position() });
    flush(true);
    view = null;
  };
  const onResize = () => {
    // Without hls.js (native HLS), the picture's height is the rendition playing.
    if (options.hls || !video.videoHeight) return;
    const next = `${video.videoHeight}p`;
    if (next === rendition) return;
    closePlayed();
    if (rendition) add({ type: "switch", rendition: next });
    rendition = next;
  };
  const onMediaError = () => add({ type: "error", code: `media${video.error?.code ?? 0}` });
  const onHidden = () => {
    if (document.visibilityState !== "hidden") return;
    add({ type: "hidden", position: position() });
    flush(true);
  };
  const onPageHide = () => { add({ type: "hidden", position: position() }); flush(true); };
  const onLevelSwitched = (_: string, data: { level: number }) => {
    const height = options.hls?.levels[data.level]?.height;
    if (!height) return;
    const next = `${height}p`;
    if (next === rendition) return;
    closePlayed();
    if (rendition) add({ type: "switch", rendition: next });
    rendition = next;
  };
  const onHlsError = (_: string, data: { fatal: boolean; details: string }) => {
    if (data.fatal) add({ type: "error", code: String(data.details).slice(0, 64).replace(/[^A-Za-z0-9_.:-]/g, "_") });
  };

  const media: [string, EventListener][] = [
    ["play", onPlay], ["playing", onPlaying], ["waiting", onWaiting], ["pause", onPause], ["seeking", onSeeking], ["seeked", onSeeked],
    ["timeupdate", onTimeUpdate], ["ended", onEnded], ["resize", onResize], ["error", onMediaError],
  ];
  media.forEach(([name, listener]) => video.addEventListener(name, listener));
  document.addEventListener("visibilitychange", onHidden);
  window.addEventListener("pagehide", onPageHide);
  options.hls?.on(HLS_LEVEL_SWITCHED, onLevelSwitched);
  options.hls?.on(HLS_ERROR, onHlsError);
  const timer = window.setInterval(() => { if (pending.length > 0 || playingSince !== null) flush(); }, flushEveryMs);

  return {
    stop() {
      flush(true);
      window.clearInterval(timer);
      media.forEach(([name, listener]) => video.removeEventListener(name, listener));
      document.removeEventListener("visibilitychange", onHidden);
      window.removeEventListener("pagehide", onPageHide);
      options.hls?.off(HLS_LEVEL_SWITCHED, onLevelSwitched);
      options.hls?.off(HLS_ERROR, onHlsError);
    },
  };
}
