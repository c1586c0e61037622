// 9-ball rulings, table-driven; every case cites the WPA 2016 rule it checks (shared/RULES.md).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PocketId } from '../src/physics/types.ts';
import { choose, createGame, judge, RuleError, timeFoul, type GameState, type OptionId, type Ruling, type ShotSummary } from '../src/rules/index.ts';

type ShotSpec = { first?: number | null; down?: [number, PocketId][]; rail?: boolean; cush?: number; off?: number[]; cueOff?: boolean; push?: boolean };
const shot = (o: ShotSpec): ShotSummary => {
  const s: ShotSummary = {
    firstContact: o.first === undefined ? null : o.first,
    pocketed: (o.down ?? []).map(([ball, pocket]) => ({ ball, pocket })),
    cushionAfterContact: o.rail ?? o.first != null,
    objectBallsToCushion: o.cush ?? 0,
  };
  if (o.off) s.ballsOffTable = o.off;
  if (o.cueOff) s.cueBallOffTable = true;
  if (o.push) s.pushOut = true;
  return s;
};
const nineAll = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const brk = (breaker: 0 | 1 = 0) => createGame('9ball', ['Al', 'Bo'], { breaker });
const mid = (over: Partial<GameState> = {}): GameState => ({ ...brk(), isBreak: false, ballInHand: null, onTable: [3, 5, 7, 9], ...over });
const afterBreak = (over: Partial<GameState> = {}): GameState => mid({ onTable: [2, 3, 4, 5, 6, 7, 8, 9], pushOutAvailable: true, ...over });

type Expect = Partial<Pick<Ruling, 'foul' | 'nextPlayer' | 'ballInHand' | 'rackOver' | 'winner' | 'options' | 'respot' | 'pushOut' | 'warning'>> & {
  onTable?: number[];
  fouls?: [number, number];
  pushOutAvailable?: boolean;
  reason?: RegExp;
};
function check(r: Ruling, e: Expect, label: string): void {
  for (const k of ['foul', 'nextPlayer', 'ballInHand', 'rackOver', 'winner', 'options', 'respot', 'pushOut', 'warning'] as const) {
    if (k in e) assert.equal(r[k], e[k], `${label}: ${k}`);
  }
  for (const k of ['onTable', 'fouls', 'pushOutAvailable'] as const) if (k in e) assert.equal(r.state[k], e[k], `${label}: state.${k}`);
  if (e.reason) assert.match(r.reason, e.reason, `${label}: reason "${r.reason}"`);
  assert.equal(r.nextPlayer, r.state.turn, `${label}: nextPlayer mirrors state.turn`);
}
const PO: OptionId[] = ['shoot', 'pass-back'];

