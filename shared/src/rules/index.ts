// Pool rules (WPA 2016 numbering, shared/RULES.md): the game registry, shot summary, 8-ball, 9-ball,
// 10-ball, match format.
// Re-exports only; internal constants stay internal so the package index has no name clashes.
export {
  RuleError,
  type GameKind, type Seat, type Group, type ShotSummary, type FoulCode, type OptionId, type OfferedOption, type PendingChoice,
  type GameOptions, type GameState, type Ruling,
} from './types.ts';
export { summarize, validateSummary, isPocketId } from './summary.ts';
export { createGame, judge, choose, timeFoul, concede, shotProblem, DEFAULT_GAME_OPTIONS } from './game.ts';
export { offeredOptions } from './common.ts';
export { groupOf, legalTargetsEight } from './eight-ball.ts';
export { createMatch, applyRuling, nextRack, nextBreaker, forfeitMatch, type MatchState, type BreakRule } from './match.ts';
export {
  GAMES, GAME_KINDS, MAX_BALL, isGameKind, gameDef, gameLabel, fullRack,
  type GameDef, type CallRule, type RackLayout, type GameAchievement, type MoneyBallOnBreak, type Judge,
} from './registry.ts';
