// Pure pointer → table mapping for the 2D table view, and the gestures built on it (aim, power, spin).
// No DOM here: the view passes sizes and pointer positions in, so every function is tested in Node.
//
// Coordinates: the table's are the physics contract's — metres from the centre of the playing surface,
// x along the long side (head string at −x), y across. On screen the long side runs left → right
// (+x to the right) and +y points UP (screen y grows down, so it is flipped). An angle therefore reads
// the usual mathematical way on screen: 0 = to the right (+x), π/2 = up (+y), counter-clockwise positive.
// Pointer positions are CSS pixels relative to the canvas' top-left corner; the backing store is
// cssSize × devicePixelRatio and the view draws with ctx.setTransform(dpr·scale, …) from `layout`.

export type Size = { width: number; height: number };
export type Point = { x: number; y: number };

/** Where the table sits inside the canvas, in CSS pixels; `scale` is CSS px per metre. */
export type Layout = {
  /** CSS pixels per metre. */
  scale: number;
  /** CSS pixel position of the table centre. */
  cx: number;
  cy: number;
  /** Backing-store pixels per CSS pixel. */
  dpr: number;
  /** Backing-store size, device pixels. */
  pixelWidth: number;
  pixelHeight: number;
  /**
   * The table is turned a quarter turn counter-clockwise (portrait screens): table +x points up the
   * screen and +y to the left, so the long side fills the height. Absent = not turned.
   */
  rotated?: boolean;
};

/** The extent drawn around the playing surface (rails and pockets), metres, on every side. */
export const RAIL_MARGIN = 0.11;

export const MIN_SPEED = 0.3; // m/s
export const MAX_SPEED = 12; // m/s, the protocol's MAX_SHOT_SPEED
/** Drag length (m on the table) that gives full power; shorter drags follow the power curve. */
export const FULL_POWER_DRAG = 0.7;
/** Drags shorter than this (m) do not shoot: a click, not a stroke. */
export const DEAD_ZONE_DRAG = 0.015;
/** Tip offset (fraction of R) kept inside the physics' miscue limit (~0.5 R). */
export const SAFE_TIP_OFFSET = 0.5;

/**
 * Fits a table of `tableLength` × `tableWidth` (plus RAIL_MARGIN on each side) into a canvas of
 * `css` size, centred, keeping the aspect ratio.
 */
export function fitTable(css: Size, tableLength: number, tableWidth: number, dpr = 1, rotate: boolean | 'auto' = false): Layout {
  const w = tableLength + 2 * RAIL_MARGIN;
  const h = tableWidth + 2 * RAIL_MARGIN;
  const flat = Math.min(css.width / w, css.height / h);
  const turned = Math.min(css.width / h, css.height / w);
  // 'auto' turns the table when that shows it bigger (a portrait phone).
  const rotated = rotate === true || (rotate === 'auto' && turned > flat * 1.05);
  const scale = Math.max(1e-6, rotated ? turned : flat);
  const ratio = dpr > 0 && Number.isFinite(dpr) ? dpr : 1;
  return {
    scale,
    cx: css.width / 2,
    cy: css.height / 2,
    dpr: ratio,
    pixelWidth: Math.max(1, Math.round(css.width * ratio)),
    pixelHeight: Math.max(1, Math.round(css.height * ratio)),
    ...(rotated ? { rotated: true } : {}),
  };
}

/** Table metres → CSS pixels. */
export function tableToScreen(l: Layout, p: Point): Point {
  if (l.rotated) return { x: l.cx - p.y * l.scale, y: l.cy - p.x * l.scale };
  return { x: l.cx + p.x * l.scale, y: l.cy - p.y * l.scale };
}

/** CSS pixels (relative to the canvas) → table metres. The inverse of tableToScreen. */
export function screenToTable(l: Layout, p: Point): Point {
  if (l.rotated) return { x: (l.cy - p.y) / l.scale, y: (l.cx - p.x) / l.scale };
  return { x: (p.x - l.cx) / l.scale, y: (l.cy - p.y) / l.scale };
}

