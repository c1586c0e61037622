// Instantaneous collision impulses between rigid spheres, in 3D and projected back to the table.
//
// Ball–ball: normal impulse with restitution e along the line of centres, plus a Coulomb friction
// impulse opposing the relative slip of the contact points (which carries both the cut-induced and
// the spin-induced throw; Alciatore TP A-14), capped at the impulse that stops the slip.
//
// Ball–cushion: Han (2005), "Dynamics in carom and three cushion billiards", J. Mech. Sci. Tech. 19,
// simplified to 2D as in Mathavan et al. (2010): the cushion touches the ball at height h above the
// bed (nose at 63.5 % of the diameter, i.e. sin θ = h/R − 1 ≈ 0.27 above the centre), the normal
// impulse acts along the line from that contact point to the ball's centre and the friction impulse
// in the tangent plane there (sticking if it can stop the slip, sliding otherwise). The vertical
// velocity the impulse would give is absorbed by the bed (2D: no jumping), which only removes energy.
// Because the tilted contact normal makes a stun ball rebound at (1+e)cos²θ − 1 + (2/7)sin²θ of its
// normal speed, e is chosen so that ratio equals the cushion restitution ec of the parameter set; the
// spin-dependent part of the normal rebound (a rolling ball's lift, which 2D cannot show) is folded in
// by setting every ball's normal rebound to ec × its incoming normal speed. Spin and the velocity
// along the cushion keep the full Han response, so english still changes angle and speed.
//
// Both impulses are dissipative by construction. When two bodies meet while barely approaching
// (a resting or pushing contact during a break), the rebound is raised to MIN_SEPARATION so the
// solver always makes progress; the few nanojoules that could add are removed by rescaling the
// velocities of the bodies involved so that kinetic energy never rises.
import type { PhysicsParams } from './constants.ts';
import type { Motion } from './motion.ts';

/** Minimum separating speed after any contact, m/s (see header). */
export const MIN_SEPARATION = 1e-3;

const bodyEnergy = (m: Motion, I: number, mass: number) =>
  0.5 * mass * (m.vx * m.vx + m.vy * m.vy) + 0.5 * I * (m.wx * m.wx + m.wy * m.wy + m.wz * m.wz);

function scale(m: Motion, k: number): void {
  m.vx *= k;
  m.vy *= k;
  m.wx *= k;
  m.wy *= k;
  m.wz *= k;
}

/** Ball–ball friction coefficient at contact slip speed v (Alciatore's fit, see constants.ts). */
export function ballFriction(p: PhysicsParams, slip: number): number {
  const f = p.ballFriction;
  return f.a + f.b * Math.exp(-f.c * slip);
}

/** Resolves a collision between two touching balls (both advanced to the contact time). */
export function resolveBallBall(b1: Motion, b2: Motion, p: PhysicsParams): void {
  const R = p.ballRadius;
  const mass = p.ballMass;
  const I = 0.4 * mass * R * R;
  let nx = b2.x - b1.x;
  let ny = b2.y - b1.y;
  const d = Math.sqrt(nx * nx + ny * ny);
  if (d === 0) {
    nx = 1;
    ny = 0;
  } else {
    nx /= d;
    ny /= d;
  }
  const e0 = bodyEnergy(b1, I, mass) + bodyEnergy(b2, I, mass);
  const vn = (b1.vx - b2.vx) * nx + (b1.vy - b2.vy) * ny; // > 0 approaching
  const sep = Math.max(p.ballRestitution * Math.max(vn, 0), MIN_SEPARATION);
  const J = 0.5 * mass * (vn + sep);
  if (J <= 0) return;
  // Ball 1 receives −J n; ball 2 receives +J n.
  b1.vx -= (J * nx) / mass;
  b1.vy -= (J * ny) / mass;
  b2.vx += (J * nx) / mass;
  b2.vy += (J * ny) / mass;
  applyBallFriction(b1, b2, nx, ny, J, p);
  const e1 = bodyEnergy(b1, I, mass) + bodyEnergy(b2, I, mass);
  if (e1 > e0) {
    const s = Math.sqrt(e0 / e1);
    scale(b1, s);
    scale(b2, s);
  }
}

/**
 * The Coulomb friction impulse of a ball–ball contact with normal n (from b1 to b2) that carried
 * normal impulse J: opposes the relative slip of the contact points, at most μb(slip)·J and at most
 * what stops the slip, so it never adds energy. The normal impulse does not change the tangential
 * slip, so this may be applied before or after it.
 */
