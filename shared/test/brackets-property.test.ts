// Brackets, property-based with a seeded generator: every format at every size 2–64 is played to the
// end with random results (walkovers, matches started before their result, repeated and stale
// reports, reports for matches not ready yet, a JSON round trip now and then), and checked: every
// match decided exactly once, the expected number of matches played, exactly one champion, placements
// that cover everyone in consistent bands, and the bracket always completes. Double elimination is
// also checked for early rematches, structurally (who could meet whom) and in the played brackets.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BracketError,
  bracketSize,
  createBracket,
  finalOutcome,
  isComplete,
  placements,
  readyMatches,
  reportResult,
  snakeGroups,
  standings,
  startMatch,
  type Bracket,
  type BracketFormat,
  type BracketMatch,
  type BracketOptionsInput,
} from '../src/index.ts';
import { seededRandom } from '../src/physics/random.ts';

const field = (n: number, rnd: () => number) => Array.from({ length: n }, (_, i) => ({ id: `p${i + 1}`, name: `Player ${i + 1}`, rating: Math.round(1000 + rnd() * 1000) }));
const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof BracketError) return e.code;
    throw e;
  }
  return null;
};

function randomOptions(format: BracketFormat, n: number, rnd: () => number): BracketOptionsInput {
  const raceTo = { default: 1 + Math.floor(rnd() * 7), byRound: { 1: 1 + Math.floor(rnd() * 3) }, final: 1 + Math.floor(rnd() * 9) };
  if (format === 'single-elimination') return { raceTo, thirdPlace: rnd() < 0.5 };
  if (format === 'double-elimination') return { raceTo, grandFinalReset: rnd() < 0.7 };
  if (format === 'round-robin') return { raceTo };
  for (;;) {
    const groups = 1 + Math.floor(rnd() * Math.floor(n / 2));
    const smallest = Math.floor(n / groups);
    const advancePerGroup = 1 + Math.floor(rnd() * Math.min(4, smallest));
    if (groups * advancePerGroup >= 2) return { raceTo, groups, advancePerGroup, thirdPlace: rnd() < 0.5 };
  }
}

type Played = { b: Bracket; reports: number; walkovers: number; wbMet: Set<string>; dropChecks: number };

