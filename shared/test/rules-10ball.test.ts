// 10-ball rulings, table-driven; every case cites the WPA rule it checks: section 9 "Ten Ball" of the
// Rules of Play (9.3 break, 9.4 push out, 9.5 call shots, 9.6 safety, 9.7 wrongfully pocketed balls,
// 9.8 continuing play, 9.9 spotting balls, 9.10 standard fouls, 9.11 serious fouls) with the fouls of
// section 6 (6.1–6.5, 6.14). Readings pinned in src/rules/ten-ball.ts are marked "pinned".
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PocketId } from '../src/physics/types.ts';
import {
  choose, createGame, judge, RuleError, timeFoul,
  type GameState, type OfferedOption, type OptionId, type Ruling, type ShotSummary,
} from '../src/rules/index.ts';

type ShotSpec = {
  first?: number | null; down?: [number, PocketId][]; rail?: boolean; cush?: number; off?: number[]; cueOff?: boolean;
  push?: boolean; call?: [number, PocketId]; safety?: boolean;
};
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
  if (o.call) s.called = { ball: o.call[0], pocket: o.call[1] };
  if (o.safety) s.safety = true;
  return s;
};
const tenAll = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const brk = (breaker: 0 | 1 = 0) => createGame('10ball', ['Al', 'Bo'], { breaker });
const mid = (over: Partial<GameState> = {}): GameState => ({ ...brk(), isBreak: false, ballInHand: null, onTable: [3, 5, 7, 10], ...over });
const afterBreak = (over: Partial<GameState> = {}): GameState => mid({ onTable: [2, 3, 4, 5, 6, 7, 8, 9, 10], pushOutAvailable: true, ...over });

type Expect = Partial<Pick<Ruling, 'foul' | 'nextPlayer' | 'ballInHand' | 'rackOver' | 'winner' | 'options' | 'respot' | 'pushOut' | 'warning'>> & {
  onTable?: number[];
  fouls?: [number, number];
  pushOutAvailable?: boolean;
  pending?: string | null;
  reason?: RegExp;
  rule?: RegExp;
};
function check(r: Ruling, e: Expect, label: string): void {
  for (const k of ['foul', 'nextPlayer', 'ballInHand', 'rackOver', 'winner', 'options', 'respot', 'pushOut', 'warning'] as const) {
    if (k in e) assert.equal(r[k], e[k], `${label}: ${k}`);
  }
  for (const k of ['onTable', 'fouls', 'pushOutAvailable'] as const) if (k in e) assert.equal(r.state[k], e[k], `${label}: state.${k}`);
  if ('pending' in e) assert.is(r.state.pending?.kind ?? null, e.pending, `${label}: pending`);
  if (e.reason) assert.match(r.reason, e.reason, `${label}: reason "${r.reason}"`);
  if (e.rule) assert.match(r.rule ?? '', e.rule, `${label}: rule "${r.rule}"`);
  assert.equal(r.nextPlayer, r.state.turn, `${label}: nextPlayer mirrors state.turn`);
}
const OPT: OptionId[] = ['shoot', 'pass-back'];
const PUSH: OfferedOption[] = ['push-out'];

