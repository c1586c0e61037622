// The practice table: one player, no rules, no server. Any game's rack or an empty table; drag any ball
// anywhere it fits; shoot with the shared physics; undo back to the exact positions before any move or
// shot; repeat the last shot from where it was played with an adjusted stroke; save a position as a
// short code for a link. Pure functions of plain JSON, so the browser runs it alone (no round trip
// per drag) and a test can check every step. Drills live in drills.ts.
import { canPlaceBall, rack } from '../physics/rack.ts';
import { simulate } from '../physics/simulate.ts';
import { strike } from '../physics/strike.ts';
import { standardTable, type Table, type TableSize } from '../physics/table.ts';
import type { BallState, ShotResult, Stroke } from '../physics/types.ts';
import { parseShot } from '../protocol/index.ts';
import { GAME_KINDS, isGameKind, MAX_BALL } from '../rules/registry.ts';
import type { GameKind } from '../rules/types.ts';

export type PracticeSetup = GameKind | 'empty';
export type PracticeBall = { id: number; x: number; y: number; pocketed: boolean };

export type PracticeState = {
  tableSize: TableSize;
  setup: PracticeSetup;
  balls: PracticeBall[];
  /** Positions before each move or shot, newest last: undo pops one. */
  history: PracticeBall[][];
  /** The last shot: the positions it was played from and its stroke (for "repeat, adjusted"). */
  last: { before: PracticeBall[]; stroke: Stroke } | null;
};

export class PracticeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PracticeError';
  }
}

/** Undo keeps this many steps. */
export const PRACTICE_UNDO_DEPTH = 200;

const copy = (balls: readonly PracticeBall[]): PracticeBall[] => balls.map((b) => ({ id: b.id, x: b.x, y: b.y, pocketed: b.pocketed }));
const pushHistory = (h: PracticeBall[][], balls: readonly PracticeBall[]) => [...h, copy(balls)].slice(-PRACTICE_UNDO_DEPTH);

export function practiceTable(p: Pick<PracticeState, 'tableSize'>): Table {
  return standardTable(p.tableSize);
}

/** Object balls an empty table keeps in the tray (pocketed), ready to be dragged onto the cloth. */
const EMPTY_SET = Math.max(...GAME_KINDS.map((k) => MAX_BALL[k]));

/** A game's rack (cue ball on the head spot) or an empty table: the cue ball, the object balls in the tray. */
export function newPractice(setup: PracticeSetup, seed = 1, tableSize: TableSize = '9ft'): PracticeState {
  const table = standardTable(tableSize);
  if (setup !== 'empty' && !isGameKind(setup)) throw new PracticeError(`unknown setup ${JSON.stringify(setup)}: one of empty, ${GAME_KINDS.join(', ')}`);
  const balls: PracticeBall[] =
    setup === 'empty'
      ? Array.from({ length: EMPTY_SET + 1 }, (_, id) => (id === 0 ? { id, x: table.headSpot.x, y: table.headSpot.y, pocketed: false } : { id, x: 0, y: 0, pocketed: true }))
      : rack(setup, seed, table).map((b) => ({ id: b.id, x: b.x, y: b.y, pocketed: !!b.pocketed }));
  return { tableSize, setup, balls, history: [], last: null };
}

/** Why ball `id` cannot rest at (x, y), or null: on the cloth, overlapping no other ball on the table. */
export function placementProblem(table: Table, balls: readonly PracticeBall[], id: number, x: number, y: number): string | null {
  const others = balls.filter((b) => b.id !== id && !b.pocketed);
  // canPlaceBall checks the cloth and overlaps for the cue ball (id 0); treat the moved ball as it.
  const ok = canPlaceBall(table, others.map((b) => ({ ...b, id: b.id === 0 ? -1 : b.id })), x, y, 'table');
  return ok.ok ? null : ok.reason;
}

/** Puts ball `id` at (x, y) — from the table or back from a pocket. */
export function moveBall(p: PracticeState, id: number, x: number, y: number): PracticeState {
  const ball = p.balls.find((b) => b.id === id);
  if (!ball) throw new PracticeError(`there is no ball ${id} on this table`);
  const problem = placementProblem(practiceTable(p), p.balls, id, x, y);
  if (problem) throw new PracticeError(problem);
  return { ...p, history: pushHistory(p.history, p.balls), balls: p.balls.map((b) => (b.id === id ? { id, x, y, pocketed: false } : { ...b })) };
}

