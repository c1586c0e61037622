// Practice drills: each a fixed ladder of stages set up on the practice table, each stage one stroke.
// A run is one stroke per stage, in order; its score is the number of stages made. The set-ups and
// the judging are pure, so the server re-simulates a submitted run with the same physics to store the
// score (the client cannot simply claim one).
//   straight — a straight-in pot into the top-right corner, the object ball ever further out;
//   cut      — the same pocket at a cut of 10° to 50°;
//   position — a straight pot that must also leave the cue ball in a marked zone (stop, draw back,
//              shrinking zones).
import { simulate } from '../physics/simulate.ts';
import { strike } from '../physics/strike.ts';
import { standardTable, type TableSize } from '../physics/table.ts';
import type { BallState, PocketId, Stroke } from '../physics/types.ts';
import { parseShot } from '../protocol/index.ts';
import { PracticeError, type PracticeBall } from './practice.ts';

export const DRILLS = [
  { id: 'straight', label: 'Straight pot at rising distance', stages: 5 },
  { id: 'cut', label: 'Cut at rising angles (10°–50°)', stages: 5 },
  { id: 'position', label: 'Pot and leave the cue ball in the zone', stages: 5 },
] as const;
export type DrillId = (typeof DRILLS)[number]['id'];

export function isDrillId(v: unknown): v is DrillId {
  return typeof v === 'string' && DRILLS.some((d) => d.id === v);
}

export type DrillStage = {
  drill: DrillId;
  stage: number;
  balls: PracticeBall[];
  /** Pot this ball in this pocket. */
  ball: number;
  pocket: PocketId;
  /** Where the cue ball must stop (position drill). */
  zone?: { x: number; y: number; r: number };
};

const POCKET: PocketId = 'TR';

export function drillStage(drill: DrillId, stage: number, tableSize: TableSize = '9ft'): DrillStage {
  const def = DRILLS.find((d) => d.id === drill);
  if (!def) throw new PracticeError(`unknown drill ${JSON.stringify(drill)}`);
  if (!Number.isInteger(stage) || stage < 0 || stage >= def.stages) throw new PracticeError(`stage must be 0–${def.stages - 1}`);
  const table = standardTable(tableSize);
  const R = table.ballRadius;
  const p = table.pockets.find((q) => q.id === POCKET)!;
  const mx = (p.noses[0].x + p.noses[1].x) / 2;
  const my = (p.noses[0].y + p.noses[1].y) / 2;
  // Into the table along the corner's 45° line.
  const dx = -Math.SQRT1_2;
  const dy = -Math.SQRT1_2;
  const at = (d: number) => ({ x: mx + dx * d, y: my + dy * d });
  let obj: { x: number; y: number };
  let cue: { x: number; y: number };
  let zone: DrillStage['zone'];
  if (drill === 'straight') {
    obj = at(R + 0.15 + 0.2 * stage);
    const back = 0.3 + 0.05 * stage;
    cue = { x: obj.x + dx * back, y: obj.y + dy * back };
  } else if (drill === 'cut') {
    obj = at(R + 0.4);
    const ghost = { x: obj.x + dx * 2 * R, y: obj.y + dy * 2 * R };
    const th = ((10 + 10 * stage) * Math.PI) / 180;
    // The cue ball comes in at th to the object ball's line to the pocket.
    const rx = dx * Math.cos(th) - dy * Math.sin(th);
    const ry = dx * Math.sin(th) + dy * Math.cos(th);
    cue = { x: ghost.x + rx * 0.5, y: ghost.y + ry * 0.5 };
  } else {
    obj = at(R + 0.3);
    cue = { x: obj.x + dx * 0.6, y: obj.y + dy * 0.6 };
    const ghost = { x: obj.x + dx * 2 * R, y: obj.y + dy * 2 * R };
    const zones = [
      [0, 0.25],
      [0.3, 0.2],
      [0.5, 0.2],
      [0.3, 0.12],
      [0, 0.1],
    ] as const;
    const [back, r] = zones[stage]!;
    zone = { x: ghost.x + dx * back, y: ghost.y + dy * back, r };
  }
  return {
    drill,
    stage,
    balls: [
      { id: 0, x: cue.x, y: cue.y, pocketed: false },
      { id: 1, x: obj.x, y: obj.y, pocketed: false },
    ],
    ball: 1,
    pocket: POCKET,
    ...(zone ? { zone } : {}),
  };
}

/** Plays one stroke at a stage: made when the ball drops in the pocket, no scratch, the cue ball in any zone. */
export function judgeDrillStroke(s: DrillStage, stroke: Stroke, tableSize: TableSize = '9ft'): { made: boolean; cue: { x: number; y: number; pocketed: boolean } } {
  const st = parseShot({ angle: stroke.angle, speed: stroke.speed, side: stroke.side ?? 0, vertical: stroke.vertical ?? 0 });
  const hit = strike({ angle: st.angle, speed: st.speed, side: st.side ?? 0, vertical: st.vertical ?? 0 });
  const start: BallState[] = s.balls.map((b) => (b.id === 0 ? { id: 0, x: b.x, y: b.y, vx: hit.vx, vy: hit.vy, wx: hit.wx, wy: hit.wy, wz: hit.wz } : { id: b.id, x: b.x, y: b.y }));
  const result = simulate({ table: standardTable(tableSize), balls: start });
  const potted = result.events.some((e) => e.type === 'pocket' && e.a === s.ball && e.pocket === s.pocket);
  const c = result.balls.find((b) => b.id === 0)!;
  const cue = { x: c.x, y: c.y, pocketed: !!c.pocketed };
  const inZone = !s.zone || Math.hypot(cue.x - s.zone.x, cue.y - s.zone.y) <= s.zone.r;
  return { made: potted && !cue.pocketed && inZone, cue };
}

/** A run's score: one stroke per stage in order, the number of stages made. */
export function scoreDrill(drill: DrillId, strokes: readonly Stroke[], tableSize: TableSize = '9ft'): number {
  const def = DRILLS.find((d) => d.id === drill);
  if (!def) throw new PracticeError(`unknown drill ${JSON.stringify(drill)}`);
  if (!Array.isArray(strokes) || strokes.length !== def.stages) throw new PracticeError(`a run of ${drill} is ${def.stages} strokes, one per stage`);
  let made = 0;
  strokes.forEach((stroke, i) => {
    if (judgeDrillStroke(drillStage(drill, i, tableSize), stroke, tableSize).made) made++;
  });
  return made;
}
