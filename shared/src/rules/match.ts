// Match format: a race to N racks of one game, breaks alternating or winner breaks, the score per
// seat, and the rules' state carried between racks (a fresh GameState per rack, so 9-ball's
// consecutive fouls (6.14) and 8-ball groups reset; only the breaker carries over per breakRule).
// Plain JSON data; the room applies every Ruling it gets from judge/choose/timeFoul/concede.
import { other } from './common.ts';
import { createGame } from './game.ts';
import { RuleError, type GameKind, type GameOptions, type GameState, type Ruling, type Seat } from './types.ts';

export type BreakRule = 'alternate' | 'winner';

export type MatchState = {
  game: GameKind;
  players: [string, string];
  raceTo: number;
  breakRule: BreakRule;
  gameOptions: Partial<GameOptions>;
  /** Racks won per seat. */
  score: [number, number];
  /** Current rack number, 1-based. */
  rack: number;
  /** Who was scheduled to break the current rack (a 3.3(d) re-rack may change who actually breaks). */
  rackBreaker: Seat;
  /** The current rack's rules state. */
  current: GameState;
  /** Finished racks: who broke (last actual breaker) and who won. */
  racks: { breaker: Seat; winner: Seat }[];
  winner: Seat | null;
  /** The match ended by forfeit (forfeitMatch) rather than by the race. */
  forfeit: boolean;
};

export function createMatch(o: {
  game: GameKind;
  players: [string, string];
  raceTo: number;
  breakRule: BreakRule;
  breaker?: Seat;
  gameOptions?: Partial<GameOptions>;
}): MatchState {
  if (!Number.isInteger(o.raceTo) || o.raceTo < 1) throw new RuleError('bad-race', 'raceTo must be a positive integer');
  if (o.breakRule !== 'alternate' && o.breakRule !== 'winner') throw new RuleError('bad-break-rule', "breakRule must be 'alternate' or 'winner'");
  const breaker = o.breaker ?? 0;
  const gameOptions = { ...(o.gameOptions ?? {}) };
  return {
    game: o.game,
    players: [o.players[0], o.players[1]],
    raceTo: o.raceTo,
    breakRule: o.breakRule,
    gameOptions,
    score: [0, 0],
    rack: 1,
    rackBreaker: breaker,
    current: createGame(o.game, o.players, { ...gameOptions, breaker }),
    racks: [],
    winner: null,
    forfeit: false,
  };
}

/** Record a ruling for the current rack; scores the rack when it ends and decides the match at raceTo. */
export function applyRuling(match: MatchState, ruling: Ruling): MatchState {
  if (match.winner !== null) throw new RuleError('match-over', 'the match is over');
  if (match.current.rackOver) throw new RuleError('rack-over', 'the rack is already over; call nextRack');
  const m: MatchState = { ...match, score: [match.score[0], match.score[1]], racks: [...match.racks], current: ruling.state };
  if (ruling.rackOver && ruling.winner !== null) {
    m.score[ruling.winner] += 1;
    m.racks.push({ breaker: ruling.state.breaker, winner: ruling.winner });
    if (m.score[ruling.winner] >= m.raceTo) m.winner = ruling.winner;
  }
  return m;
}

/** Who breaks the next rack under the match's break rule. */
export function nextBreaker(match: MatchState): Seat {
  const last = match.racks[match.racks.length - 1];
  if (!last) return match.rackBreaker;
  return match.breakRule === 'winner' ? last.winner : other(match.rackBreaker);
}

/** Start the next rack after one ended (the room re-racks). */
export function nextRack(match: MatchState): MatchState {
  if (match.winner !== null) throw new RuleError('match-over', 'the match is over');
  if (!match.current.rackOver) throw new RuleError('rack-not-over', 'the current rack is still being played');
  const breaker = nextBreaker(match);
  return {
    ...match,
    score: [match.score[0], match.score[1]],
    racks: [...match.racks],
    rack: match.rack + 1,
    rackBreaker: breaker,
    current: createGame(match.game, match.players, { ...match.gameOptions, breaker }),
  };
}

/** `player` forfeits the whole match (abandonment, disconnect timeout). */
export function forfeitMatch(match: MatchState, player: Seat): MatchState {
  if (match.winner !== null) throw new RuleError('match-over', 'the match is over');
  return { ...match, score: [match.score[0], match.score[1]], racks: [...match.racks], winner: other(player), forfeit: true };
}
