// The table engine (src/match/engine.ts) plays whole 10-ball matches with real physics: newTable racks
// the WPA 9.2 triangle, applyShot refuses a shot after the break with neither a call nor safety
// before simulating (WPA 9.5; the room relies on it), applyChoose handles the 9.4 and 9.7 options, and
// the balls on the cloth always agree with the rules' state. A seeded bot aims at the lowest ball and
// calls it in the pocket nearest to it (or safety now and then).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { seededRandom } from '../src/physics/random.ts';
import type { PocketId } from '../src/physics/types.ts';
import { applyChoose, applyShot, applyTimeout, newTable, tableOf, type TableSnapshot } from '../src/match/engine.ts';
import { ProtocolError, type ShotIntent } from '../src/protocol/index.ts';

const rng = seededRandom(10);
const stats = { shots: 0, refused: 0, wins: 0, options: 0, spotted10: 0, safeties: 0, calledMade: 0, timeouts: 0, pushOuts: 0 };

function onCloth(s: TableSnapshot): number[] {
  return s.balls.filter((b) => b.id !== 0 && !b.pocketed).map((b) => b.id).sort((a, b) => a - b);
}

function nearestPocket(s: TableSnapshot, ball: number): PocketId {
  const b = s.balls.find((x) => x.id === ball)!;
  const pockets = tableOf(s.tableSize).pockets;
  return pockets.reduce((best, p) => (Math.hypot(p.x - b.x, p.y - b.y) < Math.hypot(best.x - b.x, best.y - b.y) ? p : best)).id;
}

function aimAt(s: TableSnapshot, ball: number): number {
  const cue = s.balls.find((b) => b.id === 0)!;
  const b = s.balls.find((x) => x.id === ball)!;
  return Math.atan2(b.y - cue.y, b.x - cue.x) + (rng() - 0.5) * 0.02;
}

function expectRefused(f: () => unknown, code: string, label: string): void {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof ProtocolError, `${label}: a ProtocolError`);
    assert.is((e as ProtocolError).code, code, label);
    stats.refused++;
    return;
  }
  assert.unreachable(`${label}: was not refused`);
}

function checkConsistent(s: TableSnapshot, label: string): void {
  const cur = s.match.current;
  if (s.match.winner !== null) return;
  assert.equal(onCloth(s), cur.onTable, `${label}: balls on the cloth = the rules' onTable`);
  assert.ok(cur.onTable.includes(10), `${label}: the 10 stays up while the rack lives`);
  const cue = s.balls.find((b) => b.id === 0)!;
  assert.not.ok(cue.pocketed, `${label}: the cue ball is back on the table`);
}

