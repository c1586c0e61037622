// Root finding for collision prediction. Within a motion state every ball moves on a quadratic in
// time, so a ball–ball (or ball–point, ball–pocket) contact is a root of a quartic
// f(τ) = Aτ⁴ + Bτ³ + Cτ² + Dτ + E and a ball–line contact a root of a quadratic.
// Rather than closed-form quartic roots (ill-conditioned when the quartic degenerates, which it
// does whenever a ball stops accelerating), we isolate monotone pieces of f through the real roots
// of f' (themselves isolated through the roots of f'', a quadratic) and refine the one sign change
// we need with safeguarded Newton. This is exact up to ~1e-13 s, cannot skip a root, and never
// divides by a vanishing leading coefficient.

/** A centre this far (m) past a cushion line is beside the face, not touching it. */
const BEHIND = 1e-6;

/** No collision. */
export const NONE = -1;

const q = (A: number, B: number, C: number, D: number, E: number, t: number) =>
  (((A * t + B) * t + C) * t + D) * t + E;
const dq = (A: number, B: number, C: number, D: number, t: number) =>
  ((4 * A * t + 3 * B) * t + 2 * C) * t + D;
const ddq = (A: number, B: number, C: number, t: number) => (12 * A * t + 6 * B) * t + 2 * C;

// Scratch for critical points (at most 3); module-level to avoid allocation per call.
const crit = new Float64Array(3);
const brk = new Float64Array(4);
const tmp2 = new Float64Array(2);

/** Roots of a t² + b t + c in (lo, hi), ascending, written into out from index 0; returns count. */
function quadRootsIn(a: number, b: number, c: number, lo: number, hi: number, out: Float64Array): number {
  let n = 0;
  if (a === 0) {
    if (b !== 0) {
      const t = -c / b;
      if (t > lo && t < hi) out[n++] = t;
    }
    return n;
  }
  const disc = b * b - 4 * a * c;
  if (disc < 0) return 0;
  const sq = Math.sqrt(disc);
  // Numerically stable pair (Numerical Recipes §5.6).
  const qq = -0.5 * (b + (b >= 0 ? sq : -sq));
  let r1 = qq / a;
  let r2 = qq !== 0 ? c / qq : r1;
  if (r1 > r2) {
    const t = r1;
    r1 = r2;
    r2 = t;
  }
  if (r1 > lo && r1 < hi) out[n++] = r1;
  if (r2 > lo && r2 < hi && r2 !== r1) out[n++] = r2;
  return n;
}

/** Critical points of the quartic (roots of its derivative) in (0, h), ascending; returns count. */
function criticalPoints(A: number, B: number, C: number, D: number, h: number): number {
  // f'' = 12A t² + 6B t + 2C splits (0, h) into pieces where f' is monotone.
  let nb = 0;
  brk[nb++] = 0;
  const nq = quadRootsIn(12 * A, 6 * B, 2 * C, 0, h, tmp2);
  for (let i = 0; i < nq; i++) brk[nb++] = tmp2[i];
  brk[nb++] = h;
  let nc = 0;
  let l = brk[0];
  let dl = dq(A, B, C, D, l);
  for (let i = 1; i < nb; i++) {
    const r = brk[i];
    const dr = dq(A, B, C, D, r);
    if ((dl < 0 && dr > 0) || (dl > 0 && dr < 0)) {
      // Safeguarded Newton on f' over [l, r].
      let lo = l;
      let hi = r;
      const rising = dl < 0;
      let t = 0.5 * (lo + hi);
      for (let k = 0; k < 100; k++) {
        const v = dq(A, B, C, D, t);
        if ((v < 0) === rising) lo = t;
        else hi = t;
        const s = ddq(A, B, C, t);
        let tn = s !== 0 ? t - v / s : 0.5 * (lo + hi);
        if (!(tn > lo && tn < hi)) tn = 0.5 * (lo + hi);
        if (Math.abs(tn - t) <= 1e-15 * (1 + t) || hi - lo <= 1e-15 * (1 + hi)) {
          t = tn;
          break;
        }
        t = tn;
      }
      if (t > 0 && t < h) crit[nc++] = t;
    }
    l = r;
    dl = dr;
  }
  return nc;
}

