// Ball layouts: the racks (WPA: 8-ball triangle, 9-ball diamond, 10-ball triangle, racked tight at the
// foot spot, as the game registry lays them out),
// cue-ball placement for ball in hand, and re-spotting a ball on the long string (WPA 1.4 / 8.6).
import { fullRack, gameDef, type GameKind } from '../rules/registry.ts';
import { RACK_GAP } from './constants.ts';
import { seededRandom } from './random.ts';
import { standardTable, type Table } from './table.ts';
import type { BallState } from './types.ts';

function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

/**
 * A rack: cue ball (id 0) on the head spot, object balls racked tight with the apex on the foot spot
 * and rows toward the foot cushion, laid out as the game registry says (rules/registry.ts: rows,
 * fixed places, the rest shuffled by the seed). Neighbouring balls are RACK_GAP (2 µm) apart rather
 * than exactly touching so float rounding can never start them overlapping.
 * 8-ball: the 8 in the middle of the third row, a solid and a stripe in the two back corners (which
 * corner holds which, and every other place, shuffled by the seed). 9-ball: diamond, the 1 at the
 * apex, the 9 in the centre. 10-ball (WPA 9.2): triangle of ten, the 1 at the apex, the 10 in the
 * middle of the third row. An unknown game is a RuleError.
 */
export function rack(game: GameKind, seed = 1, table: Table = standardTable()): BallState[] {
  const layout = gameDef(game).rack;
  const R = table.ballRadius;
  const d = 2 * R + RACK_GAP;
  const dx = (d * Math.sqrt(3)) / 2;
  const fx = table.footSpot.x;
  const fy = table.footSpot.y;
  const rand = seededRandom(seed);
  const balls: BallState[] = [{ id: 0, x: table.headSpot.x, y: table.headSpot.y }];
  const place = (id: number, row: number, y: number) => balls.push({ id, x: fx + row * dx, y: fy + y * d });
  const fixedAt = new Map(layout.fixed.map(([row, k, ball]) => [`${row},${k}`, ball]));
  const fixedBalls = new Set(layout.fixed.map((f) => f[2]));
  const free = fullRack(game).filter((b) => !fixedBalls.has(b));
  const last = layout.rows.length - 1;
  const corners = new Map<string, number>();
  let rest: number[];
  if (layout.cornersOneOfEachGroup) {
    // The shuffles run in this order so a seed gives the same 8-ball rack as it always has.
    const solids = shuffle(free.filter((b) => b < 8), rand);
    const stripes = shuffle(free.filter((b) => b > 8), rand);
    const cornerSolid = solids.pop()!;
    const cornerStripe = stripes.pop()!;
    rest = shuffle([...solids, ...stripes], rand);
    const solidLeft = rand() < 0.5;
    corners.set(`${last},0`, solidLeft ? cornerSolid : cornerStripe);
    corners.set(`${last},${layout.rows[last] - 1}`, solidLeft ? cornerStripe : cornerSolid);
  } else rest = shuffle(free, rand);
  layout.rows.forEach((count, row) => {
    for (let k = 0; k < count; k++) {
      const key = `${row},${k}`;
      place(fixedAt.get(key) ?? corners.get(key) ?? rest.pop()!, row, k - (count - 1) / 2);
    }
  });
  if (rest.length) throw new Error(`rack layout for ${game} leaves balls ${rest.join(', ')} unplaced`);
  balls.sort((a, b) => a.id - b.id);
  return balls;
}

export type Placement = { ok: true } | { ok: false; reason: string };

/**
 * Whether the cue ball may be placed with its centre at (x, y): on the cloth at least R from every
 * cushion line, not overlapping any other unpocketed ball, and for 'kitchen' behind the head string.
 */
export function canPlaceBall(
  table: Table,
  balls: readonly BallState[],
  x: number,
  y: number,
  area: 'table' | 'kitchen',
): Placement {
  const R = table.ballRadius;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return { ok: false, reason: 'position is not a number' };
  if (Math.abs(x) > table.length / 2 - R || Math.abs(y) > table.width / 2 - R) {
    return { ok: false, reason: 'ball would overlap a cushion or lie off the table' };
  }
  if (area === 'kitchen' && x > table.headStringX) return { ok: false, reason: 'ball must be behind the head string' };
  for (const b of balls) {
    if (b.id === 0 || b.pocketed) continue;
    const dx = b.x - x;
    const dy = b.y - y;
    if (dx * dx + dy * dy < 4 * R * R) return { ok: false, reason: `ball would overlap ball ${b.id}` };
  }
  return { ok: true };
}

/**
 * Re-spots ball `id` (un-pocketed, at rest) on the foot spot; if that is occupied, on the long string
 * behind it as close to the spot as possible without touching another ball, or failing that in front
 * of it (WPA General Rules 1.4, 8-ball 8.6). Returns a new array; other balls are unchanged.
 */
export function spotBall(table: Table, balls: readonly BallState[], id: number): BallState[] {
  const R = table.ballRadius;
  const D = 2 * R;
  const y = table.footSpot.y;
  const others = balls.filter((b) => b.id !== id && !b.pocketed);
  const free = (x: number) =>
    others.every((b) => (b.x - x) * (b.x - x) + (b.y - y) * (b.y - y) >= D * D * (1 - 1e-12));
  const xMax = table.length / 2 - R;
  const xMin = -table.length / 2 + R;
  // Candidate x: the spot, and every place where the ball would just touch a ball near the string.
  const cands: number[] = [table.footSpot.x];
  for (const b of others) {
    const dy = b.y - y;
    if (Math.abs(dy) >= D) continue;
    const w = Math.sqrt(D * D - dy * dy) * (1 + 1e-9);
    cands.push(b.x + w, b.x - w);
  }
  cands.push(xMax, xMin);
  const fx = table.footSpot.x;
  const behind = cands.filter((x) => x >= fx && x <= xMax && free(x)).sort((a, b) => a - b);
  const front = cands.filter((x) => x <= fx && x >= xMin && free(x)).sort((a, b) => b - a);
  const x = behind.length ? behind[0] : front.length ? front[0] : fx;
  const spotted: BallState = { id, x, y, vx: 0, vy: 0, wx: 0, wy: 0, wz: 0 };
  let found = false;
  const out = balls.map((b) => {
    if (b.id !== id) return { ...b };
    found = true;
    return spotted;
  });
  if (!found) out.push(spotted);
  return out;
}
