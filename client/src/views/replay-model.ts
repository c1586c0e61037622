// A finished (or running) match's shot log from GET /api/matches/:id, turned into replayable steps:
// each action's starting positions are the resting positions after the one before (the first starts
// from the match's first rack, re-dealt from its seed), and a shot's stroke is re-struck and
// re-simulated with the shared physics. Pure: the replay view animates the result.
import { rackSeed } from '@dojopool/shared/match/engine.ts';
import { rack } from '@dojopool/shared/physics/rack.ts';
import { strike } from '@dojopool/shared/physics/strike.ts';
import type { Table } from '@dojopool/shared/physics/table.ts';
import type { ShotMessage } from '@dojopool/shared/protocol/index.ts';
import type { BallPose } from './shot-animation.ts';

export type ReplayAction = {
  seq: number;
  rack: number;
  seat: number;
  kind: string;
  intent: { angle?: number; speed?: number; side?: number; vertical?: number; x?: number; y?: number; option?: string } | null;
  ruling: { foul?: string | null; reason?: string } | null;
  balls: BallPose[];
};
export type ReplayMatch = {
  id: string;
  game: '8ball' | '9ball';
  players: { seat: number; name: string }[];
  score: number[];
  winner: number | null;
  reason: string | null;
  shots: ReplayAction[];
};

/** Resting positions before action `i`. */
export function positionsBefore(m: Pick<ReplayMatch, 'id' | 'game' | 'shots'>, i: number, table: Table): BallPose[] {
  if (i > 0) return m.shots[i - 1]!.balls.map((b) => ({ id: b.id, x: b.x, y: b.y, pocketed: !!b.pocketed }));
  return rack(m.game, rackSeed(m.id, 0), table).map((b) => ({ id: b.id, x: b.x, y: b.y, pocketed: !!b.pocketed }));
}

/** The `shot` broadcast the room sent for action `i` (a shot), rebuilt from the log; null for other actions. */
export function shotMessageAt(m: Pick<ReplayMatch, 'id' | 'game' | 'shots'>, i: number, table: Table): Pick<ShotMessage, 'seq' | 'start' | 'duration'> | null {
  const a = m.shots[i];
  if (!a || a.kind !== 'shot' || !a.intent || typeof a.intent.angle !== 'number' || typeof a.intent.speed !== 'number') return null;
  const hit = strike({ angle: a.intent.angle, speed: a.intent.speed, side: a.intent.side ?? 0, vertical: a.intent.vertical ?? 0 });
  const start = positionsBefore(m, i, table).map((b) =>
    b.id === 0 ? { id: 0, x: b.x, y: b.y, vx: hit.vx, vy: hit.vy, wx: hit.wx, wy: hit.wy, wz: hit.wz } : { id: b.id, x: b.x, y: b.y, ...(b.pocketed ? { pocketed: true } : {}) },
  );
  return { seq: a.seq, start, duration: 0 };
}
