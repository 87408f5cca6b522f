import { useEffect, useState } from "react";
import { createKeyFor, createOwner, listOwners, setOwnerStatus, type CreatedKey, type TenantOwner } from "./api";
import { ShownOnce } from "./ShownOnce";

/** For admins: every owner, a suspended one marked at a glance; onboard one (and its first key), suspend, reinstate. */
export function Owners({ onClose }: { onClose: () => void }) {
  const [owners, setOwners] = useState<TenantOwner[] | null>(null);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [id, setId] = useState("");
  const [name, setName] = useState("");
  const refresh = () => listOwners().then(setOwners, e => setError((e as Error).message));
  useEffect(() => { void refresh(); }, []);
  const act = (action: Promise<unknown>) => action.then(() => { setError(null); return refresh(); }, e => setError((e as Error).message));

  return (
    <section className="detail owners">
      <button onClick={onClose}>Back</button>
      <h2>Owners</h2>
      <form className="new-owner" onSubmit={e => { e.preventDefault(); void act(createOwner(id, name).then(() => { setId(""); setName(""); })); }}>
        <label>Id <input name="owner-id" value={id} onChange={e => setId(e.target.value)} required pattern="[a-z0-9][a-z0-9_\-]{0,63}" /></label>
        <label>Name <input name="owner-name" value={name} onChange={e => setName(e.target.value)} maxLength={200} /></label>
        <button type="submit">Create owner</button>
      </form>
      {created ? <ShownOnce created={created} onDone={() => setCreated(null)} /> : null}
      {error ? <p className="error">{error}</p> : null}
      <table className="tenant-owners">
        <thead><tr><th>id</th><th>name</th><th>status</th><th>limits</th><th>created</th><th /></tr></thead>
        <tbody>
          {owners?.map(o => (
            <tr key={o.id} className="tenant-owner" data-owner-id={o.id} data-status={o.status}>
              <td>{o.id}</td>
              <td>{o.name}</td>
              <td><span className={`badge ${o.status}`}>{o.status}</span></td>
              <td className="muted">{Object.entries(o.limits).map(([k, v]) => `${k}: ${v}`).join(", ") || "defaults"}</td>
              <td>{new Date(o.createdAt).toLocaleString()}</td>
              <td>
                {o.status === "active"
                  ? <button className="danger suspend" onClick={() => void act(setOwnerStatus(o.id, "suspended"))}>Suspend</button>
                  : <button className="reinstate" onClick={() => void act(setOwnerStatus(o.id, "active"))}>Reinstate</button>}
                <button className="new-owner-key" onClick={() => createKeyFor(o.id, "created in the dashboard").then(setCreated, e => setError((e as Error).message))}>New key</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
