// Replays a shot the server broadcast: the client re-runs the same deterministic solver from the
// message's `start` (positions plus the cue ball's initial velocity and spin) and samples at(t) at
// display frame rate. Pure (no DOM, no clock): the view passes elapsed time in. After the last frame
// the view shows the authoritative synced state, so any drift would last one frame at most.
import { simulate } from '@dojopool/shared/physics/simulate.ts';
import type { Table } from '@dojopool/shared/physics/table.ts';
import type { BallState, ShotResult } from '@dojopool/shared/physics/types.ts';
import type { ShotMessage } from '@dojopool/shared/protocol/index.ts';

export type BallPose = { id: number; x: number; y: number; pocketed: boolean };

export type ShotAnimation = {
  seq: number;
  /** Simulated seconds until every ball is at rest (the re-simulation's, not the message's). */
  duration: number;
  /** Ball positions `t` seconds into the shot (clamped to [0, duration]). */
  at(t: number): BallPose[];
  /** Where the balls come to rest. */
  final(): BallPose[];
};

/** Builds the animation for a `shot` broadcast on `table`. */
export function animateShot(msg: Pick<ShotMessage, 'seq' | 'start' | 'duration'>, table: Table): ShotAnimation {
  const start: BallState[] = msg.start.map((b) => ({ ...b }));
  const result: ShotResult = simulate({ table, balls: start });
  const duration = Number.isFinite(result.duration) ? result.duration : msg.duration;
  const pose = (bs: BallState[]): BallPose[] => bs.map((b) => ({ id: b.id, x: b.x, y: b.y, pocketed: !!b.pocketed }));
  return {
    seq: msg.seq,
    duration,
    at(t: number) {
      const tt = t <= 0 ? 0 : t >= duration ? duration : t;
      return tt >= duration ? pose(result.balls) : pose(result.at(tt));
    },
    final: () => pose(result.balls),
  };
}

/**
 * Playback clock: wall-clock milliseconds since the animation began → simulated seconds, at
 * `speed` × real time. Returns the time and whether the animation is over.
 */
export function playbackTime(elapsedMs: number, duration: number, speed = 1): { t: number; done: boolean } {
  const t = Math.max(0, (elapsedMs / 1000) * speed);
  return t >= duration ? { t: duration, done: true } : { t, done: false };
}
