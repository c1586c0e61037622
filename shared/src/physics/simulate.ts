// The event-based shot solver (Leckie & Greenspan 2005; the approach of pooltool).
// Every ball moves on a closed-form quadratic within its motion state, so instead of stepping time
// we predict the exact time of every possible next event — a state transition (closed form), a
// cushion face (quadratic), a jaw tip or pocket drop circle (quartic), another ball (quartic) —
// jump to the earliest, resolve it, and re-predict only what involves the balls it changed.
// A collision inside a cluster of touching balls (the break) is resolved as one simultaneous
// compliant impact of the whole cluster (cluster.ts) instead of a chain of two-ball collisions.
// Predictions are cached per ball (transition, next cushion/jaw/pocket) and per pair, and each ball's
// prediction horizon ends at its own next transition or cushion, which keeps the candidate
// quartics few and short; swept bounding boxes and a reach bound cull pairs that cannot meet, and a
// per-ball "next event" keeps the main loop's scan O(n).
// The output is the event list plus each ball's piecewise-quadratic motion segments, from which
// at(t) evaluates any instant exactly — the compact replay a client animates at any frame rate.
import * as cluster from './cluster.ts';
import * as collide from './collide.ts';
import * as motion from './motion.ts';
import type { Motion } from './motion.ts';
import * as roots from './roots.ts';
import { standardTable, type Table } from './table.ts';
import type { BallState, PhysicsEvent, PocketId, ShotResult } from './types.ts';

export type SimulateInput = { table?: Table; balls: BallState[] };
export type SimulateOptions = {
  /** Hard cap on resolved events; a shot that reaches it is stopped where it is (never seen in tests). */
  maxEvents?: number;
  /** Hard cap on simulated time, s. */
  maxDuration?: number;
};

// Bind the hot imports to module-local constants once: transpilers that emit CommonJS (tsx) turn
// every access to an imported binding into a getter call, which costs ~2.5× in this loop.
const { resolveBallBall, resolveCushion } = collide;
const { hertzMaxIndentation, resolveCluster } = cluster;
const { POCKETED, ROLLING, SLIDING, SPINNING, STATE_NAMES, STATIONARY, advance, classify, copyMotion, newMotion, spinAt, transition } = motion;
const { NONE, firstContact, firstContactQuadratic } = roots;

/** Contact tolerance: bodies within this distance (m) of touching count as touching. */
const TOUCH = 1e-9;
const DEFAULT_MAX_EVENTS = 20000;
const DEFAULT_MAX_DURATION = 600;
/**
 * A ball–ball contact approaching at least this fast (m/s) whose balls touch others (gap below the
 * pair's Hertz indentation, i.e. closed during the impact) is resolved as one simultaneous
 * compliant impact of the whole cluster (cluster.ts); slower, resting contacts stay pairwise.
 */
const CLUSTER_MIN_SPEED = 0.01;

// Kinds of rail event.
const RAIL_SEGMENT = 0;
const RAIL_POINT = 1;
const RAIL_POCKET = 2;

