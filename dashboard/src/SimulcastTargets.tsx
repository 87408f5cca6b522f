import { useState } from "react";
import { addSimulcastTarget, removeSimulcastTarget, type LiveStream } from "./api";

/**
 * Where a live stream's broadcasts are forwarded: each target as the API shows it (its key masked), how forwarding the
 * broadcast goes (the reason of a failure); add one, remove one. The list is the stream's, read again by the Live page.
 */
export function SimulcastTargets({ stream, onChanged }: { stream: LiveStream; onChanged: () => void }) {
  const [url, setUrl] = useState("");
  const [label, setLabel] = useState("");
  const [error, setError] = useState<string | null>(null);
  const act = (work: Promise<unknown>, then = () => {}) =>
    work.then(() => { setError(null); then(); onChanged(); }, e => setError((e as Error).message));
  const add = () => act(addSimulcastTarget(stream.id, { url, passthrough: label || undefined }), () => { setUrl(""); setLabel(""); });

  return (
    <section className="simulcast" aria-label={`Simulcast targets of ${stream.title}`}>
      <h4>Simulcast targets</h4>
      {stream.simulcastTargets.length === 0 ? <p className="no-targets muted">None: broadcasts go to this service only.</p> : (
        <ul className="simulcast-targets">
          {stream.simulcastTargets.map(t => (
            <li key={t.id} className="simulcast-target" data-target-id={t.id} data-status={t.status}>
              <code className="target-url">{t.url}</code>
              {t.passthrough ? <span className="muted">{t.passthrough}</span> : null}
              <span className={`badge target-status ${t.status}`}>{t.status}</span>
              <button className="danger remove-target" aria-label={`Remove the target ${t.passthrough ?? t.url}`}
                onClick={() => { if (window.confirm(`Stop forwarding to ${t.url}?`)) void act(removeSimulcastTarget(stream.id, t.id)); }}>Remove</button>
              {t.reason ? <span className="target-reason">{t.reason}</span> : null}
            </li>
          ))}
        </ul>
      )}
      <form className="new-simulcast-target" onSubmit={e => { e.preventDefault(); void add(); }}>
        <label>Target URL <input name="target-url" type="url" value={url} onChange={e => setUrl(e.target.value)} required maxLength={1024}
          placeholder="rtmp://a.rtmp.youtube.com/live2/stream-key" autoComplete="off" /></label>
        <label>Label <input name="target-label" value={label} onChange={e => setLabel(e.target.value)} maxLength={255} placeholder="optional" /></label>
        <button type="submit">Add target</button>
      </form>
      {error ? <p className="error" role="alert">{error}</p> : null}
    </section>
  );
}
