// A latency histogram that merges across generator processes: values (ms) fall into log-spaced buckets
// 2 % wide from 0.01 ms up, so a percentile is within 2 % of the exact one whatever the sample count,
// and a worker sends a few hundred numbers to the coordinator rather than every sample.
const BASE = 0.01;
const GROWTH = Math.log(1.02);

export type Hist = { n: number; sum: number; max: number; buckets: Record<number, number> };
export type Summary = { count: number; p50: number; p95: number; p99: number; max: number; mean: number };

export const newHist = (): Hist => ({ n: 0, sum: 0, max: 0, buckets: {} });

export function record(h: Hist, ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) return;
  const i = ms <= BASE ? 0 : Math.ceil(Math.log(ms / BASE) / GROWTH);
  h.buckets[i] = (h.buckets[i] ?? 0) + 1;
  h.n++;
  h.sum += ms;
  if (ms > h.max) h.max = ms;
}

export function merge(into: Hist, from: Hist): Hist {
  for (const [k, v] of Object.entries(from.buckets)) into.buckets[+k] = (into.buckets[+k] ?? 0) + v;
  into.n += from.n;
  into.sum += from.sum;
  into.max = Math.max(into.max, from.max);
  return into;
}

/** The bucket's upper edge at quantile q (never above the largest sample seen). */
export function quantile(h: Hist, q: number): number {
  if (h.n === 0) return NaN;
  const want = Math.max(1, Math.ceil(q * h.n));
  let seen = 0;
  for (const k of Object.keys(h.buckets).map(Number).sort((a, b) => a - b)) {
    seen += h.buckets[k]!;
    if (seen >= want) return Math.min(h.max, BASE * Math.exp(k * GROWTH));
  }
  return h.max;
}

const r2 = (v: number) => (Number.isFinite(v) ? Math.round(v * 100) / 100 : NaN);

export function summarise(h: Hist): Summary {
  return { count: h.n, p50: r2(quantile(h, 0.5)), p95: r2(quantile(h, 0.95)), p99: r2(quantile(h, 0.99)), max: r2(h.max), mean: r2(h.n ? h.sum / h.n : NaN) };
}
