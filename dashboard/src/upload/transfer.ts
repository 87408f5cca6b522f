// The bytes of an upload, straight to storage: one PUT, or parts PUT one by one (a few at a time), each retried on its
// own, with progress. XMLHttpRequest rather than fetch: only it reports upload progress.

/** PUTs a body to a presigned URL; resolves with the answer's ETag (a part's receipt). */
export function put(url: string, body: Blob, headers: Record<string, string>, onProgress: (sent: number) => void, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = e => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.getResponseHeader("ETag") ?? "");
      else reject(new TransferError(`storage answered ${xhr.status}`, xhr.status >= 400 && xhr.status < 500 && xhr.status !== 408 && xhr.status !== 429));
    };
    xhr.onerror = () => reject(new TransferError("the connection to storage failed", false));
    xhr.onabort = () => reject(new DOMException("aborted", "AbortError"));
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

/** A failed PUT; a final one (a 4xx: expired or refused URL) is not worth repeating as it is. */
export class TransferError extends Error {
  constructor(message: string, readonly final: boolean) { super(message); }
}

/** Tries a PUT up to `attempts` times, waiting 1 s, 2 s, 4 s ... between tries, unless the failure is final. */
export async function putWithRetries(send: () => Promise<string>, attempts: number, signal: AbortSignal, onRetry: (attempt: number, error: Error) => void): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      const error = e as Error;
      if (signal.aborted || attempt >= attempts || (error instanceof TransferError && error.final)) throw error;
      onRetry(attempt, error);
      await new Promise(resolve => setTimeout(resolve, 1000 * 2 ** (attempt - 1)));
    }
  }
}