/** Simulates a shot from the balls' initial positions and motion until every ball is at rest or pocketed. */
export function simulate(input: SimulateInput, options: SimulateOptions = {}): ShotResult {
  const table = input.table ?? standardTable();
  const p = table.params;
  const R = p.ballRadius;
  const n = input.balls.length;
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const maxDuration = options.maxDuration ?? DEFAULT_MAX_DURATION;

  const balls: Motion[] = [];
  const segments: Motion[][] = [];
  for (let i = 0; i < n; i++) {
    const s = input.balls[i];
    const m = newMotion(s.id);
    m.x = s.x;
    m.y = s.y;
    m.vx = s.vx ?? 0;
    m.vy = s.vy ?? 0;
    m.wx = s.wx ?? 0;
    m.wy = s.wy ?? 0;
    m.wz = s.wz ?? 0;
    if (!(Number.isFinite(m.x + m.y + m.vx + m.vy + m.wx + m.wy + m.wz))) {
      throw new RangeError(`simulate: ball ${s.id} has a non-finite position or velocity`);
    }
    m.state = s.pocketed ? POCKETED : STATIONARY;
    classify(m, p);
    balls.push(m);
    segments.push([copyMotion(m)]);
  }

  const events: PhysicsEvent[] = [];
  for (const m of balls) {
    if (m.state !== POCKETED && m.state !== STATIONARY) events.push({ t: 0, type: 'state', a: m.id, state: STATE_NAMES[m.state] });
  }

  // Cached predictions (absolute times; Infinity = none).
  const railT = new Float64Array(n).fill(Infinity);
  const railKind = new Int32Array(n);
  const railIdx = new Int32Array(n);
  const horizon = new Float64Array(n).fill(Infinity);
  const pairT = new Float64Array(n * n).fill(Infinity);
  // Swept bounding boxes of each ball's current motion up to its horizon.
  const bx0 = new Float64Array(n);
  const bx1 = new Float64Array(n);
  const by0 = new Float64Array(n);
  const by1 = new Float64Array(n);

  const cushions = table.cushions;
  const jaws = table.jawPoints;
  const pockets = table.pockets;
  const tolQuad2R = 4 * R * TOUCH; // f ≈ 2·(2R)·δ for ball pairs
  const tolQuadR = 2 * R * TOUCH; // f ≈ 2·R·δ for jaw tips

  function sweptBox(i: number, tEnd: number): void {
    const m = balls[i];
    let x0 = m.x;
    let x1 = m.x;
    let y0 = m.y;
    let y1 = m.y;
    if (m.state === SLIDING || m.state === ROLLING) {
      const h = Math.min(tEnd, m.tEnd) - m.t0;
      if (h > 0 && Number.isFinite(h)) {
        const xe = m.x + (m.vx + 0.5 * m.ax * h) * h;
        const ye = m.y + (m.vy + 0.5 * m.ay * h) * h;
        x0 = Math.min(x0, xe);
        x1 = Math.max(x1, xe);
        y0 = Math.min(y0, ye);
        y1 = Math.max(y1, ye);
        if (m.ax !== 0) {
          const tx = -m.vx / m.ax;
          if (tx > 0 && tx < h) {
            const xv = m.x + 0.5 * m.vx * tx;
            x0 = Math.min(x0, xv);
            x1 = Math.max(x1, xv);
          }
        }
        if (m.ay !== 0) {
          const ty = -m.vy / m.ay;
          if (ty > 0 && ty < h) {
            const yv = m.y + 0.5 * m.vy * ty;
            y0 = Math.min(y0, yv);
            y1 = Math.max(y1, yv);
          }
        }
      }
    }
    bx0[i] = x0;
    bx1[i] = x1;
    by0[i] = y0;
    by1[i] = y1;
  }

  /** Next cushion face, jaw tip or pocket for ball i (advanced to T). */
  function predictRail(i: number, T: number): void {
    const m = balls[i];
    railT[i] = Infinity;
    if (m.state === POCKETED || m.state === STATIONARY || m.state === SPINNING) return;
    const h = m.tEnd - T;
    const hax = 0.5 * m.ax;
    const hay = 0.5 * m.ay;
    let best = h;
    let kind = -1;
    let idx = -1;
    for (let k = 0; k < cushions.length; k++) {
      const c = cushions[k];
      // g(τ) = n·(r(τ) − p0) − R.
      const a = c.nx * hax + c.ny * hay;
      const b = c.nx * m.vx + c.ny * m.vy;
      const g0 = c.nx * (m.x - c.x0) + c.ny * (m.y - c.y0) - R;
      if (b >= 0 && a >= 0) continue; // moving away for good
      // Cannot reach the line within the horizon found so far.
      if (g0 + (b < 0 ? b * best : 0) + (a < 0 ? a * best * best : 0) > TOUCH) continue;
      const t = firstContactQuadratic(a, b, g0, best, TOUCH);
      if (t === NONE || t > best) continue;
      // Contact point must lie on the segment (its ends are handled as jaw tips).
      const px = m.x + (m.vx + hax * t) * t;
      const py = m.y + (m.vy + hay * t) * t;
      const tx = c.x1 - c.x0;
      const ty = c.y1 - c.y0;
      const s = ((px - c.x0) * tx + (py - c.y0) * ty) / (tx * tx + ty * ty);
      if (s < 0 || s > 1) continue;
      if (t < best || kind === -1) {
        best = t;
        kind = RAIL_SEGMENT;
        idx = k;
      }
    }
    // Broad phase for points: the ball's reach within the horizon found so far.
    const sp = Math.sqrt(m.vx * m.vx + m.vy * m.vy);
    const ac = Math.sqrt(m.ax * m.ax + m.ay * m.ay);
    let reach = (sp + 0.5 * ac * best) * best;
    for (let k = 0; k < jaws.length; k++) {
      const q = jaws[k];
      const dx = m.x - q.x;
      const dy = m.y - q.y;
      const d2 = dx * dx + dy * dy;
      const lim = reach + R + TOUCH;
      if (d2 > lim * lim) continue;
      const A = hax * hax + hay * hay;
      const B = 2 * (hax * m.vx + hay * m.vy);
      const C = m.vx * m.vx + m.vy * m.vy + 2 * (hax * dx + hay * dy);
      const D = 2 * (m.vx * dx + m.vy * dy);
      const E = d2 - R * R;
      const t = firstContact(A, B, C, D, E, best, tolQuadR);
      if (t === NONE || t > best || (kind !== -1 && t === best)) continue;
      best = t;
      kind = RAIL_POINT;
      idx = k;
      reach = (sp + 0.5 * ac * best) * best;
    }
    for (let k = 0; k < pockets.length; k++) {
      const q = pockets[k];
      const dx = m.x - q.x;
      const dy = m.y - q.y;
      const d2 = dx * dx + dy * dy;
      const lim = reach + q.radius;
      if (d2 > lim * lim) continue;
      const E = d2 - q.radius * q.radius;
      let t: number;
      if (E <= 0) t = 0;
      else {
        const A = hax * hax + hay * hay;
        const B = 2 * (hax * m.vx + hay * m.vy);
        const C = m.vx * m.vx + m.vy * m.vy + 2 * (hax * dx + hay * dy);
        const D = 2 * (m.vx * dx + m.vy * dy);
        t = firstContact(A, B, C, D, E, best, 0);
      }
      if (t === NONE || t > best || (kind !== -1 && t === best)) continue;
      best = t;
      kind = RAIL_POCKET;
      idx = k;
    }
    if (kind !== -1) {
      railT[i] = T + best;
      railKind[i] = kind;
      railIdx[i] = idx;
    }
  }

  function predictPair(i: number, j: number, T: number): number {
    const a = balls[i];
    const b = balls[j];
    if (a.state === POCKETED || b.state === POCKETED) return Infinity;
    const aMoving = a.state === SLIDING || a.state === ROLLING;
    const bMoving = b.state === SLIDING || b.state === ROLLING;
    if (!aMoving && !bMoving) return Infinity;
    const hEnd = Math.min(horizon[i], horizon[j]);
    const h = hEnd - T;
    if (!(h >= 0)) return Infinity;
    const D2 = 2 * R + TOUCH;
    if (bx0[i] - D2 > bx1[j] || bx0[j] - D2 > bx1[i] || by0[i] - D2 > by1[j] || by0[j] - D2 > by1[i]) return Infinity;
    // Both balls at time T.
    const dta = T - a.t0;
    const dtb = T - b.t0;
    const ax = aMoving ? a.x + (a.vx + 0.5 * a.ax * dta) * dta : a.x;
    const ay = aMoving ? a.y + (a.vy + 0.5 * a.ay * dta) * dta : a.y;
    const avx = aMoving ? a.vx + a.ax * dta : 0;
    const avy = aMoving ? a.vy + a.ay * dta : 0;
    const bx = bMoving ? b.x + (b.vx + 0.5 * b.ax * dtb) * dtb : b.x;
    const by = bMoving ? b.y + (b.vy + 0.5 * b.ay * dtb) * dtb : b.y;
    const bvx = bMoving ? b.vx + b.ax * dtb : 0;
    const bvy = bMoving ? b.vy + b.ay * dtb : 0;
    const px = ax - bx;
    const py = ay - by;
    const vx = avx - bvx;
    const vy = avy - bvy;
    // Half the relative acceleration (balls at rest have zero acceleration).
    const hx = 0.5 * (a.ax - b.ax);
    const hy = 0.5 * (a.ay - b.ay);
    const A = hx * hx + hy * hy;
    const vv = vx * vx + vy * vy;
    const pp = px * px + py * py;
    // Reach bound: the gap cannot close faster than |Δv| + |Δa|·τ.
    const gap = Math.sqrt(pp) - 2 * R;
    if (gap > TOUCH && gap > (Math.sqrt(vv) + Math.sqrt(A) * h) * h) return Infinity;
    const B = 2 * (hx * vx + hy * vy);
    const C = vv + 2 * (hx * px + hy * py);
    const D = 2 * (vx * px + vy * py);
    const E = pp - 4 * R * R;
    const t = firstContact(A, B, C, D, E, h, tolQuad2R);
    return t === NONE ? Infinity : T + t;
  }

  // Each ball's earliest pending event (its transition, its rail event or its earliest pair), so the
  // main loop scans n entries, not n²/2.
  const nextT = new Float64Array(n).fill(Infinity);
  const nextKind = new Int32Array(n); // 1 transition, 2 rail, 3 pair
  const nextJ = new Int32Array(n);

  function recomputeNext(i: number): void {
    let t = balls[i].tEnd;
    let kind = 1;
    let jj = -1;
    if (railT[i] < t) {
      t = railT[i];
      kind = 2;
    }
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const tp = pairT[i < j ? i * n + j : j * n + i];
      if (tp < t) {
        t = tp;
        kind = 3;
        jj = j;
      }
    }
    nextT[i] = t;
    nextKind[i] = kind;
    nextJ[i] = jj;
  }

  /** Re-predicts ball i's own events (transition, rail) after it changed at T. */
  function prepare(i: number, T: number): void {
    predictRail(i, T);
    const m = balls[i];
    horizon[i] = m.state === POCKETED ? Infinity : Math.min(m.tEnd, railT[i]);
    sweptBox(i, horizon[i]);
  }

  /** Re-predicts every pair of ball i (except with `skip`, already done) and the affected next events. */
  function refreshPairs(i: number, T: number, skip: number): void {
    for (let j = 0; j < n; j++) {
      if (j === i || j === skip) continue;
      const key = i < j ? i * n + j : j * n + i;
      const old = pairT[key];
      const t = predictPair(i, j, T);
      pairT[key] = t;
      if (t < nextT[j]) {
        nextT[j] = t;
        nextKind[j] = 3;
        nextJ[j] = i;
      } else if (t > old && nextKind[j] === 3 && nextJ[j] === i) recomputeNext(j);
    }
    recomputeNext(i);
  }

  function pushSegment(i: number): void {
    const list = segments[i];
    const last = list[list.length - 1];
    const seg = copyMotion(balls[i]);
    if (last.t0 === seg.t0) list[list.length - 1] = seg;
    else list.push(seg);
  }

  function noteState(i: number, before: number, T: number): void {
    const s = balls[i].state;
    if (s !== before && s !== POCKETED) events.push({ t: T, type: 'state', a: balls[i].id, state: STATE_NAMES[s] });
  }

  for (let i = 0; i < n; i++) {
    predictRail(i, 0);
    horizon[i] = balls[i].state === POCKETED ? Infinity : Math.min(balls[i].tEnd, railT[i]);
    sweptBox(i, horizon[i]);
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairT[i * n + j] = predictPair(i, j, 0);
  for (let i = 0; i < n; i++) recomputeNext(i);

  // Scratch for cluster detection.
  const inCluster = new Uint8Array(n);
  const px = new Float64Array(n);
  const py = new Float64Array(n);

  /**
   * If the colliding pair (i, j) at T is part of a cluster of touching balls and approaches fast
   * enough, resolves the cluster's simultaneous impact and returns true; otherwise returns false
   * (and changes nothing) so the pair is resolved on its own.
   */
  function resolveClusterAt(i: number, j: number, T: number): boolean {
    const a = balls[i];
    const b = balls[j];
    // Positions at T of every ball on the table (without re-basing their motion).
    for (let k = 0; k < n; k++) {
      const m = balls[k];
      inCluster[k] = 0;
      if (m.state === POCKETED) continue;
      if (m.state === STATIONARY || m.state === SPINNING) {
        px[k] = m.x;
        py[k] = m.y;
      } else {
        const dt = T - m.t0;
        px[k] = m.x + (m.vx + 0.5 * m.ax * dt) * dt;
        py[k] = m.y + (m.vy + 0.5 * m.ay * dt) * dt;
      }
    }
    let dx = px[j] - px[i];
    let dy = py[j] - py[i];
    const d = Math.sqrt(dx * dx + dy * dy);
    const dta = T - a.t0;
    const dtb = T - b.t0;
    const aMoving = a.state === SLIDING || a.state === ROLLING;
    const bMoving = b.state === SLIDING || b.state === ROLLING;
    const rvx = (aMoving ? a.vx + a.ax * dta : 0) - (bMoving ? b.vx + b.ax * dtb : 0);
    const rvy = (aMoving ? a.vy + a.ay * dta : 0) - (bMoving ? b.vy + b.ay * dtb : 0);
    const vn = (rvx * dx + rvy * dy) / d;
    if (!(vn >= CLUSTER_MIN_SPEED)) return false;
    const G = hertzMaxIndentation(vn, p);
    const lim = 2 * R + G;
    // Breadth-first over contacts closer than G.
    const members = [i, j];
    inCluster[i] = inCluster[j] = 1;
    for (let q = 0; q < members.length; q++) {
      const u = members[q];
      for (let k = 0; k < n; k++) {
        if (inCluster[k] || balls[k].state === POCKETED) continue;
        dx = px[k] - px[u];
        dy = py[k] - py[u];
        if (dx * dx + dy * dy < lim * lim) {
          inCluster[k] = 1;
          members.push(k);
        }
      }
    }
    if (members.length < 3) return false;
    members.sort((x, y) => x - y);
    const pairs: { i: number; j: number; gap: number }[] = [];
    for (let q = 0; q < members.length; q++) {
      for (let r = q + 1; r < members.length; r++) {
        const u = members[q];
        const w = members[r];
        dx = px[w] - px[u];
        dy = py[w] - py[u];
        const dd = Math.sqrt(dx * dx + dy * dy);
        if (dd < lim) pairs.push({ i: u, j: w, gap: Math.max(0, dd - 2 * R) });
      }
    }
    const before: number[] = [];
    for (const k of members) {
      before.push(balls[k].state);
      advance(balls[k], T);
    }
    const contacts = resolveCluster(balls, members, pairs, p);
    // The triggering pair must not be left approaching (the solver must make progress).
    {
      let nx = b.x - a.x;
      let ny = b.y - a.y;
      const dd = Math.sqrt(nx * nx + ny * ny);
      nx /= dd;
      ny /= dd;
      if ((a.vx - b.vx) * nx + (a.vy - b.vy) * ny > 0) {
        resolveBallBall(a, b, p);
        if (!contacts.some((c) => c.i === Math.min(i, j) && c.j === Math.max(i, j))) contacts.unshift({ i: Math.min(i, j), j: Math.max(i, j), impulse: 0, first: -1 });
      }
    }
    for (const c of contacts) events.push({ t: T, type: 'ball', a: balls[c.i].id, b: balls[c.j].id });
    for (let q = 0; q < members.length; q++) {
      const k = members[q];
      classify(balls[k], p);
      pushSegment(k);
      noteState(k, before[q], T);
    }
    for (const k of members) prepare(k, T);
    for (const k of members) refreshPairs(k, T, -1);
    return true;
  }

  let T = 0;
  let count = 0;
  for (;;) {
    // Earliest pending event; fixed scan order makes ties deterministic.
    let tMin = Infinity;
    let what = 0; // 1 transition, 2 rail, 3 pair
    let wi = -1;
    let wj = -1;
    for (let i = 0; i < n; i++) {
      if (nextT[i] < tMin) {
        tMin = nextT[i];
        wi = i;
      }
    }
    if (wi >= 0) {
      what = nextKind[wi];
      wj = nextJ[wi];
      if (what === 3 && wj < wi) {
        const t = wi;
        wi = wj;
        wj = t;
      }
    }
    if (tMin === Infinity) break;
    if (tMin < T) tMin = T;
    if (count >= maxEvents || tMin > maxDuration) {
      // Safety stop: freeze every ball where it is (never reached in normal play).
      for (let i = 0; i < n; i++) {
        const m = balls[i];
        if (m.state === POCKETED || m.state === STATIONARY) continue;
        advance(m, T);
        m.vx = m.vy = m.wx = m.wy = m.wz = 0;
        classify(m, p);
        pushSegment(i);
        events.push({ t: T, type: 'state', a: m.id, state: 'stationary' });
      }
      break;
    }
    T = tMin;
    count++;
    if (what === 1) {
      const m = balls[wi];
      const before = m.state;
      advance(m, T);
      transition(m, p);
      pushSegment(wi);
      noteState(wi, before, T);
      prepare(wi, T);
      refreshPairs(wi, T, -1);
    } else if (what === 2) {
      const m = balls[wi];
      const before = m.state;
      advance(m, T);
      const kind = railKind[wi];
      const k = railIdx[wi];
      if (kind === RAIL_POCKET) {
        m.state = POCKETED;
        classify(m, p);
        pushSegment(wi);
        events.push({ t: T, type: 'pocket', a: m.id, pocket: pockets[k].id as PocketId });
      } else {
        let nx: number;
        let ny: number;
        if (kind === RAIL_SEGMENT) {
          nx = -cushions[k].nx;
          ny = -cushions[k].ny;
        } else {
          nx = jaws[k].x - m.x;
          ny = jaws[k].y - m.y;
          const d = Math.sqrt(nx * nx + ny * ny);
          nx /= d;
          ny /= d;
        }
        resolveCushion(m, nx, ny, p);
        classify(m, p);
        pushSegment(wi);
        events.push({ t: T, type: 'cushion', a: m.id });
        noteState(wi, before, T);
      }
      prepare(wi, T);
      refreshPairs(wi, T, -1);
    } else if (!resolveClusterAt(wi, wj, T)) {
      const a = balls[wi];
      const b = balls[wj];
      const sa = a.state;
      const sb = b.state;
      advance(a, T);
      advance(b, T);
      resolveBallBall(a, b, p);
      classify(a, p);
      classify(b, p);
      pushSegment(wi);
      pushSegment(wj);
      events.push({ t: T, type: 'ball', a: a.id, b: b.id });
      noteState(wi, sa, T);
      noteState(wj, sb, T);
      prepare(wi, T);
      prepare(wj, T);
      refreshPairs(wi, T, -1);
      refreshPairs(wj, T, wi);
    }
  }

  const duration = T;
  const finalStates = evaluate(segments, duration);
  return {
    events,
    balls: finalStates,
    duration,
    at: (t: number) => evaluate(segments, Math.min(Math.max(t, 0), duration)),
  };
}