export function applyBallFriction(b1: Motion, b2: Motion, nx: number, ny: number, J: number, p: PhysicsParams): void {
  const R = p.ballRadius;
  const mass = p.ballMass;
  const I = 0.4 * mass * R * R;
  // Relative slip of the contact points: u = v1 − v2 + R (ω1 + ω2) × n  (n horizontal).
  const sx = b1.wx + b2.wx;
  const sy = b1.wy + b2.wy;
  const sz = b1.wz + b2.wz;
  let ux = b1.vx - b2.vx + R * (-sz * ny);
  let uy = b1.vy - b2.vy + R * (sz * nx);
  let uz = R * (sx * ny - sy * nx);
  const un = ux * nx + uy * ny;
  ux -= un * nx;
  uy -= un * ny;
  const us = Math.sqrt(ux * ux + uy * uy + uz * uz);
  let fx = 0;
  let fy = 0;
  let fz = 0;
  if (us > 0) {
    // Slip changes at 7/m per unit tangential impulse (each ball: 1/m + R²/I = 7/(2m)).
    const F = Math.min((us * mass) / 7, ballFriction(p, us) * J);
    fx = (-F * ux) / us;
    fy = (-F * uy) / us;
    fz = (-F * uz) / us;
  }
  if (fx === 0 && fy === 0 && fz === 0) return;
  // Ball 1 receives f at R n; ball 2 receives −f at −R n.
  b1.vx += fx / mass;
  b1.vy += fy / mass;
  b2.vx -= fx / mass;
  b2.vy -= fy / mass;
  // Δω = (R n × f) / I for both balls.
  const k = R / I;
  const dwx = k * (ny * fz);
  const dwy = k * (-nx * fz);
  const dwz = k * (nx * fy - ny * fx);
  b1.wx += dwx;
  b1.wy += dwy;
  b1.wz += dwz;
  b2.wx += dwx;
  b2.wy += dwy;
  b2.wz += dwz;
}

/** The restitution along the tilted contact normal that gives a stun ball a normal rebound ratio of ec. */
export function cushionNormalRestitution(p: PhysicsParams): number {
  const s = 2 * p.cushionHeight - 1;
  const c2 = 1 - s * s;
  return Math.min(1, (1 + p.cushionRestitution - (2 / 7) * s * s) / c2 - 1);
}

/**
 * Resolves a ball hitting a cushion face or jaw tip. (nx, ny): horizontal unit vector from the
 * ball's centre toward the contact (into the cushion).
 */
export function resolveCushion(b: Motion, nx: number, ny: number, p: PhysicsParams): void {
  const R = p.ballRadius;
  const mass = p.ballMass;
  const I = 0.4 * mass * R * R;
  const s = 2 * p.cushionHeight - 1; // sin θ: contact height above the centre over R
  const c = Math.sqrt(1 - s * s);
  const e = cushionNormalRestitution(p);
  const e0 = bodyEnergy(b, I, mass);
  // Contact point relative to the centre, rc = R ν with ν = (c n, s) the unit contact normal.
  const vx = c * nx;
  const vy = c * ny;
  const vz = s;
  // Contact point velocity vc = v + ω × rc.
  const rx = R * vx;
  const ry = R * vy;
  const rz = R * vz;
  const cx = b.vx + (b.wy * rz - b.wz * ry);
  const cy = b.vy + (b.wz * rx - b.wx * rz);
  const cz = b.wx * ry - b.wy * rx;
  const cn = cx * vx + cy * vy + cz * vz; // approach speed along ν (= c · v·n)
  const sep = Math.max(e * Math.max(cn, 0), MIN_SEPARATION * c);
  const PN = mass * (cn + sep);
  if (PN <= 0) return;
  // Slip in the tangent plane and the friction impulse opposing it (rate 7/(2m) per unit impulse).
  const sx = cx - cn * vx;
  const sy = cy - cn * vy;
  const sz = cz - cn * vz;
  const ss = Math.sqrt(sx * sx + sy * sy + sz * sz);
  let fx = 0;
  let fy = 0;
  let fz = 0;
  if (ss > 0) {
    const F = Math.min((2 / 7) * mass * ss, p.cushionFriction * PN);
    fx = (-F * sx) / ss;
    fy = (-F * sy) / ss;
    fz = (-F * sz) / ss;
  }
  const Px = -PN * vx + fx;
  const Py = -PN * vy + fy;
  const Pz = -PN * vz + fz;
  const vnIn = b.vx * nx + b.vy * ny;
  b.vx += Px / mass;
  b.vy += Py / mass;
  // Δω = rc × P / I.
  b.wx += (ry * Pz - rz * Py) / I;
  b.wy += (rz * Px - rx * Pz) / I;
  b.wz += (rx * Py - ry * Px) / I;
  // Calibrate the normal rebound to ec whatever the spin: the bed-absorbed vertical impulse of a
  // rolling ball (its "lift") would otherwise show up as a livelier rebound in 2D.
  const vnOut = b.vx * nx + b.vy * ny;
  const target = -Math.max(p.cushionRestitution * Math.max(vnIn, 0), MIN_SEPARATION);
  b.vx += (target - vnOut) * nx;
  b.vy += (target - vnOut) * ny;
  const e1 = bodyEnergy(b, I, mass);
  if (e1 > e0) scale(b, Math.sqrt(e0 / e1));
}
