import { useEffect, useMemo, useState } from "react";
import { getOwnerAnalytics, type OwnerAnalytics } from "../api";
import { Chart } from "../Chart";
import { duration } from "./format";

/** The owner's last 30 days: views and watch time per day, and the videos watched most. */
export function OwnerAnalyticsView({ onClose }: { onClose: () => void }) {
  const [figures, setFigures] = useState<OwnerAnalytics | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { getOwnerAnalytics().then(setFigures, e => setError((e as Error).message)); }, []);
  const days = useMemo(() => figures?.days.map(d => d.day) ?? [], [figures]);
  const views = useMemo(() => [{ label: "views", values: figures?.days.map(d => d.views) ?? [] }], [figures]);
  const minutes = useMemo(() => [{ label: "minutes", values: figures?.days.map(d => Math.round(d.watchSeconds / 6) / 10) ?? [] }], [figures]);

  return (
    <section className="detail analytics owner-analytics">
      <button onClick={onClose}>Back</button>
      <h2>Analytics, last 30 days</h2>
      {error ? <p className="error">{error}</p> : null}
      {figures ? (
        <>
          <p className="totals">{figures.views} views, {figures.uniqueViewers} viewers, {duration(figures.watchSeconds)} watched</p>
          <div className="charts">
            <Chart kind="bar" name="owner-views" title="Views per day" labels={days} series={views} />
            <Chart kind="line" name="owner-minutes" title="Minutes watched per day" labels={days} series={minutes} />
          </div>
          <table className="top-videos">
            <thead><tr><th>video</th><th>views</th><th>watch time</th></tr></thead>
            <tbody>
              {figures.topVideos.map(v => <tr key={v.videoId}><td>{v.title || v.videoId}</td><td>{v.views}</td><td>{duration(v.watchSeconds)}</td></tr>)}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
