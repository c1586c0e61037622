// Table geometry: the playing surface, cushion lines, pocket jaws and pocket drop circles, built from
// the one parameter set in constants.ts. Pure data: the solver (simulate.ts) only reads it.
import {
  CORNER_JAW_ANGLE,
  CORNER_MOUTH,
  CORNER_POCKET_RADIUS,
  CORNER_POCKET_SETBACK,
  DEFAULT_PARAMS,
  JAW_LENGTH,
  SIDE_JAW_ANGLE,
  SIDE_MOUTH,
  SIDE_POCKET_RADIUS,
  SIDE_POCKET_SETBACK,
  TABLE_SIZES,
  type PhysicsParams,
} from './constants.ts';
import type { PocketId } from './types.ts';

export type TableSize = '9ft' | '7ft';
export type Point = { x: number; y: number };

/**
 * A straight cushion face (a rail between pockets, or a jaw inside a pocket's throat) as seen by a
 * ball's centre in 2D: the segment p0→p1 and its unit normal (nx, ny) pointing to the side balls are on.
 */
export type CushionSegment = {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  nx: number;
  ny: number;
  kind: 'rail' | 'jaw';
};

export type Pocket = {
  id: PocketId;
  /** Centre of the drop circle: a ball whose centre enters the circle falls. */
  x: number;
  y: number;
  /** Radius of the drop circle, m. */
  radius: number;
  /** Mouth width between the cushion noses, m. */
  mouth: number;
  /** The two cushion noses (jaw tips) of this pocket. */
  noses: [Point, Point];
};

export type Table = {
  size: TableSize;
  /** Playing surface between the cushion noses, m (x extent). */
  length: number;
  /** Playing surface between the cushion noses, m (y extent). */
  width: number;
  ballRadius: number;
  /** x of the head string (negative: a quarter of the length from the head cushion). */
  headStringX: number;
  headSpot: Point;
  footSpot: Point;
  pockets: Pocket[];
  /** Rails and jaws; their end points that a ball can reach are in jawPoints. */
  cushions: CushionSegment[];
  /** Jaw tips (cushion noses), treated as circles of radius 0 a ball can rattle off. */
  jawPoints: Point[];
  params: PhysicsParams;
};

const tableCache = new Map<TableSize, Table>();

/** A WPA table: '9ft' (2.54 × 1.27 m playing surface, the default) or '7ft' bar box (1.98 × 0.99 m). */
export function standardTable(size: TableSize = '9ft'): Table {
  const cached = tableCache.get(size);
  if (cached) return cached;
  const dims = TABLE_SIZES[size];
  if (!dims) throw new Error(`unknown table size ${String(size)}`);
  const table = deepFreeze(buildTable(size, dims.length, dims.width, { ...DEFAULT_PARAMS, ballFriction: { ...DEFAULT_PARAMS.ballFriction } }));
  tableCache.set(size, table);
  return table;
}

// Tables are shared by every room and shot, so they are immutable. Vary a parameter with
// { ...standardTable(), params: { ...DEFAULT_PARAMS, muSlide: 0.25 } }.
function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}

function buildTable(size: TableSize, L: number, W: number, params: PhysicsParams): Table {
  const hx = L / 2;
  const hy = W / 2;
  const cushions: CushionSegment[] = [];
  const jawPoints: Point[] = [];
  const pockets: Pocket[] = [];
  // Corner noses sit d from the corner along each rail so that the mouth |AB| = d·√2.
  const d = CORNER_MOUTH / Math.SQRT2;
  const m = SIDE_MOUTH / 2;

  const rail = (x0: number, y0: number, x1: number, y1: number, nx: number, ny: number) =>
    cushions.push({ x0, y0, x1, y1, nx, ny, kind: 'rail' });
  // Long rails (y = ±W/2) are split by the side pockets; short rails (x = ±L/2) run between corners.
  for (const sy of [1, -1]) {
    rail(-hx + d, sy * hy, -m, sy * hy, 0, -sy);
    rail(m, sy * hy, hx - d, sy * hy, 0, -sy);
  }
  for (const sx of [-1, 1]) rail(sx * hx, -hy + d, sx * hx, hy - d, -sx, 0);

  // A jaw leaves nose `a` along the pocket axis `ax`, turned by φ toward (k = +1) or away from
  // (k = −1) the other nose; lateral `l` is the unit vector from `a` to the other nose.
  const jaw = (a: Point, axx: number, axy: number, lx: number, ly: number, phi: number, k: number) => {
    const c = Math.cos(phi);
    const s = Math.sin(phi);
    const dx = c * axx + k * s * lx;
    const dy = c * axy + k * s * ly;
    const nx = c * lx - k * s * axx;
    const ny = c * ly - k * s * axy;
    cushions.push({ x0: a.x, y0: a.y, x1: a.x + JAW_LENGTH * dx, y1: a.y + JAW_LENGTH * dy, nx, ny, kind: 'jaw' });
  };

  for (const sy of [1, -1]) {
    for (const sx of [-1, 0, 1]) {
      const id = `${sy > 0 ? 'T' : 'B'}${sx < 0 ? 'L' : sx > 0 ? 'R' : 'M'}` as PocketId;
      if (sx !== 0) {
        const A = { x: sx * (hx - d), y: sy * hy }; // nose on the long rail
        const B = { x: sx * hx, y: sy * (hy - d) }; // nose on the short rail
        const axx = sx / Math.SQRT2;
        const axy = sy / Math.SQRT2;
        const lx = sx / Math.SQRT2;
        const ly = -sy / Math.SQRT2;
        jaw(A, axx, axy, lx, ly, CORNER_JAW_ANGLE, 1);
        jaw(B, axx, axy, -lx, -ly, CORNER_JAW_ANGLE, 1);
        jawPoints.push(A, B);
        pockets.push({
          id,
          x: sx * hx + axx * CORNER_POCKET_SETBACK,
          y: sy * hy + axy * CORNER_POCKET_SETBACK,
          radius: CORNER_POCKET_RADIUS,
          mouth: CORNER_MOUTH,
          noses: [A, B],
        });
      } else {
        const A = { x: -m, y: sy * hy };
        const B = { x: m, y: sy * hy };
        jaw(A, 0, sy, 1, 0, SIDE_JAW_ANGLE, 1);
        jaw(B, 0, sy, -1, 0, SIDE_JAW_ANGLE, 1);
        jawPoints.push(A, B);
        pockets.push({
          id,
          x: 0,
          y: sy * (hy + SIDE_POCKET_SETBACK),
          radius: SIDE_POCKET_RADIUS,
          mouth: SIDE_MOUTH,
          noses: [A, B],
        });
      }
    }
  }

  return {
    size,
    length: L,
    width: W,
    ballRadius: params.ballRadius,
    headStringX: -L / 4,
    headSpot: { x: -L / 4, y: 0 },
    footSpot: { x: L / 4, y: 0 },
    pockets,
    cushions,
    jawPoints,
    params,
  };
}
