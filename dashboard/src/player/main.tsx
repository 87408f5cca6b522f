import { StrictMode, useCallback, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { EmbedUnavailable, loadEmbedded, type Embedded } from "./embedded";
import { Player } from "./Player";
import "./player.css";

/** The embed page: what its link grants, played; an expired or altered link says so instead of showing a broken player. */
function EmbedPage() {
  const [media, setMedia] = useState<Embedded | null>(null);
  const [unavailable, setUnavailable] = useState<EmbedUnavailable | null>(null);
  const expired = useCallback(() => setUnavailable(new EmbedUnavailable("This video link has expired or is not valid. Ask whoever shared it for a new one.", true)), []);

  useEffect(() => {
    loadEmbedded(window.location).then(m => { setMedia(m); document.title = m.title; }, e => setUnavailable(e instanceof EmbedUnavailable ? e : new EmbedUnavailable(String(e), false)));
  }, []);

  // The links inside expire with the page's own link: say so when that time comes rather than failing mid-play.
  useEffect(() => {
    if (!media) return undefined;
    const timer = window.setTimeout(expired, Math.max(0, Date.parse(media.expiresAt) - Date.now()));
    return () => window.clearTimeout(timer);
  }, [media, expired]);

  if (unavailable) {
    return <div className={`unavailable${unavailable.expired ? " expired" : ""}`} role="alert">{unavailable.message}</div>;
  }
  return media ? <Player media={media} onExpired={expired} /> : <div className="loading">Loading…</div>;
}

createRoot(document.getElementById("root")!).render(<StrictMode><EmbedPage /></StrictMode>);
