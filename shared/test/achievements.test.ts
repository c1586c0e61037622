// Achievements: racks are played through the real rules (judge/choose/timeFoul) and recorded with
// recordShot, so the predicates are checked against the records the room will keep. Rule cites:
// 2.3/3.3 break, 2.4 push out, 2.5 winning 9, 2.6 spotting, 3.3(d)/(e) re-rack and spotted 8, 6.14.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PocketId } from '../src/physics/types.ts';
import { choose, concede, createGame, judge, timeFoul, type GameKind, type OptionId, type Seat, type ShotSummary } from '../src/rules/index.ts';
import {
  ACHIEVEMENTS, recordShot, unlockedAchievements, updateHistory,
  type AchievementId, type FinishedMatch, type PlayerHistory, type RackRecord, type ShotRecord,
} from '../src/achievements/index.ts';

const S = (first: number | null, down: (number | [number, PocketId])[] = [], o: Partial<ShotSummary> = {}): ShotSummary => ({
  firstContact: first,
  pocketed: down.map((d) => (Array.isArray(d) ? { ball: d[0], pocket: d[1] } : { ball: d, pocket: 'TL' as PocketId })),
  cushionAfterContact: first !== null,
  objectBallsToCushion: 0,
  ...o,
});
type Step = ShotSummary | { choose: OptionId } | 'time' | { concede: Seat };

/** Play a rack through the rules and keep the records the room would keep. */
function playRack(game: GameKind, breaker: Seat, steps: Step[]): RackRecord {
  let s = createGame(game, ['Al', 'Bo'], { breaker });
  const shots: ShotRecord[] = [];
  for (const step of steps) {
    if (step === 'time') {
      const r = timeFoul(s);
      shots.push(recordShot(s, null, r));
      s = r.state;
    } else if ('choose' in step) s = choose(s, s.pending!.player, step.choose).state;
    else if ('concede' in step) s = concede(s, step.concede).state;
    else {
      const r = judge(s, step);
      shots.push(recordShot(s, step, r));
      s = r.state;
    }
  }
  assert.ok(s.rackOver, 'the scripted rack ends');
  return { breaker: s.breaker, winner: s.winner!, shots };
}
const fresh: PlayerHistory = { matchesPlayed: 10, rackWins: 20, matchWinStreak: 0 };
const match = (game: GameKind, racks: RackRecord[], over: Partial<FinishedMatch> = {}): FinishedMatch => {
  const score = [0, 0];
  for (const r of racks) score[r.winner]++;
  return { game, raceTo: Math.max(score[0], score[1]), players: ['Al', 'Bo'], winner: score[0] > score[1] ? 0 : 1, forfeit: false, racks, ...over };
};
const quick = (winner: Seat): RackRecord => ({ breaker: 0, winner, shots: [] });
const score = (...ws: Seat[]) => ws.map(quick);

