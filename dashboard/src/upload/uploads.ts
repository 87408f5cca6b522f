// An upload from the browser, from the request for a URL to the completion call, remembered in localStorage part by
// part so that a page reload loses nothing: picking the same file again sends only the parts storage has not answered.
import { completeUpload, requestUpload, type UploadTicket } from "../api";
import { put, putWithRetries } from "./transfer";

const SAVED = "videopipeline.uploads";
const PARALLEL_PARTS = 3;
const ATTEMPTS_PER_PART = 3;

export type PartState = "pending" | "sending" | "retrying" | "done" | "failed";
export interface PartProgress { partNumber: number; size: number; sent: number; state: PartState; error?: string }
export type UploadState = "uploading" | "completing" | "done" | "failed" | "waiting-for-file";
export interface UploadProgress {
  videoId: string; title: string; fileName: string; size: number; sent: number; state: UploadState; error?: string;
  parts?: PartProgress[];
}

/** What survives a reload: the ticket and the ETag of every part storage took. */
interface SavedUpload { videoId: string; title: string; fileName: string; size: number; lastModified: number; ticket: UploadTicket; etags: Record<number, string> }

function savedUploads(): SavedUpload[] {
  try { return JSON.parse(localStorage.getItem(SAVED) ?? "[]") as SavedUpload[]; } catch { return []; }
}

function save(upload: SavedUpload) {
  localStorage.setItem(SAVED, JSON.stringify([...savedUploads().filter(u => u.videoId !== upload.videoId), upload]));
}

function forget(videoId: string) {
  localStorage.setItem(SAVED, JSON.stringify(savedUploads().filter(u => u.videoId !== videoId)));
}

/** Uploads left unfinished by an earlier page, whose URLs are still valid: they wait for their file to be picked again. */
export function unfinishedUploads(): UploadProgress[] {
  const now = Date.now();
  const valid = savedUploads().filter(u => Date.parse(u.ticket.expiresAt) > now);
  localStorage.setItem(SAVED, JSON.stringify(valid));
  return valid.map(u => ({ ...progressOf(u, null), state: "waiting-for-file" as const }));
}

/** The unfinished upload this file belongs to (same name, size and modification time), if any. */
export function unfinishedFor(file: File): string | null {
  return savedUploads().find(u => u.fileName === file.name && u.size === file.size && u.lastModified === file.lastModified)?.videoId ?? null;
}

function progressOf(upload: SavedUpload, file: File | null): UploadProgress {
  const multipart = upload.ticket.multipart;
  const parts = multipart?.parts.map(p => {
    const size = Math.min(multipart.partSizeBytes, upload.size - (p.partNumber - 1) * multipart.partSizeBytes);
    const done = upload.etags[p.partNumber] !== undefined;
    return { partNumber: p.partNumber, size, sent: done ? size : 0, state: (done ? "done" : "pending") as PartState };
  });
  const sent = parts ? parts.reduce((total, p) => total + p.sent, 0) : 0;
  return { videoId: upload.videoId, title: upload.title, fileName: file?.name ?? upload.fileName, size: upload.size, sent, state: "uploading", parts };
}

/** Starts a new upload of the file: asks the service for URLs, then sends it. */
export async function startUpload(file: File, title: string, onProgress: (p: UploadProgress) => void, signal: AbortSignal): Promise<void> {
  const contentType = file.type.startsWith("video/") ? file.type : undefined;
  const ticket = await requestUpload({ title, fileName: file.name, contentType, sizeBytes: file.size });
  const upload: SavedUpload = { videoId: ticket.videoId, title, fileName: file.name, size: file.size, lastModified: file.lastModified, ticket, etags: {} };
  save(upload);
  await send(upload, file, onProgress, signal);
}

/** Goes on with an unfinished upload of this file: only what storage has not taken yet is sent. */
export async function resumeUpload(videoId: string, file: File, onProgress: (p: UploadProgress) => void, signal: AbortSignal): Promise<void> {
  const upload = savedUploads().find(u => u.videoId === videoId);
  if (!upload) throw new Error("This upload is no longer known to this browser.");
  if (upload.size !== file.size || upload.fileName !== file.name) throw new Error(`Pick ${upload.fileName} (${upload.size} bytes) to go on with this upload.`);
  await send(upload, file, onProgress, signal);
}

async function send(upload: SavedUpload, file: File, onProgress: (p: UploadProgress) => void, signal: AbortSignal): Promise<void> {
  const progress = progressOf(upload, file);
  const report = () => onProgress({ ...progress, parts: progress.parts?.map(p => ({ ...p })) });
  report();
  const { ticket } = upload;
  try {
    if (ticket.multipart) {
      await sendParts(upload, file, progress, report, signal);
      if (progress.parts!.some(p => p.state === "failed")) {
        progress.state = "failed";
        progress.error = "Some parts could not be sent; retry them.";
        report();
        return;
      }
    } else {
      await putWithRetries(() => put(ticket.url!, file, ticket.headers, sent => { progress.sent = sent; report(); }, signal), ATTEMPTS_PER_PART, signal, () => {});
      progress.sent = upload.size;
    }

    progress.state = "completing";
    report();
    await completeUpload(upload.videoId, ticket.multipart
      ? { uploadId: ticket.multipart.uploadId, parts: ticket.multipart.parts.map(p => ({ partNumber: p.partNumber, eTag: upload.etags[p.partNumber] })) }
      : undefined);
    forget(upload.videoId);
    progress.state = "done";
    report();
  } catch (e) {
    progress.state = "failed";
    progress.error = (e as Error).message;
    report();
  }
}

async function sendParts(upload: SavedUpload, file: File, progress: UploadProgress, report: () => void, signal: AbortSignal) {
  const multipart = upload.ticket.multipart!;
  const queue = progress.parts!.filter(p => p.state !== "done");
  const total = () => { progress.sent = progress.parts!.reduce((sum, p) => sum + p.sent, 0); report(); };
  const worker = async () => {
    for (let part = queue.shift(); part; part = queue.shift()) {
      const p = part;
      const start = (p.partNumber - 1) * multipart.partSizeBytes;
      const url = multipart.parts.find(x => x.partNumber === p.partNumber)!.url;
      p.state = "sending";
      p.error = undefined;
      total();
      try {
        const etag = await putWithRetries(
          () => put(url, file.slice(start, start + p.size), {}, sent => { p.sent = sent; total(); }, signal),
          ATTEMPTS_PER_PART, signal,
          (attempt, error) => { p.state = "retrying"; p.sent = 0; p.error = `attempt ${attempt} failed: ${error.message}; trying again`; total(); });
        upload.etags[p.partNumber] = etag;
        save(upload);
        p.state = "done";
        p.sent = p.size;
        p.error = undefined;
      } catch (e) {
        if (signal.aborted) throw e;
        p.state = "failed";
        p.sent = 0;
        p.error = (e as Error).message;
      }
      total();
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_PARTS, queue.length) }, worker));
}