/** Every ball's state at time t from its motion segments. */
function evaluate(segments: Motion[][], t: number): BallState[] {
  const out: BallState[] = new Array(segments.length);
  for (let i = 0; i < segments.length; i++) {
    const list = segments[i];
    // Last segment starting at or before t.
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (list[mid].t0 <= t) lo = mid;
      else hi = mid - 1;
    }
    const s = list[lo];
    if (s.state === POCKETED) {
      out[i] = { id: s.id, x: s.x, y: s.y, vx: 0, vy: 0, wx: 0, wy: 0, wz: 0, pocketed: true };
      continue;
    }
    if (s.state === STATIONARY) {
      out[i] = { id: s.id, x: s.x, y: s.y, vx: 0, vy: 0, wx: 0, wy: 0, wz: 0 };
      continue;
    }
    const dt = Math.max(0, Math.min(t, s.tEnd) - s.t0);
    out[i] = {
      id: s.id,
      x: s.x + (s.vx + 0.5 * s.ax * dt) * dt,
      y: s.y + (s.vy + 0.5 * s.ay * dt) * dt,
      vx: s.vx + s.ax * dt,
      vy: s.vy + s.ay * dt,
      wx: s.wx + s.awx * dt,
      wy: s.wy + s.awy * dt,
      wz: spinAt(s, dt),
    };
  }
  return out;
}
