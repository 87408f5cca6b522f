import { useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { getUsage, type OwnerUsage, type QuotaUse, type UsageDay, type UsageReport } from "./api";

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
  const rows = days.map(day => {
    const d = byDay.get(day);
    return {
      day: day.slice(5),
      uploadedMiB: d ? d.uploadedBytes / 1_048_576 : 0,
      storedGiBHours: d ? d.storedByteHours / 1_073_741_824 : 0,
      apiCalls: d?.apiCalls ?? 0,
      watchedMinutes: d?.watchedMinutes ?? 0,
      ...Object.fromEntries(rungs.map(r => [r, d?.encodedMinutes[r] ?? 0])),
    };
  });
  return (
    <article className={owner.anyAtLimit ? "owner-usage at-limit" : "owner-usage"} data-owner={owner.ownerId}>
      <h3>{owner.ownerId} {owner.anyAtLimit ? <span className="badge at-limit-badge">at a quota</span> : null}</h3>
      <Totals totals={owner.totals} />
      <Quotas quotas={owner.quotas} />
      <div className="charts">
        <Chart title="Uploaded (MiB)" rows={rows} series={["uploadedMiB"]} />
        <Chart title="Encoded output (minutes per rung)" rows={rows} series={rungs} stacked />
        <Chart title="Stored (GiB-hours)" rows={rows} series={["storedGiBHours"]} />
        <Chart title="API calls" rows={rows} series={["apiCalls"]} />
        <Chart title="Watched (minutes)" rows={rows} series={["watchedMinutes"]} />
      </div>
    </article>
  );
}

const COLORS = ["#2f6fdf", "#e07b39", "#3a9b5c", "#9b59b6", "#c0392b"];

function Chart({ title, rows, series, stacked }: { title: string; rows: Record<string, number | string>[]; series: string[]; stacked?: boolean }) {
  return (
    <figure className="chart" data-chart={title}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <BarChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" fontSize={11} />
          <YAxis fontSize={11} width={48} />
          <Tooltip />
          {series.length > 1 ? <Legend /> : null}
          {series.map((name, i) => <Bar key={name} dataKey={name} stackId={stacked ? "rungs" : undefined} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />)}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

function Totals({ totals }: { totals: UsageDay }) {
  const encoded = Object.values(totals.encodedMinutes).reduce((a, b) => a + b, 0);
  return (
    <p className="totals">
      {DAYS} days: {(totals.uploadedBytes / 1_048_576).toFixed(1)} MiB uploaded, {encoded.toFixed(1)} encoded minutes,{" "}
      {totals.apiCalls} API calls, {totals.watchedMinutes.toFixed(1)} watched minutes
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
