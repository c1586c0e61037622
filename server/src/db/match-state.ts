// How a table snapshot is kept in the shot log (match_shots.match_state). A snapshot carries the
// match's shot history (the judged shots of the rack in play and every finished rack with its shots),
// which grows with every shot: stored whole on every row, a race-to-5 match wrote 1.3–2.4 MB of it
// (13–18 KB a row on average, against 1.5–2 KB for the rest of the snapshot). So a row stores the
// snapshot without its history plus what the action added to it (`h`), relative to the row before it,
// and without the balls where the row's own `balls` column holds them; a row with `racks` and
// `rackShots` is whole (the first row a writer stores, and every row written before this format).
// Restoring reads from the last whole row and adds each row's part in order.
import type { RackRecord, ShotRecord, TableSnapshot } from '@dojopool/shared';

type History = Pick<TableSnapshot, 'racks' | 'rackShots'>;

/**
 * What one row added to the history of the row before it, which had `base` = [racks, rack shots]:
 * without `racks`, `shots` were appended to the rack in play; with `racks`, those racks were finished
 * (each whole) and `shots` are the shots of the new rack in play.
 */
export type HistoryPart = { base: [number, number]; racks?: RackRecord[]; shots: ShotRecord[] };

export type StoredState = Omit<TableSnapshot, 'racks' | 'rackShots' | 'balls'> & { balls?: TableSnapshot['balls']; h: HistoryPart };

/** True when `next`'s history is `prev`'s with entries added (the engine only ever appends). */
function extends_(prev: History, next: History): 'shots' | 'racks' | null {
  const R = prev.racks.length;
  const S = prev.rackShots.length;
  if (next.racks.length === R) {
    if (R > 0 && next.racks[R - 1] !== prev.racks[R - 1]) return null;
    if (next.rackShots.length < S || (S > 0 && next.rackShots[S - 1] !== prev.rackShots[S - 1])) return null;
    return 'shots';
  }
  if (next.racks.length < R || (R > 0 && next.racks[R - 1] !== prev.racks[R - 1])) return null;
  return 'racks';
}

/**
 * The form of `snapshot` to store after a row whose snapshot had history `prev`; whole when there is
 * no such row (null) or the history did not just grow from it. `ballsInRow`: the row's `balls` column
 * holds the snapshot's balls, which are then left out.
 */
export function encodeState(snapshot: TableSnapshot, prev: History | null, ballsInRow: boolean): TableSnapshot | StoredState {
  const how = prev ? extends_(prev, snapshot) : null;
  if (!prev || !how) return snapshot;
  const { racks, rackShots, balls, ...rest } = snapshot;
  const base: [number, number] = [prev.racks.length, prev.rackShots.length];
  const h: HistoryPart = how === 'shots' ? { base, shots: rackShots.slice(base[1]) } : { base, racks: racks.slice(base[0]), shots: rackShots };
  return ballsInRow ? { ...rest, h } : { ...rest, balls, h };
}

export function isWhole(state: unknown): state is TableSnapshot {
  return typeof state === 'object' && state !== null && Array.isArray((state as TableSnapshot).racks) && Array.isArray((state as TableSnapshot).rackShots);
}

/**
 * The snapshot after the last of `rows` (in log order, the first whole). A row whose part does not fit
 * the history before it (a gap in the log) ends the history there: the snapshot is still the last
 * row's, with the history as far as it could be rebuilt, and `gapAt` names the row.
 */
export function decodeStates(rows: { seq: number; state: unknown; balls: unknown }[]): { snapshot: TableSnapshot | null; gapAt: number | null } {
  let history: History | null = null;
  let last: Omit<TableSnapshot, 'racks' | 'rackShots'> | null = null;
  let gapAt: number | null = null;
  for (const row of rows) {
    const s = row.state;
    if (isWhole(s)) {
      const { racks, rackShots, ...rest } = s;
      history = { racks, rackShots };
      last = rest;
      gapAt = null;
      continue;
    }
    const { h, balls, ...rest } = s as StoredState;
    last = { ...rest, balls: balls ?? (row.balls as TableSnapshot['balls']) };
    if (!history || gapAt !== null) {
      gapAt ??= row.seq;
      history ??= { racks: [], rackShots: [] };
      continue;
    }
    if (!h || h.base[0] !== history.racks.length || h.base[1] !== history.rackShots.length) {
      gapAt = row.seq;
      continue;
    }
    history = h.racks ? { racks: [...history.racks, ...h.racks], rackShots: h.shots } : { racks: history.racks, rackShots: [...history.rackShots, ...h.shots] };
  }
  if (!last || !history) return { snapshot: null, gapAt };
  return { snapshot: { ...last, ...history } as TableSnapshot, gapAt };
}
