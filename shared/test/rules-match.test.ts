// Match format: race to N, breaks alternate or winner breaks, per-rack rules state reset (6.14
// fouls, 3.4 groups), re-racks inside a rack (3.3(d)) do not disturb the break schedule.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyRuling, choose, concede, createMatch, forfeitMatch, judge, nextBreaker, nextRack, RuleError, type MatchState, type Seat } from '../src/rules/index.ts';

const winRack = (m: MatchState, winner: Seat): MatchState => applyRuling(m, concede(m.current, winner === 0 ? 1 : 0));
const play = (m: MatchState, winners: Seat[]): MatchState => {
  for (const [i, w] of winners.entries()) {
    m = winRack(m, w);
    if (i < winners.length - 1) m = nextRack(m);
  }
  return m;
};

test('createMatch: score 0–0, rack 1, the chosen breaker breaks, options passed to the rack', () => {
  const m = createMatch({ game: '8ball', players: ['Al', 'Bo'], raceTo: 3, breakRule: 'alternate', breaker: 1, gameOptions: { callAllShots: true } });
  assert.equal(m.score, [0, 0]);
  assert.is(m.rack, 1);
  assert.is(m.current.breaker, 1);
  assert.is(m.current.turn, 1);
  assert.ok(m.current.isBreak);
  assert.is(m.current.options.callAllShots, true);
  assert.is(m.winner, null);
  assert.equal(JSON.parse(JSON.stringify(m)), m);
});

const breakCases: { rule: string; name: string; breakRule: 'alternate' | 'winner'; breaker: Seat; winners: Seat[]; breakers: Seat[] }[] = [
  { rule: 'match', name: 'alternate breaks regardless of who wins', breakRule: 'alternate', breaker: 0, winners: [0, 0, 1, 0], breakers: [0, 1, 0, 1] },
  { rule: 'match', name: 'alternate breaks starting with seat 1', breakRule: 'alternate', breaker: 1, winners: [1, 1, 0], breakers: [1, 0, 1] },
  { rule: 'match', name: 'winner breaks', breakRule: 'winner', breaker: 0, winners: [1, 1, 0, 0], breakers: [0, 1, 1, 0] },
];
for (const c of breakCases) {
  test(`${c.rule}: ${c.name}`, () => {
    let m = createMatch({ game: '9ball', players: ['Al', 'Bo'], raceTo: 9, breakRule: c.breakRule, breaker: c.breaker });
    const seen: Seat[] = [];
    for (const [i, w] of c.winners.entries()) {
      seen.push(m.current.breaker);
      assert.is(m.rack, i + 1);
      m = nextRack(winRack(m, w));
    }
    assert.equal(seen, c.breakers);
  });
}

test('race to N: the first to N racks wins the match; no more racks after', () => {
  const m = play(createMatch({ game: '9ball', players: ['Al', 'Bo'], raceTo: 3, breakRule: 'alternate' }), [0, 1, 1, 0, 0]);
  assert.equal(m.score, [3, 2]);
  assert.is(m.winner, 0);
  assert.is(m.racks.length, 5);
  assert.equal(m.racks.map((r) => r.winner), [0, 1, 1, 0, 0]);
  assert.throws(() => nextRack(m), (e: unknown) => e instanceof RuleError && e.code === 'match-over');
  assert.throws(() => applyRuling(m, concede(m.current, 1)), (e: unknown) => e instanceof RuleError);
});

test('race to 1', () => {
  const m = winRack(createMatch({ game: '8ball', players: ['Al', 'Bo'], raceTo: 1, breakRule: 'winner' }), 1);
  assert.is(m.winner, 1);
});