const cases: { rule: string; name: string; state: GameState; shot: ShotSummary; expect: Expect }[] = [
  // Break (9.3), the 10 spotted on it (9.9)
  { rule: '9.3', name: 'legal break with a ball down: breaker continues, nothing called, push out offered', state: brk(), shot: shot({ first: 1, down: [[4, 'TL']], cush: 2 }), expect: { foul: null, nextPlayer: 0, pushOutAvailable: true, options: PUSH, onTable: [1, 2, 3, 5, 6, 7, 8, 9, 10], ballInHand: null, rule: /^9\.3$/ } },
  { rule: '9.3', name: 'legal break, 4 balls to a rail, nothing down: turn passes, push out offered to the incoming player', state: brk(), shot: shot({ first: 1, cush: 4 }), expect: { foul: null, nextPlayer: 1, pushOutAvailable: true, options: PUSH } },
  { rule: '9.3', name: 'illegal break (3 to a rail, nothing down): foul, ball in hand anywhere, no push out', state: brk(), shot: shot({ first: 1, cush: 3 }), expect: { foul: 'illegal-break', nextPlayer: 1, ballInHand: 'table', pushOutAvailable: false, options: undefined, fouls: [1, 0] } },
  { rule: '6.2', name: 'the break must hit the 1 first', state: brk(), shot: shot({ first: 2, down: [[5, 'TL']], cush: 4 }), expect: { foul: 'wrong-ball-first', nextPlayer: 1, ballInHand: 'table' } },
  { rule: '9.3', name: 'the 10 on the break is spotted and the breaker continues (no win)', state: brk(), shot: shot({ first: 1, down: [[10, 'BM'], [3, 'TL']], cush: 3 }), expect: { foul: null, winner: null, rackOver: false, nextPlayer: 0, respot: [10], onTable: [1, 2, 4, 5, 6, 7, 8, 9, 10], pushOutAvailable: true, rule: /9\.3, 9\.9/ } },
  { rule: '9.3', name: 'pinned: the 10 alone on the break makes it legal; spotted, breaker continues', state: brk(), shot: shot({ first: 1, down: [[10, 'TR']], cush: 1 }), expect: { foul: null, nextPlayer: 0, respot: [10], onTable: tenAll } },
  { rule: '9.5', name: 'pinned: a call sent with the break is ignored (the called 10 in its pocket does not win)', state: brk(), shot: shot({ first: 1, down: [[10, 'TR']], cush: 4, call: [10, 'TR'] }), expect: { winner: null, respot: [10], nextPlayer: 0 } },
  { rule: '9.9', name: 'the 10 on the break with a scratch: foul, the 10 spotted, ball in hand', state: brk(), shot: shot({ first: 1, down: [[10, 'BM'], [0, 'TL']], cush: 3 }), expect: { foul: 'scratch', winner: null, respot: [10], onTable: tenAll, nextPlayer: 1, ballInHand: 'table', pushOutAvailable: false } },

  // Call shots and continuing play (9.5, 9.8)
  { rule: '9.8', name: 'called ball in the called pocket: the shooter continues', state: mid(), shot: shot({ first: 3, down: [[3, 'TL']], call: [3, 'TL'] }), expect: { foul: null, nextPlayer: 0, onTable: [5, 7, 10], options: undefined, pending: null, rule: /^9\.8$/ } },
  { rule: '9.8', name: 'called ball made: other balls pocketed on the shot stay down', state: mid(), shot: shot({ first: 3, down: [[5, 'BR'], [3, 'TL']], call: [3, 'TL'] }), expect: { foul: null, nextPlayer: 0, onTable: [7, 10], reason: /5 stays down/ } },
  { rule: '9.9', name: 'called ball made with the 10 dropping too: the 10 is spotted, the shooter continues', state: mid(), shot: shot({ first: 3, down: [[3, 'TL'], [10, 'BM']], call: [3, 'TL'] }), expect: { foul: null, nextPlayer: 0, winner: null, respot: [10], onTable: [5, 7, 10] } },
  { rule: '9.5', name: 'a called combination: the 3 first, the called 7 made', state: mid(), shot: shot({ first: 3, down: [[7, 'TM']], call: [7, 'TM'] }), expect: { foul: null, nextPlayer: 0, onTable: [3, 5, 10] } },
  { rule: '9.8', name: 'called ball missed, nothing pocketed: the turn passes, no option', state: mid(), shot: shot({ first: 3, call: [3, 'TL'] }), expect: { foul: null, nextPlayer: 1, ballInHand: null, options: undefined, pending: null } },

  // Wrongfully pocketed balls (9.7)
  { rule: '9.7', name: 'the called ball in another pocket: inning over, the incoming player chooses', state: mid(), shot: shot({ first: 3, down: [[3, 'BL']], call: [3, 'TL'] }), expect: { foul: null, nextPlayer: 1, options: OPT, pending: 'uncalled-pocket', onTable: [5, 7, 10], ballInHand: null, rule: /^9\.7$/ } },
  { rule: '9.7', name: 'the called ball missed and another ball dropped: option, the ball stays down', state: mid(), shot: shot({ first: 3, down: [[5, 'TR']], call: [3, 'TL'] }), expect: { foul: null, nextPlayer: 1, options: OPT, onTable: [3, 7, 10], respot: undefined } },
  { rule: '9.7', name: 'the called ball missed and the 10 dropped: the 10 spotted, option', state: mid(), shot: shot({ first: 3, down: [[10, 'TR']], call: [3, 'TL'] }), expect: { foul: null, winner: null, nextPlayer: 1, options: OPT, respot: [10], onTable: [3, 5, 7, 10], rule: /9\.7, 9\.9/ } },
  { rule: '9.7', name: 'the called 10 dropped in another pocket: spotted, no win, option', state: mid(), shot: shot({ first: 3, down: [[10, 'BR']], call: [10, 'TL'] }), expect: { winner: null, rackOver: false, options: OPT, respot: [10], nextPlayer: 1 } },
  { rule: '9.10', name: 'a foul overrides the option: ball in hand, nothing to choose', state: mid(), shot: shot({ first: 3, down: [[5, 'TR'], [0, 'BL']], call: [3, 'TL'] }), expect: { foul: 'scratch', nextPlayer: 1, ballInHand: 'table', options: undefined, pending: null, onTable: [3, 7, 10] } },

  // Safety (9.6)
  { rule: '9.6', name: 'safety, nothing pocketed: the turn passes', state: mid(), shot: shot({ first: 3, safety: true }), expect: { foul: null, nextPlayer: 1, options: undefined, pending: null, rule: /^9\.6$/ } },
  { rule: '9.6', name: 'pinned: a ball pocketed on a safety stays down, the turn passes, no option', state: mid(), shot: shot({ first: 3, down: [[3, 'TL']], safety: true }), expect: { foul: null, nextPlayer: 1, options: undefined, onTable: [5, 7, 10] } },
  { rule: '9.6', name: 'the 10 pocketed on a safety is spotted (9.9)', state: mid(), shot: shot({ first: 3, down: [[10, 'TL']], safety: true }), expect: { foul: null, winner: null, nextPlayer: 1, respot: [10], onTable: [3, 5, 7, 10] } },
  { rule: '9.10', name: 'a safety that hits the wrong ball first is a foul', state: mid(), shot: shot({ first: 5, safety: true }), expect: { foul: 'wrong-ball-first', nextPlayer: 1, ballInHand: 'table' } },

  // Winning (9.5, 9.8) and spotting the 10 (9.9)
  { rule: '9.8', name: 'the called 10 in the called pocket wins', state: mid({ onTable: [10] }), shot: shot({ first: 10, down: [[10, 'TR']], call: [10, 'TR'] }), expect: { foul: null, winner: 0, rackOver: true, options: undefined } },
  { rule: '9.5', name: 'the called 10 on a combination wins at any time', state: mid(), shot: shot({ first: 3, down: [[10, 'TR']], call: [10, 'TR'] }), expect: { winner: 0, rackOver: true, reason: /combination/ } },
  { rule: '9.5', name: 'the called 10 made with another ball dropping too still wins', state: mid(), shot: shot({ first: 3, down: [[5, 'BL'], [10, 'TR']], call: [10, 'TR'] }), expect: { winner: 0, rackOver: true } },
  { rule: '9.9', name: 'the 10 pocketed uncalled while another call is made: spotted, no win', state: mid(), shot: shot({ first: 3, down: [[10, 'TR'], [3, 'TL']], call: [3, 'TL'] }), expect: { winner: null, respot: [10], nextPlayer: 0 } },
  { rule: '9.10', name: 'the called 10 made with a scratch: foul, the 10 spotted, no win', state: mid(), shot: shot({ first: 3, down: [[10, 'TR'], [0, 'TL']], call: [10, 'TR'] }), expect: { winner: null, foul: 'scratch', respot: [10], onTable: [3, 5, 7, 10], ballInHand: 'table', nextPlayer: 1 } },
  { rule: '9.9', name: 'the called 10 made after hitting the wrong ball first: foul, spotted', state: mid(), shot: shot({ first: 5, down: [[10, 'TR']], call: [10, 'TR'] }), expect: { winner: null, foul: 'wrong-ball-first', respot: [10] } },
  { rule: '9.9', name: 'the 10 driven off the table is spotted (and a foul, 6.5)', state: mid(), shot: shot({ first: 3, off: [10], call: [3, 'TL'] }), expect: { foul: 'ball-off-table', respot: [10], onTable: [3, 5, 7, 10], rackOver: false } },
  { rule: '6.5', name: 'another object ball off the table: foul, not spotted', state: mid(), shot: shot({ first: 3, off: [7], call: [3, 'TL'] }), expect: { foul: 'ball-off-table', onTable: [3, 5, 10], respot: undefined } },

  // Push out (9.4)
  { rule: '9.4', name: 'push out: 6.2 and 6.3 suspended, no call needed, the other player chooses', state: afterBreak(), shot: shot({ first: 7, rail: false, push: true }), expect: { foul: null, pushOut: true, nextPlayer: 1, options: OPT, pending: 'push-out', pushOutAvailable: false, reason: /Bo chooses/, rule: /^9\.4$/ } },
  { rule: '9.4', name: 'the 10 pocketed on a push out is spotted without penalty', state: afterBreak(), shot: shot({ first: 10, down: [[10, 'TL']], push: true }), expect: { winner: null, foul: null, respot: [10], onTable: [2, 3, 4, 5, 6, 7, 8, 9, 10], options: OPT } },
  { rule: '9.4', name: 'pinned: a ball pocketed on a push out stays down; the choice is the push out\'s', state: afterBreak(), shot: shot({ first: 4, down: [[4, 'TL']], push: true }), expect: { foul: null, pending: 'push-out', options: OPT, onTable: [2, 3, 5, 6, 7, 8, 9, 10] } },
  { rule: '9.4', name: 'a push out with a scratch is a foul: ball in hand, no choice', state: afterBreak(), shot: shot({ first: 5, down: [[0, 'TL']], push: true }), expect: { foul: 'scratch', nextPlayer: 1, ballInHand: 'table', options: undefined, pushOut: undefined } },
  { rule: '9.4', name: 'the shot after the break need not be a push out (then the push out is gone)', state: afterBreak(), shot: shot({ first: 2, rail: true, call: [2, 'TL'] }), expect: { foul: null, pushOutAvailable: false, nextPlayer: 1, options: undefined } },

  // Fouls (9.10, 9.11 → 6.14)
  { rule: '6.2', name: 'not the lowest ball first: foul, ball in hand anywhere', state: mid(), shot: shot({ first: 5, down: [[5, 'TL']], call: [5, 'TL'] }), expect: { foul: 'wrong-ball-first', nextPlayer: 1, ballInHand: 'table', onTable: [3, 7, 10] } },
  { rule: '6.3', name: 'no rail after contact, nothing pocketed', state: mid(), shot: shot({ first: 3, rail: false, call: [3, 'TL'] }), expect: { foul: 'no-rail', nextPlayer: 1, ballInHand: 'table' } },
  { rule: '9.11', name: 'second consecutive foul: warned', state: mid({ fouls: [1, 0] }), shot: shot({ first: 5, call: [5, 'TL'] }), expect: { foul: 'wrong-ball-first', fouls: [2, 0], rackOver: false, warning: 'Al is on two consecutive fouls: a third loses the rack (6.14)' } },
  { rule: '9.11', name: 'third consecutive foul loses the rack', state: mid({ fouls: [2, 0] }), shot: shot({ first: 3, down: [[0, 'TL']], call: [3, 'TL'] }), expect: { foul: 'scratch', winner: 1, rackOver: true, rule: /9\.11, 6\.14/ } },
  { rule: '9.11', name: 'a legal shot (a 9.7 miss included) resets the shooter\'s count', state: mid({ fouls: [2, 1] }), shot: shot({ first: 3, down: [[5, 'TL']], call: [3, 'TL'] }), expect: { foul: null, fouls: [0, 1], pending: 'uncalled-pocket' } },
];