/** A direction on screen (rad, screen y down) → the same direction on the table (rad). */
export function screenAngleToTable(l: Layout, screenAngle: number): number {
  const a = -screenAngle; // screen y down → up
  return l.rotated ? a - Math.PI / 2 : a;
}

/** Device (backing-store) pixels → table metres, for callers that work in physical pixels. */
export function deviceToTable(l: Layout, p: Point): Point {
  return screenToTable(l, { x: p.x / l.dpr, y: p.y / l.dpr });
}

/** Aim angle (rad, in (−π, π]) from the cue ball toward a table point. */
export function aimAngle(cue: Point, target: Point): number {
  const a = Math.atan2(target.y - cue.y, target.x - cue.x);
  return a === -Math.PI ? Math.PI : a;
}

/**
 * Power curve: drag length on the table (m) → cue speed (m/s). Below the dead zone there is no shot
 * (null). Above it speed rises with the drag to the 1.6 power (fine control for soft shots), from
 * MIN_SPEED to MAX_SPEED at FULL_POWER_DRAG, and is clamped there.
 */
export function powerFromDrag(dragMetres: number): number | null {
  if (!Number.isFinite(dragMetres) || dragMetres < DEAD_ZONE_DRAG) return null;
  const f = Math.min(1, (dragMetres - DEAD_ZONE_DRAG) / (FULL_POWER_DRAG - DEAD_ZONE_DRAG));
  return clamp(MIN_SPEED + (MAX_SPEED - MIN_SPEED) * Math.pow(f, 1.6), MIN_SPEED, MAX_SPEED);
}

/** Fraction 0..1 of full power, for the power meter. */
export function powerFraction(speed: number): number {
  return clamp((speed - MIN_SPEED) / (MAX_SPEED - MIN_SPEED), 0, 1);
}

/**
 * How far the pointer has been pulled back from where the drag started, measured against the aim
 * direction (pulling away from the target). Pushing forward counts as zero.
 */
export function pullBack(angle: number, start: Point, now: Point): number {
  const dx = now.x - start.x;
  const dy = now.y - start.y;
  return Math.max(0, -(dx * Math.cos(angle) + dy * Math.sin(angle)));
}

/**
 * The spin selector: a click at (px, py) on a widget of `radiusPx` (centre at 0,0, screen y down) →
 * tip offsets as fractions of R: side (+ = right english) and vertical (+ = follow / top), kept
 * within SAFE_TIP_OFFSET of the centre (scaled radially, so direction is preserved).
 */
export function spinFromWidget(px: number, py: number, radiusPx: number): { side: number; vertical: number } {
  if (!(radiusPx > 0)) return { side: 0, vertical: 0 };
  return clampSpin((px / radiusPx) * SAFE_TIP_OFFSET, (-py / radiusPx) * SAFE_TIP_OFFSET);
}

/** Keeps a tip offset within `max` (fraction of R) of the ball's centre. */
export function clampSpin(side: number, vertical: number, max = SAFE_TIP_OFFSET): { side: number; vertical: number } {
  const s = Number.isFinite(side) ? side : 0;
  const v = Number.isFinite(vertical) ? vertical : 0;
  const r = Math.hypot(s, v);
  if (r <= max) return { side: s, vertical: v };
  const k = max / r;
  return { side: s * k, vertical: v * k };
}

/** The pocket (if any) within `slop` × its radius of a table point. */
export function pocketAt<P extends Point & { id: string; radius: number }>(pockets: readonly P[], p: Point, slop = 1.6): P | null {
  let best: P | null = null;
  let bestD = Infinity;
  for (const k of pockets) {
    const d = Math.hypot(p.x - k.x, p.y - k.y);
    if (d <= k.radius * slop && d < bestD) (best = k), (bestD = d);
  }
  return best;
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
