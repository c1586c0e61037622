// The table engine: one match's authoritative progress as pure functions of plain JSON data. The match
// room calls these for every intent (and the replay viewer and the restore path reuse them): strike →
// simulate → summarize → judge → apply the ruling to the balls (re-spots, re-racks, ball in hand) →
// advance the match (score, next rack). No IO, no clock, no unseeded randomness: racks are shuffled by
// a seed derived from the match id and the rack, so a restored match re-racks exactly as it would have.
import type { RackRecord, ShotRecord } from '../achievements/achievements.ts';
import { recordShot, type FinishedMatch } from '../achievements/achievements.ts';
import { canPlaceBall, rack, spotBall } from '../physics/rack.ts';
import { simulate } from '../physics/simulate.ts';
import { strike } from '../physics/strike.ts';
import { standardTable, type Table, type TableSize } from '../physics/table.ts';
import type { BallState, ShotResult } from '../physics/types.ts';
import { ProtocolError, type ShotIntent } from '../protocol/index.ts';
import { choose, concede, judge, shotProblem, timeFoul } from '../rules/game.ts';
import { applyRuling, createMatch, forfeitMatch, nextRack, type BreakRule, type MatchState } from '../rules/match.ts';
import { summarize } from '../rules/summary.ts';
import { RuleError, type GameKind, type Ruling, type Seat, type ShotSummary } from '../rules/types.ts';

export type RestingBall = { id: number; x: number; y: number; pocketed: boolean };

export type TableSnapshot = {
  v: 1;
  matchId: string;
  tableSize: TableSize;
  match: MatchState;
  balls: RestingBall[];
  /** Actions applied so far (shots, placements, choices, time fouls, concessions). */
  seq: number;
  /** Re-racks within the match (3.3(d)/(e) choices and new racks), part of the rack seed. */
  rackCount: number;
  /** Judged shots of the rack in play, for achievements. */
  rackShots: ShotRecord[];
  /** Finished racks with their shots. */
  racks: RackRecord[];
};

export type ShotOutcome = {
  snapshot: TableSnapshot;
  result: ShotResult;
  start: BallState[];
  stroke: { angle: number; speed: number; side: number; vertical: number; miscue: boolean };
  summary: ShotSummary;
  ruling: Ruling;
};

export type RulingOutcome = { snapshot: TableSnapshot; ruling: Ruling };

const tables: Partial<Record<TableSize, Table>> = {};
export function tableOf(size: TableSize): Table {
  return (tables[size] ??= standardTable(size));
}

