import { useEffect, useState } from "react";
import { listDeliveries, listWebhooks, type Delivery, type WebhookEndpoint } from "./api";

/** The owner's webhook endpoints, each with its most recent deliveries and how each attempt went. */
export function Webhooks({ onClose }: { onClose: () => void }) {
  const [endpoints, setEndpoints] = useState<WebhookEndpoint[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { listWebhooks().then(setEndpoints, e => setError((e as Error).message)); }, []);

  return (
    <section className="detail webhooks">
      <button onClick={onClose}>Back</button>
      <h2>Webhook endpoints</h2>
      {error ? <p className="error">{error}</p> : null}
      {endpoints?.length === 0 ? <p>No endpoint yet: register one with <code>POST /webhooks</code>.</p> : null}
      {endpoints?.map(endpoint => <Endpoint key={endpoint.id} endpoint={endpoint} />)}
    </section>
  );
}

function Endpoint({ endpoint }: { endpoint: WebhookEndpoint }) {
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  useEffect(() => { listDeliveries(endpoint.id).then(setDeliveries, () => setDeliveries([])); }, [endpoint.id]);
  return (
    <article className="endpoint" data-endpoint-id={endpoint.id}>
      <h3><code>{endpoint.url}</code></h3>
      <p>{endpoint.description} <span className="muted">{endpoint.events.join(", ")}</span></p>
      <table className="deliveries">
        <thead><tr><th>event</th><th>status</th><th>attempts</th><th>last answer</th><th>created</th></tr></thead>
        <tbody>
          {deliveries.map(d => {
            const last = d.attempts[d.attempts.length - 1];
            return (
              <tr key={d.id} className="delivery" data-status={d.status}>
                <td>{d.eventType}</td>
                <td className="status">{d.status}</td>
                <td>{d.attempts.length}</td>
                <td>{last ? (last.statusCode ?? last.error) : "—"}</td>
                <td>{new Date(d.createdAt).toLocaleString()}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </article>
  );
}
