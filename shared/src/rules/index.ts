// Pool rules (WPA 2016 numbering): shot summary, 8-ball, 9-ball, match format. Re-exports only.
export * from './types.ts';
export { summarize, validateSummary, isPocketId } from './summary.ts';
export { createGame, judge, choose, timeFoul, concede, DEFAULT_GAME_OPTIONS } from './game.ts';
export { groupOf, legalTargetsEight } from './eight-ball.ts';
export { createMatch, applyRuling, nextRack, nextBreaker, forfeitMatch, type MatchState, type BreakRule } from './match.ts';
