// Brackets, table-driven (RULES.md "Brackets" and issue 14): standard seeding, byes, third place,
// bracket reset both ways, round robin by the circle method and its tie-breaks, groups then knockout,
// race lengths, walkovers, idempotent and out-of-order reports, corrections, placements, errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BracketError,
  createBracket,
  correctResult,
  drawGroupQualifiers,
  finalOutcome,
  isComplete,
  meetingRound,
  placements,
  readyMatches,
  reportResult,
  snakeGroups,
  standardSeedOrder,
  standings,
  startMatch,
  type Bracket,
  type BracketErrorCode,
  type BracketFormat,
  type BracketOptionsInput,
} from '../src/index.ts';

const field = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `s${i + 1}`, name: `Seed ${i + 1}`, seed: i + 1 }));
const manual = (format: BracketFormat, n: number, options: BracketOptionsInput = {}) => createBracket(format, field(n), { seeding: 'manual', raceTo: 3, ...options });
const match = (b: Bracket, id: string) => b.matches.find((m) => m.id === id)!;
const players = (b: Bracket, id: string) => match(b, id).slots.map((s) => (s.bye ? 'bye' : s.playerId));
/** Reports a race-to-raceTo win for `winner` (loser on `lost` racks). */
const win = (b: Bracket, id: string, winner: string, lost = 1) => {
  const m = match(b, id);
  const w = m.slots.findIndex((s) => s.playerId === winner);
  const score: [number, number] = w === 0 ? [m.raceTo, lost] : [lost, m.raceTo];
  return reportResult(b, id, { winner, score });
};
/** Plays every ready match but those in `hold`, the better seed winning unless `upsets` says otherwise, until nothing is ready. */
const favouritesWin = (b: Bracket, upsets: Record<string, string> = {}, hold: string[] = []) => {
  const playable = () => readyMatches(b).filter((m) => !hold.includes(m.id));
  for (let ready = playable(); ready.length > 0; ready = playable()) {
    for (const m of ready) {
      const [a, c] = m.slots;
      b = win(b, m.id, upsets[m.id] ?? (a.seed! < c.seed! ? a.playerId! : c.playerId!));
    }
  }
  return b;
};
const throwsCode = (fn: () => unknown, code: BracketErrorCode) => {
  try {
    fn();
  } catch (e) {
    assert.instance(e, BracketError);
    assert.is((e as BracketError).code, code);
    return;
  }
  assert.unreachable(`expected ${code}`);
};

// ---------- single elimination: standard seeding ----------

test('RULES "Brackets": 16 seeds, first round 1-16, 8-9, 4-13, 5-12, 2-15, 7-10, 3-14, 6-11', () => {
  const expected = [[1, 16], [8, 9], [4, 13], [5, 12], [2, 15], [7, 10], [3, 14], [6, 11]];
  const b = manual('single-elimination', 16);
  assert.equal(b.matches.filter((m) => m.section === 'winners' && m.round === 1).map((m) => m.slots.map((s) => s.seed)), expected);
  const order = standardSeedOrder(16);
  assert.equal(expected.flat(), order);
});

const seedOrders: { size: number; order: number[] }[] = [
  { size: 2, order: [1, 2] },
  { size: 4, order: [1, 4, 2, 3] },
  { size: 8, order: [1, 8, 4, 5, 2, 7, 3, 6] },
];
for (const c of seedOrders) test(`standard seed order of ${c.size}`, () => assert.equal(standardSeedOrder(c.size), c.order));

test('standard seeding: seeds 1..2^m cannot meet before the round with 2^m players left (sizes 2–64)', () => {
  for (let size = 2; size <= 64; size *= 2) {
    const rounds = Math.log2(size);
    const pos = new Map(standardSeedOrder(size).map((s, i) => [s, i]));
    for (let a = 1; a <= size; a++) {
      for (let c = a + 1; c <= size; c++) {
        const tier = Math.ceil(Math.log2(c)); // both a and c are among the top 2^tier seeds
        assert.ok(meetingRound(pos.get(a)!, pos.get(c)!) >= rounds - tier + 1, `${size}: seeds ${a} and ${c}`);
      }
    }
    if (size >= 2) assert.is(meetingRound(pos.get(1)!, pos.get(2)!), rounds, 'seeds 1 and 2 only in the final');
  }
});