for (const c of cases) test(`${c.rule} ${c.name}`, () => check(judge(c.state, c.shot), c.expect, c.rule));

const ruleError = (code: string) => (e: unknown) => e instanceof RuleError && e.code === code;

test('9.5 every shot after the break needs a call or safety; the break and a push out need neither', () => {
  assert.throws(() => judge(mid(), shot({ first: 3, down: [[3, 'TL']] })), ruleError('call-required'));
  assert.throws(() => judge(afterBreak(), shot({ first: 2 })), ruleError('call-required'));
  assert.throws(() => judge(mid(), shot({ first: 3, call: [3, 'TL'], safety: true })), ruleError('bad-call'));
  assert.not.throws(() => judge(brk(), shot({ first: 1, cush: 4 })));
  assert.not.throws(() => judge(afterBreak(), shot({ first: 2, push: true })));
});

test('9.5 the called ball may be any ball on the table, but must be on it', () => {
  assert.not.throws(() => judge(mid(), shot({ first: 3, call: [10, 'TL'] })));
  assert.throws(() => judge(mid(), shot({ first: 3, call: [4, 'TL'] })), ruleError('not-on-table'));
  assert.throws(() => judge(mid(), shot({ first: 3, call: [11, 'TL'] })), ruleError('bad-ball'));
});

