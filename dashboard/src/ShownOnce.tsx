import type { CreatedKey } from "./api";

/** A key just made: the only time it is shown, so the person copies it now. */
export function ShownOnce({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  return (
    <div className="shown-once" role="alert">
      <p>The key <strong>{created.name}</strong> ({created.scopes.join(", ")}). Copy it now: it is not shown again.</p>
      <code className="new-key">{created.key}</code>
      <button onClick={() => void navigator.clipboard?.writeText(created.key)}>Copy</button>
      <button className="done" onClick={onDone}>Done</button>
    </div>
  );
}
