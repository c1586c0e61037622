// The one registry of games. Everything that needs to know which games exist — the room's option
// parser, the ranked queue, the database check, the client's lobby and labels — derives it from here;
// nothing else spells out a game kind. A game's entry says how it is racked, which balls are in play,
// which ball wins, what must be called and which rule-specific powers (push out, three-foul rule) it has.
// The judge itself is dispatched by kind in game.ts.
import type { GameKind } from './types.ts';

export type CallRule =
  /** Only the money ball must be called (ball and pocket); others count as called when pocketed legally. */
  | 'money-ball'
  /** Nothing is called (9-ball: any legal pot counts). */
  | 'none'
  /** Every shot after the break names a ball and a pocket, or safety. */
  | 'every-shot';

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
  /** Push out after a foul-free break (WPA 2.4). */
  pushOut: boolean;
  /** Three consecutive fouls lose the rack (WPA 6.14). */
  threeFoulRule: boolean;
  /** WPA section the rulings cite. */
  wpaSection: string;
};

export const GAMES: Readonly<Record<GameKind, GameDef>> = {
  '8ball': { kind: '8ball', label: '8-ball', balls: 15, moneyBall: 8, callRule: 'money-ball', lowestFirst: false, pushOut: false, threeFoulRule: false, wpaSection: '3' },
  '9ball': { kind: '9ball', label: '9-ball', balls: 9, moneyBall: 9, callRule: 'none', lowestFirst: true, pushOut: true, threeFoulRule: true, wpaSection: '2' },
};

/** Every game kind, in the order the lobby offers them. */
export const GAME_KINDS: readonly GameKind[] = Object.keys(GAMES) as GameKind[];

export function isGameKind(v: unknown): v is GameKind {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(GAMES, v);
}

export function gameDef(kind: GameKind): GameDef {
  return GAMES[kind];
}

export function gameLabel(kind: string): string {
  return isGameKind(kind) ? GAMES[kind].label : kind;
}
