// The aiming guide: where the cue ball, sent along `angle`, first touches another ball (the ghost
// ball) or reaches a cushion line. A drawing aid only — the server's solver decides what happens.
import type { Point } from './mapping.ts';

export type AimGuide = {
  /** Where the cue ball's centre is when it first touches something. */
  end: Point;
  /** The ball it touches first, or null for a cushion. */
  hit: number | null;
  /** Direction (rad) the object ball leaves along (line of centres), when a ball is hit. */
  objectAngle: number | null;
};

export function aimGuide(
  cue: Point,
  angle: number,
  balls: readonly { id: number; x: number; y: number; pocketed?: boolean }[],
  R: number,
  length: number,
  width: number,
): AimGuide {
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  // Cushion: the cue ball's centre stays R inside the playing surface.
  let best = Infinity;
  const hx = length / 2 - R;
  const hy = width / 2 - R;
  if (dx > 1e-12) best = Math.min(best, (hx - cue.x) / dx);
  if (dx < -1e-12) best = Math.min(best, (-hx - cue.x) / dx);
  if (dy > 1e-12) best = Math.min(best, (hy - cue.y) / dy);
  if (dy < -1e-12) best = Math.min(best, (-hy - cue.y) / dy);
  if (!Number.isFinite(best) || best < 0) best = 0;
  let hit: number | null = null;
  let hitBall: Point | null = null;
  const D = 2 * R;
  for (const b of balls) {
    if (b.id === 0 || b.pocketed) continue;
    const ox = cue.x - b.x;
    const oy = cue.y - b.y;
    const bq = ox * dx + oy * dy;
    const c = ox * ox + oy * oy - D * D;
    const disc = bq * bq - c;
    if (disc < 0) continue;
    const t = -bq - Math.sqrt(disc);
    if (t > 1e-9 && t < best) (best = t), (hit = b.id), (hitBall = b);
  }
  const end = { x: cue.x + dx * best, y: cue.y + dy * best };
  const objectAngle = hitBall ? Math.atan2(hitBall.y - end.y, hitBall.x - end.x) : null;
  return { end, hit, objectAngle };
}