const byes: { n: number; byes: number[] }[] = [
  { n: 3, byes: [1] },
  { n: 5, byes: [1, 2, 3] },
  { n: 6, byes: [1, 2] },
  { n: 7, byes: [1] },
  { n: 12, byes: [1, 2, 3, 4] },
  { n: 13, byes: [1, 2, 3] },
  { n: 17, byes: Array.from({ length: 15 }, (_, i) => i + 1) },
];
for (const c of byes) {
  test(`RULES "Brackets": ${c.n} players, byes go to the top seeds ${c.byes.join(', ')} and advance at once`, () => {
    const b = manual('single-elimination', c.n);
    const first = b.matches.filter((m) => m.section === 'winners' && m.round === 1);
    const byeSeeds = first.filter((m) => m.slots.some((s) => s.bye)).map((m) => m.slots.find((s) => !s.bye)!.seed!).sort((x, y) => x - y);
    assert.equal(byeSeeds, c.byes);
    for (const m of first.filter((x) => x.slots.some((s) => s.bye))) {
      assert.is(m.status, 'done');
      assert.is(m.result!.outcome, 'bye');
      assert.is(m.result!.loserId, null);
    }
    // the bye seeds already stand in round 2
    const round2 = b.matches.filter((m) => m.section === 'winners' && m.round === 2).flatMap((m) => m.slots.map((s) => s.seed)).filter((s) => s !== null);
    assert.equal(round2.sort((x, y) => x! - y!), c.byes);
    throwsCode(() => reportResult(b, first.find((m) => m.slots.some((s) => s.bye))!.id, { winner: 's1', score: [3, 0] }), 'not_playable');
  });
}

// ---------- third place ----------

test('third place: the semi-final losers play for 3rd and 4th; without it they share 3..4', () => {
  let b = favouritesWin(manual('single-elimination', 8, { thirdPlace: true }));
  assert.equal(players(b, 'P3'), ['s4', 's3']);
  assert.is(match(b, 'P3').status, 'done');
  assert.ok(isComplete(b));
  assert.equal(placements(b).slice(0, 4), [
    { playerId: 's1', place: 1, placeTo: 1 },
    { playerId: 's2', place: 2, placeTo: 2 },
    { playerId: 's3', place: 3, placeTo: 3 },
    { playerId: 's4', place: 4, placeTo: 4 },
  ]);
  b = favouritesWin(manual('single-elimination', 8));
  assert.not.ok(b.matches.some((m) => m.id === 'P3'));
  assert.equal(placements(b), [
    { playerId: 's1', place: 1, placeTo: 1 },
    { playerId: 's2', place: 2, placeTo: 2 },
    { playerId: 's4', place: 3, placeTo: 4 },
    { playerId: 's3', place: 3, placeTo: 4 },
    { playerId: 's8', place: 5, placeTo: 8 },
    { playerId: 's5', place: 5, placeTo: 8 },
    { playerId: 's7', place: 5, placeTo: 8 },
    { playerId: 's6', place: 5, placeTo: 8 },
  ]);
});

test('third place with 3 players: seed 1 had a bye, so the loser of 2 v 3 takes 3rd without playing', () => {
  const b = favouritesWin(manual('single-elimination', 3, { thirdPlace: true }));
  assert.equal(players(b, 'P3'), ['bye', 's3']);
  assert.is(match(b, 'P3').result!.outcome, 'bye');
  assert.ok(isComplete(b));
  assert.equal(placements(b).map((p) => [p.playerId, p.place, p.placeTo]), [['s1', 1, 1], ['s2', 2, 2], ['s3', 3, 3]]);
});

test('placements with byes: 6 players, the two first-round losers share 5..6', () => {
  const b = favouritesWin(manual('single-elimination', 6));
  assert.equal(placements(b).map((p) => [p.playerId, p.place, p.placeTo]), [['s1', 1, 1], ['s2', 2, 2], ['s4', 3, 4], ['s3', 3, 4], ['s5', 5, 6], ['s6', 5, 6]]);
});

// ---------- double elimination: grand final and reset ----------

test('double elimination, 4 players: layout and drop-downs (losers of round 2 reversed)', () => {
  const b = manual('double-elimination', 4);
  assert.equal(b.matches.map((m) => m.id), ['W1-1', 'W1-2', 'W2-1', 'L1-1', 'L2-1', 'GF1', 'GF2']);
  assert.equal(match(b, 'L1-1').slots.map((s) => s.from), [{ kind: 'loser', matchId: 'W1-1' }, { kind: 'loser', matchId: 'W1-2' }]);
  assert.equal(match(b, 'L2-1').slots.map((s) => s.from), [{ kind: 'loser', matchId: 'W2-1' }, { kind: 'winner', matchId: 'L1-1' }]);
  assert.equal(match(b, 'GF1').slots.map((s) => s.from), [{ kind: 'winner', matchId: 'W2-1' }, { kind: 'winner', matchId: 'L2-1' }]);
});

