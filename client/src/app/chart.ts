// The rating-history chart's geometry: points placed in a box with a little headroom, and a few round
// ticks for the rating axis. Pure (the profile draws it as SVG).
export type ChartPoint = { x: number; y: number; value: number };

export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!(max > min)) return [Math.round(min)];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) out.push(Math.round(v));
  return out;
}

/** Ratings (the first point's `before`, then each `after`) placed in a width × height box. */
export function chartPoints(values: number[], width: number, height: number, pad = 8): { points: ChartPoint[]; min: number; max: number } {
  if (values.length === 0) return { points: [], min: 0, max: 0 };
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (max - min < 20) ((min -= 10), (max += 10));
  const span = max - min;
  const n = values.length;
  const points = values.map((v, i) => ({
    x: pad + (n === 1 ? (width - 2 * pad) / 2 : (i * (width - 2 * pad)) / (n - 1)),
    y: pad + ((max - v) * (height - 2 * pad)) / span,
    value: v,
  }));
  return { points, min, max };
}