/** FNV-1a over the match id and counters: a deterministic rack seed. */
export function rackSeed(matchId: string, n: number): number {
  let h = 0x811c9dc5;
  const s = `${matchId}#${n}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h || 1;
}

function resting(balls: readonly BallState[]): RestingBall[] {
  return balls.map((b) => ({ id: b.id, x: b.x, y: b.y, pocketed: !!b.pocketed }));
}

/** A free spot for the cue ball near (x, y): the point itself, else rings around it. */
function freeSpotNear(table: Table, balls: readonly RestingBall[], x: number, y: number, area: 'table' | 'kitchen'): { x: number; y: number } {
  if (canPlaceBall(table, balls, x, y, area).ok) return { x, y };
  const step = table.ballRadius;
  for (let ring = 1; ring < 60; ring++) {
    for (let k = 0; k < 8 * ring; k++) {
      const a = (2 * Math.PI * k) / (8 * ring);
      const px = x + Math.cos(a) * ring * step;
      const py = y + Math.sin(a) * ring * step;
      if (canPlaceBall(table, balls, px, py, area).ok) return { x: px, y: py };
    }
  }
  return { x, y };
}

function freshRack(s: TableSnapshot, game: GameKind): RestingBall[] {
  const table = tableOf(s.tableSize);
  return resting(rack(game, rackSeed(s.matchId, s.rackCount), table));
}

/** A pocketed cue ball with ball in hand comes back to the head spot (or the nearest free place). */
function returnCueBall(s: TableSnapshot): RestingBall[] {
  const inHand = s.match.current.ballInHand;
  const cue = s.balls.find((b) => b.id === 0);
  if (!cue || !cue.pocketed || !inHand) return s.balls;
  const table = tableOf(s.tableSize);
  const spot = freeSpotNear(table, s.balls, table.headSpot.x, table.headSpot.y, inHand);
  return s.balls.map((b) => (b.id === 0 ? { id: 0, x: spot.x, y: spot.y, pocketed: false } : b));
}

export function newTable(o: {
  matchId: string;
  game: GameKind;
  players: [string, string];
  raceTo: number;
  breakRule?: BreakRule;
  breaker?: Seat;
  callAllShots?: boolean;
  tableSize?: TableSize;
}): TableSnapshot {
  const match = createMatch({
    game: o.game,
    players: o.players,
    raceTo: o.raceTo,
    breakRule: o.breakRule ?? 'alternate',
    breaker: o.breaker ?? 0,
    gameOptions: o.callAllShots ? { callAllShots: true } : {},
  });
  const s: TableSnapshot = { v: 1, matchId: o.matchId, tableSize: o.tableSize ?? '9ft', match, balls: [], seq: 0, rackCount: 0, rackShots: [], racks: [] };
  s.balls = freshRack(s, o.game);
  return s;
}

function requireTurn(s: TableSnapshot, seat: Seat, what: string) {
  if (s.match.winner !== null) throw new ProtocolError('wrong_phase', 'the match is over');
  if (s.match.current.turn !== seat) throw new ProtocolError('not_your_turn', `it is not your turn to ${what}`);
}

/** Applies a ruling's consequences to the balls and the match; starts the next rack when one ends. */
function settle(s: TableSnapshot, before: TableSnapshot['match']['current'], summary: ShotSummary | null, ruling: Ruling, balls: RestingBall[], judged: boolean): TableSnapshot {
  const table = tableOf(s.tableSize);
  let next: TableSnapshot = { ...s, balls, seq: s.seq + 1, rackShots: judged ? [...s.rackShots, recordShot(before, summary, ruling)] : s.rackShots };
  for (const id of ruling.respot ?? []) next.balls = resting(spotBall(table, next.balls, id));
  if (ruling.rerack) {
    next.rackCount += 1;
    next.balls = freshRack(next, s.match.game);
  }
  next.match = applyRuling(next.match, ruling);
  if (ruling.rackOver && ruling.winner !== null) {
    next.racks = [...next.racks, { breaker: ruling.state.breaker, winner: ruling.winner, shots: next.rackShots }];
    next.rackShots = [];
    if (next.match.winner === null) {
      next.match = nextRack(next.match);
      next.rackCount += 1;
      next.balls = freshRack(next, s.match.game);
    }
  }
  next.balls = returnCueBall(next);
  return next;
}

export function applyShot(s: TableSnapshot, seat: Seat, intent: ShotIntent): ShotOutcome {
  requireTurn(s, seat, 'shoot');
  const state = s.match.current;
  if (state.pending) throw new ProtocolError('wrong_phase', `choose first: ${state.pending.options.join(' or ')}`);
  // Refused before simulating: a push out where none is allowed, safety where nothing is called, a
  // shot after the break with neither a call nor safety where every shot is called (10-ball 9.5).
  const problem = shotProblem(state, intent);
  if (problem) throw new ProtocolError('rule_violation', problem.message);
  if (intent.called && !state.onTable.includes(intent.called.ball)) throw new ProtocolError('rule_violation', `ball ${intent.called.ball} is not on the table`);
  const cue = s.balls.find((b) => b.id === 0);
  if (!cue || cue.pocketed) throw new ProtocolError('wrong_phase', 'the cue ball is not on the table: place it first');
  const table = tableOf(s.tableSize);
  const hit = strike({ angle: intent.angle, speed: intent.speed, side: intent.side ?? 0, vertical: intent.vertical ?? 0 });
  const start: BallState[] = s.balls.map((b) =>
    b.id === 0 ? { id: 0, x: b.x, y: b.y, vx: hit.vx, vy: hit.vy, wx: hit.wx, wy: hit.wy, wz: hit.wz } : { id: b.id, x: b.x, y: b.y, pocketed: b.pocketed },
  );
  const result = simulate({ table, balls: start });
  const summary = summarize(result, start, { called: intent.called, pushOut: intent.pushOut, safety: intent.safety });
  let ruling: Ruling;
  try {
    ruling = judge(state, summary);
  } catch (e) {
    if (e instanceof RuleError) throw new ProtocolError('rule_violation', e.message);
    throw e;
  }
  const snapshot = settle(s, state, summary, ruling, resting(result.balls), true);
  return {
    snapshot,
    result,
    start,
    stroke: { angle: intent.angle, speed: intent.speed, side: intent.side ?? 0, vertical: intent.vertical ?? 0, miscue: !!hit.miscue },
    summary,
    ruling,
  };
}

export function applyPlace(s: TableSnapshot, seat: Seat, x: number, y: number): TableSnapshot {
  requireTurn(s, seat, 'place the cue ball');
  const state = s.match.current;
  if (state.pending) throw new ProtocolError('wrong_phase', `choose first: ${state.pending.options.join(' or ')}`);
  if (!state.ballInHand) throw new ProtocolError('wrong_phase', 'you do not have ball in hand');
  const ok = canPlaceBall(tableOf(s.tableSize), s.balls, x, y, state.ballInHand);
  if (!ok.ok) throw new ProtocolError('bad_placement', ok.reason + (state.ballInHand === 'kitchen' ? ' (ball in hand behind the head string)' : ''));
  return { ...s, seq: s.seq + 1, balls: s.balls.map((b) => (b.id === 0 ? { id: 0, x, y, pocketed: false } : b)) };
}

function ruled(s: TableSnapshot, f: () => Ruling): Ruling {
  try {
    return f();
  } catch (e) {
    if (e instanceof RuleError) throw new ProtocolError(e.code === 'option-not-offered' || e.code === 'push-out-unavailable' ? 'rule_violation' : 'wrong_phase', e.message);
    throw e;
  }
}

export function applyChoose(s: TableSnapshot, seat: Seat, option: string): RulingOutcome {
  if (s.match.winner !== null) throw new ProtocolError('wrong_phase', 'the match is over');
  const pending = s.match.current.pending;
  if (!pending) throw new ProtocolError('wrong_phase', 'there is no choice to make');
  if (pending.player !== seat) throw new ProtocolError('not_your_turn', 'the choice is your opponent\'s');
  if (!pending.options.includes(option as never)) throw new ProtocolError('rule_violation', `option must be one of: ${pending.options.join(', ')}`);
  const before = s.match.current;
  const ruling = ruled(s, () => choose(before, seat, option));
  return { snapshot: settle(s, before, null, ruling, s.balls, false), ruling };
}

/** The shot clock ran out on the player to act. */
export function applyTimeout(s: TableSnapshot): RulingOutcome {
  if (s.match.winner !== null) throw new ProtocolError('wrong_phase', 'the match is over');
  const before = s.match.current;
  const ruling = ruled(s, () => timeFoul(before));
  return { snapshot: settle(s, before, null, ruling, s.balls, true), ruling };
}

/** `seat` concedes the current rack (WPA 1.x: conceding loses the rack). */
export function applyConcedeRack(s: TableSnapshot, seat: Seat): RulingOutcome {
  if (s.match.winner !== null) throw new ProtocolError('wrong_phase', 'the match is over');
  const before = s.match.current;
  const ruling = ruled(s, () => concede(before, seat));
  return { snapshot: settle(s, before, null, ruling, s.balls, false), ruling };
}

/** `seat` forfeits the whole match (concession of the match, or gone past the reconnection window). */
export function applyForfeit(s: TableSnapshot, seat: Seat): TableSnapshot {
  if (s.match.winner !== null) throw new ProtocolError('wrong_phase', 'the match is over');
  return { ...s, seq: s.seq + 1, match: forfeitMatch(s.match, seat) };
}

/** The finished match as the achievements need it, or null while it is being played. */
export function finishedMatch(s: TableSnapshot): FinishedMatch | null {
  if (s.match.winner === null) return null;
  return { game: s.match.game, raceTo: s.match.raceTo, players: s.match.players, winner: s.match.winner, forfeit: s.match.forfeit, racks: s.racks };
}