/** Plays b to the end with random results; asserts the per-report invariants on the way. */
function play(b: Bracket, rnd: () => number): Played {
  const decided = new Set<string>();
  const wbMet = new Set<string>();
  const pair = (m: BracketMatch) => m.slots.map((s) => s.playerId).sort().join('|');
  const wbFinalRound = Math.max(0, ...b.matches.filter((m) => m.section === 'winners').map((m) => m.round));
  let walkovers = 0;
  let dropChecks = 0;
  for (let step = 0; !isComplete(b); step++) {
    assert.ok(step < 5000, 'the bracket completes');
    const playable = b.matches.filter((m) => m.status === 'ready' || m.status === 'live');
    assert.ok(playable.length > 0, 'something can always be played until the end');
    // a report for a match whose players are not both known is refused
    const waiting = b.matches.filter((m) => m.status === 'pending');
    if (waiting.length > 0 && rnd() < 0.3) {
      const w = pick(rnd, waiting);
      const known = w.slots.find((s) => s.playerId !== null)?.playerId ?? 'p1';
      assert.is(codeOf(() => reportResult(b, w.id, { winner: known, score: [w.raceTo, 0] })), 'not_ready', `${w.id} is not ready`);
    }
    // a random batch of what can be played: one at a time when little is, an eighth of it when a
    // round robin has hundreds of matches open (rescanning them for every report is quadratic)
    const batch = new Set<string>();
    for (let k = Math.ceil(playable.length / 8); batch.size < k; ) batch.add(pick(rnd, playable).id);
    for (const id of batch) {
      const m = b.matches.find((x) => x.id === id)!;
      if (m.status === 'ready' && rnd() < 0.3) {
        b = startMatch(b, id);
        assert.is(b.matches.find((x) => x.id === id)!.status, 'live');
        assert.not.ok(readyMatches(b).some((x) => x.id === id));
        continue;
      }
      for (const s of m.slots) assert.ok(s.playerId !== null && !s.bye, `${id}: both players known`);
      assert.is.not(m.slots[0].playerId, m.slots[1].playerId);
      // no early rematch: a player dropping from winners round 2 or 3 (not the winners final) never
      // enters the losers bracket against someone it met in the winners bracket
      const from = m.slots[0].from;
      if (m.section === 'losers' && from.kind === 'loser') {
        const wbRound = b.matches.find((x) => x.id === from.matchId)!.round;
        if (wbRound >= 2 && wbRound <= 3 && wbRound < wbFinalRound) {
          assert.not.ok(wbMet.has(pair(m)), `${id}: ${pair(m)} already met in the winners bracket`);
          dropChecks++;
        }
      }
      const w = rnd() < 0.5 ? 0 : 1;
      const walkover = rnd() < 0.1;
      const lost = Math.floor(rnd() * m.raceTo);
      const score: [number, number] = walkover ? [0, 0] : w === 0 ? [m.raceTo, lost] : [lost, m.raceTo];
      const input = { winner: m.slots[w]!.playerId!, score, walkover };
      const next = reportResult(b, id, input);
      assert.ok(next !== b);
      assert.not.ok(decided.has(id), `${id} decided once`);
      decided.add(id);
      if (walkover) walkovers++;
      if (m.section === 'winners') wbMet.add(pair(m));
      const done = next.matches.find((x) => x.id === id)!;
      assert.is(done.status, 'done');
      assert.is(done.result!.outcome, walkover ? 'walkover' : 'played');
      // repeated and stale reports change nothing
      if (rnd() < 0.3) assert.ok(reportResult(next, id, input) === next, 'the same report again returns the same bracket');
      if (rnd() < 0.3) assert.is(codeOf(() => reportResult(next, id, { winner: m.slots[1 - w]!.playerId!, score: [score[1], score[0]] })), walkover ? 'bad_score' : 'already_reported');
      b = next;
    }
    if (rnd() < 0.05) b = JSON.parse(JSON.stringify(b)) as Bracket; // a stored copy plays on
  }
  return { b, reports: decided.size, walkovers, wbMet, dropChecks };
}