const cases: { rule: string; name: string; state: GameState; shot: ShotSummary; expect: Expect }[] = [
  // Break (2.3)
  { rule: '2.3', name: 'legal break with a ball down: breaker continues, push out available next', state: brk(), shot: shot({ first: 1, down: [[4, 'TL']], cush: 2 }), expect: { foul: null, nextPlayer: 0, pushOutAvailable: true, onTable: [1, 2, 3, 5, 6, 7, 8, 9], ballInHand: null } },
  { rule: '2.3', name: 'legal break, 4 balls to a rail, nothing down: turn passes, push out available', state: brk(), shot: shot({ first: 1, cush: 4 }), expect: { foul: null, nextPlayer: 1, pushOutAvailable: true } },
  { rule: '2.3', name: 'illegal break (3 to a rail): foul, ball in hand anywhere', state: brk(), shot: shot({ first: 1, cush: 3 }), expect: { foul: 'illegal-break', nextPlayer: 1, ballInHand: 'table', pushOutAvailable: false, options: undefined, fouls: [1, 0] } },
  { rule: '2.3', name: 'illegal break by seat 1', state: brk(1), shot: shot({ first: 1, cush: 0 }), expect: { foul: 'illegal-break', nextPlayer: 0, ballInHand: 'table', reason: /ball in hand for Al/ } },
  { rule: '6.2', name: 'the break must hit the 1 first (2.7)', state: brk(), shot: shot({ first: 2, down: [[5, 'TL']], cush: 4 }), expect: { foul: 'wrong-ball-first', nextPlayer: 1, ballInHand: 'table' } },
  { rule: '2.5', name: '9 on the break wins', state: brk(), shot: shot({ first: 1, down: [[9, 'BM']], cush: 3 }), expect: { foul: null, winner: 0, rackOver: true, reason: /on the break/ } },
  { rule: '2.6', name: '9 on the break with a scratch: foul, the 9 is spotted', state: brk(), shot: shot({ first: 1, down: [[9, 'BM'], [0, 'TL']], cush: 3 }), expect: { foul: 'scratch', winner: null, rackOver: false, respot: [9], onTable: nineAll, nextPlayer: 1, ballInHand: 'table', pushOutAvailable: false } },
  { rule: '2.4', name: 'no push out after a foul on the break', state: brk(), shot: shot({ first: 1, down: [[0, 'TL'], [3, 'TR']], cush: 3 }), expect: { foul: 'scratch', pushOutAvailable: false } },

  // Lowest ball first and standard fouls (2.7, 6.x)
  { rule: '2.7', name: 'lowest ball first, ball pocketed: continue', state: mid(), shot: shot({ first: 3, down: [[5, 'TL']] }), expect: { foul: null, nextPlayer: 0, onTable: [3, 7, 9], pushOutAvailable: false } },
  { rule: '2.7', name: 'lowest ball first, nothing pocketed, rail: turn passes', state: mid(), shot: shot({ first: 3, rail: true }), expect: { foul: null, nextPlayer: 1, ballInHand: null } },
  { rule: '6.2', name: 'not the lowest ball first: foul, ball in hand anywhere', state: mid(), shot: shot({ first: 5, down: [[5, 'TL']] }), expect: { foul: 'wrong-ball-first', nextPlayer: 1, ballInHand: 'table', onTable: [3, 7, 9] } },
  { rule: '6.2', name: 'no contact', state: mid(), shot: shot({ first: null }), expect: { foul: 'no-contact', nextPlayer: 1, ballInHand: 'table' } },
  { rule: '6.3', name: 'no rail after contact, nothing pocketed', state: mid(), shot: shot({ first: 3, rail: false }), expect: { foul: 'no-rail', nextPlayer: 1, ballInHand: 'table' } },
  { rule: '6.1', name: 'scratch', state: mid(), shot: shot({ first: 3, down: [[0, 'BR']] }), expect: { foul: 'scratch', nextPlayer: 1, ballInHand: 'table', reason: /^Foul: cue ball scratched — ball in hand for Bo$/ } },
  { rule: '6.1', name: 'cue ball off the table', state: mid(), shot: shot({ first: 3, cueOff: true }), expect: { foul: 'cue-ball-off-table', nextPlayer: 1 } },
  { rule: '6.5', name: 'object ball off the table: foul, not spotted', state: mid(), shot: shot({ first: 3, off: [7] }), expect: { foul: 'ball-off-table', onTable: [3, 5, 9], respot: undefined } },

  // Winning and spotting (2.5, 2.6)
  { rule: '2.5', name: '9 pocketed legally wins', state: mid({ onTable: [9] }), shot: shot({ first: 9, down: [[9, 'TR']] }), expect: { foul: null, winner: 0, rackOver: true } },
  { rule: '2.5', name: '9 on a combination wins', state: mid(), shot: shot({ first: 3, down: [[9, 'TR']] }), expect: { winner: 0, rackOver: true, reason: /combination/ } },
  { rule: '2.5', name: '9 and the cue ball: no win, spotted (2.6)', state: mid(), shot: shot({ first: 3, down: [[9, 'TR'], [0, 'TL']] }), expect: { winner: null, foul: 'scratch', respot: [9], onTable: [3, 5, 7, 9] } },
  { rule: '2.6', name: '9 pocketed on a wrong-ball-first foul is spotted', state: mid(), shot: shot({ first: 5, down: [[9, 'TR'], [3, 'TL']] }), expect: { foul: 'wrong-ball-first', winner: null, respot: [9], onTable: [5, 7, 9] } },
  { rule: '2.6', name: '9 driven off the table is spotted', state: mid(), shot: shot({ first: 3, off: [9] }), expect: { foul: 'ball-off-table', respot: [9], onTable: [3, 5, 7, 9], rackOver: false } },

  // Three fouls (6.14)
  { rule: '6.14', name: 'second consecutive foul: warned in the reason', state: mid({ fouls: [1, 0] }), shot: shot({ first: 5 }), expect: { foul: 'wrong-ball-first', fouls: [2, 0], rackOver: false, reason: /Al is on two consecutive fouls/, warning: 'Al is on two consecutive fouls: a third loses the rack (6.14)' } },
  { rule: '6.14', name: 'third consecutive foul loses the rack', state: mid({ fouls: [2, 0] }), shot: shot({ first: 3, down: [[0, 'TL']] }), expect: { foul: 'scratch', winner: 1, rackOver: true, reason: /third consecutive foul by Al: Bo wins/ } },
  { rule: '6.14', name: 'third foul by seat 1', state: mid({ turn: 1, fouls: [0, 2] }), shot: shot({ first: null }), expect: { winner: 0, rackOver: true } },
  { rule: '6.14', name: 'a legal shot resets the shooter\'s count', state: mid({ fouls: [2, 1] }), shot: shot({ first: 3, rail: true }), expect: { foul: null, fouls: [0, 1] } },
  { rule: '6.14', name: 'the opponent\'s foul does not reset the shooter\'s count', state: mid({ turn: 1, fouls: [1, 1] }), shot: shot({ first: 5 }), expect: { fouls: [1, 2], nextPlayer: 0, rackOver: false } },
  { rule: '6.14', name: 'a foul with the 9 down on the third foul: the rack is lost, not respotted', state: mid({ fouls: [2, 0] }), shot: shot({ first: 5, down: [[9, 'TL']] }), expect: { winner: 1, rackOver: true } },

  // Push out (2.4)
  { rule: '2.4', name: 'push out: 6.2 and 6.3 suspended, the other player chooses', state: afterBreak(), shot: shot({ first: 7, rail: false, push: true }), expect: { foul: null, pushOut: true, nextPlayer: 1, options: PO, pushOutAvailable: false, reason: /Bo chooses/ } },
  { rule: '2.4', name: 'push out touching nothing is legal', state: afterBreak(), shot: shot({ first: null, push: true }), expect: { foul: null, pushOut: true, options: PO } },
  { rule: '2.6', name: 'the 9 pocketed on a push out is spotted, no win', state: afterBreak(), shot: shot({ first: 9, down: [[9, 'TL']], push: true }), expect: { winner: null, respot: [9], onTable: [2, 3, 4, 5, 6, 7, 8, 9], options: PO } },
  { rule: '2.4', name: 'a push out with a scratch is a foul: ball in hand, no choice', state: afterBreak(), shot: shot({ first: 5, down: [[0, 'TL']], push: true }), expect: { foul: 'scratch', nextPlayer: 1, ballInHand: 'table', options: undefined, pushOut: undefined } },
  { rule: '2.4', name: 'a push out driving a ball off the table is a foul (6.5 not suspended)', state: afterBreak(), shot: shot({ first: 5, off: [5], push: true }), expect: { foul: 'ball-off-table', nextPlayer: 1 } },
  { rule: '2.4', name: 'the shot after the break need not be a push out (push out is then gone)', state: afterBreak(), shot: shot({ first: 2, rail: true }), expect: { foul: null, pushOutAvailable: false, nextPlayer: 1 } },
];

