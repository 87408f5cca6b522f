import { useEffect, useRef, useState } from "react";
import { resumeUpload, startUpload, unfinishedFor, unfinishedUploads, type UploadProgress } from "./uploads";

/**
 * Upload from the browser: drop files or pick them; each gets a progress bar (and, when it goes in parts, a line per
 * part). A failed part is retried on its own; an upload cut off by a reload waits for its file to be picked again.
 */
export function UploadPanel({ onUploaded }: { onUploaded: (videoId: string) => void }) {
  const [uploads, setUploads] = useState<UploadProgress[]>(unfinishedUploads);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const files = useRef(new Map<string, File>());
  const stop = useRef(new AbortController());
  useEffect(() => () => stop.current.abort(), []);

  const track = (p: UploadProgress) => {
    setUploads(current => current.some(u => u.videoId === p.videoId) ? current.map(u => (u.videoId === p.videoId ? p : u)) : [p, ...current]);
    if (p.state === "done") onUploaded(p.videoId);
  };

  const upload = (file: File) => {
    setError(null);
    const unfinished = unfinishedFor(file);
    if (unfinished) return resume(unfinished, file);
    startUpload(file, file.name.replace(/\.[^.]+$/, ""), p => { files.current.set(p.videoId, file); track(p); }, stop.current.signal)
      .catch(e => setError(`${file.name}: ${(e as Error).message}`));
  };

  const resume = (videoId: string, file: File) => {
    setError(null);
    files.current.set(videoId, file);
    resumeUpload(videoId, file, track, stop.current.signal).catch(e => setError(`${file.name}: ${(e as Error).message}`));
  };

  return (
    <section
      className={`uploads${dragging ? " dragging" : ""}`}
      onDragOver={e => { e.preventDefault(); setDragging(true); }}
      onDragLeave={() => setDragging(false)}
      onDrop={e => { e.preventDefault(); setDragging(false); Array.from(e.dataTransfer.files).forEach(upload); }}
    >
      <label className="pick">
        Drop videos here or <span className="link">choose files</span>
        <input type="file" accept="video/*" multiple hidden onChange={e => { Array.from(e.target.files ?? []).forEach(upload); e.target.value = ""; }} />
      </label>
      {error ? <p className="error upload-error">{error}</p> : null}
      <ul>
        {uploads.filter(u => u.state !== "done").map(u => (
          <UploadLine key={u.videoId} upload={u} file={files.current.get(u.videoId)} onResume={file => resume(u.videoId, file)} />
        ))}
      </ul>
    </section>
  );
}

function UploadLine({ upload, file, onResume }: { upload: UploadProgress; file: File | undefined; onResume: (file: File) => void }) {
  const percent = upload.size ? Math.floor((100 * upload.sent) / upload.size) : 0;
  return (
    <li className="upload" data-video-id={upload.videoId} data-state={upload.state}>
      <span className="name">{upload.fileName}</span>{" "}
      <progress max={100} value={percent}>{percent}%</progress> <span className="percent">{percent}%</span>{" "}
      <span className="state">{describe(upload)}</span>
      {upload.state === "failed" && file ? <button className="retry-parts" onClick={() => onResume(file)}>Retry</button> : null}
      {upload.state === "waiting-for-file" ? (
        <label className="resume">
          <span className="link">pick {upload.fileName} again to resume</span>
          <input type="file" hidden onChange={e => { const f = e.target.files?.[0]; if (f) onResume(f); }} />
        </label>
      ) : null}
      {upload.parts && upload.parts.length > 1 ? (
        <ol className="parts">
          {upload.parts.map(p => (
            <li key={p.partNumber} className={`part ${p.state}`} data-part={p.partNumber} data-state={p.state} title={p.error}>
              {p.partNumber}{p.state === "done" ? " ✓" : p.state === "failed" ? " ✗" : p.state === "retrying" ? " ↻" : ""}
            </li>
          ))}
        </ol>
      ) : null}
    </li>
  );
}

function describe(upload: UploadProgress): string {
  switch (upload.state) {
    case "uploading": return upload.parts ? `${upload.parts.filter(p => p.state === "done").length} of ${upload.parts.length} parts` : "uploading";
    case "completing": return "checking the upload";
    case "done": return "uploaded";
    case "waiting-for-file": return "interrupted";
    case "failed": return upload.error ?? "failed";
  }
}
