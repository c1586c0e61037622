// Ratings: Elo with FIDE's K schedule and gap cap. Re-exports only.
export * from './elo.ts';
