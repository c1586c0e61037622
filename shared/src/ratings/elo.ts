// Elo ratings for ranked matches (RULES.md "Ratings"): expected score
// E_A = 1 / (1 + 10^((R_B − R_A)/400)) with the gap capped at 400 as FIDE does, update
// R' = R + K·(S − E), FIDE's K schedule (since 2014) and a rating floor. Ratings are stored exact
// (unrounded); displayRating rounds for display only. Applied once per finished ranked match.

/** No rating goes below this. */
export const RATING_FLOOR = 100;
/** Rating a new player starts with. */
export const INITIAL_RATING = 1500;
/** FIDE: a rating difference of more than 400 points counts as 400 for the expectation. */
export const MAX_RATING_GAP = 400;
/** K used by elo() when none is given (FIDE's standard K below 2400). */
export const DEFAULT_K = 20;

/** Expected score of A against B, gap capped at ±400 (FIDE). */
export function expectedScore(ratingA: number, ratingB: number): number {
  const gap = Math.max(-MAX_RATING_GAP, Math.min(MAX_RATING_GAP, ratingB - ratingA));
  return 1 / (1 + 10 ** (gap / 400));
}

/**
 * FIDE K-factor: 40 for a player's first 30 games (gamesPlayed 0..29), 10 once the rating has
 * reached 2400 (pass the peak rating: FIDE keeps K = 10 even if the rating drops back), else 20.
 * FIDE's junior clause (K = 40 under 18 and below 2300) is not modelled: we do not know ages.
 */
export function kFactor(gamesPlayed: number, rating: number, peakRating: number = rating): number {
  if (gamesPlayed < 30) return 40;
  if (Math.max(rating, peakRating) >= 2400) return 10;
  return 20;
}

/**
 * New exact ratings after one match. scoreA: 1 A won, 0 B won, 0.5 draw. k: one K for both, or
 * each player's own K ({ a, b }, e.g. from kFactor). Results are floored at RATING_FLOOR.
 */
export function elo(ratingA: number, ratingB: number, scoreA: 0 | 0.5 | 1, k: number | { a: number; b: number } = DEFAULT_K): { a: number; b: number } {
  for (const r of [ratingA, ratingB]) if (!Number.isFinite(r)) throw new RangeError(`rating must be finite, got ${r}`);
  if (scoreA !== 0 && scoreA !== 0.5 && scoreA !== 1) throw new RangeError(`scoreA must be 0, 0.5 or 1, got ${scoreA}`);
  const ka = typeof k === 'number' ? k : k.a;
  const kb = typeof k === 'number' ? k : k.b;
  if (!(ka >= 0) || !(kb >= 0)) throw new RangeError('K must be a non-negative number');
  const ea = expectedScore(ratingA, ratingB);
  const eb = expectedScore(ratingB, ratingA);
  return {
    a: Math.max(RATING_FLOOR, ratingA + ka * (scoreA - ea)),
    b: Math.max(RATING_FLOOR, ratingB + kb * (1 - scoreA - eb)),
  };
}

export type RatedPlayer = { rating: number; gamesPlayed: number; peakRating?: number };

/** elo() with each player's K from kFactor(); gamesPlayed counts ranked matches before this one. */
export function rateMatch(a: RatedPlayer, b: RatedPlayer, scoreA: 0 | 0.5 | 1): { a: number; b: number } {
  return elo(a.rating, b.rating, scoreA, {
    a: kFactor(a.gamesPlayed, a.rating, a.peakRating),
    b: kFactor(b.gamesPlayed, b.rating, b.peakRating),
  });
}

/** Integer shown to users: Math.round, i.e. nearest integer with .5 rounded up (1500.5 → 1501). */
export function displayRating(rating: number): number {
  return Math.round(rating);
}

/**
 * Which matches change ratings. Ranked matches do: only the ranked queue makes them, pairing two
 * accounts inside its rating window, so nobody can pick an opponent to farm. Tournament matches do when
 * the host ran a rated event: only the tournament service makes them, for the bracket's pairings.
 * Casual tables (quick play, private tables, challenges between friends) never do: there a player
 * chooses the opponent, which is exactly what rating farming needs.
 */
export function isRatedMatch(mode: 'casual' | 'ranked' | 'tournament', tournamentRated = false, vsComputer = false): boolean {
  if (vsComputer) return false; // a match against the computer player never moves a rating
  return mode === 'ranked' || (mode === 'tournament' && tournamentRated);
}
