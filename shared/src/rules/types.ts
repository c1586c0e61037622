// Rules data types: the shot summary judge reads, the GameState it carries between shots, the
// Ruling it returns, foul codes, option strings and RuleError. Plain serialisable JSON only.
// Rule numbers cited across rules/ are the WPA Rules of Play, 2016 edition (see shared/RULES.md).
import type { PocketId } from '../physics/types.ts';
import type { GameKind } from './registry.ts';

export type { GameKind };
export type Seat = 0 | 1;
export type Group = 'solids' | 'stripes';

/** What judge needs to know about one shot; built by summarize() from a physics ShotResult. */
export type ShotSummary = {
  /** First object ball the cue ball touched, or null when it touched none. */
  firstContact: number | null;
  /** Balls pocketed in the order they dropped (ball 0 = the cue ball: a scratch). */
  pocketed: { ball: number; pocket: PocketId }[];
  /** Some ball (cue or object) reached a cushion after the first contact (6.3). */
  cushionAfterContact: boolean;
  /** Distinct object balls that reached a cushion during the shot (break rules 2.3 / 3.3). */
  objectBallsToCushion: number;
  cueBallOffTable?: boolean;
  /** Object balls driven off the table (6.5); never the cue ball (use cueBallOffTable). */
  ballsOffTable?: number[];
  /**
   * The call. 8-ball: required for the 8 (3.6), for every shot with the callAllShots option.
   * 10-ball: every shot after the break calls one ball (any ball on the table: combinations are
   * allowed) and one pocket, or safety (9.5, 9.6).
   */
  called?: { ball: number; pocket: PocketId };
  /** 9-ball / 10-ball: the shooter announced a push out (2.4, 9.4). */
  pushOut?: boolean;
  /** 10-ball: the shooter called safety instead of a ball and pocket (9.6). */
  safety?: boolean;
};

export type FoulCode =
  | 'scratch' // cue ball pocketed (6.1)
  | 'cue-ball-off-table' // (6.1)
  | 'no-contact' // cue ball hit no object ball (6.2)
  | 'wrong-ball-first' // (6.2; 3.4 open table: not the 8; 2.7 lowest ball)
  | 'no-rail' // nothing pocketed and no ball to a cushion after contact (6.3)
  | 'ball-off-table' // object ball driven off the table (6.5)
  | 'illegal-break' // fewer than 4 object balls to a rail and nothing pocketed (2.3, 3.3(d))
  | 'time'; // shot clock expired: a standard foul (room option; consequence per 1.5/6.x)

/** Choices the rules give a player; see choose(). */
export type OptionId =
  | 'accept-table' // 3.3(d): play the table as it lies after an illegal break
  | 'rerack' // 3.3(d): re-rack, the chooser breaks
  | 'rerack-opponent-breaks' // 3.3(d): re-rack, the offender breaks again
  | 'spot-eight' // 3.3(e)/(f): spot the 8 and play on
  | 'rebreak' // 3.3(e)/(f): re-rack and the chooser breaks
  | 'shoot' // 2.4 / 9.7: after a push out or a wrongly pocketed ball, the chooser shoots
  | 'pass-back'; // 2.4 / 9.7: the chooser hands the shot back to the player who just shot

/**
 * What a Ruling offers the player to act (defect 10): the pending choices, plus 'push-out' when the
 * next shot may be a push out (2.4, 9.4). 'push-out' is not an OptionId on purpose: it is not a
 * choose() option but a shot sent with `pushOut: true`, so PendingChoice.options and choose() keep
 * to real choices and the type system keeps 'push-out' out of them.
 */
export type OfferedOption = OptionId | 'push-out';

export type PendingChoice = {
  /** 'uncalled-pocket': 10-ball 9.7, the shooter missed the call but pocketed a ball. */
  kind: 'illegal-break' | 'eight-on-break' | 'eight-on-break-foul' | 'push-out' | 'uncalled-pocket';
  player: Seat;
  options: OptionId[];
  /** Ball in hand the chooser gets if they take the table ('accept-table' after a break scratch). */
  ballInHand: null | 'table' | 'kitchen';
};

export type GameOptions = {
  /** Every shot must be called (ball and pocket); default false: balls pocketed legally count as called. */
  callAllShots: boolean;
  /**
   * 8-ball, scratch (or cue ball off the table) on the break: cue ball in hand behind the head
   * string (true, default) or anywhere (false). The WPA sub-clause is unverified (RULES.md); the
   * default follows the secondary summaries of the WPA rule (see DEFAULT_GAME_OPTIONS).
   */
  breakScratchKitchen: boolean;
};

export type GameState = {
  game: GameKind;
  players: [string, string];
  options: GameOptions;
  /** Whose shot (or, with pending set, whose choice) it is. */
  turn: Seat;
  /** Who breaks / broke this rack. */
  breaker: Seat;
  /** Object ball ids still on the table, ascending. */
  onTable: number[];
  /** 8-ball groups per seat; both null while the table is open. */
  groups: [Group | null, Group | null];
  /** 8-ball: table open (no groups yet) (3.4). Always false in games without groups. */
  open: boolean;
  /** The next shot is a break. */
  isBreak: boolean;
  /** Consecutive fouls per seat (counted in every game; games with threeFoulRule act on them, 6.14). */
  fouls: [number, number];
  /** 9-ball / 10-ball: the next shot may be a push out (2.4, 9.4). */
  pushOutAvailable: boolean;
  /** Cue ball in hand for the next shot: null = play it where it lies. */
  ballInHand: null | 'table' | 'kitchen';
  pending: PendingChoice | null;
  /** Shots judged in this rack (including re-breaks). */
  shotCount: number;
  rackOver: boolean;
  winner: Seat | null;
};

export type Ruling = {
  state: GameState;
  foul: FoulCode | null;
  /** Every foul committed on the shot, the primary one first. */
  fouls?: FoulCode[];
  /** Human-readable, shown to clients. */
  reason: string;
  /** The WPA rule(s) the ruling rests on, e.g. '3.3(d)' (always set by this module). */
  rule?: string;
  nextPlayer: Seat;
  ballInHand: null | 'table' | 'kitchen';
  rackOver: boolean;
  winner: Seat | null;
  /**
   * What nextPlayer may do beyond an ordinary shot: the pending choices (state.pending holds them
   * too; call choose()), then 'push-out' when the next shot may be a push out (send the shot with
   * pushOut: true). Absent when there is nothing but an ordinary shot. See offeredOptions().
   */
  options?: OfferedOption[];
  /** Ball ids the room must spot on the table (physics spotBall) before the next shot. */
  respot?: number[];
  /** The room must re-rack; state.breaker breaks. */
  rerack?: boolean;
  /** This shot was a legal push out (9-ball, 10-ball). */
  pushOut?: boolean;
  /** 9-ball / 10-ball: a player is on two consecutive fouls (6.14, 9.11). */
  warning?: string;
};

export class RuleError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'RuleError';
    this.code = code;
  }
}

export const POCKET_IDS: readonly PocketId[] = ['TL', 'TM', 'TR', 'BL', 'BM', 'BR'];
export const CUE_BALL = 0;
