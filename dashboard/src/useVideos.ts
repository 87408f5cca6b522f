import { useCallback, useEffect, useState } from "react";
import { ApiError, followChanges, getVideo, listVideos, type Video } from "./api";

/** The caller's videos, newest first, kept current by the live change stream (polling every 5 s while it is down). */
export function useVideos() {
  const [videos, setVideos] = useState<Video[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);

  const reload = useCallback(() => listVideos().then(setVideos, e => setError(String(e.message ?? e))), []);

  const refresh = useCallback(async (id: string) => {
    let video: Video;
    try {
      video = await getVideo(id);
    } catch (e) {
      // Deleted (or never ours): it leaves the list. Anything else leaves the list as it is, until the next change.
      if (e instanceof ApiError && e.status === 404) setVideos(current => current.filter(v => v.id !== id));
      return;
    }
    setVideos(current => current.some(v => v.id === id)
      ? current.map(v => (v.id === id ? video : v))
      : [video, ...current]);
  }, []);

  useEffect(() => {
    reload();
    const stop = new AbortController();
    let polling: number | undefined;
    const follow = async () => {
      while (!stop.signal.aborted) {
        try {
          setLive(true);
          window.clearInterval(polling);
          await followChanges(id => void refresh(id), stop.signal);
        } catch {
          // Fall through to polling, then try the stream again.
        }
        if (stop.signal.aborted) return;
        setLive(false);
        polling = window.setInterval(reload, 5000);
        await new Promise(resolve => setTimeout(resolve, 5000));
        await reload();
      }
    };
    void follow();
    return () => { stop.abort(); window.clearInterval(polling); };
  }, [reload, refresh]);

  return { videos, error, live, refresh };
}