/** Plays a stroke from the current position; the cue ball must be on the table. */
export function shootPractice(p: PracticeState, stroke: Stroke): { state: PracticeState; result: ShotResult; start: BallState[] } {
  const s = parseShot({ angle: stroke.angle, speed: stroke.speed, side: stroke.side ?? 0, vertical: stroke.vertical ?? 0 });
  const clean: Stroke = { angle: s.angle, speed: s.speed, side: s.side ?? 0, vertical: s.vertical ?? 0 };
  const cue = p.balls.find((b) => b.id === 0);
  if (!cue || cue.pocketed) throw new PracticeError('put the cue ball on the table first');
  const hit = strike(clean);
  const start: BallState[] = p.balls.map((b) =>
    b.id === 0 ? { id: 0, x: b.x, y: b.y, vx: hit.vx, vy: hit.vy, wx: hit.wx, wy: hit.wy, wz: hit.wz } : { id: b.id, x: b.x, y: b.y, pocketed: b.pocketed },
  );
  const result = simulate({ table: practiceTable(p), balls: start });
  const balls = result.balls.map((b) => ({ id: b.id, x: b.x, y: b.y, pocketed: !!b.pocketed }));
  return { state: { ...p, history: pushHistory(p.history, p.balls), balls, last: { before: copy(p.balls), stroke: clean } }, result, start };
}

/** Back to the exact positions before the last move or shot (a no-op with nothing to undo). */
export function undoPractice(p: PracticeState): PracticeState {
  if (p.history.length === 0) return p;
  const balls = copy(p.history[p.history.length - 1]!);
  return { ...p, balls, history: p.history.slice(0, -1) };
}

export type StrokeAdjustment = { dAngle?: number; dSpeed?: number; side?: number; vertical?: number };

/** The last shot again from where it was played, its stroke adjusted (angle and speed by deltas). */
export function repeatLast(p: PracticeState, adjust: StrokeAdjustment = {}): { state: PracticeState; result: ShotResult; start: BallState[] } {
  if (!p.last) throw new PracticeError('no shot to repeat yet');
  const st = p.last.stroke;
  const stroke: Stroke = {
    angle: st.angle + (adjust.dAngle ?? 0),
    speed: st.speed + (adjust.dSpeed ?? 0),
    side: adjust.side ?? st.side ?? 0,
    vertical: adjust.vertical ?? st.vertical ?? 0,
  };
  // Going back to the shot's start is itself a step undo can take back.
  const back: PracticeState = { ...p, history: pushHistory(p.history, p.balls), balls: copy(p.last.before) };
  return shootPractice(back, stroke);
}

// ---- positions as links --------------------------------------------------------------------------

/** Positions are stored to a tenth of a millimetre, in base 36, offset to be non-negative. */
const UNIT = 1e-4;
const OFFSET = 20000; // 2 m in units: beyond any table's half length

/**
 * A short code for the current position: `<setup>.<size>.<id>-<x>-<y>_…` with the balls on the table
 * (pocketed ones are left out). Safe in a URL fragment.
 */
export function encodePosition(p: Pick<PracticeState, 'setup' | 'tableSize' | 'balls'>): string {
  const parts = p.balls
    .filter((b) => !b.pocketed)
    .map((b) => `${b.id.toString(36)}-${(Math.round(b.x / UNIT) + OFFSET).toString(36)}-${(Math.round(b.y / UNIT) + OFFSET).toString(36)}`);
  return `${p.setup}.${p.tableSize}.${parts.join('_')}`;
}

/** The position a code describes, checked: known setup and size, each ball once, every ball where it may rest. */
export function decodePosition(code: string): PracticeState {
  if (typeof code !== 'string' || code.length > 600) throw new PracticeError('not a position code');
  const m = /^(empty|[0-9a-z]+)\.(9ft|7ft)\.((?:[0-9a-z]+-[0-9a-z]+-[0-9a-z]+)(?:_[0-9a-z]+-[0-9a-z]+-[0-9a-z]+)*)?$/.exec(code);
  if (!m) throw new PracticeError('not a position code');
  const setup = m[1] as PracticeSetup;
  if (setup !== 'empty' && !isGameKind(setup)) throw new PracticeError(`unknown setup ${setup}`);
  const tableSize = m[2] as TableSize;
  const table = standardTable(tableSize);
  const maxBall = setup === 'empty' ? EMPTY_SET : MAX_BALL[setup];
  const onTable: PracticeBall[] = [];
  for (const part of (m[3] ?? '').split('_').filter(Boolean)) {
    const [a, b, c] = part.split('-').map((v) => parseInt(v, 36));
    const id = a!;
    if (!Number.isInteger(id) || id < 0 || id > maxBall) throw new PracticeError(`ball ${id} is not in this set`);
    if (onTable.some((x) => x.id === id)) throw new PracticeError(`ball ${id} twice`);
    const x = (b! - OFFSET) * UNIT;
    const y = (c! - OFFSET) * UNIT;
    const problem = placementProblem(table, onTable, id, x, y);
    if (problem) throw new PracticeError(`ball ${id}: ${problem}`);
    onTable.push({ id, x, y, pocketed: false });
  }
  // Balls of the set that are not on the table are pocketed (they can be dragged back).
  const balls = Array.from({ length: maxBall + 1 }, (_, id) => onTable.find((b) => b.id === id) ?? { id, x: 0, y: 0, pocketed: true });
  return { tableSize, setup, balls, history: [], last: null };
}
