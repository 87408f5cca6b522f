import { useEffect, useState } from "react";
import { getEvents, play, type Playback, type Video, type VideoEvent } from "./api";

/** One video: its player (the MP4 download, once the ladder is done) and its whole event history, the audit trail. */
export function VideoDetail({ video, onClose }: { video: Video; onClose: () => void }) {
  const [events, setEvents] = useState<VideoEvent[]>([]);
  const [playback, setPlayback] = useState<Playback | null>(null);

  useEffect(() => {
    getEvents(video.id).then(setEvents, () => setEvents([]));
    play(video.id).then(setPlayback, () => setPlayback(null));
  }, [video.id, video.status, video.progress]);

  return (
    <section className="detail">
      <button onClick={onClose}>Back</button>
      <h2>{video.title}</h2>
      {playback?.url ? <video controls width={640} src={playback.url} />
        : playback?.hls ? <p>Streaming (HLS) already; the MP4 comes when the ladder is done.</p>
        : <p>Nothing playable yet.</p>}
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