test('grand final, winners-bracket champion wins the first: no reset, GF2 skipped, undefeated champion', () => {
  const b = favouritesWin(manual('double-elimination', 4));
  assert.equal(players(b, 'GF1'), ['s1', 's2']);
  assert.is(match(b, 'GF2').status, 'skipped');
  assert.ok(isComplete(b));
  assert.equal(finalOutcome(b), { format: 'double-elimination', championId: 's1', runnerUpId: 's2', finalMatchId: 'GF1', bracketReset: false, championLosses: 0 });
  assert.equal(placements(b).map((p) => [p.playerId, p.place, p.placeTo]), [['s1', 1, 1], ['s2', 2, 2], ['s3', 3, 3], ['s4', 4, 4]]);
});

for (const gf2Winner of ['s1', 's2']) {
  test(`bracket reset: the losers-bracket champion takes GF1, GF2 is played, ${gf2Winner} wins it`, () => {
    let b = favouritesWin(manual('double-elimination', 4), { GF1: 's2' }, ['GF2']);
    assert.not.ok(isComplete(b));
    assert.is(finalOutcome(b), null);
    assert.is(match(b, 'GF2').status, 'ready');
    assert.equal(players(b, 'GF2'), ['s1', 's2']);
    b = win(b, 'GF2', gf2Winner);
    assert.ok(isComplete(b));
    const out = finalOutcome(b)!;
    assert.equal([out.championId, out.runnerUpId, out.finalMatchId, out.bracketReset, out.championLosses], [gf2Winner, gf2Winner === 's1' ? 's2' : 's1', 'GF2', true, 1]);
  });
}

test('grandFinalReset false: one grand final decides even when the losers-bracket champion wins it', () => {
  const b = favouritesWin(manual('double-elimination', 4, { grandFinalReset: false }), { GF1: 's2' });
  assert.not.ok(b.matches.some((m) => m.id === 'GF2'));
  assert.ok(isComplete(b));
  const out = finalOutcome(b)!;
  assert.equal([out.championId, out.bracketReset, out.championLosses], ['s2', false, 1]);
});

test('double elimination with 2 players: the loser of the only winners match goes straight to the grand final', () => {
  let b = manual('double-elimination', 2);
  assert.equal(b.matches.map((m) => m.id), ['W1-1', 'GF1', 'GF2']);
  b = favouritesWin(b, { GF1: 's2', GF2: 's2' });
  assert.equal([finalOutcome(b)!.championId, finalOutcome(b)!.bracketReset], ['s2', true]);
  assert.equal(placements(b).map((p) => [p.playerId, p.place]), [['s2', 1], ['s1', 2]]);
});

test('double elimination placements, 8 players: 1, 2, 3, 4, 5–6, 5–6, 7–8, 7–8', () => {
  const b = favouritesWin(manual('double-elimination', 8));
  assert.equal(placements(b).map((p) => [p.place, p.placeTo]), [[1, 1], [2, 2], [3, 3], [4, 4], [5, 6], [5, 6], [7, 8], [7, 8]]);
});

