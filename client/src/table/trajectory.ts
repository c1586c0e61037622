// A shot as the table shows it: the server's `shot` broadcast re-simulated with the shared physics
// (positions from at(t), exactly), plus what the physics leaves to the viewer — each ball's
// orientation, integrated from the angular velocity the solver gives at every instant, and the
// sounds the shot makes (cue, ball–ball, cushion, pocket) with their impact speeds. Pure: the view
// passes the playback time in. At t ≥ duration every ball is where the simulation (and so the
// server) put it.
import { simulate } from '@dojopool/shared/physics/simulate.ts';
import type { Table } from '@dojopool/shared/physics/table.ts';
import type { BallState } from '@dojopool/shared/physics/types.ts';
import type { ShotMessage } from '@dojopool/shared/protocol/index.ts';
import { integrate, UPRIGHT, type Quat } from './quat.ts';

export type BallFrame = { id: number; x: number; y: number; pocketed: boolean; q: Quat };
export type SoundKind = 'cue' | 'ball' | 'cushion' | 'pocket';
export type SoundCue = { t: number; kind: SoundKind; speed: number };

export type Trajectory = {
  seq: number;
  /** Simulated seconds until every ball is at rest. */
  duration: number;
  /** Every ball `t` seconds into the shot (clamped to [0, duration]). */
  at(t: number): BallFrame[];
  /** Where (and how turned) the balls come to rest: at(duration). */
  final(): BallFrame[];
  sounds: SoundCue[];
};

/** Orientation samples per simulated second; between samples the rotation is integrated exactly from ω(t). */
export const ORIENTATION_RATE = 480;
/** Sounds of one kind closer together than this (s) merge into the loudest (a break is hundreds of contacts). */
const SOUND_MERGE_S = 0.012;

export function buildTrajectory(
  msg: Pick<ShotMessage, 'seq' | 'start' | 'duration'> & { stroke?: { speed: number } },
  table: Table,
  orientationOf: (id: number) => Quat = () => UPRIGHT,
): Trajectory {
  const start: BallState[] = msg.start.map((b) => ({ ...b }));
  const result = simulate({ table, balls: start });
  const duration = Number.isFinite(result.duration) ? result.duration : msg.duration;
  const n = start.length;
  const h = 1 / ORIENTATION_RATE;
  const steps = Math.max(1, Math.ceil(duration / h));
  // samples[(k·n + i)·4 …] = ball i's quaternion at t = min(k·h, duration).
  const samples = new Float64Array((steps + 1) * n * 4);
  let qs: Quat[] = start.map((b) => orientationOf(b.id));
  const store = (k: number) => qs.forEach((q, i) => samples.set(q, (k * n + i) * 4));
  store(0);
  for (let k = 0; k < steps; k++) {
    const t0 = k * h;
    const t1 = Math.min(duration, t0 + h);
    const mid = result.at((t0 + t1) / 2);
    qs = qs.map((q, i) => {
      const b = mid[i]!;
      return b.pocketed ? q : integrate(q, b.wx ?? 0, b.wy ?? 0, b.wz ?? 0, t1 - t0);
    });
    store(k + 1);
  }
  const sampleAt = (k: number, i: number): Quat => {
    const o = (k * n + i) * 4;
    return [samples[o]!, samples[o + 1]!, samples[o + 2]!, samples[o + 3]!];
  };
  const at = (t: number): BallFrame[] => {
    const tt = t <= 0 ? 0 : t >= duration ? duration : t;
    const k = Math.min(steps, Math.floor(tt / h));
    const t0 = Math.min(duration, k * h);
    const exact = tt >= duration ? result.balls : result.at(tt);
    const midState = tt > t0 ? result.at((t0 + tt) / 2) : null;
    return exact.map((b, i) => {
      let q = sampleAt(k, i);
      const m = midState?.[i];
      if (m && !m.pocketed) q = integrate(q, m.wx ?? 0, m.wy ?? 0, m.wz ?? 0, tt - t0);
      return { id: b.id, x: b.x, y: b.y, pocketed: !!b.pocketed, q };
    });
  };
  const finalFrames = at(duration);
  return { seq: msg.seq, duration, at, final: () => finalFrames.map((b) => ({ ...b, q: [...b.q] as Quat })), sounds: soundsOf(result, msg.stroke?.speed ?? speedOf(start[0])) };
}

const speedOf = (b: BallState | undefined) => (b ? Math.hypot(b.vx ?? 0, b.vy ?? 0) : 0);

/** The shot's sounds: the stroke, then every contact with the speed it happened at, merged when crowded. */
export function soundsOf(result: ReturnType<typeof simulate>, strokeSpeed: number): SoundCue[] {
  const out: SoundCue[] = [{ t: 0, kind: 'cue', speed: strokeSpeed }];
  const last: Partial<Record<SoundKind, SoundCue>> = {};
  for (const e of result.events) {
    if (e.type === 'state') continue;
    const before = result.at(Math.max(0, e.t - 1e-7));
    const a = before.find((b) => b.id === e.a);
    if (!a) continue;
    let speed: number;
    if (e.type === 'ball') {
      const b = before.find((x) => x.id === e.b);
      speed = Math.hypot((a.vx ?? 0) - (b?.vx ?? 0), (a.vy ?? 0) - (b?.vy ?? 0));
    } else speed = Math.hypot(a.vx ?? 0, a.vy ?? 0);
    if (speed < 0.03) continue;
    const kind: SoundKind = e.type;
    const prev = last[kind];
    if (prev && e.t - prev.t < SOUND_MERGE_S) {
      prev.speed = Math.max(prev.speed, speed);
      continue;
    }
    const cue: SoundCue = { t: e.t, kind, speed };
    last[kind] = cue;
    out.push(cue);
  }
  return out;
}

/** Playback clock: wall milliseconds since the shot began → simulated seconds, and whether it is over. */
export function playback(elapsedMs: number, duration: number, speed = 1): { t: number; done: boolean } {
  const t = Math.max(0, (elapsedMs / 1000) * speed);
  return t >= duration ? { t: duration, done: true } : { t, done: false };
}
