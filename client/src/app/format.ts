// How numbers and times read on every screen. Pure and tested.
import { gameLabel, isGameKind } from '@dojopool/shared/rules/registry.ts';

/** A rating change with its sign: +12, −8 (a true minus), ±0. */
export function ratingDelta(d: number): string {
  const r = Math.round(d);
  return r > 0 ? `+${r}` : r < 0 ? `−${-r}` : '±0';
}

/** Seconds waited as the queue shows them: 7 s, 1 min 05 s. */
export function waited(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** A share of wins as a whole percentage; an em dash before any game. */
export function winRate(wins: number, played: number): string {
  return played > 0 ? `${Math.round((100 * wins) / played)} %` : '—';
}

/** How long ago, roughly, from a timestamp (ms or ISO) to now. */
export function ago(at: string | number | Date, now = Date.now()): string {
  const t = typeof at === 'number' ? at : new Date(at).getTime();
  if (!Number.isFinite(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  return d === 1 ? 'yesterday' : `${d} days ago`;
}

/** A game kind as players read it; an unknown kind as it is. */
export function gameName(kind: string): string {
  return isGameKind(kind) ? gameLabel(kind) : kind;
}

/** A score line: 3–1. */
export function scoreLine(score: readonly number[] | null | undefined): string {
  return score && score.length ? score.join('–') : '';
}

/** A distance: 850 m, 4.2 km, 37 km. */
export function distance(km: number): string {
  if (km < 1) return `${Math.round(km * 1000)} m`;
  if (km < 10) return `${km.toFixed(1)} km`;
  return `${Math.round(km)} km`;
}

/** A rating window from the queue: ±150. */
export function ratingWindow(w: number): string {
  return `±${Math.round(w)}`;
}
