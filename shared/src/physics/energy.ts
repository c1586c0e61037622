// Kinetic energy of a set of balls: translational plus rotational (solid sphere, I = 2/5·m·R²).
import { BALL_MASS, BALL_RADIUS } from './constants.ts';
import type { BallState } from './types.ts';

export function kineticEnergy(balls: readonly BallState[], mass = BALL_MASS, radius = BALL_RADIUS): number {
  const I = 0.4 * mass * radius * radius;
  let e = 0;
  for (const b of balls) {
    if (b.pocketed) continue;
    const vx = b.vx ?? 0;
    const vy = b.vy ?? 0;
    const wx = b.wx ?? 0;
    const wy = b.wy ?? 0;
    const wz = b.wz ?? 0;
    e += 0.5 * mass * (vx * vx + vy * vy) + 0.5 * I * (wx * wx + wy * wy + wz * wz);
  }
  return e;
}
