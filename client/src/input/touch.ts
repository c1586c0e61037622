// Touch controls for phones, as pure functions: a fine-aim strip (sideways drag turns the aim a little
// per pixel) and a power slider (position along it → cue speed; the left end is no shot).
import { MAX_SPEED, MIN_SPEED, clamp } from './mapping.ts';

/** Aim change per CSS pixel dragged on the fine-aim strip (rad): 100 px turn the aim about 1.7°. */
export const FINE_AIM_RAD_PER_PX = 0.0003;
/** Slider positions below this fraction are "no shot" (a finger resting at the start). */
export const SLIDER_DEAD_ZONE = 0.04;

/** The aim after dragging `dxPx` CSS pixels along the strip (right turns clockwise on screen). */
export function fineAim(aim: number, dxPx: number): number {
  if (!Number.isFinite(dxPx)) return aim;
  let a = aim - dxPx * FINE_AIM_RAD_PER_PX;
  while (a > Math.PI) a -= 2 * Math.PI;
  while (a <= -Math.PI) a += 2 * Math.PI;
  return a;
}

/** Slider fraction (0 at the left end, 1 at the right) → cue speed (m/s), or null for no shot. */
export function sliderSpeed(fraction: number): number | null {
  if (!Number.isFinite(fraction) || fraction < SLIDER_DEAD_ZONE) return null;
  const f = clamp((fraction - SLIDER_DEAD_ZONE) / (1 - SLIDER_DEAD_ZONE), 0, 1);
  return MIN_SPEED + (MAX_SPEED - MIN_SPEED) * Math.pow(f, 1.6);
}