function playMatch(matchId: string): TableSnapshot {
  let s = newTable({ matchId, game: '10ball', players: ['Al', 'Bo'], raceTo: 2 });
  assert.equal(onCloth(s), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  for (let n = 0; n < 400 && s.match.winner === null; n++) {
    const label = `${matchId} action ${n}`;
    const cur = s.match.current;
    checkConsistent(s, label);
    if (cur.pending) {
      const seat = cur.pending.player;
      expectRefused(() => applyShot(s, seat, { angle: 0, speed: 2, called: { ball: Math.min(...cur.onTable), pocket: 'TL' } }), 'wrong_phase', `${label}: no shot while a choice is pending`);
      if (cur.pending.kind === 'uncalled-pocket') stats.options++;
      s = applyChoose(s, seat, cur.pending.options[Math.floor(rng() * cur.pending.options.length)]).snapshot;
      continue;
    }
    const seat = cur.turn;
    if (rng() < 0.03) {
      s = applyTimeout(s).snapshot;
      stats.timeouts++;
      continue;
    }
    const lowest = Math.min(...cur.onTable);
    const base: ShotIntent = { angle: aimAt(s, lowest), speed: cur.isBreak ? 9 : 1 + rng() * 4 };
    if (!cur.isBreak) {
      // 9.5: without a call or safety the engine refuses before simulating; the snapshot is untouched.
      const before = JSON.stringify(s);
      expectRefused(() => applyShot(s, seat, base), 'rule_violation', `${label}: no call`);
      assert.is(JSON.stringify(s), before);
    }
    const intent: ShotIntent = { ...base };
    if (cur.pushOutAvailable && rng() < 0.6) intent.pushOut = true;
    else if (!cur.isBreak) {
      if (rng() < 0.1) intent.safety = true;
      else {
        const target = cur.onTable.length <= 2 || rng() < 0.1 ? 10 : lowest;
        intent.called = { ball: target, pocket: nearestPocket(s, target) };
      }
    }
    const out = applyShot(s, seat, intent);
    stats.shots++;
    const r = out.ruling;
    if (intent.pushOut && !r.foul) {
      stats.pushOuts++;
      assert.equal(r.options, ['shoot', 'pass-back'], `${label}: a push out offers the choice`);
    }
    if (intent.safety) {
      stats.safeties++;
      if (!r.foul) assert.is(r.nextPlayer, seat === 0 ? 1 : 0, `${label}: a safety passes the turn (9.6)`);
    }
    if (r.respot?.includes(10)) stats.spotted10++;
    if (r.winner !== null && !r.foul) {
      stats.wins++;
      assert.ok(intent.called?.ball === 10, `${label}: only the called 10 wins (9.5)`);
      assert.ok(out.summary.pocketed.some((p) => p.ball === 10 && p.pocket === intent.called!.pocket), `${label}: in the called pocket`);
    }
    if (intent.called && out.summary.pocketed.some((p) => p.ball === intent.called!.ball && p.pocket === intent.called!.pocket) && !r.foul) stats.calledMade++;
    if (r.state.pending?.kind === 'uncalled-pocket') assert.is(r.options?.length, 2);
    s = out.snapshot;
  }
  return s;
}

test('engine: 10-ball matches with calls, safeties, push outs and the 9.7 option stay consistent to the end', () => {
  let finished = 0;
  for (let i = 0; i < 10; i++) {
    const s = playMatch(`ten-${i}`);
    if (s.match.winner !== null) {
      finished++;
      assert.is(s.match.score[s.match.winner], 2);
      assert.ok(s.racks.length >= 2);
    }
  }
  assert.ok(finished >= 6, `matches finished: ${finished}`);
  assert.ok(stats.refused > 50, `refusals ${stats.refused}`);
  assert.ok(stats.calledMade > 5, `called balls made ${stats.calledMade}`);
  assert.ok(stats.safeties > 3, `safeties ${stats.safeties}`);
  assert.ok(stats.pushOuts > 0, `push outs ${stats.pushOuts}`);
});

test('engine: the break needs no call; the push out is refused where not allowed; choose refuses the push out', () => {
  const s = newTable({ matchId: 'ten-rules', game: '10ball', players: ['Al', 'Bo'], raceTo: 1 });
  expectRefused(() => applyShot(s, 0, { angle: 0, speed: 9, pushOut: true }), 'rule_violation', 'no push out on the break');
  expectRefused(() => applyShot(s, 1, { angle: 0, speed: 9 }), 'not_your_turn', 'the breaker breaks');
  expectRefused(() => applyChoose(s, 0, 'push-out'), 'wrong_phase', 'nothing to choose');
  const out = applyShot(s, 0, { angle: aimAt(s, 1), speed: 9 });
  assert.ok(out.ruling.rule?.startsWith('9.') || out.ruling.rule?.startsWith('6.'), `a 10-ball ruling cites WPA 9/6: ${out.ruling.rule}`);
  if (!out.ruling.foul) {
    assert.equal(out.ruling.options, ['push-out'], 'after a legal break the push out is offered');
    const who = out.ruling.nextPlayer;
    expectRefused(() => applyChoose(out.snapshot, who, 'push-out'), 'wrong_phase', 'the push out is a shot, not a choice');
  }
  expectRefused(() => applyShot(s, 0, { angle: 0, speed: 2, safety: true, called: { ball: 1, pocket: 'TL' } }), 'rule_violation', 'not both a call and safety');
});

test('engine: 8-ball and 9-ball refuse a safety call (nothing is called there to call off)', () => {
  for (const game of ['8ball', '9ball'] as const) {
    const s = newTable({ matchId: `safety-${game}`, game, players: ['Al', 'Bo'], raceTo: 1 });
    expectRefused(() => applyShot(s, 0, { angle: 0, speed: 9, safety: true }), 'rule_violation', `${game} safety`);
  }
});

test.run();
