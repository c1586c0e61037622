// The cue strike: a level cue hitting the cue ball at tip offset (side a, vertical b) with the ball
// leaving at speed v along the stroke. Alciatore (TP A-30 / "Illustrated Principles", ch. 3): the
// ball's spin about the axis through its centre perpendicular to the offset is ω = 5·v·b / (2·R²),
// so a centre hit slides with no spin and b = 0.4 R leaves rolling. Beyond the miscue limit the tip
// slips off the ball: it leaves with a fraction of the speed and almost no spin.
import { DEFAULT_PARAMS, type PhysicsParams } from './constants.ts';
import type { Stroke } from './types.ts';

export type StrikeResult = { vx: number; vy: number; wx: number; wy: number; wz: number; miscue?: boolean };

/** Fraction of the intended speed a miscued cue ball leaves with. */
export const MISCUE_SPEED_FACTOR = 0.25;
/** Fraction of the intended tip offset (hence spin) a miscue still transmits. */
export const MISCUE_SPIN_FACTOR = 0.1;

/**
 * Cue ball velocity and spin from a stroke. angle: direction of travel (rad, 0 = +x); speed: cue
 * ball speed, m/s; side > 0 right english (tip right of centre looking along the stroke); vertical
 * > 0 follow. Offsets are fractions of R.
 */
export function strike(stroke: Stroke, params: PhysicsParams = DEFAULT_PARAMS): StrikeResult {
  const R = params.ballRadius;
  let side = stroke.side ?? 0;
  let vertical = stroke.vertical ?? 0;
  let speed = Math.max(0, stroke.speed);
  const offset = Math.sqrt(side * side + vertical * vertical);
  const miscue = offset > params.miscueOffset;
  if (miscue) {
    speed *= MISCUE_SPEED_FACTOR;
    side *= MISCUE_SPIN_FACTOR;
    vertical *= MISCUE_SPIN_FACTOR;
  }
  const dx = Math.cos(stroke.angle);
  const dy = Math.sin(stroke.angle);
  // ω = 5 v (b R) / (2 R²) = 5 v b / (2 R) with b a fraction of R.
  const k = (5 * speed) / (2 * R);
  const top = k * vertical; // about the horizontal axis that rolling forward turns about
  const result: StrikeResult = {
    vx: speed * dx,
    vy: speed * dy,
    // Rolling forward along (dx, dy) has (wx, wy) ∝ (−dy, dx).
    wx: -top * dy,
    wy: top * dx,
    // Right english turns the ball clockwise seen from above: negative about +z.
    wz: -k * side,
  };
  if (miscue) result.miscue = true;
  return result;
}
