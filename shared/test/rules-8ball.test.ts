// 8-ball rulings, table-driven; every case cites the WPA 2016 rule it checks (shared/RULES.md).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PocketId } from '../src/physics/types.ts';
import { choose, concede, createGame, judge, RuleError, timeFoul, type GameState, type OptionId, type Ruling, type ShotSummary } from '../src/rules/index.ts';

type ShotSpec = { first?: number | null; down?: [number, PocketId][]; rail?: boolean; cush?: number; called?: [number, PocketId]; off?: number[]; cueOff?: boolean };
const shot = (o: ShotSpec): ShotSummary => {
  const s: ShotSummary = {
    firstContact: o.first === undefined ? null : o.first,
    pocketed: (o.down ?? []).map(([ball, pocket]) => ({ ball, pocket })),
    cushionAfterContact: o.rail ?? o.first != null,
    objectBallsToCushion: o.cush ?? 0,
  };
  if (o.called) s.called = { ball: o.called[0], pocket: o.called[1] };
  if (o.off) s.ballsOffTable = o.off;
  if (o.cueOff) s.cueBallOffTable = true;
  return s;
};
const all = Array.from({ length: 15 }, (_, i) => i + 1);
const brk = (opts?: Parameters<typeof createGame>[2]) => createGame('8ball', ['Al', 'Bo'], opts);
const open = (over: Partial<GameState> = {}): GameState => ({ ...brk(), isBreak: false, ballInHand: null, onTable: all.filter((b) => b !== 4 && b !== 13), ...over });
const closed = (over: Partial<GameState> = {}): GameState =>
  open({ groups: ['solids', 'stripes'], open: false, onTable: [2, 3, 5, 8, 10, 11, 12], ...over });
const onEight = (over: Partial<GameState> = {}): GameState => closed({ onTable: [8, 10, 11], ...over });

type Expect = Partial<Pick<Ruling, 'foul' | 'nextPlayer' | 'ballInHand' | 'rackOver' | 'winner' | 'options' | 'respot' | 'rerack'>> & {
  groups?: GameState['groups'];
  open?: boolean;
  onTable?: number[];
  isBreak?: boolean;
  breaker?: 0 | 1;
  reason?: RegExp;
};
function check(r: Ruling, e: Expect, label: string): void {
  for (const k of ['foul', 'nextPlayer', 'ballInHand', 'rackOver', 'winner', 'options', 'respot', 'rerack'] as const) {
    if (k in e) assert.equal(r[k], e[k], `${label}: ${k}`);
  }
  for (const k of ['groups', 'open', 'onTable', 'isBreak', 'breaker'] as const) {
    if (k in e) assert.equal(r.state[k], e[k], `${label}: state.${k}`);
  }
  if (e.reason) assert.match(r.reason, e.reason, `${label}: reason "${r.reason}"`);
  assert.equal(r.nextPlayer, r.state.turn, `${label}: nextPlayer mirrors state.turn`);
}