test('9.7 after a wrongly pocketed ball: the incoming player shoots, or hands the shot back', () => {
  const r = judge(mid(), shot({ first: 3, down: [[5, 'TR']], call: [3, 'TL'] }));
  const s = r.state;
  check(choose(s, 1, 'shoot'), { nextPlayer: 1, ballInHand: null, pending: null, options: undefined, rule: /^9\.7$/ }, 'shoot');
  check(choose(s, 1, 'pass-back'), { nextPlayer: 0, ballInHand: null, pending: null, rule: /^9\.7$/, reason: /passes the shot back — Al shoots/ }, 'pass-back');
  assert.throws(() => choose(s, 0, 'shoot'), ruleError('option-not-offered'));
  assert.throws(() => choose(s, 1, 'rerack'), ruleError('option-not-offered'));
  assert.throws(() => judge(s, shot({ first: 3, call: [3, 'TL'] })), ruleError('choice-pending'));
});

test('9.4 after a push out: shoot or pass back; push out only right after a foul-free break', () => {
  const s = judge(afterBreak(), shot({ first: 7, push: true })).state;
  check(choose(s, 1, 'shoot'), { nextPlayer: 1, pushOutAvailable: false, options: undefined, rule: /^9\.4$/ }, 'shoot');
  check(choose(s, 1, 'pass-back'), { nextPlayer: 0, rule: /^9\.4$/ }, 'pass-back');
  assert.throws(() => judge(mid(), shot({ first: 3, push: true })), ruleError('push-out-unavailable'));
  assert.throws(() => judge(brk(), shot({ first: 1, cush: 4, push: true })), ruleError('push-out-unavailable'));
  const afterFoulBreak = judge(brk(), shot({ first: 1, cush: 1 })).state;
  assert.throws(() => judge(afterFoulBreak, shot({ first: 1, push: true })), ruleError('push-out-unavailable'));
});

