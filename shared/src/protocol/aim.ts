// The live aim, as few frames as it can be. A player's aim is sampled at 10 Hz (AIM_SAMPLE_MS) but
// sent in batches, at most one frame per AIM_SEND_MS with up to AIM_MAX_SAMPLES samples; the room
// relays each batch as one frame, and the watcher plays the samples back AIM_SAMPLE_MS apart,
// interpolating between them. The view keeps the 10 Hz motion, while the table costs the server
// about a third of the socket reads and writes that one frame per sample would: per-message socket
// work, not the bytes, is what a pool server with thousands of clients spends its time on. The price
// is a steady display delay of up to (AIM_MAX_SAMPLES - 1) × AIM_SAMPLE_MS on the opponent's aim line,
// which only ever previews a stroke; shots and rulings never wait for it.
import type { Seat } from '../rules/types.ts';

export const AIM_SAMPLE_MS = 100;
export const AIM_SEND_MS = 300;
export const AIM_MAX_SAMPLES = 4;
/** The room relays at most one batch per seat in this interval; a client sending faster loses the extras. */
export const AIM_RELAY_MIN_MS = 200;

/** `angle` is the newest sample; `trail` the earlier ones, oldest first, AIM_SAMPLE_MS apart. */
export type AimIntent = { angle: number; trail?: number[] };
/** The shooter's aim batch as the room relays it to everyone else. */
export type AimMessage = { seat: Seat; angle: number; trail?: number[] };

/** Collects a player's aim into samples and says when a batch is due (pure: the caller gives the time). */
export class AimBatcher {
  private samples: { at: number; angle: number }[] = [];
  private lastSent = -Infinity;

  /** The aim changed: the newest sample in the current AIM_SAMPLE_MS slot replaces the one before it. */
  sample(angle: number, now: number): void {
    const last = this.samples.at(-1);
    if (last && now - last.at < AIM_SAMPLE_MS) last.angle = angle;
    else {
      this.samples.push({ at: now, angle });
      if (this.samples.length > AIM_MAX_SAMPLES) this.samples.shift();
    }
  }

  /** Milliseconds until a batch may go (0: now), or null when nothing is waiting. */
  dueIn(now: number): number | null {
    if (this.samples.length === 0) return null;
    return Math.max(0, this.lastSent + AIM_SEND_MS - now);
  }

  /** The batch to send now, or null when none is due (nothing waiting, or the last went too recently). */
  take(now: number): AimIntent | null {
    if (this.dueIn(now) !== 0) return null;
    const angles = this.samples.map((s) => s.angle);
    this.samples = [];
    this.lastSent = now;
    const angle = angles.pop()!;
    return angles.length ? { angle, trail: angles } : { angle };
  }

  reset(): void {
    this.samples = [];
  }
}

const wrap = (a: number) => Math.atan2(Math.sin(a), Math.cos(a));

/**
 * Plays a relayed aim back: each batch's samples are shown AIM_SAMPLE_MS apart from its arrival, the
 * angle in between interpolated the short way round. A batch that arrives while the previous one is
 * still playing queues behind it; a backlog past MAX_LAG_MS is skipped so the view never falls behind.
 */
export class AimPlayback {
  static readonly MAX_LAG_MS = 600;
  private points: { at: number; angle: number }[] = [];

  push(msg: { angle: number; trail?: number[] }, now: number): void {
    const angles = [...(msg.trail ?? []), msg.angle];
    const tail = this.points.at(-1);
    let start = now;
    if (tail && tail.at + AIM_SAMPLE_MS > now && tail.at + AIM_SAMPLE_MS - now <= AimPlayback.MAX_LAG_MS) start = tail.at + AIM_SAMPLE_MS;
    // Keep the point being shown (so the line glides from where it is), drop what is already past.
    const current = this.angleAt(now);
    this.points = this.points.filter((p) => p.at >= now);
    if (current !== null && start > now) this.points.unshift({ at: now, angle: current });
    angles.forEach((angle, i) => this.points.push({ at: start + i * AIM_SAMPLE_MS, angle }));
  }

  /** The angle to draw at `now`, or null before the first batch. */
  angleAt(now: number): number | null {
    const pts = this.points;
    if (pts.length === 0) return null;
    if (now <= pts[0]!.at) return pts[0]!.angle;
    for (let i = 1; i < pts.length; i++) {
      const b = pts[i]!;
      if (now < b.at) {
        const a = pts[i - 1]!;
        const f = (now - a.at) / (b.at - a.at);
        return wrap(a.angle + wrap(b.angle - a.angle) * f);
      }
    }
    return pts.at(-1)!.angle;
  }

  /** Whether the display is still moving at `now` (the renderer keeps drawing frames until it is not). */
  moving(now: number): boolean {
    const last = this.points.at(-1);
    return !!last && now < last.at;
  }

  clear(): void {
    this.points = [];
  }
}