const D: OptionId[] = ['accept-table', 'rerack', 'rerack-opponent-breaks'];
const cases: { rule: string; name: string; state: GameState; shot: ShotSummary; expect: Expect }[] = [
  // The break (3.3)
  { rule: '3.3(c)', name: 'legal break with a ball down: breaker continues, table open', state: brk(), shot: shot({ first: 1, down: [[3, 'TL']], cush: 2 }), expect: { foul: null, nextPlayer: 0, open: true, groups: [null, null], ballInHand: null, isBreak: false, onTable: all.filter((b) => b !== 3) } },
  { rule: '3.3', name: 'legal break, 4 object balls to a rail, nothing down: turn passes', state: brk(), shot: shot({ first: 1, cush: 4 }), expect: { foul: null, nextPlayer: 1, open: true, ballInHand: null, options: undefined } },
  { rule: '3.3', name: 'any ball may be hit first on the break', state: brk(), shot: shot({ first: 8, cush: 5 }), expect: { foul: null, nextPlayer: 1 } },
  { rule: '3.3(d)', name: 'illegal break (3 to a rail): incoming player chooses, no ball in hand', state: brk(), shot: shot({ first: 1, cush: 3 }), expect: { foul: 'illegal-break', nextPlayer: 1, options: D, ballInHand: null, rackOver: false, reason: /Bo chooses/ } },
  { rule: '3.3(d)', name: 'cue ball that hits nothing on the break is an illegal break', state: brk(), shot: shot({ first: null }), expect: { foul: 'illegal-break', options: D } },
  { rule: '3.3(e)', name: '8 on a legal break: breaker chooses spot or re-break, not a win', state: brk(), shot: shot({ first: 1, down: [[8, 'BM']], cush: 2 }), expect: { foul: null, nextPlayer: 0, options: ['spot-eight', 'rebreak'] as OptionId[], winner: null, rackOver: false } },
  { rule: '3.3(e)', name: '8 and others on the break: still the breaker\'s choice', state: brk(), shot: shot({ first: 1, down: [[2, 'TL'], [8, 'BM']], cush: 5 }), expect: { foul: null, nextPlayer: 0, options: ['spot-eight', 'rebreak'] as OptionId[] } },
  { rule: '3.3(f)', name: '8 and a scratch on the break: opponent chooses', state: brk(), shot: shot({ first: 1, down: [[8, 'BM'], [0, 'TR']], cush: 2 }), expect: { foul: 'scratch', nextPlayer: 1, options: ['spot-eight', 'rebreak'] as OptionId[], winner: null, rackOver: false } },
  { rule: '3.3(f)', name: '8 on the break with the cue ball off the table: opponent chooses', state: brk(), shot: shot({ first: 1, down: [[8, 'BM']], cueOff: true }), expect: { foul: 'cue-ball-off-table', nextPlayer: 1, options: ['spot-eight', 'rebreak'] as OptionId[] } },
  { rule: '3.3', name: 'scratch on a legal break: foul, balls stay down, table open, ball in hand behind the head string (default)', state: brk(), shot: shot({ first: 1, down: [[5, 'TL'], [0, 'BR']], cush: 3 }), expect: { foul: 'scratch', nextPlayer: 1, ballInHand: 'kitchen', open: true, groups: [null, null], onTable: all.filter((b) => b !== 5), reason: /ball in hand behind the head string for Bo/ } },
  { rule: '3.3', name: 'scratch on a legal break with breakScratchKitchen false: ball in hand anywhere (1.5)', state: brk({ breakScratchKitchen: false }), shot: shot({ first: 1, down: [[0, 'BR']], cush: 5 }), expect: { foul: 'scratch', nextPlayer: 1, ballInHand: 'table', reason: /— ball in hand for Bo$/ } },
  { rule: '3.4', name: 'groups never decided on the break (a solid and a stripe down)', state: brk(), shot: shot({ first: 1, down: [[1, 'TL'], [9, 'TR']], cush: 4 }), expect: { foul: null, groups: [null, null], open: true, nextPlayer: 0 } },
  { rule: '6.5', name: 'object ball off the table on the break: foul, not spotted', state: brk(), shot: shot({ first: 1, down: [[2, 'TL']], off: [6], cush: 4 }), expect: { foul: 'ball-off-table', nextPlayer: 1, ballInHand: 'table', onTable: all.filter((b) => b !== 2 && b !== 6) } },
  { rule: '3.3(d)', name: 'breaker fouls with a second player to break: breaker seat is respected', state: brk({ breaker: 1 }), shot: shot({ first: 1, cush: 1 }), expect: { foul: 'illegal-break', nextPlayer: 0, options: D, reason: /Al chooses/ } },

  // Open table and groups (3.4, 3.5)
  { rule: '3.4', name: 'open table: legally pocketed solid decides groups', state: open(), shot: shot({ first: 3, down: [[3, 'TL']] }), expect: { foul: null, nextPlayer: 0, groups: ['solids', 'stripes'], open: false, reason: /Al takes solids/ } },
  { rule: '3.4', name: 'open table: solid first to make a stripe is legal, stripes assigned', state: open({ turn: 1 }), shot: shot({ first: 2, down: [[11, 'BM']] }), expect: { foul: null, nextPlayer: 1, groups: ['solids', 'stripes'] } },
  { rule: '3.4', name: 'open table: the 8 may not be hit first', state: open(), shot: shot({ first: 8, rail: true }), expect: { foul: 'wrong-ball-first', nextPlayer: 1, ballInHand: 'table', groups: [null, null] } },
  { rule: '3.4', name: 'groups never decided on a foul', state: open(), shot: shot({ first: 3, down: [[3, 'TL'], [0, 'BL']] }), expect: { foul: 'scratch', groups: [null, null], open: true, nextPlayer: 1, onTable: open().onTable.filter((b) => b !== 3) } },
  { rule: '3.4', name: 'no call needed by default: the first ball pocketed decides', state: open(), shot: shot({ first: 5, down: [[12, 'TL'], [5, 'BL']] }), expect: { groups: ['stripes', 'solids'], nextPlayer: 0 } },
  { rule: '3.4', name: 'a called ball made decides the group even if another dropped first', state: open(), shot: shot({ first: 5, down: [[12, 'TL'], [5, 'BL']], called: [5, 'BL'] }), expect: { groups: ['solids', 'stripes'] } },
  { rule: '3.4', name: 'callAllShots: called ball made decides the group', state: open({ options: { callAllShots: true, breakScratchKitchen: false } }), shot: shot({ first: 11, down: [[11, 'TL'], [2, 'BR']], called: [11, 'TL'] }), expect: { groups: ['solids', 'stripes'].reverse() as GameState['groups'], nextPlayer: 0 } },
  { rule: '3.5', name: 'callAllShots: called ball missed (wrong pocket): no group, turn ends, balls stay down', state: open({ options: { callAllShots: true, breakScratchKitchen: false } }), shot: shot({ first: 3, down: [[3, 'BR']], called: [3, 'TL'] }), expect: { foul: null, groups: [null, null], nextPlayer: 1, onTable: open().onTable.filter((b) => b !== 3), reason: /Called ball not made/ } },
  { rule: '3.5', name: 'callAllShots: nothing called, ball made: turn ends', state: open({ options: { callAllShots: true, breakScratchKitchen: false } }), shot: shot({ first: 3, down: [[3, 'BR']] }), expect: { foul: null, groups: [null, null], nextPlayer: 1 } },
  { rule: '3.4', name: 'open table with only the 8 left of the groups: the 8 is the target', state: open({ onTable: [8] }), shot: shot({ first: 8, down: [[8, 'TL']], called: [8, 'TL'] }), expect: { winner: 0, rackOver: true } },

  // Closed table: continuing play and standard fouls (3.5, 3.9, 6.x)
  { rule: '3.5', name: 'own ball pocketed: shooter continues', state: closed(), shot: shot({ first: 2, down: [[2, 'TM']] }), expect: { foul: null, nextPlayer: 0, groups: ['solids', 'stripes'] } },
  { rule: '3.5', name: 'only an opponent ball pocketed (own ball hit first): turn ends, no foul', state: closed(), shot: shot({ first: 2, down: [[10, 'TM']] }), expect: { foul: null, nextPlayer: 1, ballInHand: null, onTable: [2, 3, 5, 8, 11, 12] } },
  { rule: '3.5', name: 'nothing pocketed, rail after contact: turn ends', state: closed(), shot: shot({ first: 3, rail: true }), expect: { foul: null, nextPlayer: 1, ballInHand: null } },
  { rule: '3.5', name: 'callAllShots: called ball missed but another own ball drops: turn ends', state: closed({ options: { callAllShots: true, breakScratchKitchen: false } }), shot: shot({ first: 2, down: [[3, 'TL']], called: [2, 'TR'] }), expect: { foul: null, nextPlayer: 1, onTable: [2, 5, 8, 10, 11, 12] } },
  { rule: '3.5', name: 'callAllShots: called ball made: continue', state: closed({ options: { callAllShots: true, breakScratchKitchen: false } }), shot: shot({ first: 2, down: [[2, 'TR']], called: [2, 'TR'] }), expect: { foul: null, nextPlayer: 0 } },
  { rule: '6.1', name: 'scratch: ball in hand anywhere for the opponent', state: closed(), shot: shot({ first: 2, down: [[0, 'BL']] }), expect: { foul: 'scratch', nextPlayer: 1, ballInHand: 'table', reason: /^Foul: cue ball scratched — ball in hand for Bo$/ } },
  { rule: '6.1', name: 'cue ball off the table', state: closed(), shot: shot({ first: 2, cueOff: true }), expect: { foul: 'cue-ball-off-table', nextPlayer: 1, ballInHand: 'table' } },
  { rule: '6.2', name: 'wrong ball first (opponent\'s stripe)', state: closed(), shot: shot({ first: 10, down: [[2, 'TL']] }), expect: { foul: 'wrong-ball-first', nextPlayer: 1, ballInHand: 'table', onTable: [3, 5, 8, 10, 11, 12] } },
  { rule: '6.2', name: 'wrong ball first (the 8 before the group is cleared)', state: closed(), shot: shot({ first: 8, rail: true }), expect: { foul: 'wrong-ball-first', nextPlayer: 1 } },
  { rule: '6.2', name: 'no contact at all', state: closed(), shot: shot({ first: null }), expect: { foul: 'no-contact', nextPlayer: 1, ballInHand: 'table' } },
  { rule: '6.3', name: 'no rail after contact and nothing pocketed', state: closed(), shot: shot({ first: 3, rail: false }), expect: { foul: 'no-rail', nextPlayer: 1, ballInHand: 'table' } },
  { rule: '6.3', name: 'a pocketed ball satisfies the rail requirement', state: closed(), shot: shot({ first: 3, down: [[3, 'TL']], rail: false }), expect: { foul: null, nextPlayer: 0 } },
  { rule: '3.7', name: 'object ball off the table: foul and not spotted', state: closed(), shot: shot({ first: 3, off: [11] }), expect: { foul: 'ball-off-table', nextPlayer: 1, onTable: [2, 3, 5, 8, 10, 12], respot: undefined } },
  { rule: '3.9', name: 'a foul while on the 8 that leaves the 8 up is only a foul', state: onEight(), shot: shot({ first: 8, down: [[0, 'TL']], called: [8, 'BR'] }), expect: { foul: 'scratch', rackOver: false, winner: null, nextPlayer: 1, ballInHand: 'table', onTable: [8, 10, 11] } },
  { rule: '6.2', name: 'on the 8: hitting a stripe first is a foul', state: onEight(), shot: shot({ first: 10, rail: true }), expect: { foul: 'wrong-ball-first', rackOver: false } },
  { rule: '6.14', name: 'no three-foul rule in 8-ball: a third consecutive foul is only a foul', state: closed({ fouls: [2, 0] }), shot: shot({ first: 10, rail: true }), expect: { foul: 'wrong-ball-first', rackOver: false, winner: null, nextPlayer: 1 } },

  // The 8 (3.6) and loss of rack (3.8)
  { rule: '3.6', name: '8 called and made in the called pocket after the group is cleared: win', state: onEight(), shot: shot({ first: 8, down: [[8, 'TR']], called: [8, 'TR'] }), expect: { foul: null, winner: 0, rackOver: true, reason: /Al wins/ } },
  { rule: '3.6', name: 'seat 1 wins on the 8', state: closed({ turn: 1, onTable: [2, 8] }), shot: shot({ first: 8, down: [[8, 'BL']], called: [8, 'BL'] }), expect: { winner: 1, rackOver: true } },
  { rule: '3.8(c)', name: '8 in a pocket other than the called one: loss', state: onEight(), shot: shot({ first: 8, down: [[8, 'TM']], called: [8, 'TR'] }), expect: { winner: 1, rackOver: true, reason: /not the called TR/ } },
  { rule: '3.8(c)', name: '8 pocketed without a call: loss', state: onEight(), shot: shot({ first: 8, down: [[8, 'TM']] }), expect: { winner: 1, rackOver: true } },
  { rule: '3.8(a)', name: '8 pocketed with a scratch: loss', state: onEight(), shot: shot({ first: 8, down: [[8, 'TR'], [0, 'BM']], called: [8, 'TR'] }), expect: { winner: 1, rackOver: true, foul: 'scratch' } },
  { rule: '3.8(a)', name: '8 pocketed on a wrong-ball-first foul: loss', state: onEight(), shot: shot({ first: 10, down: [[8, 'TR']], called: [8, 'TR'] }), expect: { winner: 1, foul: 'wrong-ball-first' } },
  { rule: '3.8(b)', name: '8 pocketed before the group is cleared: loss', state: closed(), shot: shot({ first: 2, down: [[8, 'TR']], called: [8, 'TR'] }), expect: { winner: 1, rackOver: true, reason: /before clearing/ } },
  { rule: '3.8(b)', name: '8 on the same shot as the last group ball: loss', state: closed({ onTable: [7, 8, 10] }), shot: shot({ first: 7, down: [[7, 'TL'], [8, 'TR']], called: [8, 'TR'] }), expect: { winner: 1, rackOver: true } },
  { rule: '3.8(b)', name: '8 pocketed on an open table after the break: loss', state: open({ turn: 1 }), shot: shot({ first: 3, down: [[8, 'TR']] }), expect: { winner: 0, rackOver: true } },
  { rule: '3.8(d)', name: '8 driven off the table: loss', state: closed(), shot: shot({ first: 2, off: [8] }), expect: { winner: 1, rackOver: true, foul: 'ball-off-table' } },
  { rule: '3.8(d)', name: '8 driven off the table while on the 8: loss', state: onEight(), shot: shot({ first: 8, off: [8], called: [8, 'TL'] }), expect: { winner: 1, rackOver: true } },
];

