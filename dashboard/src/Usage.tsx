import { useEffect, useState } from "react";
import { getUsage, type OwnerUsage, type QuotaUse, type UsageDay, type UsageReport } from "./api";
import { Chart } from "./Chart";

const DAYS = 30;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Usage of the last 30 UTC days, per owner (every owner for an admin key): a chart per measure, and the owner's quotas
 * with the ones used up marked, so an owner at or over a quota shows at a glance.
 */
export function Usage({ onClose }: { onClose: () => void }) {
  const [report, setReport] = useState<UsageReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const to = new Date();
    const from = new Date(to.getTime() - (DAYS - 1) * 86_400_000);
    getUsage(isoDay(from), isoDay(to)).then(setReport, e => setError((e as Error).message));
  }, []);

  return (
    <section className="detail usage">
      <button onClick={onClose}>Back</button>
      <h2>Usage</h2>
      {error ? <p className="error">{error}</p> : null}
      {report && report.owners.length === 0 ? <p>No usage in these {DAYS} days.</p> : null}
      {report ? <OwnersAtLimit owners={report.owners} /> : null}
      {report?.owners.map(owner => <Owner key={owner.ownerId} owner={owner} days={allDays(report.from, report.to)} />)}
    </section>
  );
}

/** Everyone at or over a quota, first thing on the page. */
function OwnersAtLimit({ owners }: { owners: OwnerUsage[] }) {
  const limited = owners.filter(o => o.anyAtLimit);
  if (limited.length === 0) return null;
  return (
    <p className="at-limit-summary" role="alert">
      At a quota: {limited.map(o => `${o.ownerId} (${o.quotas.filter(q => q.atLimit).map(q => q.name).join(", ")})`).join("; ")}
    </p>
  );
}

function Owner({ owner, days }: { owner: OwnerUsage; days: string[] }) {
  const byDay = new Map(owner.days.map(d => [d.day, d]));
  const rungs = [...new Set(owner.days.flatMap(d => Object.keys(d.encodedMinutes)))].sort();
  const labels = days.map(day => day.slice(5));
  const perDay = (value: (d: UsageDay) => number) => days.map(day => { const d = byDay.get(day); return d ? value(d) : 0; });
  return (
    <article className={owner.anyAtLimit ? "owner-usage at-limit" : "owner-usage"} data-owner={owner.ownerId}>
      <h3>{owner.ownerId} {owner.anyAtLimit ? <span className="badge at-limit-badge">at a quota</span> : null}</h3>
      <Totals totals={owner.totals} />
      <Quotas quotas={owner.quotas} />
      <div className="charts">
        <Chart kind="bar" name="uploaded" title="Uploaded (MiB)" labels={labels} series={[{ label: "MiB", values: perDay(d => d.uploadedBytes / 1_048_576) }]} />
        <Chart kind="bar" name="encoded" title="Encoded output (minutes per rung)" labels={labels} stacked
          series={rungs.map(rung => ({ label: rung, values: perDay(d => d.encodedMinutes[rung] ?? 0) }))} />
        <Chart kind="bar" name="stored" title="Stored (GiB-hours)" labels={labels} series={[{ label: "GiB-hours", values: perDay(d => d.storedByteHours / 1_073_741_824) }]} />
        <Chart kind="bar" name="api-calls" title="API calls" labels={labels} series={[{ label: "calls", values: perDay(d => d.apiCalls) }]} />
        <Chart kind="bar" name="watched" title="Watched (minutes)" labels={labels} series={[{ label: "minutes", values: perDay(d => d.watchedMinutes) }]} />
        <Chart kind="bar" name="images" title="Images rendered" labels={labels} series={[{ label: "images", values: perDay(d => d.imagesRendered) }]} />
      </div>
    </article>
  );
}

function Totals({ totals }: { totals: UsageDay }) {
  const encoded = Object.values(totals.encodedMinutes).reduce((a, b) => a + b, 0);
  return (
    <p className="totals">
      {DAYS} days: {(totals.uploadedBytes / 1_048_576).toFixed(1)} MiB uploaded, {encoded.toFixed(1)} encoded minutes,{" "}
      {totals.apiCalls} API calls, {totals.watchedMinutes.toFixed(1)} watched minutes, {totals.imagesRendered} images rendered
    </p>
  );
}

function Quotas({ quotas }: { quotas: QuotaUse[] }) {
  return (
    <table className="quotas">
      <thead><tr><th>quota</th><th>used</th><th>limit</th><th /></tr></thead>
      <tbody>
        {quotas.map(q => (
          <tr key={q.name} className={q.exceeded ? "quota at-limit exceeded" : q.atLimit ? "quota at-limit" : "quota"} data-quota={q.name}>
            <td>{q.name}</td>
            <td>{q.used.toLocaleString()}</td>
            <td>{q.limit.toLocaleString()}</td>
            <td><meter min={0} max={Math.max(q.limit, 1)} value={Math.min(q.used, Math.max(q.limit, 1))} /> {q.exceeded ? "over" : q.atLimit ? "at limit" : ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function allDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = new Date(`${from}T00:00:00Z`); isoDay(at) <= to; at = new Date(at.getTime() + 86_400_000)) days.push(isoDay(at));
  return days;
}
