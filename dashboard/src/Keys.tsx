import { useEffect, useState } from "react";
import { createKey, listKeys, revokeKey, type ApiKey, type CreatedKey } from "./api";
import { ShownOnce } from "./ShownOnce";

const SCOPES = ["all", "read", "upload", "playback"];

/** The owner's API keys: make one (shown once), see each one's scopes, expiry and last use, revoke one. */
export function Keys({ onClose }: { onClose: () => void }) {
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => listKeys().then(setKeys, e => setError((e as Error).message));
  useEffect(() => { void refresh(); }, []);
  const revoke = (key: ApiKey) => {
    if (!window.confirm(`Revoke the key "${key.name}"? Every request with it is refused from now on.`)) return;
    revokeKey(key.id).then(refresh, e => setError((e as Error).message));
  };

  return (
    <section className="detail keys">
      <button onClick={onClose}>Back</button>
      <h2>API keys</h2>
      <NewKeyForm onCreated={k => { setCreated(k); void refresh(); }} onError={setError} />
      {created ? <ShownOnce created={created} onDone={() => setCreated(null)} /> : null}
      {error ? <p className="error">{error}</p> : null}
      {keys?.length === 0 ? <p>No key made here yet (keys in the service's configuration are not listed).</p> : null}
      <table className="api-keys">
        <thead><tr><th>name</th><th>key</th><th>scopes</th><th>created</th><th>expires</th><th>last used</th><th /></tr></thead>
        <tbody>
          {keys?.map(k => (
            <tr key={k.id} className="api-key" data-key-id={k.id}>
              <td className="name">{k.name}</td>
              <td><code>{k.prefix}…</code></td>
              <td className="scopes">{k.scopes.join(", ")}</td>
              <td>{new Date(k.createdAt).toLocaleString()}</td>
              <td>{k.expiresAt ? new Date(k.expiresAt).toLocaleString() : "never"}</td>
              <td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : "never"}</td>
              <td><button className="danger revoke" onClick={() => revoke(k)}>Revoke</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function NewKeyForm({ onCreated, onError }: { onCreated: (key: CreatedKey) => void; onError: (message: string) => void }) {
  const [name, setName] = useState("");
  const [scope, setScope] = useState("all");
  const [expires, setExpires] = useState("");
  const submit = () => createKey({ name, scopes: [scope], expiresAt: expires ? new Date(expires).toISOString() : undefined })
    .then(k => { setName(""); setExpires(""); onCreated(k); }, e => onError((e as Error).message));
  return (
    <form className="new-key-form" onSubmit={e => { e.preventDefault(); void submit(); }}>
      <label>Name <input name="key-name" value={name} onChange={e => setName(e.target.value)} required maxLength={100} /></label>
      <label>Scope <select name="key-scope" value={scope} onChange={e => setScope(e.target.value)}>{SCOPES.map(s => <option key={s}>{s}</option>)}</select></label>
      <label>Expires <input name="key-expires" type="datetime-local" value={expires} onChange={e => setExpires(e.target.value)} /></label>
      <button type="submit">Create key</button>
    </form>
  );
}
