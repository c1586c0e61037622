// summarize() from hand-built ShotResults (no physics dependency) and validation of malformed
// summaries: judge rejects them with a RuleError naming the problem. Rules: 6.1 (scratch), 6.2
// (first contact), 6.3 (rail after contact), 2.3/3.3 (object balls to a rail on the break).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BallState, PhysicsEvent, ShotResult } from '../src/physics/types.ts';
import { createGame, judge, RuleError, summarize, validateSummary, type ShotSummary } from '../src/rules/index.ts';

const rack = (ids: number[], pocketed: number[] = []): BallState[] => [0, ...ids].map((id, i) => ({ id, x: i * 0.06, y: 0, pocketed: pocketed.includes(id) }));
const result = (events: PhysicsEvent[], balls: BallState[] = rack([1, 2, 3, 4, 5, 6, 7, 8, 9])): ShotResult => ({
  events,
  balls,
  duration: events.reduce((m, e) => Math.max(m, e.t), 0),
  at: () => balls,
});
const nine = rack([1, 2, 3, 4, 5, 6, 7, 8, 9]);

const cases: { rule: string; name: string; events: PhysicsEvent[]; before?: BallState[]; expect: Partial<ShotSummary> }[] = [
  { rule: '6.2', name: 'first contact is the first ball event involving the cue ball', events: [{ t: 0.1, type: 'ball', a: 0, b: 3 }, { t: 0.2, type: 'ball', a: 3, b: 1 }], expect: { firstContact: 3 } },
  { rule: '6.2', name: 'cue ball as b of the event', events: [{ t: 0.1, type: 'ball', a: 5, b: 0 }], expect: { firstContact: 5 } },
  { rule: '6.2', name: 'events are read in time order', events: [{ t: 0.3, type: 'ball', a: 0, b: 2 }, { t: 0.1, type: 'ball', a: 0, b: 4 }], expect: { firstContact: 4 } },
  { rule: '6.2', name: 'no ball event with the cue ball: no contact', events: [{ t: 0.1, type: 'cushion', a: 0 }, { t: 0.5, type: 'state', a: 0, state: 'stationary' }], expect: { firstContact: null, cushionAfterContact: false, pocketed: [] } },
  { rule: '6.3', name: 'cushion before the first contact does not count (kick shot, then no rail)', events: [{ t: 0.1, type: 'cushion', a: 0 }, { t: 0.3, type: 'ball', a: 0, b: 1 }], expect: { firstContact: 1, cushionAfterContact: false } },
  { rule: '6.3', name: 'cue ball to a cushion after contact counts', events: [{ t: 0.1, type: 'ball', a: 0, b: 1 }, { t: 0.4, type: 'cushion', a: 0 }], expect: { cushionAfterContact: true, objectBallsToCushion: 0 } },
  { rule: '6.3', name: 'a jaw hit (reported as a cushion event) counts', events: [{ t: 0.1, type: 'ball', a: 0, b: 1 }, { t: 0.4, type: 'cushion', a: 1 }, { t: 0.45, type: 'pocket', a: 1, pocket: 'TM' }], expect: { cushionAfterContact: true, objectBallsToCushion: 1, pocketed: [{ ball: 1, pocket: 'TM' }] } },
  { rule: '3.3', name: 'distinct object balls to a cushion (duplicates and the cue ball not counted)', events: [{ t: 0.1, type: 'ball', a: 0, b: 1 }, { t: 0.3, type: 'cushion', a: 2 }, { t: 0.35, type: 'cushion', a: 2 }, { t: 0.4, type: 'cushion', a: 0 }, { t: 0.5, type: 'cushion', a: 7 }, { t: 0.6, type: 'cushion', a: 9 }], expect: { objectBallsToCushion: 3, cushionAfterContact: true } },
  { rule: '6.1', name: 'pocketed in order with pockets, cue ball included', events: [{ t: 0.1, type: 'ball', a: 0, b: 1 }, { t: 0.9, type: 'pocket', a: 0, pocket: 'BL' }, { t: 0.5, type: 'pocket', a: 6, pocket: 'TR' }], expect: { pocketed: [{ ball: 6, pocket: 'TR' }, { ball: 0, pocket: 'BL' }] } },
  { rule: '6.1', name: 'a ball reported pocketed twice is listed once', events: [{ t: 0.1, type: 'ball', a: 0, b: 1 }, { t: 0.5, type: 'pocket', a: 1, pocket: 'TR' }, { t: 0.6, type: 'pocket', a: 1, pocket: 'TR' }], expect: { pocketed: [{ ball: 1, pocket: 'TR' }] } },
  { rule: '6.5', name: 'physics is 2D: nothing off the table', events: [{ t: 0.1, type: 'ball', a: 0, b: 1 }], expect: { cueBallOffTable: false, ballsOffTable: [] } },
];

