import { useState } from "react";
import { apiKey, forgetApiKey, saveApiKey } from "./api";
import { useVideos } from "./useVideos";
import { VideoDetail } from "./VideoDetail";
import { VideoRow } from "./VideoRow";

export function App() {
  const [key, setKey] = useState(apiKey());
  if (!key) return <AskForKey onKey={k => { saveApiKey(k); setKey(k); }} />;
  return <Videos onForget={() => { forgetApiKey(); setKey(null); }} />;
}

function AskForKey({ onKey }: { onKey: (key: string) => void }) {
  const [value, setValue] = useState("");
  return (
    <form className="key" onSubmit={e => { e.preventDefault(); if (value) onKey(value); }}>
      <label>API key <input type="password" value={value} onChange={e => setValue(e.target.value)} /></label>
      <button type="submit">Open</button>
    </form>
  );
}

function Videos({ onForget }: { onForget: () => void }) {
  const { videos, error, live, refresh } = useVideos();
  const [open, setOpen] = useState<string | null>(null);
  const opened = videos.find(v => v.id === open);
  if (opened) return <VideoDetail video={opened} onClose={() => setOpen(null)} />;

  return (
    <main>
      <header>
        <h1>VideoPipeline</h1>
        <span className={live ? "live" : "polling"}>{live ? "live" : "polling"}</span>
        <button onClick={onForget}>Forget key</button>
      </header>
      {error ? <p className="error">{error}</p> : null}
      <table className="videos">
        <thead><tr><th /><th>title</th><th>status</th><th>progress</th><th>variants</th><th>fails</th><th>last error</th><th /></tr></thead>
        <tbody>
          {videos.map(v => <VideoRow key={v.id} video={v} onOpen={() => setOpen(v.id)} onChanged={() => void refresh(v.id)} />)}
        </tbody>
      </table>
    </main>
  );
}
