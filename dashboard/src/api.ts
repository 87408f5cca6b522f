// The HTTP API as the dashboard uses it: every call carries the API key; errors surface as their problem's words.

export interface Variant { resolution: string; key: string; width: number; height: number }
export interface Video {
  id: string; title: string; status: string; progress: number; sizeBytes: number | null;
  variants: Variant[]; thumbKey: string | null; failCount: number; lastError: string | null;
  /** A failed video a retry can help (not one refused: not a video, over a limit, a refused source). */
  retryable: boolean;
  steps: Record<string, string | null>;
}
export interface VideoEvent { sequence: number; type: string; timestamp: string; data: unknown }
export interface Playback { url: string | null; hls: string | null; dash: string | null; embed: string | null; thumbnailUrl: string | null; expiresAt: string }

/** A refusal of the API: its problem's words, and its status (404: the video is gone). */
export class ApiError extends Error {
  constructor(message: string, readonly status: number) { super(message); }
}

const KEY = "videopipeline.apiKey";

/** The key kept from before, if any. */
export function apiKey(): string | null { return localStorage.getItem(KEY); }

/**
 * A key offered by a link ("/#key=..."), taken out of the address bar at once (so it is not bookmarked or shared on),
 * but never used without the person agreeing: a link is somebody else's choice of key.
 */
export function takeKeyFromLink(): string | null {
  const match = /(?:^#|&)key=([^&]+)/.exec(window.location.hash);
  if (!match) return null;
  history.replaceState(null, "", window.location.pathname + window.location.search);
  try { return decodeURIComponent(match[1]); } catch { return null; }
}

export function saveApiKey(key: string) { localStorage.setItem(KEY, key); }
export function forgetApiKey() { localStorage.removeItem(KEY); }

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, { ...init, headers: { ...init.headers, Authorization: `Bearer ${apiKey()}` } });
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    throw new ApiError(problem?.detail ?? problemTitle(problem) ?? `${response.status} ${response.statusText}`, response.status);
  }
  return response.status === 202 || response.status === 204 ? (undefined as T) : response.json();
}

/** A problem without a detail: its title, with what each field's error says (a 400 of validation names them only there). */
function problemTitle(problem: { title?: string; errors?: Record<string, string[]> } | null): string | undefined {
  const errors = Object.values(problem?.errors ?? {}).flat();
  return problem?.title && errors.length ? `${problem.title} ${errors.join(" ")}` : problem?.title;
}

export const listVideos = () => call<{ items: Video[] }>("/videos?page=1&pageSize=100").then(page => page.items);
export const getVideo = (id: string) => call<Video>(`/videos/${id}`);
export const getEvents = (id: string) => call<VideoEvent[]>(`/videos/${id}/events`);
export const play = (id: string) => call<Playback>(`/videos/${id}/play`);
export const retry = (id: string) => call<void>(`/videos/${id}/retry`, { method: "POST" });

export interface UploadTicket {
  videoId: string; key: string; url: string | null; method: string; headers: Record<string, string>; expiresAt: string;
  multipart: { uploadId: string; partSizeBytes: number; parts: { partNumber: number; url: string }[] } | null;
}
export interface UploadRequest { title: string; fileName: string; contentType?: string; sizeBytes: number }
export interface CompletedParts { uploadId: string; parts: { partNumber: number; eTag: string }[] }

const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
export const requestUpload = (request: UploadRequest) => call<UploadTicket>("/upload/request", json(request));
export const rename = (id: string, title: string) =>
  call<unknown>(`/videos/${id}`, { method: "PATCH", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ title }) });
export const deleteVideo = (id: string) => call<void>(`/videos/${id}`, { method: "DELETE" });

export interface WebhookEndpoint { id: string; url: string; events: string[]; description: string | null; createdAt: string }
export interface DeliveryAttempt { number: number; at: string; statusCode: number | null; error: string | null; durationMs: number }
export interface Delivery { id: string; eventId: string; eventType: string; status: string; createdAt: string; nextAttemptAt: string | null; attempts: DeliveryAttempt[] }
export const listWebhooks = () => call<WebhookEndpoint[]>("/webhooks");
export const listDeliveries = (id: string) => call<{ items: Delivery[] }>(`/webhooks/${id}/deliveries?page=1&pageSize=10`).then(page => page.items);

export const completeUpload = (id: string, parts?: CompletedParts) =>
  call<void>(`/videos/${id}/complete`, parts ? json(parts) : { method: "POST" });

/**
 * Follows GET /videos/changes (Server-Sent Events read with fetch, so the key travels in a header, never in a URL).
 * Calls onChange with the id of each changed video; resolves when the stream ends or fails.
 */