// 9-ball racks
const golden = () => playRack('9ball', 0, [S(1, [[9, 'BM']], { objectBallsToCushion: 3 })]);
const bnr9 = () => playRack('9ball', 0, [S(1, [2, 3, 4, 5, 6, 7, 8], { objectBallsToCushion: 2 }), S(1, [1]), S(9, [9])]);
const pushPassBack = () => playRack('9ball', 0, [S(1, [2], { objectBallsToCushion: 2 }), S(null, [], { pushOut: true, cushionAfterContact: false }), { choose: 'pass-back' }, S(1, [1, 3, 4, 5, 6, 7, 8]), S(9, [9])]);
const boRunsOut = () => playRack('9ball', 0, [S(1, [], { objectBallsToCushion: 4 }), S(1, [1, 2, 3, 4]), S(5, [5, 6, 7, 8]), S(9, [[9, 'TR']])]);
const alAfterFoul = () => playRack('9ball', 0, [S(1, [], { objectBallsToCushion: 4 }), S(3, []), S(1, [1, 2, 3, 4, 5, 6, 7, 8]), S(9, [9])]);
const nineScratchBreak = () => playRack('9ball', 0, [S(1, [9, 0], { objectBallsToCushion: 4 }), S(1, [[9, 'BL']])]);
const threeFouls = () => playRack('9ball', 0, [S(1, [], { objectBallsToCushion: 4 }), S(5, []), S(2, [], { cushionAfterContact: true }), 'time', S(2, [], { cushionAfterContact: true }), S(5, [])]);
const missThenWin = () => playRack('9ball', 0, [S(1, [2], { objectBallsToCushion: 2 }), S(1, [1]), S(3, []), S(3, []), S(3, [3]), S(4, [4, 5, 6, 7, 8]), S(9, [9])]); // Al misses, Bo misses, Al runs
// 8-ball racks
const solids = [1, 2, 3, 4, 5, 6, 7];
const eightSpotRun = () => playRack('8ball', 0, [S(1, [[8, 'BM']], { objectBallsToCushion: 2 }), { choose: 'spot-eight' }, S(1, solids), S(8, [[8, 'TL']], { called: { ball: 8, pocket: 'TL' } })]);
const eightScratch = () => playRack('8ball', 0, [S(1, [[8, 'BM'], [0, 'TL']], { objectBallsToCushion: 2 }), { choose: 'spot-eight' }, S(1, solids), S(8, [[8, 'TL']], { called: { ball: 8, pocket: 'TL' } })]);
const rerackThenRun = () => playRack('8ball', 0, [S(1, [], { objectBallsToCushion: 1 }), { choose: 'rerack-opponent-breaks' }, S(1, [9], { objectBallsToCushion: 3 }), S(1, solids), S(8, [[8, 'TR']], { called: { ball: 8, pocket: 'TR' } })]);
const eightWrongPocket = () => playRack('8ball', 0, [S(1, [3], { objectBallsToCushion: 4 }), S(1, [1, 2, 4, 5, 6, 7]), S(8, [[8, 'TR']], { called: { ball: 8, pocket: 'TL' } })]);

// 10-ball racks (WPA 9.x): every shot after the break is called
const call = (ball: number, pocket: PocketId): Partial<ShotSummary> => ({ called: { ball, pocket } });
const tenBreakRun = () => playRack('10ball', 0, [S(1, [[10, 'BM'], [2, 'TL']], { objectBallsToCushion: 3 }), S(1, [[1, 'TL'], 3, 4, 5, 6, 7, 8, 9], call(1, 'TL')), S(10, [[10, 'TR']], call(10, 'TR'))]);
const tenPassBack = () => playRack('10ball', 0, [S(1, [2], { objectBallsToCushion: 2 }), S(1, [[3, 'TR']], call(1, 'TL')), { choose: 'pass-back' }, S(1, [[1, 'TL'], 4, 5, 6, 7, 8, 9], call(1, 'TL')), S(10, [[10, 'BR']], call(10, 'BR'))]);
const tenCombo = () => playRack('10ball', 0, [S(1, [], { objectBallsToCushion: 4 }), S(1, [[10, 'TL']], call(10, 'TL'))]);