for (const c of cases) test(`${c.rule} ${c.name}`, () => check(judge(c.state, c.shot), c.expect, c.rule));

test('2.4 after a push out: shoot or pass back', () => {
  const s = judge(afterBreak(), shot({ first: 7, push: true })).state;
  check(choose(s, 1, 'shoot'), { nextPlayer: 1, ballInHand: null, pushOutAvailable: false }, 'shoot');
  check(choose(s, 1, 'pass-back'), { nextPlayer: 0, ballInHand: null }, 'pass-back');
  assert.throws(() => choose(s, 0, 'shoot'), (e: unknown) => e instanceof RuleError && e.code === 'option-not-offered');
  assert.throws(() => choose(s, 1, 'rerack'), (e: unknown) => e instanceof RuleError && e.code === 'option-not-offered');
});

test('2.4 push out only on the shot right after a break with no foul', () => {
  assert.throws(() => judge(mid(), shot({ first: 3, push: true })), (e: unknown) => e instanceof RuleError && e.code === 'push-out-unavailable');
  assert.throws(() => judge(brk(), shot({ first: 1, cush: 4, push: true })), (e: unknown) => e instanceof RuleError && e.code === 'push-out-unavailable');
  const afterFoulBreak = judge(brk(), shot({ first: 1, cush: 1 })).state;
  assert.throws(() => judge(afterFoulBreak, shot({ first: 1, push: true })), (e: unknown) => e instanceof RuleError);
  const eight = { ...createGame('8ball', ['Al', 'Bo']), isBreak: false, pushOutAvailable: true };
  assert.throws(() => judge(eight, shot({ first: 1, push: true })), (e: unknown) => e instanceof RuleError && /9-ball/.test(e.message));
});

