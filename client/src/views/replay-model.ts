// A finished (or running) match's shot log from GET /api/matches/:id, turned into replayable steps:
// each action's starting positions are the resting positions stored after the one before (the first
// action is the room's record of the opening rack, positions included; only a log without it has its
// rack re-dealt from the seed), and a shot's stroke is re-struck and re-simulated with the shared
// physics. Any game the registry knows replays the same way. Pure: the replay view animates the result.
import { rackSeed } from '@dojopool/shared/match/engine.ts';
import { rack } from '@dojopool/shared/physics/rack.ts';
import { strike } from '@dojopool/shared/physics/strike.ts';
import type { Table } from '@dojopool/shared/physics/table.ts';
import type { PocketId } from '@dojopool/shared/physics/types.ts';
import type { ShotMessage } from '@dojopool/shared/protocol/index.ts';
import type { GameKind } from '@dojopool/shared/rules/types.ts';
import { optionLabel, pocketName } from './choices.ts';

/** A ball at rest as the replay shows it. */
export type BallPose = { id: number; x: number; y: number; pocketed: boolean };

export type ReplayAction = {
  seq: number;
  rack: number;
  seat: number;
  kind: string;
  intent: {
    angle?: number; speed?: number; side?: number; vertical?: number; x?: number; y?: number; option?: string;
    called?: { ball: number; pocket: PocketId } | null; safety?: boolean; pushOut?: boolean; start?: boolean;
  } | null;
  ruling: { foul?: string | null; reason?: string } | null;
  /** Resting positions after the action, as stored (a ball on the table may omit `pocketed`). */
  balls: { id: number; x: number; y: number; pocketed?: boolean }[];
};
export type ReplayMatch = {
  id: string;
  game: GameKind;
  players: { seat: number; name: string }[];
  score: number[];
  winner: number | null;
  reason: string | null;
  shots: ReplayAction[];
};

const pose = (bs: readonly { id: number; x: number; y: number; pocketed?: boolean }[]): BallPose[] => bs.map((b) => ({ id: b.id, x: b.x, y: b.y, pocketed: !!b.pocketed }));

/** The room's record of the opening rack: the first action, a placement marked `start`, with the positions as racked. */
export function isOpeningRack(a: ReplayAction | undefined): boolean {
  return !!a && a.kind === 'place' && a.intent?.start === true && a.balls.length > 0;
}

/** Resting positions before action `i`. */
export function positionsBefore(m: Pick<ReplayMatch, 'id' | 'game' | 'shots'>, i: number, table: Table): BallPose[] {
  if (i > 0) return pose(m.shots[i - 1]!.balls);
  if (isOpeningRack(m.shots[0])) return pose(m.shots[0]!.balls);
  return pose(rack(m.game, rackSeed(m.id, 0), table));
}

/** One line for an action: what was done, with the call, safety or push out declared with a shot. */
export function describeAction(a: ReplayAction): string {
  if (isOpeningRack(a)) return 'opening rack';
  const i = a.intent;
  if (a.kind === 'shot') {
    if (i?.pushOut) return 'shot · push out';
    if (i?.safety) return 'shot · safety';
    if (i?.called) return `shot · called the ${i.called.ball} in the ${pocketName(i.called.pocket)}`;
    return 'shot';
  }
  if (a.kind === 'place') return 'cue ball placed';
  if (a.kind === 'choose' && i?.option) return `chose: ${optionLabel(i.option)}`;
  return a.kind;
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
