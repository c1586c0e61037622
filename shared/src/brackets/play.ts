// Playing a bracket: which matches can start, marking one live, reporting and correcting results.
// Every function returns a new Bracket (the input is never changed) or throws a coded BracketError.
// A report is idempotent by match id: the same result again returns the bracket unchanged, a
// different one is refused, so a retried or stale report can never advance anything twice.
import { findMatch, resolve } from './resolve.ts';
import { BracketError, type Bracket, type BracketMatch, type MatchResult, type ResultInput } from './types.ts';

/** Matches whose two players are known and that nobody has started or decided: what can be played now. */
export function readyMatches(b: Bracket): BracketMatch[] {
  return b.matches.filter((m) => m.status === 'ready');
}

/** Every match is decided or will never be played. */
export function isComplete(b: Bracket): boolean {
  return b.matches.every((m) => m.status === 'done' || m.status === 'skipped');
}

/** Marks a ready match live (its table has started). Idempotent for a live match. */
export function startMatch(b: Bracket, matchId: string): Bracket {
  const m = findMatch(b, matchId);
  if (m.status === 'live') return b;
  if (m.status !== 'ready') refuse(m);
  return { ...b, matches: replaced(b, matchId, { live: true, status: 'live' }) };
}

/**
 * Records the result of a ready or live match and advances its players. The same result reported
 * again returns b itself; a different result for a decided match throws already_reported (a host uses
 * correctResult); a match whose players are not both known throws not_ready.
 */
export function reportResult(b: Bracket, matchId: string, input: ResultInput): Bracket {
  const m = findMatch(b, matchId);
  if (m.status === 'done' && m.result!.outcome !== 'bye') {
    const again = toResult(m, input);
    if (sameResult(again, m.result!)) return b;
    throw new BracketError('already_reported', `match ${m.id} already has a result; a host may correct it`);
  }
  if (m.status !== 'ready' && m.status !== 'live') refuse(m);
  return withResult(b, m.id, toResult(m, input));
}

/**
 * A host's correction of a decided match. Allowed while it changes no match that has started: the
 * bracket is rebuilt with the new result and every other match that was live or decided (byes aside)
 * must keep its players and status, otherwise dependent_started. So a score-only correction is always
 * accepted, and a changed winner is accepted until the match the players went on to has started.
 */
export function correctResult(b: Bracket, matchId: string, input: ResultInput): Bracket {
  const m = findMatch(b, matchId);
  if (m.status !== 'done' || m.result!.outcome === 'bye') {
    if (m.status === 'done' || m.status === 'skipped') refuse(m);
    throw new BracketError('not_reported', `match ${m.id} has no result to correct`);
  }
  const corrected = toResult(m, input);
  if (sameResult(corrected, m.result!)) return b;
  const next = withResult(b, m.id, corrected);
  next.matches.forEach((after, i) => {
    const before = b.matches[i]!;
    const started = before.status === 'live' || (before.status === 'done' && before.result!.outcome !== 'bye');
    if (before.id === m.id || !started) return;
    const same = after.status === before.status && after.slots.every((s, k) => s.playerId === before.slots[k]!.playerId);
    if (!same) throw new BracketError('dependent_started', `correcting ${m.id} would change ${before.id}, which has already started`);
  });
  return next;
}

function withResult(b: Bracket, matchId: string, result: MatchResult): Bracket {
  return resolve({ ...b, matches: replaced(b, matchId, { result, live: false }) }, [matchId]);
}

function replaced(b: Bracket, matchId: string, change: Partial<BracketMatch>): BracketMatch[] {
  return b.matches.map((x) => (x.id === matchId ? { ...x, ...change } : x));
}

function refuse(m: BracketMatch): never {
  if (m.status === 'pending') throw new BracketError('not_ready', `match ${m.id} is waiting for its players`);
  if (m.status === 'skipped' || m.result?.outcome === 'bye') throw new BracketError('not_playable', `match ${m.id} is a bye or will not be played`);
  throw new BracketError('already_reported', `match ${m.id} is already decided`);
}

/** Validates a report against the match: the winner is one of its players; scores are whole racks, the winner's reaching the race and the loser's short of it; a walkover's (default 0–0) both short of it. */
function toResult(m: BracketMatch, input: ResultInput): MatchResult {
  if (typeof input !== 'object' || input === null) throw new BracketError('bad_score', 'a result must be an object');
  const players = m.slots.map((s) => s.playerId);
  const w = players.indexOf(input.winner);
  if (typeof input.winner !== 'string' || w < 0) throw new BracketError('bad_winner', `${String(input.winner)} does not play in match ${m.id}`);
  if (input.walkover !== undefined && typeof input.walkover !== 'boolean') throw new BracketError('bad_score', 'walkover must be a boolean');
  const walkover = input.walkover === true;
  const score = input.score ?? (walkover ? [0, 0] : undefined);
  if (!Array.isArray(score) || score.length !== 2 || !score.every((x) => Number.isInteger(x) && x >= 0)) {
    throw new BracketError('bad_score', `match ${m.id} needs a score of two whole rack counts`);
  }
  const [won, lost] = [score[w]!, score[1 - w]!];
  const ok = walkover ? won < m.raceTo && lost < m.raceTo : won === m.raceTo && lost < m.raceTo;
  if (!ok) {
    throw new BracketError('bad_score', walkover
      ? `a walkover in a race to ${m.raceTo} ends before either player reaches ${m.raceTo}`
      : `match ${m.id} is a race to ${m.raceTo}: the winner has ${m.raceTo}, the loser fewer`);
  }
  return { winnerId: input.winner, loserId: players[1 - w]!, score: [score[0]!, score[1]!], outcome: walkover ? 'walkover' : 'played' };
}

function sameResult(a: MatchResult, b: MatchResult): boolean {
  return a.winnerId === b.winnerId && a.outcome === b.outcome && a.score[0] === b.score[0] && a.score[1] === b.score[1];
}
