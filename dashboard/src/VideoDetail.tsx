import { useEffect, useState } from "react";
import { VideoAnalyticsView } from "./analytics/VideoAnalyticsView";
import { deleteVideo, getEvents, play, rename, type Playback, type Video, type VideoEvent } from "./api";

/** One video: its player, its title (editable), delete after a confirmation, and its whole event history, the audit trail. */
export function VideoDetail({ video, onClose, onChanged }: { video: Video; onClose: () => void; onChanged: () => void }) {
  const [events, setEvents] = useState<VideoEvent[]>([]);
  const [playback, setPlayback] = useState<Playback | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    getEvents(video.id).then(setEvents, () => setEvents([]));
    play(video.id).then(setPlayback, () => setPlayback(null));
  }, [video.id, video.status, video.progress, video.title]);

  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try { await action(); onChanged(); } catch (e) { setError((e as Error).message); }
  };

  return (
    <section className="detail">
      <button onClick={onClose}>Back</button>
      <Title video={video} onRename={title => act(() => rename(video.id, title))} />
      {error ? <p className="error detail-error">{error}</p> : null}
      {playback?.embed ? (
        <iframe className="player-frame" src={playback.embed} title={video.title} allow="fullscreen; autoplay" />
      ) : playback?.url ? <video controls src={playback.url} />
        : playback?.hls ? <p>Streaming (HLS) already; the MP4 comes when the ladder is done.</p>
        : <p>Nothing playable yet.</p>}
      <p className="actions">
        {playback?.embed ? <a className="open-player" href={playback.embed} target="_blank" rel="noreferrer">Open the player</a> : null}
        <DeleteButton title={video.title} onDelete={() => act(async () => { await deleteVideo(video.id); onClose(); })} />
      </p>
      <VideoAnalyticsView videoId={video.id} />
      <table className="events">
        <thead><tr><th>#</th><th>event</th><th>at</th><th>data</th></tr></thead>
        <tbody>
          {events.map(e => (
            <tr key={e.sequence}>
              <td>{e.sequence}</td><td>{e.type}</td><td>{new Date(e.timestamp).toLocaleString()}</td>
              <td><code>{JSON.stringify(e.data)}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Title({ video, onRename }: { video: Video; onRename: (title: string) => Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(video.title);
  if (!editing) {
    return <h2>{video.title} <button className="rename" onClick={() => { setValue(video.title); setEditing(true); }}>Rename</button></h2>;
  }
  return (
    <form className="rename-form" onSubmit={async e => { e.preventDefault(); await onRename(value.trim()); setEditing(false); }}>
      <input aria-label="Title" value={value} maxLength={200} onChange={e => setValue(e.target.value)} autoFocus />
      <button type="submit" disabled={!value.trim()}>Save</button>
      <button type="button" onClick={() => setEditing(false)}>Cancel</button>
    </form>
  );
}

/** Deleting removes every stored object for good: the button asks first. */
function DeleteButton({ title, onDelete }: { title: string; onDelete: () => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  if (!asking) return <button className="danger delete" onClick={() => setAsking(true)}>Delete</button>;
  return (
    <span className="confirm-delete" role="alertdialog">
      Delete “{title}” and every file of it? This cannot be undone.{" "}
      <button className="danger confirm" onClick={() => void onDelete()}>Delete for good</button>
      <button className="cancel" onClick={() => setAsking(false)}>Keep it</button>
    </span>
  );
}
