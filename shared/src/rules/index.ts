// Pool rules (WPA 2016 numbering, shared/RULES.md): shot summary, 8-ball, 9-ball, match format.
// Re-exports only; internal constants stay internal so the package index has no name clashes.
export {
  RuleError,
  type GameKind, type Seat, type Group, type ShotSummary, type FoulCode, type OptionId, type PendingChoice,
  type GameOptions, type GameState, type Ruling,
} from './types.ts';
export { summarize, validateSummary, isPocketId } from './summary.ts';
export { createGame, judge, choose, timeFoul, concede, DEFAULT_GAME_OPTIONS } from './game.ts';
export { groupOf, legalTargetsEight } from './eight-ball.ts';
export { createMatch, applyRuling, nextRack, nextBreaker, forfeitMatch, type MatchState, type BreakRule } from './match.ts';
export { GAMES, GAME_KINDS, isGameKind, gameDef, gameLabel, type GameDef, type CallRule } from './registry.ts';