test('double elimination with byes: 5 players, byes cascade into the losers bracket and everyone is placed', () => {
  const b = favouritesWin(manual('double-elimination', 5));
  assert.ok(isComplete(b));
  assert.is(b.matches.filter((m) => m.result?.outcome === 'played').length, 2 * 5 - 2);
  assert.equal(placements(b).map((p) => p.playerId).sort(), ['s1', 's2', 's3', 's4', 's5']);
  assert.equal(placements(b).map((p) => [p.place, p.placeTo]), [[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]);
});

// ---------- round robin ----------

for (let n = 2; n <= 12; n++) {
  test(`round robin, ${n} players: n(n−1)/2 = ${(n * (n - 1)) / 2} matches, every pair once, ${n % 2 ? n : n - 1} rounds, one match a round each${n % 2 ? ', one bye each' : ''}`, () => {
    const b = manual('round-robin', n);
    assert.is(b.matches.length, (n * (n - 1)) / 2);
    const pairs = new Set(b.matches.map((m) => m.slots.map((s) => s.seed).sort((x, y) => x! - y!).join('-')));
    assert.is(pairs.size, b.matches.length);
    const rounds = n % 2 ? n : n - 1;
    assert.is(b.rounds.length, rounds);
    for (const r of b.rounds) {
      const seen = r.matchIds.flatMap((id) => players(b, id));
      assert.is(new Set(seen).size, seen.length, `round ${r.round}: nobody twice`);
      assert.is(seen.length, n % 2 ? n - 1 : n, `round ${r.round}: everyone plays but the one with the bye`);
    }
    assert.is(readyMatches(b).length, b.matches.length, 'a round robin can be played in any order');
  });
}

test('round robin, 4 players: the circle method keeps seed 1 fixed and rotates the rest', () => {
  const b = manual('round-robin', 4);
  assert.equal(b.rounds.map((r) => r.matchIds.map((id) => players(b, id).join('v'))), [['s1vs4', 's2vs3'], ['s1vs2', 's3vs4'], ['s1vs3', 's2vs4']]);
});

/** Plays a 4-player round robin from a list "winner>loser score" (score winner-loser; 'wo' for a walkover). */
const playTable = (results: string[], raceTo = 3) => {
  let b = manual('round-robin', 4, { raceTo });
  for (const r of results) {
    const [, w, l, ws, ls] = /^(\w+)>(\w+) (\d+|wo)-?(\d+)?$/.exec(r)!;
    const m = b.matches.find((x) => players(b, x.id).includes(w!) && players(b, x.id).includes(l!))!;
    const walkover = ws === 'wo';
    const [wScore, lScore] = walkover ? [0, 0] : [Number(ws), Number(ls)];
    const score: [number, number] = m.slots[0].playerId === w ? [wScore, lScore] : [lScore, wScore];
    b = reportResult(b, m.id, { winner: w!, score, walkover });
  }
  assert.ok(isComplete(b));
  return standings(b);
};

const tieBreaks: { rule: string; results: string[]; order: string[] }[] = [
  { rule: '1. wins', results: ['s4>s1 3-0', 's4>s2 3-0', 's4>s3 3-0', 's3>s1 3-2', 's3>s2 3-2', 's2>s1 3-0'], order: ['s4', 's3', 's2', 's1'] },
  // s1 and s2 level on 2 wins; s2 beat s1 head to head although s1 has the better rack difference
  // (s3 and s4, level on 1 win, are split by head to head too: s4 beat s3)
  { rule: '2. head to head among the tied', results: ['s2>s1 3-2', 's1>s3 3-0', 's1>s4 3-0', 's3>s2 3-0', 's2>s4 3-2', 's4>s3 3-2'], order: ['s2', 's1', 's4', 's3'] },
  // s1, s2, s3 all on 2 wins, each 1 head-to-head win: rack difference decides (s3 +5, s1 +2, s2 +1)
  { rule: '3. rack difference when head to head is circular', results: ['s1>s2 3-1', 's2>s3 3-2', 's3>s1 3-0', 's1>s4 3-0', 's2>s4 3-1', 's3>s4 3-0'], order: ['s3', 's1', 's2', 's4'] },
  // s1, s2, s3 on 2 wins, 1 h2h win each, rack difference +1 each: racks won decides (s3 8, s2 7, s1 6)
  { rule: '4. racks won', results: ['s1>s2 3-2', 's2>s3 3-2', 's3>s1 3-2', 's1>s4 3-2', 's2>s4 3-2', 's3>s4 3-2'], order: ['s1', 's2', 's3', 's4'] },
  { rule: '5. seed when everything else is level', results: ['s1>s2 3-0', 's2>s3 3-0', 's3>s1 3-0', 's1>s4 3-0', 's2>s4 3-0', 's3>s4 3-0'], order: ['s1', 's2', 's3', 's4'] },
];
for (const c of tieBreaks) test(`round-robin tie-break ${c.rule}`, () => assert.equal(playTable(c.results).map((r) => r.playerId), c.order));

test('round-robin tie-break 3 checked by hand: the racks behind the rack-difference case', () => {
  const t = playTable(tieBreaks[2]!.results);
  assert.equal(t.map((r) => [r.playerId, r.played, r.wins, r.losses, r.headToHeadWins, r.racksWon, r.racksLost, r.rackDifference, r.position]), [
    ['s3', 3, 2, 1, 1, 8, 3, 5, 1],
    ['s1', 3, 2, 1, 1, 6, 4, 2, 2],
    ['s2', 3, 2, 1, 1, 7, 6, 1, 3],
    ['s4', 3, 0, 3, 0, 1, 9, -8, 4],
  ]);
});

test('round-robin walkover: a win and a loss like any other, with the 0–0 racks reported', () => {
  // s4 wins by walkover over s1, so s1 and s2 (2 wins each) split on head to head, s3 and s4 (1 each) too
  const t = playTable(['s4>s1 wo', 's1>s2 3-0', 's1>s3 3-0', 's2>s4 3-0', 's3>s4 3-0', 's2>s3 3-0']);
  assert.equal(t.map((r) => [r.playerId, r.wins, r.racksWon, r.racksLost]), [['s1', 2, 6, 0], ['s2', 2, 6, 3], ['s3', 1, 3, 6], ['s4', 1, 0, 6]]);
});

test('round robin: placements and the champion follow the final table; nothing before it is complete', () => {
  let b = manual('round-robin', 3);
  assert.equal(placements(b), []);
  assert.is(finalOutcome(b), null);
  b = favouritesWin(b);
  assert.equal(placements(b).map((p) => p.playerId), ['s1', 's2', 's3']);
  assert.equal(finalOutcome(b), { format: 'round-robin', championId: 's1', runnerUpId: 's2', finalMatchId: null, bracketReset: false, championLosses: 0 });
});

// ---------- groups then knockout ----------

const snakes: { n: number; groups: number; expected: number[][] }[] = [
  { n: 8, groups: 2, expected: [[1, 4, 5, 8], [2, 3, 6, 7]] },
  { n: 12, groups: 3, expected: [[1, 6, 7, 12], [2, 5, 8, 11], [3, 4, 9, 10]] },
  { n: 10, groups: 3, expected: [[1, 6, 7], [2, 5, 8], [3, 4, 9, 10]] },
  { n: 16, groups: 4, expected: [[1, 8, 9, 16], [2, 7, 10, 15], [3, 6, 11, 14], [4, 5, 12, 13]] },
];
for (const c of snakes) test(`snake seeding: ${c.n} players in ${c.groups} groups`, () => assert.equal(snakeGroups(c.n, c.groups), c.expected));

const draws: { groups: number; advance: number; firstRound: string[] }[] = [
  { groups: 2, advance: 2, firstRound: ['A1vB2', 'B1vA2'] },
  { groups: 4, advance: 2, firstRound: ['A1vC2', 'D1vB2', 'B1vD2', 'C1vA2'] },
  { groups: 2, advance: 1, firstRound: ['A1vB1'] },
  { groups: 3, advance: 2, firstRound: ['A1vbye', 'B2vC2', 'B1vbye', 'C1vA2'] },
];
for (const c of draws) {
  test(`knockout draw from ${c.groups} groups, top ${c.advance}: ${c.firstRound.join(', ')}`, () => {
    const draw = drawGroupQualifiers(c.groups, c.advance);
    const label = (seed: number) => (draw[seed - 1] ? `${String.fromCharCode(64 + draw[seed - 1]![0])}${draw[seed - 1]![1]}` : 'bye');
    const order = standardSeedOrder(draw.length <= 1 ? 1 : 2 ** Math.ceil(Math.log2(draw.length)));
    const pairs = [];
    for (let i = 0; i < order.length; i += 2) pairs.push(`${label(order[i]!)}v${label(order[i + 1]!)}`);
    assert.equal(pairs, c.firstRound);
  });
}

test('groups then knockout: group winners start in opposite halves, same-group qualifiers never meet in the first knockout round (2–8 groups, top 1–4)', () => {
  for (let groups = 2; groups <= 8; groups++) {
    for (let advance = 1; advance <= 4; advance++) {
      const draw = drawGroupQualifiers(groups, advance);
      const size = 2 ** Math.ceil(Math.log2(draw.length));
      const pos = new Map(standardSeedOrder(size).map((s, i) => [s, i]));
      const rounds = Math.log2(size);
      const winnersSpread = Math.ceil(Math.log2(groups));
      for (let a = 1; a <= draw.length; a++) {
        for (let c = a + 1; c <= draw.length; c++) {
          const meet = meetingRound(pos.get(a)!, pos.get(c)!);
          if (draw[a - 1]![1] === 1 && draw[c - 1]![1] === 1) assert.ok(meet >= rounds - winnersSpread + 1, `${groups}x${advance}: group winners ${a}, ${c} meet in round ${meet}`);
          if (draw[a - 1]![0] === draw[c - 1]![0]) assert.ok(meet > 1, `${groups}x${advance}: group ${draw[a - 1]![0]} qualifiers meet in round 1`);
          if (groups === 2 && advance === 2 && draw[a - 1]![0] === draw[c - 1]![0]) assert.is(meet, rounds, 'two groups: a group\'s two qualifiers only in the final');
        }
      }
    }
  }
});

test('groups then knockout, 8 players in 2 groups: the knockout fills from each finished group table', () => {
  let b = manual('groups-knockout', 8, { groups: 2, advancePerGroup: 2, raceTo: { default: 3, groups: 2, final: 4 } });
  assert.equal(b.groups.map((g) => g.playerIds), [['s1', 's4', 's5', 's8'], ['s2', 's3', 's6', 's7']]);
  assert.is(b.matches.filter((m) => m.section === 'group').length, 12);
  assert.ok(b.matches.filter((m) => m.section === 'group').every((m) => m.raceTo === 2));
  assert.is(match(b, 'K2-1').raceTo, 4);
  assert.equal(match(b, 'K1-1').slots.map((s) => s.from), [{ kind: 'group', group: 1, place: 1 }, { kind: 'group', group: 2, place: 2 }]);
  // group A finishes (s4 tops it by beating everyone), group B not yet: only A's slots fill
  for (const m of b.matches.filter((x) => x.group === 1)) b = win(b, m.id, players(b, m.id).includes('s4') ? 's4' : m.slots[0].playerId!);
  assert.equal(standings(b, 1).map((r) => r.playerId), ['s4', 's1', 's5', 's8']);
  assert.equal(players(b, 'K1-1'), ['s4', null]);
  assert.equal(players(b, 'K1-2'), [null, 's1']);
  throwsCode(() => reportResult(b, 'K1-1', { winner: 's4', score: [3, 0] }), 'not_ready');
  b = favouritesWin(b);
  assert.equal(players(b, 'K1-1'), ['s4', 's3']);
  assert.equal(players(b, 'K1-2'), ['s2', 's1']);
  assert.ok(isComplete(b));
  assert.equal(placements(b).map((p) => [p.playerId, p.place, p.placeTo]), [
    ['s1', 1, 1], ['s3', 2, 2], ['s4', 3, 4], ['s2', 3, 4], ['s5', 5, 6], ['s6', 5, 6], ['s8', 7, 8], ['s7', 7, 8],
  ]);
  throwsCode(() => standings(b), 'no_standings');
  throwsCode(() => standings(manual('single-elimination', 4)), 'no_standings');
});

// ---------- race lengths ----------

test('race length per round: byRound, final, third place, losers rounds, grand final', () => {
  const se = manual('single-elimination', 8, { thirdPlace: true, raceTo: { default: 5, byRound: { 1: 4 }, final: 7, thirdPlace: 3 } });
  assert.equal(se.rounds.map((r) => [r.name, r.raceTo]), [['Quarter-finals', 4], ['Semi-finals', 5], ['Final', 7], ['Third-place match', 3]]);
  assert.ok(se.matches.every((m) => m.raceTo === se.rounds.find((r) => r.matchIds.includes(m.id))!.raceTo));
  const de = manual('double-elimination', 8, { raceTo: { default: 5, byRound: { 3: 6 }, losersByRound: { 4: 6 }, final: 9 } });
  assert.equal(de.rounds.map((r) => [r.name, r.raceTo]), [
    ['Winners round 1', 5], ['Winners round 2', 5], ['Winners final', 6],
    ['Losers round 1', 5], ['Losers round 2', 5], ['Losers round 3', 5], ['Losers final', 6],
    ['Grand final', 9], ['Grand final reset', 9],
  ]);
  const rr = manual('round-robin', 3, { raceTo: { default: 4, byRound: { 2: 6 } } });
  assert.equal(rr.rounds.map((r) => r.raceTo), [4, 6, 4]);
  assert.is(manual('single-elimination', 4, { raceTo: 9 }).matches[0]!.raceTo, 9);
});

// ---------- reports: walkovers, idempotence, order, errors ----------

test('walkover: advances like a win, is marked as one, needs no score', () => {
  let b = manual('single-elimination', 4);
  b = reportResult(b, 'W1-1', { winner: 's4', walkover: true });
  assert.equal(match(b, 'W1-1').result, { winnerId: 's4', loserId: 's1', score: [0, 0], outcome: 'walkover' });
  assert.equal(players(b, 'W2-1'), ['s4', null]);
  throwsCode(() => reportResult(b, 'W1-2', { winner: 's2', score: [3, 0], walkover: true }), 'bad_score');
  b = reportResult(b, 'W1-2', { winner: 's2', score: [2, 1], walkover: true });
  assert.is(match(b, 'W1-2').result!.outcome, 'walkover');
});

test('idempotent by match id: the same report twice changes nothing, a different one is refused', () => {
  const b1 = win(manual('single-elimination', 4), 'W1-1', 's1');
  const b2 = win(b1, 'W1-1', 's1');
  assert.ok(b2 === b1, 'the same bracket comes back');
  throwsCode(() => win(b1, 'W1-1', 's4'), 'already_reported');
  throwsCode(() => win(b1, 'W1-1', 's1', 2), 'already_reported');
  throwsCode(() => reportResult(b1, 'W1-1', { winner: 's1', walkover: true }), 'already_reported');
});

test('out-of-order reports are refused: a match whose players are not both known', () => {
  let b = manual('double-elimination', 8);
  throwsCode(() => win(b, 'W2-1', 's1'), 'not_ready');
  throwsCode(() => win(b, 'L1-1', 's8'), 'not_ready');
  throwsCode(() => win(b, 'GF1', 's1'), 'not_ready');
  b = win(b, 'W1-1', 's1');
  throwsCode(() => win(b, 'W2-1', 's1'), 'not_ready');
  assert.equal(readyMatches(b).map((m) => m.id), ['W1-2', 'W1-3', 'W1-4']);
});

const badReports: { what: string; id: string; input: unknown; code: BracketErrorCode }[] = [
  { what: 'unknown match', id: 'W9-9', input: { winner: 's1', score: [3, 0] }, code: 'unknown_match' },
  { what: 'winner not in the match', id: 'W1-1', input: { winner: 's2', score: [3, 0] }, code: 'bad_winner' },
  { what: 'no score', id: 'W1-1', input: { winner: 's1' }, code: 'bad_score' },
  { what: 'winner short of the race', id: 'W1-1', input: { winner: 's1', score: [2, 0] }, code: 'bad_score' },
  { what: 'winner past the race', id: 'W1-1', input: { winner: 's1', score: [4, 0] }, code: 'bad_score' },
  { what: 'loser reaches the race', id: 'W1-1', input: { winner: 's1', score: [3, 3] }, code: 'bad_score' },
  { what: 'score given for the wrong side', id: 'W1-1', input: { winner: 's1', score: [0, 3] }, code: 'bad_score' },
  { what: 'fractional racks', id: 'W1-1', input: { winner: 's1', score: [3, 0.5] }, code: 'bad_score' },
  { what: 'negative racks', id: 'W1-1', input: { winner: 's1', score: [3, -1] }, code: 'bad_score' },
  { what: 'not an object', id: 'W1-1', input: null, code: 'bad_score' },
];
for (const c of badReports) {
  test(`report refused: ${c.what} → ${c.code}`, () => throwsCode(() => reportResult(manual('single-elimination', 4), c.id, c.input as never), c.code));
}

test('startMatch: a ready match goes live (twice is fine), leaves readyMatches, and can then be reported', () => {
  let b = manual('single-elimination', 4);
  b = startMatch(b, 'W1-1');
  assert.ok(startMatch(b, 'W1-1') === b);
  assert.is(match(b, 'W1-1').status, 'live');
  assert.equal(readyMatches(b).map((m) => m.id), ['W1-2']);
  throwsCode(() => startMatch(b, 'W2-1'), 'not_ready');
  b = win(b, 'W1-1', 's1');
  assert.is(match(b, 'W1-1').status, 'done');
  throwsCode(() => startMatch(b, 'W1-1'), 'already_reported');
  throwsCode(() => startMatch(manual('single-elimination', 3), 'W1-1'), 'not_playable');
});

// ---------- corrections ----------

test('correction: a changed winner is accepted until the next match starts, then refused; a score fix always', () => {
  let b = win(win(manual('double-elimination', 4), 'W1-1', 's1'), 'W1-2', 's2');
  const corrected = correctResult(b, 'W1-1', { winner: 's4', score: [1, 3] });
  assert.equal(players(corrected, 'W2-1'), ['s4', 's2']);
  assert.equal(players(corrected, 'L1-1'), ['s1', 's3']);
  assert.ok(correctResult(b, 'W1-1', { winner: 's1', score: [3, 1] }) === b, 'the same result is no correction');
  b = startMatch(b, 'W2-1');
  throwsCode(() => correctResult(b, 'W1-1', { winner: 's4', score: [1, 3] }), 'dependent_started');
  const scoreFix = correctResult(b, 'W1-1', { winner: 's1', score: [3, 2] });
  assert.equal(match(scoreFix, 'W1-1').result!.score, [3, 2]);
  assert.is(match(scoreFix, 'W2-1').status, 'live');
  // the loser's next match (losers round 1) counts too
  let c = win(win(manual('double-elimination', 4), 'W1-1', 's1'), 'W1-2', 's2');
  c = win(c, 'L1-1', 's3');
  throwsCode(() => correctResult(c, 'W1-1', { winner: 's4', score: [1, 3] }), 'dependent_started');
  throwsCode(() => correctResult(c, 'W2-1', { winner: 's1', score: [3, 0] }), 'not_reported');
  throwsCode(() => correctResult(manual('single-elimination', 3), 'W1-1', { winner: 's1', score: [3, 0] }), 'not_playable');
});

test('correction of the first grand final after the reset started is refused; before, it voids the reset', () => {
  let b = favouritesWin(manual('double-elimination', 4), { GF1: 's2' }, ['GF2']);
  const undone = correctResult(b, 'GF1', { winner: 's1', score: [3, 1] });
  assert.is(match(undone, 'GF2').status, 'skipped');
  assert.ok(isComplete(undone));
  b = startMatch(b, 'GF2');
  throwsCode(() => correctResult(b, 'GF1', { winner: 's1', score: [3, 1] }), 'dependent_started');
});

test('correction in a group after the knockout started: refused if it changes who qualified where', () => {
  let b = favouritesWin(manual('groups-knockout', 8, { groups: 2, advancePerGroup: 2 }), { 'K1-1': 's3' });
  // group A: s1 beat s4; flipping it makes s4 group winner, so K1-1 (s1 v s3, played) would change → refused
  const aMatch = b.matches.find((m) => m.group === 1 && players(b, m.id).includes('s1') && players(b, m.id).includes('s4'))!;
  throwsCode(() => correctResult(b, aMatch.id, { winner: 's4', score: aMatch.slots[0].playerId === 's4' ? [3, 2] : [2, 3] }), 'dependent_started');
  // a score change that leaves the table's order alone is accepted
  const fixed = correctResult(b, aMatch.id, { winner: 's1', score: aMatch.slots[0].playerId === 's1' ? [3, 2] : [2, 3] });
  assert.equal(finalOutcome(fixed), finalOutcome(b));
});

// ---------- seeding and options ----------

test('seeding by rating: highest first, ties and unrated players keep the given order; manual seeds as given', () => {
  const b = createBracket('single-elimination', [
    { id: 'a', name: 'A', rating: 1500 },
    { id: 'b', name: 'B' },
    { id: 'c', name: 'C', rating: 1700 },
    { id: 'd', name: 'D', rating: 1500 },
    { id: 'e', name: 'E' },
  ]);
  assert.equal(b.participants.map((p) => [p.id, p.seed]), [['c', 1], ['a', 2], ['d', 3], ['b', 4], ['e', 5]]);
  const m = createBracket('single-elimination', [{ id: 'a', name: 'A', rating: 9999, seed: 2 }, { id: 'b', name: 'B', rating: 1, seed: 1 }], { seeding: 'manual' });
  assert.equal(m.participants.map((p) => p.id), ['b', 'a']);
});

const badCreates: { what: string; run: () => unknown; code: BracketErrorCode }[] = [
  { what: 'one player', run: () => manual('single-elimination', 1), code: 'bad_participants' },
  { what: '129 players', run: () => manual('single-elimination', 129), code: 'bad_participants' },
  { what: 'duplicate ids', run: () => createBracket('round-robin', [{ id: 'a', name: '' }, { id: 'a', name: '' }]), code: 'bad_participants' },
  { what: 'empty id', run: () => createBracket('round-robin', [{ id: '', name: '' }, { id: 'a', name: '' }]), code: 'bad_participants' },
  { what: 'NaN rating', run: () => createBracket('round-robin', [{ id: 'b', name: '', rating: NaN }, { id: 'a', name: '' }]), code: 'bad_participants' },
  { what: 'manual seeds missing', run: () => createBracket('round-robin', [{ id: 'b', name: '' }, { id: 'a', name: '' }], { seeding: 'manual' }), code: 'bad_participants' },
  { what: 'manual seeds repeated', run: () => createBracket('round-robin', [{ id: 'b', name: '', seed: 1 }, { id: 'a', name: '', seed: 1 }], { seeding: 'manual' }), code: 'bad_participants' },
  { what: 'unknown format', run: () => createBracket('swiss' as BracketFormat, field(4)), code: 'bad_options' },
  { what: 'unknown option', run: () => manual('single-elimination', 4, { bestOf: 3 } as never), code: 'bad_options' },
  { what: 'race to 0', run: () => manual('single-elimination', 4, { raceTo: 0 }), code: 'bad_options' },
  { what: 'race to 22', run: () => manual('single-elimination', 4, { raceTo: { default: 5, final: 22 } }), code: 'bad_options' },
  { what: 'byRound not a round', run: () => manual('single-elimination', 4, { raceTo: { default: 5, byRound: { 0: 3 } } }), code: 'bad_options' },
  { what: 'groups on single elimination', run: () => manual('single-elimination', 4, { groups: 2 }), code: 'bad_options' },
  { what: 'groups of one', run: () => manual('groups-knockout', 5, { groups: 3 }), code: 'bad_options' },
  { what: 'advance more than a group holds', run: () => manual('groups-knockout', 7, { groups: 2, advancePerGroup: 4 }), code: 'bad_options' },
  { what: 'one group, top one: no knockout', run: () => manual('groups-knockout', 4, { groups: 1, advancePerGroup: 1 }), code: 'bad_options' },
  { what: 'thirdPlace not a boolean', run: () => manual('single-elimination', 4, { thirdPlace: 'yes' as never }), code: 'bad_options' },
];
for (const c of badCreates) test(`createBracket refuses ${c.what} → ${c.code}`, () => throwsCode(c.run, c.code));

test('functions never change the bracket they are given', () => {
  const b = win(manual('double-elimination', 6), 'W1-2', 's4');
  const before = JSON.stringify(b);
  startMatch(b, 'W1-4');
  win(b, 'W1-4', 's3');
  correctResult(b, 'W1-2', { winner: 's5', score: [1, 3] });
  readyMatches(b);
  placements(b);
  assert.is(JSON.stringify(b), before);
});

test('a bracket is plain JSON: a stored copy plays on exactly as the original', () => {
  let b = win(manual('double-elimination', 6), 'W1-2', 's4');
  const copy = JSON.parse(JSON.stringify(b)) as Bracket;
  assert.equal(copy, b);
  assert.equal(favouritesWin(copy), favouritesWin(b));
});

test.run();
