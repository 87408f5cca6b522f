// What the embed page plays, fetched with the credential of its own URL (/embed/{id}?expires=&sig= or ?token=): no API key.
import { playbackCredential } from "../playbackCredential";

export interface CaptionTrack { language: string; label: string; url: string }
export interface Embedded {
  title: string; hls: string | null; dash: string | null; url: string; poster: string | null; storyboard: string | null;
  captions: CaptionTrack[]; expiresAt: string;
}

/** Why the page cannot play: the link expired or was altered (the viewer needs a new link), or something else. */
export class EmbedUnavailable extends Error {
  constructor(message: string, readonly expired: boolean) { super(message); }
}

export async function loadEmbedded(location: Location): Promise<Embedded> {
  const id = /^\/embed\/([0-9a-fA-F-]{36})\/?$/.exec(location.pathname)?.[1];
  if (!id) throw new EmbedUnavailable("This is not a video link.", false);
  const response = await fetch(`/videos/${id}/embed?${playbackCredential(new URLSearchParams(location.search))}`);
  if (response.status === 403 || response.status === 401) {
    throw new EmbedUnavailable("This video link has expired or is not valid. Ask whoever shared it for a new one.", true);
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    throw new EmbedUnavailable(problem?.title ?? "This video cannot be played.", false);
  }
  return response.json();
}