for (const c of cases) {
  test(`${c.rule} ${c.name}`, () => check(judge(c.state, c.shot), c.expect, c.rule));
}

// Choices after the break (3.3(d)–(f)): [rule, name, break shot, chooser, option, expect]
const illegal = () => judge(brk(), shot({ first: 1, cush: 2 })).state;
const illegalScratch = () => judge(brk(), shot({ first: 1, cush: 2, down: [[0, 'TL']] })).state;
const eightBreak = () => judge(brk(), shot({ first: 1, down: [[8, 'BM'], [3, 'TL']], cush: 2 })).state;
const eightScratch = () => judge(brk(), shot({ first: 1, down: [[8, 'BM'], [0, 'TL']], cush: 2 })).state;
const choices: { rule: string; name: string; state: () => GameState; player: 0 | 1; option: string; expect: Expect }[] = [
  { rule: '3.3(d)', name: 'accept the table', state: illegal, player: 1, option: 'accept-table', expect: { nextPlayer: 1, isBreak: false, ballInHand: null, rerack: undefined, open: true } },
  { rule: '3.3(d)', name: 'accept the table after an illegal break with a scratch: ball in hand behind the head string (default)', state: illegalScratch, player: 1, option: 'accept-table', expect: { nextPlayer: 1, isBreak: false, ballInHand: 'kitchen' } },
  { rule: '3.3(d)', name: 're-rack and break', state: illegal, player: 1, option: 'rerack', expect: { rerack: true, nextPlayer: 1, breaker: 1, isBreak: true, ballInHand: 'kitchen', onTable: all } },
  { rule: '3.3(d)', name: 're-rack and the offender breaks again', state: illegal, player: 1, option: 'rerack-opponent-breaks', expect: { rerack: true, nextPlayer: 0, breaker: 0, isBreak: true, onTable: all } },
  { rule: '3.3(e)', name: 'spot the 8 and continue', state: eightBreak, player: 0, option: 'spot-eight', expect: { respot: [8], nextPlayer: 0, ballInHand: null, open: true, onTable: all.filter((b) => b !== 3) } },
  { rule: '3.3(e)', name: 're-break', state: eightBreak, player: 0, option: 'rebreak', expect: { rerack: true, breaker: 0, nextPlayer: 0, isBreak: true, onTable: all } },
  { rule: '3.3(f)', name: 'opponent spots the 8 with ball in hand behind the head string', state: eightScratch, player: 1, option: 'spot-eight', expect: { respot: [8], nextPlayer: 1, ballInHand: 'kitchen', onTable: all } },
  { rule: '3.3(f)', name: 'opponent re-breaks', state: eightScratch, player: 1, option: 'rebreak', expect: { rerack: true, breaker: 1, nextPlayer: 1, isBreak: true } },
];
for (const c of choices) {
  test(`${c.rule} choose ${c.option}: ${c.name}`, () => {
    const s = c.state();
    assert.ok(s.pending, 'a choice is pending');
    check(choose(s, c.player, c.option), c.expect, c.rule);
  });
}

