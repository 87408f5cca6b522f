import { useEffect, useMemo, useState } from "react";
import { getVideoAnalytics, type VideoAnalytics } from "../api";
import { Chart } from "../Chart";
import { duration, percent } from "./format";

/** A video's last 30 days as viewers lived them: views over time, the retention curve, startup time and stalls. */
export function VideoAnalyticsView({ videoId }: { videoId: string }) {
  const [figures, setFigures] = useState<VideoAnalytics | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { getVideoAnalytics(videoId).then(setFigures, e => setError((e as Error).message)); }, [videoId]);
  const days = useMemo(() => figures?.days.map(d => d.day) ?? [], [figures]);
  const views = useMemo(() => [{ label: "views", values: figures?.days.map(d => d.views) ?? [] }], [figures]);
  const percents = useMemo(() => figures?.retention.map(p => `${p.percent}%`) ?? [], [figures]);
  const shares = useMemo(() => [{ label: "% of views", values: figures?.retention.map(p => Math.round(p.share * 1000) / 10) ?? [] }], [figures]);

  if (error) return <p className="error">{error}</p>;
  if (!figures) return <p>Loading analytics…</p>;
  return (
    <section className="analytics video-analytics">
      <h3>Analytics, last 30 days</h3>
      <dl className="figures">
        <Figure name="views" label="views" value={String(figures.views)} />
        <Figure name="viewers" label="unique viewers (per day)" value={String(figures.uniqueViewers)} />
        <Figure name="watch-time" label="watch time" value={duration(figures.watchSeconds)} />
        <Figure name="watched" label="average watched" value={`${Math.round(figures.averagePercentWatched)}%`} />
        <Figure name="startup" label="startup p50 / p95" value={figures.startupMs.p50 === null ? "—" : `${Math.round(figures.startupMs.p50)} / ${Math.round(figures.startupMs.p95 ?? 0)} ms`} />
        <Figure name="stalls" label="stalls per view" value={figures.rebufferPerView.toFixed(2)} />
        <Figure name="rebuffering" label="time stalled" value={percent(figures.rebufferRatio)} />
        <Figure name="errors" label="views with errors" value={percent(figures.errorRate)} />
      </dl>
      <div className="charts">
        <Chart kind="bar" name="views" title="Views per day" labels={days} series={views} />
        <Chart kind="line" name="retention" title="Still watching (% of views) along the video" labels={percents} series={shares} max={100} />
      </div>
      {figures.renditions.length > 0 ? (
        <p className="renditions">Played: {figures.renditions.map(r => `${r.resolution} ${duration(r.seconds)}`).join(", ")}</p>
      ) : null}
    </section>
  );
}

function Figure({ name, label, value }: { name: string; label: string; value: string }) {
  return <div className={`figure figure-${name}`}><dt>{label}</dt><dd>{value}</dd></div>;
}
