import { useEffect, useState } from "react";
import { play, retry, type Video } from "./api";

export function VideoRow({ video, onOpen, onChanged }: { video: Video; onOpen: () => void; onChanged: () => void }) {
  const [thumbnail, setThumbnail] = useState<string | null>(null);
  const [retryError, setRetryError] = useState<string | null>(null);

  useEffect(() => {
    if (video.thumbKey) play(video.id).then(p => setThumbnail(p.thumbnailUrl), () => setThumbnail(null));
  }, [video.id, video.thumbKey]);

  const onRetry = async () => {
    setRetryError(null);
    try { await retry(video.id); onChanged(); } catch (e) { setRetryError((e as Error).message); }
  };

  return (
    <tr data-video-id={video.id} data-status={video.status}>
      <td>{thumbnail ? <img src={thumbnail} alt="" width={96} /> : null}</td>
      <td><button className="link" onClick={onOpen}>{video.title}</button></td>
      <td className="status">{video.status}</td>
      <td>{video.status === "processing" ? <progress max={100} value={video.progress}>{video.progress}%</progress> : null}</td>
      <td>{video.variants.map(v => v.resolution).join(" ")}</td>
      <td className="fail-count">{video.failCount}</td>
      <td className="last-error">{video.lastError}</td>
      <td>
        {video.status === "failed" && video.retryable ? <button className="retry" onClick={onRetry}>Retry</button> : null}
        {retryError ? <span className="error">{retryError}</span> : null}
      </td>
    </tr>
  );
}