for (const c of cases) {
  test(`${c.rule} summarize: ${c.name}`, () => {
    const s = summarize(result(c.events, c.before ?? nine), c.before ?? nine);
    for (const [k, v] of Object.entries(c.expect)) assert.equal(s[k as keyof ShotSummary], v, k);
    validateSummary(s, '9ball', [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
}

test('3.6 summarize carries the call and the push out', () => {
  const s = summarize(result([{ t: 0.1, type: 'ball', a: 0, b: 1 }]), nine, { called: { ball: 8, pocket: 'TL' }, pushOut: true });
  assert.equal(s.called, { ball: 8, pocket: 'TL' });
  assert.is(s.pushOut, true);
  const plain = summarize(result([{ t: 0.1, type: 'ball', a: 0, b: 1 }]), nine);
  assert.is(plain.called, undefined);
  assert.is(plain.pushOut, undefined);
});

test('summarize rejects an invalid pocket, unknown balls and a missing cue ball', () => {
  const bad = (events: PhysicsEvent[], before = nine) => assert.throws(() => summarize(result(events, before), before), (e: unknown) => e instanceof RuleError && e.code === 'bad-result');
  bad([{ t: 0.1, type: 'pocket', a: 1, pocket: 'XX' }]);
  bad([{ t: 0.1, type: 'pocket', a: 1 }]);
  bad([{ t: 0.1, type: 'ball', a: 0, b: 12 }]);
  bad([{ t: 0.1, type: 'cushion', a: 4 }], rack([1, 2, 3, 4], [4]));
  bad([], rack([1, 2], [0]));
});

test('2.5 a summarised shot feeds judge: 9 on a combination wins', () => {
  const before = rack([3, 9]);
  const s = summarize(result([{ t: 0.1, type: 'ball', a: 0, b: 3 }, { t: 0.2, type: 'ball', a: 3, b: 9 }, { t: 0.6, type: 'pocket', a: 9, pocket: 'BR' }], before), before);
  const state = { ...createGame('9ball', ['Al', 'Bo']), isBreak: false, onTable: [3, 9] };
  const r = judge(state, s);
  assert.is(r.winner, 0);
});

// Malformed summaries: judge throws RuleError with the code and a message naming the field.
const ok: ShotSummary = { firstContact: 3, pocketed: [], cushionAfterContact: true, objectBallsToCushion: 0 };
const live = { ...createGame('9ball', ['Al', 'Bo']), isBreak: false, onTable: [3, 5, 7, 9] };
const malformed: { name: string; shot: unknown; code: string; message: RegExp }[] = [
  { name: 'not an object', shot: null, code: 'bad-summary', message: /not an object/ },
  { name: 'firstContact out of range', shot: { ...ok, firstContact: 10 }, code: 'bad-ball', message: /firstContact/ },
  { name: 'firstContact not an integer', shot: { ...ok, firstContact: 3.5 }, code: 'bad-ball', message: /firstContact/ },
  { name: 'firstContact the cue ball', shot: { ...ok, firstContact: 0 }, code: 'bad-ball', message: /firstContact/ },
  { name: 'firstContact not on the table', shot: { ...ok, firstContact: 4 }, code: 'not-on-table', message: /ball 4 is not on the table/ },
  { name: 'pocketed not an array', shot: { ...ok, pocketed: 'x' }, code: 'bad-summary', message: /pocketed/ },
  { name: 'pocketed ball not on the table', shot: { ...ok, pocketed: [{ ball: 1, pocket: 'TL' }] }, code: 'not-on-table', message: /pocketed ball 1/ },
  { name: 'invalid pocket', shot: { ...ok, pocketed: [{ ball: 3, pocket: 'TX' }] }, code: 'bad-pocket', message: /TX/ },
  { name: 'ball pocketed twice', shot: { ...ok, pocketed: [{ ball: 3, pocket: 'TL' }, { ball: 3, pocket: 'TR' }] }, code: 'duplicate-ball', message: /twice/ },
  { name: 'cue ball pocketed twice', shot: { ...ok, pocketed: [{ ball: 0, pocket: 'TL' }, { ball: 0, pocket: 'TR' }] }, code: 'duplicate-ball', message: /twice/ },
  { name: 'cushionAfterContact not boolean', shot: { ...ok, cushionAfterContact: 1 }, code: 'bad-summary', message: /cushionAfterContact/ },
  { name: 'negative count', shot: { ...ok, objectBallsToCushion: -1 }, code: 'bad-count', message: /non-negative/ },
  { name: 'fractional count', shot: { ...ok, objectBallsToCushion: 1.5 }, code: 'bad-count', message: /integer/ },
  { name: 'cueBallOffTable not boolean', shot: { ...ok, cueBallOffTable: 'yes' }, code: 'bad-summary', message: /cueBallOffTable/ },
  { name: 'cue ball pocketed and off the table', shot: { ...ok, cueBallOffTable: true, pocketed: [{ ball: 0, pocket: 'TL' }] }, code: 'bad-summary', message: /both/ },
  { name: 'cue ball in ballsOffTable', shot: { ...ok, ballsOffTable: [0] }, code: 'bad-ball', message: /cueBallOffTable/ },
  { name: 'ball pocketed and off the table', shot: { ...ok, pocketed: [{ ball: 5, pocket: 'TL' }], ballsOffTable: [5] }, code: 'duplicate-ball', message: /both pocketed and off/ },
  { name: 'ball off the table twice', shot: { ...ok, ballsOffTable: [5, 5] }, code: 'duplicate-ball', message: /twice/ },
  { name: 'called pocket invalid', shot: { ...ok, called: { ball: 9, pocket: 'ZZ' } }, code: 'bad-pocket', message: /called pocket/ },
  { name: 'called ball not on the table', shot: { ...ok, called: { ball: 2, pocket: 'TL' } }, code: 'not-on-table', message: /called/ },
  { name: 'pushOut not boolean', shot: { ...ok, pushOut: 'yes' }, code: 'bad-summary', message: /pushOut/ },
];
for (const m of malformed) {
  test(`judge rejects a malformed summary: ${m.name}`, () => {
    assert.throws(
      () => judge(live, m.shot as ShotSummary),
      (e: unknown) => e instanceof RuleError && e.code === m.code && m.message.test(e.message) && /^invalid shot summary/.test(e.message),
    );
  });
}

test('6.2 odd but well-typed summaries are judged, not rejected: no contact is a foul', () => {
  const r1 = judge(live, { ...ok, firstContact: null }); // cushionAfterContact true with no contact
  assert.is(r1.foul, 'no-contact');
  const r2 = judge(live, { ...ok, firstContact: null, pocketed: [{ ball: 9, pocket: 'TL' }] });
  assert.is(r2.foul, 'no-contact');
  assert.equal(r2.respot, [9]);
  const r3 = judge(live, { ...ok, objectBallsToCushion: 12 });
  assert.is(r3.foul, null);
});

test('8-ball ball ids run to 15, 9-ball to 9', () => {
  const eight = { ...createGame('8ball', ['Al', 'Bo']), isBreak: false };
  assert.not.throws(() => judge(eight, { ...ok, firstContact: 15 }));
  assert.throws(() => judge(eight, { ...ok, firstContact: 16 }), (e: unknown) => e instanceof RuleError);
});

test.run();
