/** Medians, p95 and the few number formats the scan benchmark prints. */

export interface Summary { runs: number; median: number; p95: number; min: number; max: number }

/** Nearest-rank percentile: the value at rank ceil(p × n) of the sorted samples. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
}

export function summarise(samples: number[]): Summary {
  return { runs: samples.length, median: percentile(samples, 0.5), p95: percentile(samples, 0.95), min: Math.min(...samples), max: Math.max(...samples) };
}

export const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)} ms` : '—');
export const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(1)}×` : '—');
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
