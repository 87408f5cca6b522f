import {
  BarController, BarElement, CategoryScale, Chart as ChartJs, Filler, LinearScale, LineController, LineElement, PointElement, Tooltip,
  type ChartConfiguration,
} from "chart.js";
import { useEffect, useRef } from "react";

ChartJs.register(BarController, BarElement, CategoryScale, Filler, LinearScale, LineController, LineElement, PointElement, Tooltip);

/** One Chart.js chart (line or bar) of one series, redrawn when its data changes. */
export function Chart({ kind, labels, values, label, name, max }: {
  kind: "line" | "bar"; labels: string[]; values: number[]; label: string; name: string; max?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const config: ChartConfiguration<"line" | "bar"> = {
      type: kind,
      data: { labels, datasets: [{ label, data: values, fill: kind === "line", borderColor: "#2563eb", backgroundColor: "rgba(37, 99, 235, 0.25)", pointRadius: 0 }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, max } } },
    };
    const chart = new ChartJs(canvas.current!, config);
    return () => chart.destroy();
  }, [kind, labels, values, label, max]);
  return (
    <figure className={`chart chart-${name}`}>
      <figcaption>{label}</figcaption>
      <div className="chart-area"><canvas ref={canvas} role="img" aria-label={label} /></div>
    </figure>
  );
}
