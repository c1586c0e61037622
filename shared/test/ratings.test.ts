// Elo (RULES.md "Ratings"): expectation with FIDE's 400-point gap cap, FIDE K schedule, floor,
// exact results and display rounding.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_K, displayRating, elo, expectedScore, kFactor, RATING_FLOOR, rateMatch } from '../src/ratings/index.ts';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} ≈ ${b}`);

const expectations: { rule: string; a: number; b: number; e: number }[] = [
  { rule: 'Elo', a: 1500, b: 1500, e: 0.5 },
  { rule: 'Elo', a: 1600, b: 1400, e: 1 / (1 + 10 ** (-200 / 400)) },
  { rule: 'Elo', a: 1400, b: 1600, e: 1 / (1 + 10 ** (200 / 400)) },
  { rule: 'Elo', a: 2000, b: 1600, e: 1 / (1 + 10 ** -1) },
  { rule: 'FIDE 400 cap', a: 2400, b: 1500, e: 1 / (1 + 10 ** -1) },
  { rule: 'FIDE 400 cap', a: 1000, b: 2000, e: 1 / (1 + 10 ** 1) },
];
for (const c of expectations) test(`${c.rule}: E(${c.a} vs ${c.b})`, () => close(expectedScore(c.a, c.b), c.e));

const kCases: { rule: string; games: number; rating: number; peak?: number; k: number }[] = [
  { rule: 'FIDE K: first 30 games', games: 0, rating: 1500, k: 40 },
  { rule: 'FIDE K: first 30 games', games: 29, rating: 2100, k: 40 },
  { rule: 'FIDE K: under 2400', games: 30, rating: 1500, k: 20 },
  { rule: 'FIDE K: under 2400', games: 500, rating: 2399.9, k: 20 },
  { rule: 'FIDE K: reached 2400', games: 30, rating: 2400, k: 10 },
  { rule: 'FIDE K: once 2400, stays 10', games: 300, rating: 2350, peak: 2410, k: 10 },
];
for (const c of kCases) test(`${c.rule}: ${c.games} games at ${c.rating}${c.peak ? ` (peak ${c.peak})` : ''} → ${c.k}`, () => assert.is(kFactor(c.games, c.rating, c.peak), c.k));

test('Elo: equal players, K 20: winner +10, loser −10, exact', () => {
  assert.equal(elo(1500, 1500, 1), { a: 1510, b: 1490 });
  assert.equal(elo(1500, 1500, 0), { a: 1490, b: 1510 });
  assert.equal(elo(1500, 1500, 0.5), { a: 1500, b: 1500 });
  assert.is(DEFAULT_K, 20);
});

test('Elo: results are exact (unrounded) and zero-sum with one K', () => {
  const r = elo(1600, 1400, 0, 32);
  const e = 1 / (1 + 10 ** (-200 / 400));
  close(r.a, 1600 - 32 * e);
  close(r.b, 1400 + 32 * e);
  close(r.a + r.b, 3000);
  assert.ok(!Number.isInteger(r.a));
});

test('Elo: per-player K', () => {
  const r = elo(1500, 1500, 1, { a: 40, b: 10 });
  assert.equal(r, { a: 1520, b: 1495 });
});

test('Elo: the gap cap limits what a favourite can lose', () => {
  const capped = elo(2500, 1500, 0, 20);
  const atCap = elo(1900, 1500, 0, 20);
  close(2500 - capped.a, 1900 - atCap.a);
});

test('Elo: rating floor', () => {
  assert.is(RATING_FLOOR, 100);
  const r = elo(102, 500, 0, 40); // 102 − 40·0.093 ≈ 98.3
  assert.is(r.a, RATING_FLOOR);
  assert.ok(elo(100, 100, 0).a >= RATING_FLOOR);
});

test('Elo: invalid input throws', () => {
  assert.throws(() => elo(NaN, 1500, 1));
  assert.throws(() => elo(1500, 1500, 2 as 1));
  assert.throws(() => elo(1500, 1500, 1, -5));
});

test('rateMatch uses each player\'s FIDE K', () => {
  const r = rateMatch({ rating: 1500, gamesPlayed: 3 }, { rating: 1500, gamesPlayed: 100 }, 1);
  assert.equal(r, { a: 1520, b: 1490 });
});

test('displayRating: Math.round, .5 rounds up', () => {
  assert.is(displayRating(1500.5), 1501);
  assert.is(displayRating(1500.49), 1500);
  assert.is(displayRating(1499.5), 1500);
  assert.is(displayRating(1510.2), 1510);
});

test.run();