test('6.14 9-ball consecutive fouls reset per rack; the match score carries', () => {
  let m = createMatch({ game: '9ball', players: ['Al', 'Bo'], raceTo: 3, breakRule: 'alternate' });
  const foul = { firstContact: 1, pocketed: [], cushionAfterContact: true, objectBallsToCushion: 0 }; // illegal break
  m = applyRuling(m, judge(m.current, foul));
  assert.equal(m.current.fouls, [1, 0]);
  m = nextRack(winRack(m, 1));
  assert.equal(m.current.fouls, [0, 0]);
  assert.equal(m.score, [0, 1]);
  assert.equal(m.current.onTable, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('3.4 8-ball groups reset per rack', () => {
  let m = createMatch({ game: '8ball', players: ['Al', 'Bo'], raceTo: 3, breakRule: 'alternate' });
  m = applyRuling(m, judge(m.current, { firstContact: 1, pocketed: [{ ball: 2, pocket: 'TL' }], cushionAfterContact: true, objectBallsToCushion: 4 }));
  m = applyRuling(m, judge(m.current, { firstContact: 3, pocketed: [{ ball: 3, pocket: 'TL' }], cushionAfterContact: true, objectBallsToCushion: 0 }));
  assert.equal(m.current.groups, ['solids', 'stripes']);
  m = nextRack(winRack(m, 0));
  assert.equal(m.current.groups, [null, null]);
  assert.ok(m.current.open);
});

test('3.3(d) a re-rack inside a rack does not change the alternate schedule', () => {
  let m = createMatch({ game: '8ball', players: ['Al', 'Bo'], raceTo: 3, breakRule: 'alternate', breaker: 0 });
  m = applyRuling(m, judge(m.current, { firstContact: 1, pocketed: [], cushionAfterContact: true, objectBallsToCushion: 2 }));
  m = applyRuling(m, choose(m.current, 1, 'rerack')); // Bo re-racks and breaks
  assert.is(m.current.breaker, 1);
  assert.is(m.rack, 1);
  assert.equal(m.score, [0, 0]);
  m = winRack(m, 1);
  assert.equal(m.racks, [{ breaker: 1, winner: 1 }]);
  assert.is(nextBreaker(m), 1); // rack 1 was scheduled for Al, so rack 2 is Bo's
  m = nextRack(m);
  assert.is(m.current.breaker, 1);
});

test('nextRack before the rack ends, applyRuling after it ends, bad settings: RuleError', () => {
  const m = createMatch({ game: '8ball', players: ['Al', 'Bo'], raceTo: 2, breakRule: 'winner' });
  assert.throws(() => nextRack(m), (e: unknown) => e instanceof RuleError && e.code === 'rack-not-over');
  const over = winRack(m, 0);
  assert.throws(() => applyRuling(over, concede(over.current, 0)), (e: unknown) => e instanceof RuleError && e.code === 'rack-over');
  assert.throws(() => createMatch({ game: '8ball', players: ['Al', 'Bo'], raceTo: 0, breakRule: 'winner' }), (e: unknown) => e instanceof RuleError && e.code === 'bad-race');
  assert.throws(() => createMatch({ game: '8ball', players: ['Al', 'Bo'], raceTo: 2, breakRule: 'loser' as 'winner' }), (e: unknown) => e instanceof RuleError);
});

test('forfeitMatch: the other seat wins, flagged as a forfeit, score kept', () => {
  const m = forfeitMatch(winRack(createMatch({ game: '9ball', players: ['Al', 'Bo'], raceTo: 5, breakRule: 'alternate' }), 0), 0);
  assert.is(m.winner, 1);
  assert.ok(m.forfeit);
  assert.equal(m.score, [1, 0]);
  assert.throws(() => forfeitMatch(m, 1), (e: unknown) => e instanceof RuleError && e.code === 'match-over');
});

test('applyRuling does not mutate the match it is given', () => {
  const m = createMatch({ game: '9ball', players: ['Al', 'Bo'], raceTo: 2, breakRule: 'alternate' });
  const copy = JSON.parse(JSON.stringify(m));
  winRack(m, 1);
  assert.equal(m, copy);
});

test.run();
