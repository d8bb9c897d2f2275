/** A bar chart drawn by uPlot (small, fast, canvas): by-hour scans and the 14-day trend, whole people only, legend in the app's words. */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series { label: string; values: number[]; colour: string }

/** Ticks of whole people: a count of scans has no quarter person. */
const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

/** Bars for each series over `labels`, resized with its box; the legend is the page's, not uPlot's (which says "Value"). */
export function BarChart({ labels, series, title }: { labels: string[]; series: Series[]; title: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const width = host.current.clientWidth || 600;
    const plot = new uPlot(
      {
        width,
        height: 220,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max))] } },
        axes: [
          { values: (_u, ticks) => ticks.map((tick) => labels[tick] ?? '') },
          {
            incrs: WHOLE_STEPS,
            values: (u, ticks) => {
              // Kept on the element, so a test can read what the canvas drew.
              u.root.parentElement?.setAttribute('data-y-ticks', ticks.join(','));
              return ticks.map((tick) => (Number.isInteger(tick) ? String(tick) : ''));
            },
          },
        ],
        // Two series stand side by side (left of the tick, right of it), never one over the other.
        series: [{}, ...series.map((s, i) => ({
          label: s.label, stroke: s.colour, fill: s.colour, points: { show: false },
          paths: uPlot.paths.bars!({ size: [0.8 / series.length, 60], align: series.length === 1 ? 0 : i === 0 ? -1 : 1 }),
        }))],
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
  }, [labels, series]);
  return (
    <figure class="chart-box">
      <figcaption><h3>{title}</h3></figcaption>
      <div class="chart" ref={host} role="img" aria-label={`${title}: ${series.map((s) => `${s.label} ${s.values.reduce((a, b) => a + b, 0)}`).join(', ')}`} />
      <ul class="chart-legend">
        {series.map((s) => <li key={s.label}><span class="swatch" style={{ background: s.colour }} aria-hidden="true" /> {s.label}</li>)}
      </ul>
    </figure>
  );
}
