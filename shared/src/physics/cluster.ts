// Simultaneous impact of a cluster of touching balls (the break), resolved with compliant contacts.
//
// Why: a tight rack is a cluster of balls touching to within micrometres (real racks: gaps of a
// tenth of a millimetre or so), while two balls meeting at break speed compress each other by the
// better part of a millimetre for a few tenths of a millisecond (Hertz contact: with the stiffness
// below, 0.9 mm and 0.26 ms at 10 m/s). So every contact in the rack is loaded at once and the
// impulse spreads through the rack as a compression wave.
// Resolving the contacts as an ordered chain of instantaneous two-ball collisions (Leckie &
// Greenspan's event order) instead funnels the momentum along the lines of centres like a Newton's
// cradle: one back ball leaves at ~75 % of the cue ball's speed and most of the rack barely moves.
//
// How: the multiple-impact model of Liu, Zhao & Brogliato, "Frictionless multiple impacts in
// multibody systems" I/II (Proc. R. Soc. A 464, 2008; 465, 2009), in its simplest form: during the
// impact the configuration is frozen (the balls move a millimetre or less, against R = 28.6 mm) and
// each contact k between balls i and j is a Hertz spring in its own indentation δk, which starts at
// minus the gap and grows at the relative approach speed (vi − vj)·nij. Loading follows
// F = K δ^(3/2); unloading follows F = Fmax ((δ − δr)/(δmax − δr))^(3/2) with δr = (1 − e²) δmax,
// which gives back e² of the stored energy, so an isolated pair leaves with exactly the restitution
// e of the parameter set at any speed (the "energetic" coefficient of restitution of LZB). The
// velocities are integrated with small fixed steps until no contact is loaded and none is about
// to be; the normal impulses are internal and equal and opposite, so momentum is conserved. Each
// contact then gets the same Coulomb friction impulse as a two-ball collision (μb(slip) × its
// normal impulse, capped at what stops the slip), so throw and spin transfer work as before.
// Energy: the hysteresis only removes energy; the (tiny) time-discretisation error is removed by
// scaling the cluster's velocities if the total ever came out higher than before.
//
// With no gaps, Hertz contacts with the same stiffness everywhere make the outcome independent of
// the stiffness K (the problem is self-similar in time): K only sets how long the impact lasts and
// how large a gap still counts as closed during it. K is that of two phenolic-resin balls (E about
// 5 GPa, ν about 0.35 — an estimate). Measured over 20 seeds (8-ball, 10 m/s, apex ±2 mm) the
// outcome barely changes with 16–128 integration steps per contact (velocities within 2 mm/s) or
// with rack gaps of 0.1–0.3 mm instead of 2 µm.
// Contact durations: Hertz, t = 2.94 δmax / v (Johnson, "Contact Mechanics", 1985, ch. 11).
import { applyBallFriction } from './collide.ts';
import type { PhysicsParams } from './constants.ts';
import type { Motion } from './motion.ts';

const E_BALL = 5e9;
const NU_BALL = 0.35;

/** Hertz constant K of two equal balls of radius R: F = K δ^(3/2). */
export function hertzK(R: number): number {
  const eStar = E_BALL / (2 * (1 - NU_BALL * NU_BALL));
  return (4 / 3) * eStar * Math.sqrt(R / 2);
}

/** Peak indentation of an isolated pair meeting at approach speed v (all relative KE stored). */
export function hertzMaxIndentation(v: number, p: PhysicsParams): number {
  const K = hertzK(p.ballRadius);
  const mu = p.ballMass / 2;
  // ½ μ v² = (2/5) K δ^(5/2)
  return Math.pow((1.25 * mu * v * v) / K, 0.4);
}

/** Steps per (estimated) contact duration of the fastest approach in the cluster. */
const STEPS_PER_CONTACT = 16;
/** Give up integrating after this many contact durations (never reached in tests). */
const MAX_DURATIONS = 40;

export type ClusterContact = { i: number; j: number; impulse: number; first: number };

/**
 * Resolves the impact of the balls `members` (indices into `balls`, already advanced to the impact
 * time) with contacts `pairs` (pairs of indices into `balls`, i < j, with their gaps, m, ≥ 0).
 * Changes velocities and spins only. Returns the contacts that carried an impulse, in the order
 * they were first loaded.
 */
