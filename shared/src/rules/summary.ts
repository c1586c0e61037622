// Shot summary: turns a physics ShotResult into the facts the rules need (first contact 6.2,
// pocketed balls, rail after contact 6.3, object balls to a rail on the break 2.3/3.3, off-table
// 6.5), and validates a summary against the table before judge trusts it.
import type { BallState, PhysicsEvent, PocketId, ShotResult } from '../physics/types.ts';
import { gameDef } from './registry.ts';
import { CUE_BALL, POCKET_IDS, RuleError, type GameKind, type ShotSummary } from './types.ts';

export function isPocketId(p: unknown): p is PocketId {
  return typeof p === 'string' && (POCKET_IDS as readonly string[]).includes(p);
}

const isBallId = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/**
 * Summarise a simulated shot. `before` is the table before the shot (balls with pocketed !== true
 * are on it); events naming a ball not on the table, or a pocket that is not a PocketId, are a
 * RuleError. Events are read in time order (stable for equal t).
 */
export function summarize(
  result: ShotResult,
  before: BallState[],
  extra?: { called?: { ball: number; pocket: PocketId }; pushOut?: boolean; safety?: boolean },
): ShotSummary {
  if (!result || !Array.isArray(result.events)) throw new RuleError('bad-result', 'ShotResult has no events array');
  const present = new Set(before.filter((b) => !b.pocketed).map((b) => b.id));
  if (!present.has(CUE_BALL)) throw new RuleError('bad-result', 'cue ball (id 0) is not on the table before the shot');
  const known = (id: unknown, e: PhysicsEvent) => {
    if (!isBallId(id) || !present.has(id)) {
      throw new RuleError('bad-result', `event at t=${e.t} names ball ${String(id)}, which is not on the table`);
    }
  };
  const events = result.events.map((e, i) => ({ e, i })).sort((x, y) => x.e.t - y.e.t || x.i - y.i).map((x) => x.e);

  let firstContact: number | null = null;
  let contactT = Infinity;
  const pocketed: { ball: number; pocket: PocketId }[] = [];
  const down = new Set<number>();
  const railed = new Set<number>();
  for (const e of events) {
    if (e.type === 'ball') {
      known(e.a, e);
      known(e.b, e);
      if (firstContact === null && (e.a === CUE_BALL || e.b === CUE_BALL)) {
        firstContact = e.a === CUE_BALL ? (e.b as number) : e.a;
        contactT = e.t;
      }
    } else if (e.type === 'pocket') {
      known(e.a, e);
      if (!isPocketId(e.pocket)) throw new RuleError('bad-result', `pocket event at t=${e.t} has invalid pocket ${String(e.pocket)}`);
      if (!down.has(e.a)) {
        down.add(e.a);
        pocketed.push({ ball: e.a, pocket: e.pocket });
      }
    } else if (e.type === 'cushion') {
      known(e.a, e);
      if (e.a !== CUE_BALL) railed.add(e.a);
    }
  }
  // "After the first contact": cushion events at or after the contact time (jaw hits included).
  const cushionAfterContact =
    firstContact !== null && events.some((e) => e.type === 'cushion' && e.t >= contactT);
  const summary: ShotSummary = {
    firstContact,
    pocketed,
    cushionAfterContact,
    objectBallsToCushion: railed.size,
    cueBallOffTable: false,
    ballsOffTable: [],
  };
  if (extra?.called) summary.called = { ball: extra.called.ball, pocket: extra.called.pocket };
  if (extra?.pushOut) summary.pushOut = true;
  if (extra?.safety) summary.safety = true;
  return summary;
}

/**
 * Throws RuleError unless `shot` is a well-formed summary for a table holding `onTable` object
 * balls (plus the cue ball) in `game`. Checks shapes, id ranges and presence on the table, pockets,
 * duplicates and counts. Physically odd but well-typed combinations (a rail "after contact" with no
 * contact; objectBallsToCushion above the balls left, as a careless caller might send) are not
 * rejected: judge rules on them (no contact is a 6.2 foul whatever else the summary says).
 */
export function validateSummary(shot: unknown, game: GameKind, onTable: readonly number[]): asserts shot is ShotSummary {
  const bad = (code: string, msg: string): never => {
    throw new RuleError(code, `invalid shot summary: ${msg}`);
  };
  if (typeof shot !== 'object' || shot === null) bad('bad-summary', 'not an object');
  const s = shot as Record<string, unknown>;
  const max = gameDef(game).balls; // RuleError('bad-game') for an unknown kind
  const table = new Set(onTable);
  const objectBall = (v: unknown, field: string): number => {
    if (!isBallId(v) || v < 1 || v > max) bad('bad-ball', `${field} must be an object ball id 1..${max}, got ${JSON.stringify(v)}`);
    if (!table.has(v as number)) bad('not-on-table', `${field} ball ${v} is not on the table`);
    return v as number;
  };

  if (s.firstContact !== null) objectBall(s.firstContact, 'firstContact');
  if (!Array.isArray(s.pocketed)) bad('bad-summary', 'pocketed must be an array');
  const seen = new Set<number>();
  for (const p of s.pocketed as unknown[]) {
    if (typeof p !== 'object' || p === null) bad('bad-summary', 'pocketed entries must be { ball, pocket }');
    const { ball, pocket } = p as { ball: unknown; pocket: unknown };
    if (ball !== CUE_BALL) objectBall(ball, 'pocketed');
    if (!isPocketId(pocket)) bad('bad-pocket', `pocket ${JSON.stringify(pocket)} is not one of ${POCKET_IDS.join(', ')}`);
    if (seen.has(ball as number)) bad('duplicate-ball', `ball ${ball} pocketed twice`);
    seen.add(ball as number);
  }
  if (typeof s.cushionAfterContact !== 'boolean') bad('bad-summary', 'cushionAfterContact must be a boolean');
  const n = s.objectBallsToCushion;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) bad('bad-count', 'objectBallsToCushion must be a non-negative integer');
  if (s.cueBallOffTable !== undefined && typeof s.cueBallOffTable !== 'boolean') bad('bad-summary', 'cueBallOffTable must be a boolean');
  if (s.cueBallOffTable && seen.has(CUE_BALL)) bad('bad-summary', 'cue ball both pocketed and off the table');
  if (s.ballsOffTable !== undefined) {
    if (!Array.isArray(s.ballsOffTable)) bad('bad-summary', 'ballsOffTable must be an array');
    const off = new Set<number>();
    for (const b of s.ballsOffTable as unknown[]) {
      if (b === CUE_BALL) bad('bad-ball', 'ballsOffTable holds object balls only; use cueBallOffTable for the cue ball');
      objectBall(b, 'ballsOffTable');
      if (off.has(b as number)) bad('duplicate-ball', `ball ${b} off the table twice`);
      if (seen.has(b as number)) bad('duplicate-ball', `ball ${b} both pocketed and off the table`);
      off.add(b as number);
    }
  }
  if (s.called !== undefined) {
    if (typeof s.called !== 'object' || s.called === null) bad('bad-summary', 'called must be { ball, pocket }');
    const c = s.called as { ball: unknown; pocket: unknown };
    objectBall(c.ball, 'called');
    if (!isPocketId(c.pocket)) bad('bad-pocket', `called pocket ${JSON.stringify(c.pocket)} is not one of ${POCKET_IDS.join(', ')}`);
  }
  if (s.pushOut !== undefined && typeof s.pushOut !== 'boolean') bad('bad-summary', 'pushOut must be a boolean');
  if (s.safety !== undefined && typeof s.safety !== 'boolean') bad('bad-summary', 'safety must be a boolean');
}
