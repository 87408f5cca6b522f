import {
  BarController, BarElement, CategoryScale, Chart as ChartJs, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
  type ChartConfiguration,
} from "chart.js";
import { useEffect, useRef } from "react";

ChartJs.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

/** One series of a chart: its name (shown in the legend when there are several) and a value per label. */
export interface Series { label: string; values: number[] }

const COLORS = ["#2563eb", "#e07b39", "#3a9b5c", "#9b59b6", "#c0392b"];

/**
 * The dashboard's one kind of chart (Chart.js on a canvas): a line or bars of one or more series over the same labels,
 * stacked if asked, redrawn when its data changes. The figure is named `chart-<name>` and `data-chart` is its title.
 */
export function Chart({ kind, name, title, labels, series, max, stacked }: {
  kind: "line" | "bar"; name: string; title: string; labels: string[]; series: Series[]; max?: number; stacked?: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const config: ChartConfiguration<"line" | "bar"> = {
      type: kind,
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label, data: s.values, fill: kind === "line", pointRadius: 0,
          borderColor: COLORS[i % COLORS.length], backgroundColor: kind === "line" ? `${COLORS[i % COLORS.length]}40` : COLORS[i % COLORS.length],
        })),
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: series.length > 1 } },
        scales: { x: { stacked }, y: { beginAtZero: true, max, stacked } },
      },
    };
    const chart = new ChartJs(canvas.current!, config);
    return () => chart.destroy();
  }, [kind, labels, series, max, stacked]);
  return (
    <figure className={`chart chart-${name}`} data-chart={title}>
      <figcaption>{title}</figcaption>
      <div className="chart-area"><canvas ref={canvas} role="img" aria-label={title} /></div>
    </figure>
  );
}