test('2.4 the breaker who keeps the table may push out', () => {
  const r = judge(brk(), shot({ first: 1, down: [[2, 'TL']], cush: 3 }));
  assert.equal(r.nextPlayer, 0);
  const p = judge(r.state, shot({ first: 8, push: true }));
  assert.equal(p.options, PO);
  assert.equal(p.nextPlayer, 1);
});

test('2.4 defect 10: Ruling.options lists the push out exactly when the next shot may be one', () => {
  const legal = judge(brk(), shot({ first: 1, down: [[2, 'TL']], cush: 3 }));
  assert.equal(legal.options, ['push-out'], 'the breaker who keeps the table is offered the push out');
  const dry = judge(brk(), shot({ first: 1, cush: 4 }));
  assert.equal(dry.options, ['push-out'], 'the incoming player after a dry legal break is offered it');
  assert.equal(dry.nextPlayer, 1);
  assert.is(judge(brk(), shot({ first: 1, cush: 3 })).options, undefined, 'not after a foul on the break');
  assert.is(judge(legal.state, shot({ first: 3, rail: true })).options, undefined, 'gone after the shot that follows the break');
  const pushed = judge(legal.state, shot({ first: 8, push: true }));
  assert.equal(pushed.options, PO, 'after the push out: the choice only');
  assert.equal(choose(pushed.state, 1, 'pass-back').options, undefined, 'no second push out');
  assert.equal(pushed.state.pending?.options, PO, 'PendingChoice keeps to real choices');
  assert.throws(() => choose(legal.state, 0, 'push-out'), (e: unknown) => e instanceof RuleError && e.code === 'option-not-offered');
});

test('6.14 time fouls count toward three fouls', () => {
  let s = mid();
  const r1 = timeFoul(s);
  check(r1, { foul: 'time', nextPlayer: 1, ballInHand: 'table', fouls: [1, 0] }, 'time 1');
  s = { ...r1.state, turn: 0 };
  const r2 = timeFoul(s);
  assert.match(r2.reason, /two consecutive fouls/);
  s = { ...r2.state, turn: 0 };
  check(timeFoul(s), { winner: 1, rackOver: true, foul: 'time' }, 'time 3');
});

test('6.14 a full sequence: three fouls by Al across his innings, with Bo shooting legally in between', () => {
  let s = mid();
  const foulShot = shot({ first: 5 });
  const bo = shot({ first: 3, rail: true });
  s = judge(s, foulShot).state; // Al foul 1
  s = judge(s, bo).state; // Bo legal, misses
  s = judge(s, foulShot).state; // Al foul 2
  s = judge(s, bo).state;
  const r = judge(s, foulShot); // Al foul 3
  assert.equal(r.winner, 1);
  assert.ok(r.rackOver);
});

test.run();