test('3.3(d) choose rejects an option not offered or the wrong player', () => {
  const s = illegal();
  assert.throws(() => choose(s, 0, 'accept-table'), (e: unknown) => e instanceof RuleError && e.code === 'option-not-offered');
  assert.throws(() => choose(s, 1, 'spot-eight'), (e: unknown) => e instanceof RuleError && /not offered/.test(e.message));
  assert.throws(() => judge(s, shot({ first: 1 })), (e: unknown) => e instanceof RuleError && e.code === 'choice-pending');
  assert.throws(() => choose(closed(), 0, 'shoot'), (e: unknown) => e instanceof RuleError && e.code === 'no-choice');
});

test('3.3(e) the 8 stays off the table until the breaker chooses', () => {
  const s = eightBreak();
  assert.not.ok(s.onTable.includes(8));
  assert.equal(s.pending?.player, 0);
});

test('1.5 time foul: ball in hand anywhere for the opponent; on the break the opponent breaks', () => {
  const r = timeFoul(closed());
  check(r, { foul: 'time', nextPlayer: 1, ballInHand: 'table', rackOver: false }, 'time');
  const b = timeFoul(brk());
  check(b, { foul: 'time', nextPlayer: 1, breaker: 1, isBreak: true, ballInHand: 'kitchen' }, 'time on break');
  assert.throws(() => timeFoul(illegal()), (e: unknown) => e instanceof RuleError && e.code === 'choice-pending');
});