function checkFinished(format: BracketFormat, n: number, { b, reports }: Played) {
  const ids = b.participants.map((p) => p.id);
  assert.ok(isComplete(b));
  assert.ok(b.matches.every((m) => m.status === 'done' || m.status === 'skipped'));
  const played = b.matches.filter((m) => m.result !== null && m.result.outcome !== 'bye');
  assert.is(played.length, reports, 'every played match was reported exactly once');
  const losses = new Map(ids.map((id) => [id, 0]));
  for (const m of played) losses.set(m.result!.loserId!, losses.get(m.result!.loserId!)! + 1);
  const out = finalOutcome(b)!;
  assert.ok(out !== null, 'a champion');
  assert.ok(ids.includes(out.championId));
  assert.is(out.championLosses, losses.get(out.championId));
  const reset = b.matches.some((m) => m.id === 'GF2' && m.status === 'done');
  assert.is(out.bracketReset, reset);

  // number of matches played
  const groupSizes = format === 'groups-knockout' ? snakeGroups(n, b.options.groups).map((g) => g.length) : [];
  const qualifiers = b.options.groups * b.options.advancePerGroup;
  const expected = {
    'single-elimination': n - 1 + (b.options.thirdPlace && n >= 4 ? 1 : 0),
    'double-elimination': 2 * n - 2 + (reset ? 1 : 0),
    'round-robin': (n * (n - 1)) / 2,
    'groups-knockout': groupSizes.reduce((s, g) => s + (g * (g - 1)) / 2, 0) + qualifiers - 1 + (b.options.thirdPlace && qualifiers >= 4 ? 1 : 0),
  }[format];
  assert.is(played.length, expected, 'matches played');

  // losses: one per eliminated player in single elimination, two in double elimination
  if (format === 'single-elimination') {
    const p3 = b.matches.find((m) => m.id === 'P3' && m.result?.outcome !== 'bye');
    for (const id of ids) assert.is(losses.get(id), id === out.championId ? 0 : id === p3?.result!.loserId ? 2 : 1, `${id} losses`);
  }
  if (format === 'double-elimination') {
    for (const id of ids) {
      const l = losses.get(id)!;
      if (id === out.championId) assert.ok(l <= 1);
      else if (id === out.runnerUpId && !b.options.grandFinalReset) assert.ok(l === 1 || l === 2);
      else assert.is(l, 2, `${id} is out after two losses`);
    }
  }

  // placements: everyone once, one champion, bands that tile 1..n
  const places = placements(b);
  assert.equal(places.map((p) => p.playerId).sort(), [...ids].sort(), 'everyone placed once');
  assert.equal(places.filter((p) => p.place === 1).map((p) => p.playerId), [out.championId], 'exactly one champion');
  const sorted = [...places].sort((x, y) => x.place - y.place);
  let next = 1;
  for (let i = 0; i < sorted.length; ) {
    const { place, placeTo } = sorted[i]!;
    assert.is(place, next, 'bands tile the places');
    const band = sorted.filter((p) => p.place === place);
    assert.ok(band.every((p) => p.placeTo === placeTo));
    assert.is(band.length, placeTo - place + 1, `band ${place}..${placeTo} is full`);
    next = placeTo + 1;
    i += band.length;
  }
  assert.is(next, n + 1);
  // placements agree with the results: whoever knocked a player out finishes ahead of them
  const placeOf = new Map(places.map((p) => [p.playerId, p.place]));
  const lastMatch = new Map<string, BracketMatch>();
  for (const m of b.matches) for (const s of m.slots) if (s.playerId && m.status === 'done') lastMatch.set(s.playerId, m);
  if (format !== 'round-robin') {
    for (const [id, m] of lastMatch) {
      if (m.section === 'group' || m.result!.loserId !== id) continue;
      assert.ok(placeOf.get(m.result!.winnerId)! < placeOf.get(id)!, `${m.id}: winner ahead of the player it knocked out`);
    }
  } else {
    assert.equal(places.map((p) => p.playerId), standings(b).map((r) => r.playerId));
  }
  if (format === 'round-robin' || format === 'groups-knockout') {
    for (const r of b.rounds) {
      const seen = r.matchIds.flatMap((id) => b.matches.find((m) => m.id === id)!.slots.map((s) => s.playerId)).filter((x) => x !== null);
      assert.is(new Set(seen).size, seen.length, `${r.name}: at most one match each`);
    }
  }
  if (format === 'groups-knockout') {
    const qualified = new Set(b.groups.flatMap((g) => standings(b, g.group).slice(0, b.options.advancePerGroup).map((r) => r.playerId)));
    const inKnockout = new Set(b.matches.filter((m) => m.section === 'knockout').flatMap((m) => m.slots.map((s) => s.playerId)).filter((x) => x !== null));
    assert.equal([...inKnockout].sort(), [...qualified].sort(), 'the top of each group, and only they, reach the knockout');
  }
}

const FORMATS: BracketFormat[] = ['single-elimination', 'double-elimination', 'round-robin', 'groups-knockout'];
const figures: string[] = [];
for (const format of FORMATS) {
  test(`${format}: random play, sizes 2–64, every invariant`, () => {
    const t0 = performance.now();
    let matches = 0;
    let walkovers = 0;
    let dropChecks = 0;
    for (let n = 2; n <= 64; n++) {
      const rnd = seededRandom(n * 1009 + FORMATS.indexOf(format));
      const b = createBracket(format, field(n, rnd), randomOptions(format, n, rnd));
      const result = play(b, rnd);
      checkFinished(format, n, result);
      matches += result.reports;
      walkovers += result.walkovers;
      dropChecks += result.dropChecks;
    }
    figures.push(`${format}: 63 brackets, ${matches} matches played (${walkovers} walkovers)${format === 'double-elimination' ? `, ${dropChecks} drop-down entries checked for rematches` : ''}; ${Math.round(performance.now() - t0)} ms`);
  });
}