const rackCases: { rule: string; name: string; game: GameKind; rack: () => RackRecord; player: Seat; expect: AchievementId[] }[] = [
  { rule: '2.5', name: 'golden break: 1 first, 9 down on the break, a win (and a combination)', game: '9ball', rack: golden, player: 0, expect: ['golden-break', 'nine-on-the-break', 'combo-win'] },
  { rule: '2.5', name: 'golden break gives the opponent nothing', game: '9ball', rack: golden, player: 1, expect: [] },
  { rule: '2.3', name: 'break and run in 9-ball', game: '9ball', rack: bnr9, player: 0, expect: ['break-and-run'] },
  { rule: '2.4', name: 'a push out passed back breaks the inning: a run-out, not a break and run', game: '9ball', rack: pushPassBack, player: 0, expect: ['run-out'] },
  { rule: '2.3', name: 'run-out by the incoming player after a dry break', game: '9ball', rack: boRunsOut, player: 1, expect: ['run-out'] },
  { rule: '1.5', name: 'run-out from ball in hand after the opponent\'s foul', game: '9ball', rack: alAfterFoul, player: 0, expect: ['run-out'] },
  { rule: '2.6', name: '9 on the break with a scratch (spotted): 9 on the break, not golden', game: '9ball', rack: nineScratchBreak, player: 0, expect: ['nine-on-the-break'] },
  { rule: '2.5', name: 'the opponent wins that rack on a combination from ball in hand: run-out and combo', game: '9ball', rack: nineScratchBreak, player: 1, expect: ['run-out', 'combo-win'] },
  { rule: '6.14', name: 'a rack won on the opponent\'s third foul earns no shot achievement', game: '9ball', rack: threeFouls, player: 0, expect: [] },
  { rule: '6.14', name: 'the fouler gets nothing either', game: '9ball', rack: threeFouls, player: 1, expect: [] },
  { rule: '2.3', name: 'a miss in between: the winning inning is a run-out, not a break and run', game: '9ball', rack: missThenWin, player: 0, expect: ['run-out'] },
  { rule: '3.3(e)', name: '8 on the break, spotted, then run out: 8 on the break and break and run', game: '8ball', rack: eightSpotRun, player: 0, expect: ['break-and-run', 'eight-on-the-break'] },
  { rule: '3.3(f)', name: '8 on the break with a scratch: no 8-on-the-break; Bo runs out from the kitchen', game: '8ball', rack: eightScratch, player: 1, expect: ['run-out'] },
  { rule: '3.3(f)', name: '8 on the break with a scratch: the breaker gets nothing', game: '8ball', rack: eightScratch, player: 0, expect: [] },
  { rule: '3.3(d)', name: 'after a re-rack the last break counts for a break and run', game: '8ball', rack: rerackThenRun, player: 0, expect: ['break-and-run'] },
  { rule: '3.8(c)', name: 'losing on the 8 earns the winner no run-out or combo', game: '8ball', rack: eightWrongPocket, player: 1, expect: [] },
  { rule: '9.3', name: 'pinned: 10-ball has no golden break; a 10 spotted on the break counts as a ball down for a break and run', game: '10ball', rack: tenBreakRun, player: 0, expect: ['break-and-run'] },
  { rule: '9.7', name: 'a wrongly pocketed ball handed back ends the inning: a run-out, not a break and run', game: '10ball', rack: tenPassBack, player: 0, expect: ['run-out'] },
  { rule: '9.5', name: 'the called 10 on a combination after a dry break: run-out and combo win', game: '10ball', rack: tenCombo, player: 1, expect: ['run-out', 'combo-win'] },
];
for (const c of rackCases) {
  test(`${c.rule} ${c.name}`, () => {
    const rack = c.rack();
    // A match of just this rack, history with earlier wins so first-win stays out of the way.
    const m = match(c.game, [rack], { raceTo: 3 });
    assert.equal(unlockedAchievements(m, c.player, fresh), c.expect);
  });
}

