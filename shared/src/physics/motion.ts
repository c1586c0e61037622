// Ball motion on the cloth between events (Leckie & Greenspan 2005; Alciatore TP 4.1–4.2).
// States: sliding (contact point slips; friction μs·m·g opposes the slip u = v + ω × (−R ẑ)),
// rolling (no slip; decelerates at μr·g along v), spinning (at rest, turning about z), stationary,
// pocketed. Spin about z decays at a constant rate in every state. Within a state the position is
// quadratic in time and every transition time is closed form:
//   sliding → rolling after |u|/(7/2·μs·g);  rolling → rest after |v|/(μr·g);  spin stops after |ωz|/α.
import type { PhysicsParams } from './constants.ts';
import type { MotionState } from './types.ts';

export const SLIDING = 0;
export const ROLLING = 1;
export const SPINNING = 2;
export const STATIONARY = 3;
export const POCKETED = 4;

export const STATE_NAMES: readonly MotionState[] = ['sliding', 'rolling', 'spinning', 'stationary'];

/** Below these the slip, speed or spin counts as zero (m/s, m/s, rad/s). */
const EPS_SLIP = 1e-9;
const EPS_SPEED = 1e-9;
const EPS_SPIN = 1e-9;

/**
 * One ball's motion from time t0: state at t0 plus constant linear (ax, ay) and angular (awx, awy)
 * accelerations and the signed spin deceleration azw (applied until ωz reaches 0 at t0 + tWz).
 */
export type Motion = {
  id: number;
  state: number;
  t0: number;
  x: number;
  y: number;
  vx: number;
  vy: number;
  wx: number;
  wy: number;
  wz: number;
  ax: number;
  ay: number;
  awx: number;
  awy: number;
  azw: number;
  tWz: number;
  /** Absolute time of the next state transition (Infinity if none). */
  tEnd: number;
};

// A plain object literal (not a class with fields) keeps one fast hidden class under every transpiler.
export function newMotion(id: number): Motion {
  return { id, state: STATIONARY, t0: 0, x: 0, y: 0, vx: 0, vy: 0, wx: 0, wy: 0, wz: 0, ax: 0, ay: 0, awx: 0, awy: 0, azw: 0, tWz: 0, tEnd: Infinity };
}

export function copyMotion(o: Motion): Motion {
  return {
    id: o.id,
    state: o.state,
    t0: o.t0,
    x: o.x,
    y: o.y,
    vx: o.vx,
    vy: o.vy,
    wx: o.wx,
    wy: o.wy,
    wz: o.wz,
    ax: o.ax,
    ay: o.ay,
    awx: o.awx,
    awy: o.awy,
    azw: o.azw,
    tWz: o.tWz,
    tEnd: o.tEnd,
  };
}

/** Spin about z after dt of constant deceleration, clamped at zero. */
export function spinAt(m: Motion, dt: number): number {
  if (m.azw === 0) return m.wz;
  return dt >= m.tWz ? 0 : m.wz + m.azw * dt;
}

/** Moves m's reference time to t (positions, velocities, spins), keeping its accelerations. */
export function advance(m: Motion, t: number): void {
  const dt = t - m.t0;
  if (dt === 0) return;
  if (m.state !== POCKETED && m.state !== STATIONARY) {
    m.x += (m.vx + 0.5 * m.ax * dt) * dt;
    m.y += (m.vy + 0.5 * m.ay * dt) * dt;
    m.vx += m.ax * dt;
    m.vy += m.ay * dt;
    m.wx += m.awx * dt;
    m.wy += m.awy * dt;
    m.wz = spinAt(m, dt);
    m.tWz = m.azw === 0 ? 0 : Math.max(0, m.tWz - dt);
    if (m.wz === 0) m.azw = 0;
  }
  m.t0 = t;
}

/**
 * Classifies the motion from its current (x, v, ω) at t0 and sets the accelerations and the next
 * transition time. Snaps negligible slip to exact rolling along the friction path (Δv = −u/(7/2),
 * which never adds energy), negligible speed to rest and negligible spin to zero.
 */
export function classify(m: Motion, p: PhysicsParams): void {
  if (m.state === POCKETED) {
    m.vx = m.vy = m.wx = m.wy = m.wz = 0;
    m.ax = m.ay = m.awx = m.awy = m.azw = 0;
    m.tEnd = Infinity;
    return;
  }
  const R = p.ballRadius;
  const g = p.gravity;
  let ux = m.vx - R * m.wy;
  let uy = m.vy + R * m.wx;
  let us = Math.sqrt(ux * ux + uy * uy);
  if (us > 0 && us <= EPS_SLIP) {
    // Finish the (sub-nanosecond) slide exactly as friction would.
    m.vx -= ux / 3.5;
    m.vy -= uy / 3.5;
    m.wx = -m.vy / R;
    m.wy = m.vx / R;
    ux = uy = us = 0;
  }
  const wzAbs = Math.abs(m.wz);
  if (wzAbs <= EPS_SPIN) m.wz = 0;
  m.azw = m.wz > 0 ? -p.spinDecel : m.wz < 0 ? p.spinDecel : 0;
  m.tWz = m.wz === 0 ? 0 : Math.abs(m.wz) / p.spinDecel;
  if (us > 0) {
    const k = p.muSlide * g;
    const ex = ux / us;
    const ey = uy / us;
    m.state = SLIDING;
    m.ax = -k * ex;
    m.ay = -k * ey;
    const kw = (2.5 * k) / R;
    m.awx = -kw * ey;
    m.awy = kw * ex;
    m.tEnd = m.t0 + us / (3.5 * k);
    return;
  }
  const speed = Math.sqrt(m.vx * m.vx + m.vy * m.vy);
  if (speed > EPS_SPEED) {
    const k = p.muRoll * g;
    m.state = ROLLING;
    m.wx = -m.vy / R;
    m.wy = m.vx / R;
    m.ax = (-k * m.vx) / speed;
    m.ay = (-k * m.vy) / speed;
    m.awx = -m.ay / R;
    m.awy = m.ax / R;
    m.tEnd = m.t0 + speed / k;
    return;
  }
  m.vx = m.vy = m.wx = m.wy = 0;
  m.ax = m.ay = m.awx = m.awy = 0;
  if (m.wz !== 0) {
    m.state = SPINNING;
    m.tEnd = m.t0 + m.tWz;
  } else {
    m.state = STATIONARY;
    m.tEnd = Infinity;
  }
}

/** Applies the transition that is due at m.tEnd (m already advanced to it). */
export function transition(m: Motion, p: PhysicsParams): void {
  const R = p.ballRadius;
  if (m.state === SLIDING) {
    // Slip is zero up to rounding: make it exactly zero.
    m.wx = -m.vy / R;
    m.wy = m.vx / R;
  } else if (m.state === ROLLING) {
    m.vx = m.vy = m.wx = m.wy = 0;
  } else if (m.state === SPINNING) {
    m.wz = 0;
  }
  classify(m, p);
}
