/** A bar chart drawn by uPlot (small, fast, canvas): by-hour scans and the 14-day trend. */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series { label: string; values: number[]; colour: string }

/** Bars for each series over `labels`, resized with its box. */
export function BarChart({ labels, series, title }: { labels: string[]; series: Series[]; title: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const width = host.current.clientWidth || 600;
    const bars = uPlot.paths.bars!({ size: [0.8 / series.length, 60], align: 0 });
    const plot = new uPlot(
      {
        title,
        width,
        height: 220,
        scales: { x: { time: false } },
        axes: [{ values: (_u, ticks) => ticks.map((t) => labels[t] ?? '') }, {}],
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.colour, fill: s.colour, paths: bars, points: { show: false } }))],
      },
      [labels.map((_, i) => i), ...series.map((s) => s.values)],
      host.current,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: host.current?.clientWidth || width, height: 220 }));
    resize.observe(host.current);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [labels, series, title]);
  return <div class="chart" ref={host} role="img" aria-label={title} />;
}