test('9.4 defect 10: the push out is offered in Ruling.options but is not a choose() option', () => {
  const r = judge(brk(), shot({ first: 1, down: [[2, 'TL']], cush: 3 }));
  assert.equal(r.options, ['push-out']);
  assert.is(r.state.pending, null, 'no choice is pending: the push out is a shot');
  assert.throws(() => choose(r.state, 0, 'push-out'), (e: unknown) => e instanceof RuleError && e.code === 'option-not-offered' && /pushOut: true/.test(e.message));
});

test('9.11 time fouls count toward three fouls; the 10 is not touched', () => {
  let s = mid();
  const r1 = timeFoul(s);
  check(r1, { foul: 'time', nextPlayer: 1, ballInHand: 'table', fouls: [1, 0], onTable: [3, 5, 7, 10] }, 'time 1');
  s = { ...r1.state, turn: 0 };
  const r2 = timeFoul(s);
  assert.match(r2.reason, /two consecutive fouls/);
  s = { ...r2.state, turn: 0 };
  check(timeFoul(s), { winner: 1, rackOver: true, foul: 'time' }, 'time 3');
});

test('9.11 a full sequence: three fouls by Al across his innings, Bo missing a called shot in between', () => {
  let s = mid();
  const foulShot = shot({ first: 5, call: [5, 'TL'] });
  const bo = shot({ first: 3, rail: true, call: [3, 'TL'] });
  s = judge(s, foulShot).state; // Al foul 1
  s = judge(s, bo).state; // Bo legal, misses
  s = judge(s, foulShot).state; // Al foul 2
  s = judge(s, bo).state;
  const r = judge(s, foulShot); // Al foul 3
  assert.equal(r.winner, 1);
  assert.ok(r.rackOver);
});

test('9.2 createGame racks ten balls; the break is from behind the head string', () => {
  const g = brk();
  assert.equal(g.onTable, tenAll);
  assert.is(g.ballInHand, 'kitchen');
  assert.is(g.open, false);
});

test.run();