test('concede: the opponent wins the rack; nothing more can be judged', () => {
  const r = concede(closed(), 0);
  check(r, { winner: 1, rackOver: true, nextPlayer: 1 }, 'concede');
  assert.throws(() => judge(r.state, shot({ first: 2 })), (e: unknown) => e instanceof RuleError && e.code === 'rack-over');
});

test('judge does not mutate its input state', () => {
  const s = closed();
  const copy = JSON.parse(JSON.stringify(s));
  judge(s, shot({ first: 2, down: [[2, 'TL']] }));
  judge(s, shot({ first: 2, down: [[0, 'TL']] }));
  assert.equal(s, copy);
});

test('3.4 groups are the source of truth: a stale open flag does not reassign groups', () => {
  const r = judge(closed({ open: true }), shot({ first: 2, down: [[10, 'TL']] }));
  assert.equal(r.state.groups, ['solids', 'stripes']);
  assert.is(r.state.open, false);
  assert.is(r.nextPlayer, 1);
});

test('judge accepts a minimal hand-built state (missing fields take createGame defaults)', () => {
  const minimal = { game: '8ball', players: ['Al', 'Bo'], turn: 1, onTable: [1, 8, 9], groups: ['solids', 'stripes'] } as unknown as GameState;
  const r = judge(minimal, shot({ first: 8, down: [[8, 'TL']], called: [8, 'TL'] }));
  assert.is(r.winner, 0, 'Bo (stripes) pocketed the 8 with 9 still up: loss (3.8(b))');
  assert.throws(() => judge({ ...minimal, turn: 2 } as unknown as GameState, shot({ first: 1 })), (e: unknown) => e instanceof RuleError && e.code === 'bad-state');
});

test('GameState survives a JSON round trip', () => {
  const r = judge(brk(), shot({ first: 1, down: [[8, 'BM'], [0, 'TL']], cush: 2 }));
  assert.equal(JSON.parse(JSON.stringify(r.state)), r.state);
});

test.run();
