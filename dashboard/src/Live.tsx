import { useEffect, useRef, useState } from "react";
import {
  completeBroadcast, createLiveStream, deleteLiveStream, getVideo, listLiveStreams, playLiveStream, resetStreamKey,
  type LiveStream, type StreamKey, type Video,
} from "./api";
import { SimulcastTargets } from "./SimulcastTargets";

/** How often the page reads the streams' status again (they change when a publisher comes or goes, not through the API). */
const REFRESH_MS = 2000;

/**
 * The owner's live streams: make one (its RTMP URL and key shown once), each one's status, a live preview of the
 * broadcast under way in the player page, its simulcast targets, its recordings; reset a key, end a broadcast, delete a stream.
 */
export function Live({ onClose, onOpenVideo }: { onClose: () => void; onOpenVideo: (id: string) => void }) {
  const [streams, setStreams] = useState<LiveStream[] | null>(null);
  const [shown, setShown] = useState<StreamKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => listLiveStreams().then(setStreams, e => setError((e as Error).message));
  useEffect(() => {
    void refresh();
    const timer = window.setInterval(() => void refresh(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);
  const act = (work: Promise<unknown>) => work.then(refresh, e => setError((e as Error).message));

  return (
    <section className="detail live-streams">
      <button onClick={onClose}>Back</button>
      <h2>Live streams</h2>
      <NewStreamForm onCreated={k => { setShown(k); void refresh(); }} onError={setError} />
      {shown ? <KeyShownOnce shown={shown} onDone={() => setShown(null)} /> : null}
      {error ? <p className="error">{error}</p> : null}
      {streams?.length === 0 ? <p>No live stream yet.</p> : null}
      {streams?.map(s => (
        <StreamRow key={s.id} stream={s} onOpenVideo={onOpenVideo} onChanged={() => void refresh()}
          onReset={() => { if (window.confirm(`Reset the key of "${s.title}"? The old key is refused from now on.`)) act(resetStreamKey(s.id).then(setShown)); }}
          onComplete={() => act(completeBroadcast(s.id))}
          onDelete={() => { if (window.confirm(`Delete "${s.title}"? A broadcast under way ends and its recording is deleted.`)) act(deleteLiveStream(s.id)); }} />
      ))}
    </section>
  );
}

function NewStreamForm({ onCreated, onError }: { onCreated: (key: StreamKey) => void; onError: (message: string) => void }) {
  const [title, setTitle] = useState("");
  const [reconnect, setReconnect] = useState("60");
  const [record, setRecord] = useState(true);
  const submit = () => createLiveStream({ title, reconnectWindowSeconds: Number(reconnect), record })
    .then(k => { setTitle(""); onCreated(k); }, e => onError((e as Error).message));
  return (
    <form className="new-live-stream" onSubmit={e => { e.preventDefault(); void submit(); }}>
      <label>Title <input name="live-title" value={title} onChange={e => setTitle(e.target.value)} required maxLength={200} /></label>
      <label>Reconnect window (s) <input name="live-window" type="number" min={0} value={reconnect} onChange={e => setReconnect(e.target.value)} /></label>
      <label><input name="live-record" type="checkbox" checked={record} onChange={e => setRecord(e.target.checked)} /> Keep each broadcast as a video</label>
      <button type="submit">Create live stream</button>
    </form>
  );
}

/** Where to publish and the key: the only time the key is shown, so the person copies it now. */
function KeyShownOnce({ shown, onDone }: { shown: StreamKey; onDone: () => void }) {
  return (
    <div className="shown-once stream-key" role="alert">
      <p>Point OBS or ffmpeg at this server with this stream key. Copy the key now: it is not shown again.</p>
      <label>Server <code className="rtmp-url">{shown.rtmpUrl}</code></label>
      <label>Stream key <code className="new-stream-key">{shown.streamKey}</code></label>
      <button onClick={() => void navigator.clipboard?.writeText(shown.streamKey)}>Copy the key</button>
      <button className="done" onClick={onDone}>Done</button>
    </div>
  );
}

function StreamRow({ stream, onOpenVideo, onChanged, onReset, onComplete, onDelete }: {
  stream: LiveStream; onOpenVideo: (id: string) => void; onChanged: () => void; onReset: () => void; onComplete: () => void; onDelete: () => void;
}) {
  return (
    <article className="live-stream" data-live-stream-id={stream.id} data-status={stream.status}>
      <h3>{stream.title} <span className={`badge live-status ${stream.status}`}>{stream.status}</span></h3>
      <p>RTMP <code>{stream.rtmpUrl}</code> · reconnect window {stream.reconnectWindowSeconds} s{stream.record ? "" : " · not recorded"}</p>
      {stream.lastRefusal ? <p className="last-refusal">Last refused: {stream.lastRefusal}</p> : null}
      <div className="actions">
        <button className="reset-key" onClick={onReset}>Reset key</button>
        {stream.status !== "idle" ? <button className="complete" onClick={onComplete}>End broadcast</button> : null}
        <button className="danger delete" onClick={onDelete}>Delete</button>
      </div>
      <SimulcastTargets stream={stream} onChanged={onChanged} />
      {stream.activeVideoId ? <Preview streamId={stream.id} videoId={stream.activeVideoId} /> : null}
      <Recordings ids={stream.recordings} onOpenVideo={onOpenVideo} />
    </article>
  );
}

/**
 * The broadcast under way in the player page, from signed links asked for once per broadcast (its recording's video),
 * shown once its first segments are out (the player page does not wait for them).
 */
function Preview({ streamId, videoId }: { streamId: string; videoId: string }) {
  const [embed, setEmbed] = useState<string | null>(null);
  const [waiting, setWaiting] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const again = (why: string) => {
      if (stopped) return;
      setWaiting(why);
      timer = window.setTimeout(ask, REFRESH_MS);
    };
    const ask = () => playLiveStream(streamId).then(async p => {
      const master = await fetch(p.hls);
      if (stopped) return;
      if (master.ok) setEmbed(p.embed);
      else again("The broadcast's first segments are on their way…");
    }, e => again((e as Error).message));
    void ask();
    return () => { stopped = true; window.clearTimeout(timer); };
  }, [streamId, videoId]);
  if (!embed) return <p className="preview-waiting">{waiting ?? "Asking for the preview…"}</p>;
  return (
    <div className="live-preview">
      <iframe className="player-frame" src={embed} title="Live preview" allow="fullscreen; autoplay" />
      <a className="open-player" href={embed} target="_blank" rel="noreferrer">Open the player</a>
    </div>
  );
}

/** Each broadcast's video, newest first, with its processing status; one opens in the video's own page. */
function Recordings({ ids, onOpenVideo }: { ids: string[]; onOpenVideo: (id: string) => void }) {
  const [videos, setVideos] = useState<Record<string, Video | "gone">>({});
  const known = useRef(videos);
  known.current = videos;
  const key = ids.join(",");
  useEffect(() => {
    let stopped = false;
    const settled = (v: Video | "gone" | undefined) => v === "gone" || v?.status === "processed" || v?.status === "failed";
    const read = () => {
      for (const id of ids) {
        if (settled(known.current[id])) continue;
        getVideo(id).then(v => { if (!stopped) setVideos(c => ({ ...c, [id]: v })); }, () => { if (!stopped) setVideos(c => ({ ...c, [id]: "gone" })); });
      }
    };
    read();
    // A recording is being finished for a few seconds after its broadcast ends: read again until it is.
    const timer = window.setInterval(read, REFRESH_MS);
    return () => { stopped = true; window.clearInterval(timer); };
  }, [key]);
  if (ids.length === 0) return <p className="no-recordings">No recording yet.</p>;
  return (
    <ul className="recordings">
      {[...ids].reverse().map(id => {
        const video = videos[id];
        return (
          <li key={id} className="recording" data-video-id={id} data-status={video === "gone" ? "deleted" : video?.status ?? ""}>
            {video === "gone" ? <span>{id} (deleted)</span>
              : <button className="link open-recording" onClick={() => onOpenVideo(id)}>{video?.title ?? id}</button>}
            {video && video !== "gone" ? <span className="badge">{video.status}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