/** First root of a monotone decreasing quartic piece with f(l) > 0 ≥ f(r); returns a τ just before contact. */
function refineDown(A: number, B: number, C: number, D: number, E: number, l: number, r: number): number {
  let lo = l;
  let hi = r;
  let t = l;
  for (let k = 0; k < 100; k++) {
    const v = q(A, B, C, D, E, t);
    if (v > 0) lo = t;
    else hi = t;
    const s = dq(A, B, C, D, t);
    let tn = s < 0 ? t - v / s : 0.5 * (lo + hi);
    if (!(tn > lo && tn < hi)) tn = 0.5 * (lo + hi);
    if (Math.abs(tn - t) <= 1e-14 * (1 + t) || hi - lo <= 1e-15 * (1 + hi)) {
      if (q(A, B, C, D, E, tn) > 0) lo = tn;
      break;
    }
    t = tn;
  }
  return lo;
}

/**
 * Earliest τ in [0, h] at which f(τ) = Aτ⁴+…+E (a squared distance minus a squared contact distance)
 * crosses downward through 0, i.e. the bodies come into contact while approaching.
 * Returns 0 when already in contact (f(0) ≤ tol) and approaching or about to approach without
 * separating by more than tol; NONE when there is no such root.
 */
export function firstContact(A: number, B: number, C: number, D: number, E: number, h: number, tol: number): number {
  if (!(h > 0)) return NONE;
  const nc = criticalPoints(A, B, C, D, h);
  let l = 0;
  let fl = E;
  let i = 0;
  if (E <= tol) {
    if (D < 0) return 0;
    if (nc > 0) {
      // f runs monotonically from E to f(c1); if it never rose above tol, contact persists and turns to approach.
      const f1 = q(A, B, C, D, E, crit[0]);
      if (f1 <= tol) return 0;
      l = crit[0];
      fl = f1;
      i = 1;
    } else {
      const fh = q(A, B, C, D, E, h);
      return fh < E && D <= 0 ? 0 : NONE;
    }
  }
  for (; i <= nc; i++) {
    const r = i < nc ? crit[i] : h;
    const fr = q(A, B, C, D, E, r);
    if (fl > 0 && fr <= 0) return refineDown(A, B, C, D, E, l, r);
    l = r;
    fl = fr;
  }
  return NONE;
}

/**
 * Earliest τ in [0, h] at which g(τ) = aτ² + bτ + c crosses downward through 0 (a ball's centre reaches a
 * line at distance R while approaching). Same contract as firstContact.
 */
export function firstContactQuadratic(a: number, b: number, c: number, h: number, tol: number): number {
  if (!(h > 0)) return NONE;
  if (c < -BEHIND) {
    // Centre already past the line by more than rounding (e.g. in a pocket mouth beside the face's
    // end): only a later return through the line, the larger root of a downward parabola, counts.
    if (!(a < 0)) return NONE;
    const disc = b * b - 4 * a * c;
    if (disc < 0) return NONE;
    const t = (-b - Math.sqrt(disc)) / (2 * a);
    return t >= 0 && t <= h ? t : NONE;
  }
  if (c <= tol) {
    if (b < 0) return 0;
    if (a < 0) {
      // Rises to its vertex then falls: if it never leaves the contact band, it is approaching now.
      const tv = -b / (2 * a);
      if (tv >= h) return NONE;
      const gv = c - (b * b) / (4 * a);
      if (gv <= tol) return 0;
      // Falls back through 0 after the vertex: the larger root.
      const sq = Math.sqrt(b * b - 4 * a * c);
      const t = (-b - sq) / (2 * a);
      return t <= h ? Math.max(t, 0) : NONE;
    }
    return NONE;
  }
  if (a === 0) {
    if (b >= 0) return NONE;
    const t = -c / b;
    return t <= h ? t : NONE;
  }
  const disc = b * b - 4 * a * c;
  if (disc < 0) return NONE;
  const sq = Math.sqrt(disc);
  let t: number;
  if (a > 0) {
    // Down-crossing is the smaller root; it must be ahead of us (b < 0 so the vertex is at τ > 0).
    if (b >= 0) return NONE;
    const qq = -0.5 * (b - sq); // b < 0: stable form of the smaller root c / qq
    t = c / qq;
  } else {
    // Opens downward: the down-crossing is the larger root.
    t = (-b - sq) / (2 * a);
  }
  if (!(t >= 0) || t > h) return NONE;
  // Step back to the last instant not yet in contact (no overlap), as for quartics.
  for (let k = 0; k < 8 && t > 0 && (a * t + b) * t + c < 0; k++) t = t * (1 - 4e-16) - 1e-18;
  return Math.max(t, 0);
}
