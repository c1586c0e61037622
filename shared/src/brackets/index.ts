// Brackets (issue 14): single and double elimination, round robin and groups then knockout, as pure
// functions over one serialisable Bracket value. Re-exports only.
export * from './types.ts';
export { createBracket } from './build.ts';
export { readyMatches, startMatch, reportResult, correctResult, isComplete } from './play.ts';
export { standings, placements, finalOutcome } from './results.ts';
export { standardSeedOrder, bracketSize, snakeGroups, drawGroupQualifiers, meetingRound, applyDropOrdering, DROP_ORDERINGS, MAX_PARTICIPANTS, type DropOrdering } from './seeding.ts';
