// Achievements: catalogue, match/shot records, unlock predicates. Re-exports only.
export * from './achievements.ts';