export function resolveCluster(
  balls: Motion[],
  members: readonly number[],
  pairs: readonly { i: number; j: number; gap: number }[],
  p: PhysicsParams,
): ClusterContact[] {
  const nc = pairs.length;
  const R = p.ballRadius;
  const mass = p.ballMass;
  const I = 0.4 * mass * R * R;
  const e = p.ballRestitution;
  const K = hertzK(R);
  const nx = new Float64Array(nc);
  const ny = new Float64Array(nc);
  const delta = new Float64Array(nc);
  const dMax = new Float64Array(nc);
  const dRes = new Float64Array(nc);
  const fMax = new Float64Array(nc);
  const impulse = new Float64Array(nc);
  const first = new Int32Array(nc).fill(-1);
  let vMax = 0;
  for (let k = 0; k < nc; k++) {
    const a = balls[pairs[k].i];
    const b = balls[pairs[k].j];
    let dx = b.x - a.x;
    let dy = b.y - a.y;
    const d = Math.sqrt(dx * dx + dy * dy);
    dx /= d;
    dy /= d;
    nx[k] = dx;
    ny[k] = dy;
    delta[k] = -pairs[k].gap;
    const vn = (a.vx - b.vx) * dx + (a.vy - b.vy) * dy;
    if (vn > vMax) vMax = vn;
  }
  if (vMax <= 0) return [];
  let e0 = 0;
  for (const i of members) {
    const m = balls[i];
    e0 += 0.5 * mass * (m.vx * m.vx + m.vy * m.vy) + 0.5 * I * (m.wx * m.wx + m.wy * m.wy + m.wz * m.wz);
  }
  // Hertz contact duration of an isolated pair at vMax: 2.94 δmax / v.
  const tc = (2.94 * hertzMaxIndentation(vMax, p)) / vMax;
  const dt = tc / STEPS_PER_CONTACT;
  const maxSteps = STEPS_PER_CONTACT * MAX_DURATIONS;
  const invM = dt / mass;
  // Work on local copies of the members' velocities (typed arrays keep the loop tight).
  const nm = members.length;
  const local = new Int32Array(balls.length).fill(-1);
  const vx = new Float64Array(nm);
  const vy = new Float64Array(nm);
  for (let q = 0; q < nm; q++) {
    local[members[q]] = q;
    vx[q] = balls[members[q]].vx;
    vy[q] = balls[members[q]].vy;
  }
  const ci = new Int32Array(nc);
  const cj = new Int32Array(nc);
  for (let k = 0; k < nc; k++) {
    ci[k] = local[pairs[k].i];
    cj[k] = local[pairs[k].j];
  }
  for (let step = 0; step < maxSteps; step++) {
    let loaded = false;
    // Velocities: symplectic Euler, forces from the current indentations, following the loading
    // branch at a new maximum indentation and the unloading branch below it.
    for (let k = 0; k < nc; k++) {
      const dk = delta[k];
      if (dk <= dRes[k]) continue;
      let F: number;
      if (dk >= dMax[k]) {
        dMax[k] = dk;
        F = K * dk * Math.sqrt(dk);
        fMax[k] = F;
        dRes[k] = (1 - e * e) * dk;
      } else {
        const r = (dk - dRes[k]) / (dMax[k] - dRes[k]);
        F = fMax[k] * r * Math.sqrt(r);
      }
      if (first[k] < 0) first[k] = step;
      loaded = true;
      impulse[k] += F * dt;
      const jx = nx[k] * F * invM;
      const jy = ny[k] * F * invM;
      const a = ci[k];
      const b = cj[k];
      vx[a] -= jx;
      vy[a] -= jy;
      vx[b] += jx;
      vy[b] += jy;
    }
    // Indentations.
    let closing = false;
    for (let k = 0; k < nc; k++) {
      const a = ci[k];
      const b = cj[k];
      const vn = (vx[a] - vx[b]) * nx[k] + (vy[a] - vy[b]) * ny[k];
      const dk = delta[k] + vn * dt;
      delta[k] = dk;
      // A contact not loaded now but that would load within a few steps keeps the impact going.
      if (vn > 0 && dk + 4 * vn * dt > dRes[k]) closing = true;
    }
    if (!loaded && !closing) break;
  }
  for (let q = 0; q < nm; q++) {
    balls[members[q]].vx = vx[q];
    balls[members[q]].vy = vy[q];
  }
  const out: ClusterContact[] = [];
  const order: number[] = [];
  for (let k = 0; k < nc; k++) if (impulse[k] > 0) order.push(k);
  order.sort((x, y) => first[x] - first[y] || x - y);
  for (const k of order) {
    const i = pairs[k].i;
    const j = pairs[k].j;
    applyBallFriction(balls[i], balls[j], nx[k], ny[k], impulse[k], p);
    out.push({ i, j, impulse: impulse[k], first: first[k] });
  }
  let e1 = 0;
  for (const i of members) {
    const m = balls[i];
    e1 += 0.5 * mass * (m.vx * m.vx + m.vy * m.vy) + 0.5 * I * (m.wx * m.wx + m.wy * m.wy + m.wz * m.wz);
  }
  if (e1 > e0) {
    const s = Math.sqrt(e0 / e1);
    for (const i of members) {
      const m = balls[i];
      m.vx *= s;
      m.vy *= s;
      m.wx *= s;
      m.wy *= s;
      m.wz *= s;
    }
  }
  return out;
}