/**
 * Who could possibly stand in each slot, and which pairs could have met in the winners bracket by a
 * given round. A losers-bracket match in round ℓ is played after winners round ⌈ℓ/2⌉ (odd ℓ) or
 * ℓ/2 + 1 (even ℓ, which takes that round's losers); a rematch is possible there if one of its
 * possible pairs could have met in a winners round up to then.
 */
function rematchAnalysis(b: Bracket) {
  const could = new Map<string, Set<string>[]>();
  const metBy = new Map<string, number>();
  const rounds: number[] = [];
  const entryRematches: string[] = [];
  for (const m of b.matches) {
    const sets = m.slots.map(({ from }) => {
      if (from.kind === 'seed') return new Set([b.participants[from.seed - 1]!.id]);
      if (from.kind === 'winner' || from.kind === 'loser') return new Set(could.get(from.matchId)!.flatMap((s) => [...s]));
      return new Set<string>();
    });
    could.set(m.id, sets);
    const pairs = [...sets[0]!].flatMap((a) => [...sets[1]!].map((c) => [a, c].sort().join('|')));
    if (m.section === 'winners') for (const p of pairs) if (!metBy.has(p)) metBy.set(p, m.round);
    if (m.section === 'losers') {
      const by = m.round % 2 === 1 ? (m.round + 1) / 2 : m.round / 2 + 1;
      if (pairs.some((p) => (metBy.get(p) ?? Infinity) <= by)) {
        rounds.push(m.round);
        if (m.round % 2 === 0) entryRematches.push(m.id);
      }
    }
  }
  return { firstRematchRound: Math.min(...rounds), entryRematches };
}

// The earliest losers-bracket round in which a winners-bracket rematch can happen with the published
// orderings, by bracket size (how many losers rounds there are in brackets). With every drop in
// natural order it would be round 2 at every size from 8 up (measured while choosing the orderings).
const FIRST_REMATCH: Record<number, [number, number]> = { 4: [2, 2], 8: [3, 4], 16: [3, 6], 32: [5, 8], 64: [6, 10] };

test('double elimination, sizes 4–64: no early rematch (structural, over every possible result)', () => {
  for (let n = 4; n <= 64; n++) {
    const b = createBracket('double-elimination', Array.from({ length: n }, (_, i) => ({ id: `s${i + 1}`, name: '', seed: i + 1 })), { seeding: 'manual' });
    const size = bracketSize(n);
    const wbFinal = Math.log2(size);
    const { firstRematchRound, entryRematches } = rematchAnalysis(b);
    const [first, lbRounds] = FIRST_REMATCH[size]!;
    assert.is(Math.max(...b.matches.filter((m) => m.section === 'losers').map((m) => m.round)), lbRounds);
    if (n === size) assert.is(firstRematchRound, first, `${n}: first possible rematch in losers round ${first}`);
    else assert.ok(firstRematchRound >= first, `${n}: byes only remove possible rematches`);
    // a player dropping from winners round 2 or 3 (when it is not the winners final) enters the
    // losers bracket against nobody it can have met: entry rematches are only possible later
    for (const id of entryRematches) {
      const from = b.matches.find((m) => m.id === id)!.slots[0].from;
      const wbRound = from.kind === 'loser' ? b.matches.find((m) => m.id === from.matchId)!.round : 0;
      assert.ok(wbRound >= 4 || wbRound === wbFinal, `${n}: ${id} takes the losers of winners round ${wbRound}`);
    }
  }
});

test.after(() => console.log(`\n${figures.join('\n')}`));
test.run();