export async function followChanges(onChange: (videoId: string) => void, signal: AbortSignal): Promise<void> {
  const response = await fetch("/videos/changes", { headers: { Authorization: `Bearer ${apiKey()}` }, signal });
  if (!response.ok || !response.body) throw new Error(`changes: ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame.split("\n").find(line => line.startsWith("data: "));
      if (data) onChange(JSON.parse(data.slice(6)).videoId);
    }
  }
}

export interface ApiKey { id: string; name: string; scopes: string[]; prefix: string; createdAt: string; expiresAt: string | null; lastUsedAt: string | null }
export interface CreatedKey extends ApiKey { key: string }
export interface NewKey { name: string; scopes?: string[]; expiresAt?: string }
export const listKeys = () => call<ApiKey[]>("/keys");
export const createKey = (key: NewKey) => call<CreatedKey>("/keys", json(key));
export const revokeKey = (id: string) => call<void>(`/keys/${id}`, { method: "DELETE" });

export interface TenantOwner { id: string; name: string | null; status: "active" | "suspended"; limits: Record<string, number>; createdAt: string; suspendedAt: string | null }
/** Whether the key is an admin's: only admins reach /admin. */
export const isAdmin = () => call<TenantOwner[]>("/admin/owners").then(() => true, e => (e instanceof ApiError && e.status === 403 ? false : Promise.reject(e)));
export const listOwners = () => call<TenantOwner[]>("/admin/owners");
export const createOwner = (id: string, name: string) => call<TenantOwner>("/admin/owners", json({ id, name: name || undefined }));
export const setOwnerStatus = (id: string, status: "active" | "suspended") =>
  call<TenantOwner>(`/admin/owners/${id}`, { method: "PATCH", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ status }) });
export const createKeyFor = (owner: string, name: string) => call<CreatedKey>(`/admin/owners/${owner}/keys`, json({ name }));
export interface QuotaUse { name: string; limit: number; used: number; atLimit: boolean; exceeded: boolean }
export interface UsageDay {
  day: string; uploadedBytes: number; storedByteHours: number; encodedMinutes: Record<string, number>; apiCalls: number; watchedMinutes: number; imagesRendered: number;
}
export interface OwnerUsage { ownerId: string; days: UsageDay[]; totals: UsageDay; quotas: QuotaUse[]; anyAtLimit: boolean }
export interface UsageReport { from: string; to: string; owners: OwnerUsage[] }

/** The key's owner's quotas now. */
export const getQuotas = () => call<{ ownerId: string; quotas: QuotaUse[]; anyAtLimit: boolean }>("/quotas");

/** Usage per UTC day: the key's owner, or every owner for an admin key. */
export const getUsage = (from: string, to: string) => call<UsageReport>(`/usage?from=${from}&to=${to}`);
export interface VideoAnalytics {
  views: number; uniqueViewers: number; watchSeconds: number; averagePercentWatched: number; startupMs: { p50: number | null; p95: number | null };
  rebufferRatio: number; rebufferPerView: number; errorRate: number; renditions: { resolution: string; seconds: number }[];
  retention: { percent: number; share: number }[]; days: { day: string; views: number; watchSeconds: number }[];
}
export interface OwnerAnalytics {
  views: number; uniqueViewers: number; watchSeconds: number;
  days: { day: string; views: number; uniqueViewers: number; watchSeconds: number; stallSeconds: number; errorViews: number }[];
  topVideos: { videoId: string; title: string; ownerId: string; views: number; watchSeconds: number }[];
}
export const getVideoAnalytics = (id: string) => call<VideoAnalytics>(`/videos/${id}/analytics`);
export const getOwnerAnalytics = () => call<OwnerAnalytics>("/analytics");

export interface LiveStream {
  id: string; title: string; status: "idle" | "active" | "disconnected"; latency: string; reconnectWindowSeconds: number; record: boolean;
  activeVideoId: string | null; recordings: string[]; rtmpUrl: string; lastRefusal: string | null; simulcastTargets: SimulcastTarget[];
}
/** Where a stream's broadcasts are forwarded: the URL as the API shows it (the target's key masked, as in the reason). */
export interface SimulcastTarget {
  id: string; url: string; passthrough: string | null; status: "idle" | "connecting" | "forwarding" | "ended" | "failed"; reason: string | null;
}
export interface NewSimulcastTarget { url: string; passthrough?: string }
/** The stream key with where to publish it: the only answers that show the key (create, reset). */
export interface StreamKey { id: string; streamKey: string; rtmpUrl: string }
export interface LivePlayback { videoId: string; hls: string; embed: string; expiresAt: string }
export interface NewLiveStream { title: string; reconnectWindowSeconds?: number; record: boolean }
export const listLiveStreams = () => call<LiveStream[]>("/live-streams");
export const createLiveStream = (request: NewLiveStream) => call<StreamKey>("/live-streams", json(request));
export const resetStreamKey = (id: string) => call<StreamKey>(`/live-streams/${id}/reset-key`, { method: "POST" });
export const completeBroadcast = (id: string) => call<void>(`/live-streams/${id}/complete`, { method: "POST" });
export const deleteLiveStream = (id: string) => call<void>(`/live-streams/${id}`, { method: "DELETE" });
export const playLiveStream = (id: string) => call<LivePlayback>(`/live-streams/${id}/play`);
export const addSimulcastTarget = (id: string, target: NewSimulcastTarget) => call<SimulcastTarget>(`/live-streams/${id}/simulcast-targets`, json(target));
export const removeSimulcastTarget = (id: string, targetId: string) => call<void>(`/live-streams/${id}/simulcast-targets/${targetId}`, { method: "DELETE" });
