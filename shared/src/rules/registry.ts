// The one registry of games. Everything that needs to know which games exist — the room's option
// parser, the ranked queue, the database check, the client's lobby and labels, the rack, the judge,
// summary validation, the achievements — derives it from here; nothing else spells out a game kind.
// A game's entry says how it is racked, which balls are in play, which ball wins, what must be
// called, which rule-specific powers (push out, three-foul rule) it has, and which judge rules it.
// An unknown kind fails loudly (gameDef throws); it never falls through to another game's judge.
import { judgeEight } from './eight-ball.ts';
import { judgeNine } from './nine-ball.ts';
import { judgeTen } from './ten-ball.ts';
import { RuleError, type GameState, type Ruling, type ShotSummary } from './types.ts';

/** The games DojoPool rules. Adding one here makes TypeScript demand its GAMES entry. */
export type GameKind = '8ball' | '9ball' | '10ball';

export type CallRule =
  /** Only the money ball must be called (ball and pocket); others count as called when pocketed legally. */
  | 'money-ball'
  /** Nothing is called (9-ball: any legal pot counts). */
  | 'none'
  /** Every shot after the break names a ball and a pocket, or safety. */
  | 'every-shot';

/**
 * How the object balls are racked: rows from the apex (on the foot spot) toward the foot cushion,
 * the balls with a fixed place, the rest shuffled by the rack seed (physics/rack.ts lays it out).
 */
export type RackLayout = {
  /** Balls per row, apex first: [1,2,3,4,5] is the 15-ball triangle. */
  rows: readonly number[];
  /** Fixed places: [row, index within the row from the top rail side, ball]. */
  fixed: readonly (readonly [row: number, index: number, ball: number])[];
  /** 8-ball (WPA 3.2): the two back corners hold one solid and one stripe, which corner is random. */
  cornersOneOfEachGroup?: boolean;
};

/** Achievements that only some games award (the rest apply to every game). */
export type GameAchievement = 'golden-break' | 'nine-on-the-break' | 'eight-on-the-break';

/** What pocketing the money ball on a legal break does. */
export type MoneyBallOnBreak =
  /** 8-ball 3.3(e): the breaker chooses to spot it or re-break. */
  | 'choice'
  /** 9-ball 2.5: it wins the rack. */
  | 'wins'
  /** 10-ball 9.3/9.9: it is spotted and the breaker continues. */
  | 'spotted';

export type Judge = (state: GameState, shot: ShotSummary) => Ruling;

export type GameDef = {
  kind: GameKind;
  /** Shown to players: "8-ball". */
  label: string;
  /** Object balls 1..balls are racked. */
  balls: number;
  /** The ball whose legal pocketing wins the rack. */
  moneyBall: number;
  callRule: CallRule;
  /** Lowest-numbered ball must be hit first (rotation games). */
  lowestFirst: boolean;
  /** Push out after a foul-free break (WPA 2.4, 9.4). */
  pushOut: boolean;
  /** Three consecutive fouls lose the rack (WPA 6.14, 9.11). */
  threeFoulRule: boolean;
  /** Solids and stripes with an open table after the break (8-ball 3.4). */
  groups: boolean;
  moneyBallOnBreak: MoneyBallOnBreak;
  rack: RackLayout;
  /** Judges one well-formed shot (game.ts validates and dispatches here). */
  judge: Judge;
  /** Game-specific achievements this game can award. */
  achievements: readonly GameAchievement[];
  /** WPA section the rulings cite. */
  wpaSection: string;
};

export const GAMES: Readonly<Record<GameKind, GameDef>> = {
  '8ball': {
    kind: '8ball', label: '8-ball', balls: 15, moneyBall: 8, callRule: 'money-ball', lowestFirst: false, pushOut: false, threeFoulRule: false,
    groups: true, moneyBallOnBreak: 'choice', judge: judgeEight, achievements: ['eight-on-the-break'], wpaSection: '3',
    rack: { rows: [1, 2, 3, 4, 5], fixed: [[2, 1, 8]], cornersOneOfEachGroup: true },
  },
  '9ball': {
    kind: '9ball', label: '9-ball', balls: 9, moneyBall: 9, callRule: 'none', lowestFirst: true, pushOut: true, threeFoulRule: true,
    groups: false, moneyBallOnBreak: 'wins', judge: judgeNine, achievements: ['golden-break', 'nine-on-the-break'], wpaSection: '2',
    rack: { rows: [1, 2, 3, 2, 1], fixed: [[0, 0, 1], [2, 1, 9]] },
  },
  // Ten-ball (WPA section 9): no game-specific achievement — the 10 is spotted on the break (9.3),
  // so there is no golden break, and "10 on the break" would reward a ball that does not count.
  '10ball': {
    kind: '10ball', label: '10-ball', balls: 10, moneyBall: 10, callRule: 'every-shot', lowestFirst: true, pushOut: true, threeFoulRule: true,
    groups: false, moneyBallOnBreak: 'spotted', judge: judgeTen, achievements: [], wpaSection: '9',
    rack: { rows: [1, 2, 3, 4], fixed: [[0, 0, 1], [2, 1, 10]] },
  },
};

/** Every game kind, in the order the lobby offers them. */
export const GAME_KINDS: readonly GameKind[] = Object.keys(GAMES) as GameKind[];

/** Highest object ball id per game (the balls are 1..MAX_BALL). */
export const MAX_BALL: Readonly<Record<GameKind, number>> = Object.fromEntries(GAME_KINDS.map((k) => [k, GAMES[k].balls])) as Record<GameKind, number>;

export function isGameKind(v: unknown): v is GameKind {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(GAMES, v);
}

/** The game's definition; a RuleError('bad-game') for anything that is not a registered kind. */
export function gameDef(kind: GameKind): GameDef {
  if (!isGameKind(kind)) throw new RuleError('bad-game', `unknown game ${JSON.stringify(kind)}; games are ${GAME_KINDS.join(', ')}`);
  return GAMES[kind];
}

export function gameLabel(kind: string): string {
  return isGameKind(kind) ? GAMES[kind].label : kind;
}

/** The object balls of a full rack, ascending. */
export function fullRack(kind: GameKind): number[] {
  return Array.from({ length: gameDef(kind).balls }, (_, i) => i + 1);
}