const matchCases: { name: string; m: FinishedMatch; player: Seat; h: PlayerHistory; expect: AchievementId[] }[] = [
  { name: 'first win: lifetime rack wins 0 → 1, even in a lost match', m: match('8ball', score(1, 0, 1, 1)), player: 0, h: { matchesPlayed: 1, rackWins: 0, matchWinStreak: 0 }, expect: ['first-win'] },
  { name: 'first win counts racks won by the opponent\'s loss-of-rack foul', m: match('9ball', [threeFouls()], { raceTo: 3 }), player: 0, h: { matchesPlayed: 0, rackWins: 0, matchWinStreak: 0 }, expect: ['first-win'] },
  { name: 'no first win without a rack', m: match('8ball', score(1, 1)), player: 0, h: { matchesPlayed: 0, rackWins: 0, matchWinStreak: 0 }, expect: [] },
  { name: 'no first win once the player has rack wins', m: match('8ball', score(0, 1, 0)), player: 0, h: { matchesPlayed: 3, rackWins: 4, matchWinStreak: 0 }, expect: [] },
  { name: 'win streak 3: third straight match win', m: match('8ball', score(0, 1, 0)), player: 0, h: { ...fresh, matchWinStreak: 2 }, expect: ['win-streak-3'] },
  { name: 'win streak 3 not again on the fourth', m: match('8ball', score(0, 1, 0)), player: 0, h: { ...fresh, matchWinStreak: 3 }, expect: [] },
  { name: 'win streak 10', m: match('8ball', score(0, 1, 0)), player: 0, h: { ...fresh, matchWinStreak: 9 }, expect: ['win-streak-10'] },
  { name: 'a forfeit win does not count toward a streak', m: match('8ball', score(0), { raceTo: 3, forfeit: true, winner: 0 }), player: 0, h: { ...fresh, matchWinStreak: 2 }, expect: [] },
  { name: 'a loss earns no streak', m: match('8ball', score(1, 1)), player: 0, h: { ...fresh, matchWinStreak: 2 }, expect: [] },
  { name: 'comeback from 0–2 in a race to 3', m: match('9ball', score(1, 1, 0, 0, 0)), player: 0, h: fresh, expect: ['comeback'] },
  { name: 'comeback from 0–3 in a race to 4', m: match('9ball', score(1, 1, 1, 0, 0, 0, 0)), player: 0, h: fresh, expect: ['comeback'] },
  { name: 'no comeback from 1–2', m: match('9ball', score(0, 1, 1, 0, 0)), player: 0, h: fresh, expect: [] },
  { name: 'no comeback in a race to 2 (0–2 is a loss)', m: match('9ball', score(1, 1)), player: 1, h: fresh, expect: ['shutout'] },
  { name: 'no comeback on a forfeit', m: match('9ball', score(1, 1, 0), { raceTo: 3, forfeit: true, winner: 0 }), player: 0, h: fresh, expect: [] },
  { name: 'shutout 3–0', m: match('8ball', score(1, 1, 1)), player: 1, h: fresh, expect: ['shutout'] },
  { name: 'no shutout 3–1', m: match('8ball', score(1, 0, 1, 1)), player: 1, h: fresh, expect: [] },
  { name: 'no shutout in a race to 1', m: match('8ball', score(1)), player: 1, h: fresh, expect: [] },
  { name: '100 matches played (this is the 100th), a loss included', m: match('8ball', score(1, 1)), player: 0, h: { ...fresh, matchesPlayed: 99 }, expect: ['hundred-matches'] },
  { name: '100 matches: forfeits count as played', m: match('8ball', [], { raceTo: 3, forfeit: true, winner: 1 }), player: 0, h: { ...fresh, matchesPlayed: 99 }, expect: ['hundred-matches'] },
  { name: 'no repeat at 101', m: match('8ball', score(1, 1)), player: 0, h: { ...fresh, matchesPlayed: 100 }, expect: [] },
  { name: 'already unlocked achievements are not returned again', m: match('8ball', score(1, 1, 1)), player: 1, h: { ...fresh, matchWinStreak: 2, unlocked: ['shutout'] }, expect: ['win-streak-3'] },
];
for (const c of matchCases) test(`match: ${c.name}`, () => assert.equal(unlockedAchievements(c.m, c.player, c.h), c.expect));

test('updateHistory: counts, streaks (forfeit wins neither count nor reset; any loss resets), unlocked', () => {
  const h0: PlayerHistory = { matchesPlayed: 0, rackWins: 0, matchWinStreak: 0 };
  const h1 = updateHistory(h0, match('8ball', score(0, 1, 0)), 0);
  assert.equal(h1, { matchesPlayed: 1, rackWins: 2, matchWinStreak: 1, unlocked: ['first-win'] });
  const h2 = updateHistory(h1, match('8ball', score(0), { raceTo: 3, forfeit: true, winner: 0 }), 0);
  assert.is(h2.matchWinStreak, 1);
  assert.is(h2.rackWins, 3);
  const h3 = updateHistory(h2, match('8ball', score(0, 0)), 0);
  assert.is(h3.matchWinStreak, 2);
  const h4 = updateHistory(h3, match('8ball', score(1), { raceTo: 3, forfeit: true, winner: 1 }), 0);
  assert.is(h4.matchWinStreak, 0);
  assert.is(h4.matchesPlayed, 4);
});

test('catalogue: stable unique ids, each with a name and a trigger', () => {
  const ids = ACHIEVEMENTS.map((a) => a.id);
  assert.is(new Set(ids).size, ids.length);
  for (const id of ['first-win', 'break-and-run', 'run-out', 'golden-break', 'nine-on-the-break', 'eight-on-the-break', 'combo-win', 'win-streak-3', 'win-streak-10', 'comeback', 'hundred-matches', 'shutout']) {
    assert.ok(ids.includes(id as AchievementId), id);
  }
  for (const a of ACHIEVEMENTS) assert.ok(a.name.length > 0 && a.trigger.length > 20, a.id);
});

test.run();
