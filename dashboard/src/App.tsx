import { useEffect, useState } from "react";
import { apiKey, forgetApiKey, getQuotas, saveApiKey, takeKeyFromLink, type QuotaUse } from "./api";
import { useVideos } from "./useVideos";
import { VideoDetail } from "./VideoDetail";
import { VideoRow } from "./VideoRow";
import { UploadPanel } from "./upload/UploadPanel";
import { Usage } from "./Usage";
import { Webhooks } from "./Webhooks";
import { Keys } from "./Keys";
import { Live } from "./Live";
import { Owners } from "./Owners";
import { isAdmin } from "./api";
import { OwnerAnalyticsView } from "./analytics/OwnerAnalyticsView";

export function App() {
  const [key, setKey] = useState(apiKey());
  const [offered, setOffered] = useState(takeKeyFromLink);
  useEffect(() => {
    // A link opened in the same tab changes only the hash: the page stays, the offer must still be asked about.
    const onHash = () => { const k = takeKeyFromLink(); if (k) setOffered(k); };
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  const use = (k: string) => { saveApiKey(k); setKey(k); setOffered(null); };
  if (offered && offered !== key) return <ConfirmLinkKey offered={offered} current={key} onUse={() => use(offered)} onIgnore={() => setOffered(null)} />;
  if (!key) return <AskForKey onKey={use} />;
  return <Videos onForget={() => { forgetApiKey(); setKey(null); }} />;
}

/** A link carried an API key: say so, show whose it is as far as can be told, and let the person decide. */
function ConfirmLinkKey({ offered, current, onUse, onIgnore }: { offered: string; current: string | null; onUse: () => void; onIgnore: () => void }) {
  return (
    <section className="confirm-key" role="alertdialog" aria-labelledby="confirm-key-title">
      <h2 id="confirm-key-title">Use the API key from this link?</h2>
      <p>
        The link you opened carries an API key ending in <code>{offered.slice(-4)}</code>.
        {current ? " Using it replaces the key you use now, and you would see that key's videos instead of yours." : ""}
        {" "}Only use it if you trust whoever sent the link.
      </p>
      <button className="use-link-key" onClick={onUse}>Use this key</button>
      <button className="ignore-link-key" onClick={onIgnore}>Ignore it</button>
    </section>
  );
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
  const [page, setPage] = useState<"videos" | "live" | "webhooks" | "keys" | "owners" | "usage" | "analytics">("videos");
  const [admin, setAdmin] = useState(false);
  useEffect(() => { isAdmin().then(setAdmin, () => setAdmin(false)); }, []);
  const opened = videos.find(v => v.id === open);
  const back = () => setPage("videos");
  if (opened) return <VideoDetail video={opened} onClose={() => setOpen(null)} onChanged={() => void refresh(opened.id)} />;
  if (page === "live") return <Live onClose={back} onOpenVideo={id => { setOpen(id); void refresh(id); }} />;
  if (page === "webhooks") return <Webhooks onClose={back} />;
  if (page === "keys") return <Keys onClose={back} />;
  if (page === "owners") return <Owners onClose={back} />;
  if (page === "usage") return <Usage onClose={back} />;
  if (page === "analytics") return <OwnerAnalyticsView onClose={back} />;

  return (
    <main>
      <header>
        <h1>VideoPipeline</h1>
        <span className={live ? "live" : "polling"}>{live ? "live" : "polling"}</span>
        <button className="show-live" onClick={() => setPage("live")}>Live</button>
        <button className="show-webhooks" onClick={() => setPage("webhooks")}>Webhooks</button>
        <button className="show-keys" onClick={() => setPage("keys")}>Keys</button>
        <button className="show-analytics" onClick={() => setPage("analytics")}>Analytics</button>
        <button className="show-usage" onClick={() => setPage("usage")}>Usage</button>
        {admin ? <button className="show-owners" onClick={() => setPage("owners")}>Owners</button> : null}
        <QuotasAtLimit onOpen={() => setPage("usage")} />
        <button onClick={onForget}>Forget key</button>
      </header>
      <UploadPanel onUploaded={id => void refresh(id)} />
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

/** The caller's quotas used up, in the header of every visit: the next request needing one would be refused. */
function QuotasAtLimit({ onOpen }: { onOpen: () => void }) {
  const [atLimit, setAtLimit] = useState<QuotaUse[]>([]);
  useEffect(() => { getQuotas().then(standing => setAtLimit(standing.quotas.filter(q => q.atLimit)), () => setAtLimit([])); }, []);
  if (atLimit.length === 0) return null;
  return (
    <button className="badge at-limit-badge quotas-at-limit" onClick={onOpen} title="Open Usage">
      At a quota: {atLimit.map(q => q.name).join(", ")}
    </button>
  );
}
