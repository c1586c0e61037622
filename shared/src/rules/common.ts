// Helpers shared by the judges: seat arithmetic, state copying, foul wording (6.1–6.5), the Ruling
// builder and what a ruling offers (defect 10), the per-shot bookkeeping, and what the rotation games
// (9-ball, 10-ball) share: their fouls (6.2 lowest ball first, 6.3, the break 2.3/9.3) and the
// three-foul count (6.14). Internal to rules/.
import { CUE_BALL, type FoulCode, type GameState, type OfferedOption, type Ruling, type Seat, type ShotSummary } from './types.ts';

export const other = (p: Seat): Seat => (p === 0 ? 1 : 0);

export function copyState(s: GameState): GameState {
  return {
    ...s,
    players: [s.players[0], s.players[1]],
    options: { ...s.options },
    onTable: [...s.onTable],
    groups: [s.groups[0], s.groups[1]],
    fouls: [s.fouls[0], s.fouls[1]],
    pending: s.pending ? { ...s.pending, options: [...s.pending.options] } : null,
  };
}

export const FOUL_TEXT: Record<FoulCode, string> = {
  scratch: 'cue ball scratched',
  'cue-ball-off-table': 'cue ball off the table',
  'no-contact': 'cue ball hit no object ball',
  'wrong-ball-first': 'wrong ball hit first',
  'no-rail': 'no ball reached a rail after contact',
  'ball-off-table': 'object ball driven off the table',
  'illegal-break': 'illegal break (nothing pocketed and fewer than 4 object balls to a rail)',
  time: 'shot clock expired',
};

export const FOUL_RULE: Record<FoulCode, string> = {
  scratch: '6.1',
  'cue-ball-off-table': '6.1',
  'no-contact': '6.2',
  'wrong-ball-first': '6.2',
  'no-rail': '6.3',
  'ball-off-table': '6.5',
  'illegal-break': '2.3',
  time: '1.5',
};

export function foulText(fouls: FoulCode[]): string {
  return fouls.map((f) => FOUL_TEXT[f]).join(', ');
}

/**
 * What the player to act may do beyond an ordinary shot: the pending choices, else 'push-out' when
 * the next shot may be a push out (2.4, 9.4). Empty when there is only an ordinary shot (or the rack
 * is over). Rooms mirror this list; Ruling.options is the same list.
 */
export function offeredOptions(state: GameState): OfferedOption[] {
  if (state.rackOver) return [];
  if (state.pending) return [...state.pending.options];
  return state.pushOutAvailable ? ['push-out'] : [];
}

/** Finalise a ruling: mirror turn / ball in hand / winner / options from the new state. */
export function ruling(
  state: GameState,
  r: Omit<Ruling, 'state' | 'nextPlayer' | 'ballInHand' | 'rackOver' | 'winner' | 'rule'> & { rule: string },
): Ruling {
  const out: Ruling = {
    state,
    foul: r.foul,
    reason: r.reason,
    rule: r.rule,
    nextPlayer: state.turn,
    ballInHand: state.ballInHand,
    rackOver: state.rackOver,
    winner: state.winner,
  };
  if (r.fouls && r.fouls.length) out.fouls = r.fouls;
  const options = offeredOptions(state);
  if (options.length) out.options = options;
  if (r.respot && r.respot.length) out.respot = r.respot;
  if (r.rerack) out.rerack = true;
  if (r.pushOut) out.pushOut = true;
  if (r.warning) out.warning = r.warning;
  return out;
}

/** End the rack with `winner`. */
export function endRack(s: GameState, winner: Seat): void {
  s.rackOver = true;
  s.winner = winner;
  s.turn = winner;
  s.pending = null;
  s.ballInHand = null;
  s.pushOutAvailable = false;
  s.isBreak = false;
}

export const addBall = (list: number[], b: number): number[] =>
  list.includes(b) ? list : [...list, b].sort((x, y) => x - y);

/**
 * What every shot does to the state whatever the game: object balls pocketed or driven off leave the
 * table, the shot is counted, the break and any ball in hand or pending choice are over; and the cue
 * ball fouls (6.1) that both games share.
 */
export function afterShot(s: GameState, shot: ShotSummary): { next: GameState; objDown: number[]; off: number[]; fouls: FoulCode[] } {
  const objDown = shot.pocketed.filter((p) => p.ball !== CUE_BALL).map((p) => p.ball);
  const off = shot.ballsOffTable ?? [];
  const next = copyState(s);
  next.shotCount += 1;
  next.onTable = s.onTable.filter((b) => !objDown.includes(b) && !off.includes(b));
  next.isBreak = false;
  next.ballInHand = null;
  next.pending = null;
  const fouls: FoulCode[] = [];
  if (shot.pocketed.some((p) => p.ball === CUE_BALL)) fouls.push('scratch');
  if (shot.cueBallOffTable === true) fouls.push('cue-ball-off-table');
  return { next, objDown, off, fouls };
}

/**
 * Record a foul by `me` in `next` (6.14; 10-ball 9.11): returns the warning text when `me` is now on
 * two consecutive fouls, or lost when this is the third.
 */
export function countFoul(s: GameState, next: GameState, me: Seat): { lost: boolean; warning?: string } {
  next.fouls[me] = s.fouls[me] + 1;
  if (next.fouls[me] >= 3) return { lost: true };
  if (next.fouls[me] === 2) {
    return { lost: false, warning: `${s.players[me]} is on two consecutive fouls: a third loses the rack (6.14)` };
  }
  return { lost: false };
}

/**
 * The fouls of a rotation game (9-ball 2.7, 10-ball 9.x) beyond the cue-ball fouls afterShot found:
 * lowest ball first (6.2), a rail after contact (6.3), the break's four balls to a rail (2.3, 9.3),
 * an object ball off the table (6.5). 6.2 and 6.3 are suspended on a push out (2.4, 9.4).
 */
export function rotationFouls(s: GameState, shot: ShotSummary, objDown: number[], off: number[], fouls: FoulCode[]): void {
  if (shot.pushOut !== true) {
    const lowest = Math.min(...s.onTable);
    if (shot.firstContact === null) fouls.push('no-contact');
    else if (shot.firstContact !== lowest) fouls.push('wrong-ball-first');
    if (s.isBreak) {
      if (objDown.length === 0 && shot.objectBallsToCushion < 4) fouls.push('illegal-break');
    } else if (shot.firstContact !== null && objDown.length === 0 && !shot.cushionAfterContact) fouls.push('no-rail');
  }
  if (off.length) fouls.push('ball-off-table');
}

/** Put `ball` back on the table in `next` if it left it; returns the ruling's respot list. */
export function respotIfGone(next: GameState, ball: number, gone: boolean): number[] {
  if (!gone) return [];
  next.onTable = addBall(next.onTable, ball);
  return [ball];
}
