// Replays rebuilt from the shot log match what the room played: the log is produced by the real
// table engine (newTable → applyPlace/applyShot), and the replay's re-simulation of each shot must end
// where the engine's simulation ended.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyShot, newTable, type TableSnapshot } from '@dojopool/shared/match/engine.ts';
import { standardTable } from '@dojopool/shared/physics/table.ts';
import { describeAction, positionsBefore, shotMessageAt, type ReplayAction } from '../src/views/replay-model.ts';
import { buildTrajectory } from '../src/table/trajectory.ts';

const table = standardTable('9ft');

test('first action starts from the seeded rack; shots re-simulate to the engine result', () => {
  for (const game of ['8ball', '9ball'] as const) {
    const matchId = `replay-test-${game}`;
    let snap: TableSnapshot = newTable({ matchId, game, players: ['A', 'B'], raceTo: 1 });
    const initial = snap.balls;
    const shots: ReplayAction[] = [];
    const finals: { id: number; x: number; y: number; pocketed?: boolean }[][] = [];
    const strokes = [{ angle: 0.001, speed: 9 }, { angle: 1.1, speed: 2.5, side: 0.2 }, { angle: -2.4, speed: 4, vertical: -0.3 }];
    for (const st of strokes) {
      if (snap.match.winner !== null || snap.match.current.pending) break;
      const seat = snap.match.current.turn;
      const out = applyShot(snap, seat, st);
      snap = out.snapshot;
      finals.push(out.result.balls);
      shots.push({ seq: snap.seq, rack: snap.match.rack, seat, kind: 'shot', intent: st, ruling: { reason: out.ruling.reason }, balls: snap.balls });
    }
    const m = { id: matchId, game, shots };
    assert.equal(positionsBefore(m, 0, table), initial.map((b) => ({ id: b.id, x: b.x, y: b.y, pocketed: !!b.pocketed })));
    assert.ok(shots.length >= 1);
    shots.forEach((_, i) => {
      const msg = shotMessageAt(m, i, table)!;
      const end = buildTrajectory(msg, table).final();
      finals[i]!.forEach((b, k) => {
        assert.is(end[k]!.id, b.id);
        assert.is(end[k]!.pocketed, !!b.pocketed);
        assert.ok(Math.abs(end[k]!.x - b.x) < 1e-9 && Math.abs(end[k]!.y - b.y) < 1e-9, `${game} shot ${i} ball ${b.id}`);
      });
    });
  }
});

test('a log that records its opening rack replays from the stored positions, not a re-dealt rack', () => {
  // The room's first action (seq 0) stores the rack as dealt. Any game replays from it, whatever
  // rack the physics module would deal: here positions no rack() produces.
  const opening = [{ id: 0, x: -0.7, y: 0.1 }, ...Array.from({ length: 10 }, (_, i) => ({ id: i + 1, x: 0.3 + 0.06 * i, y: -0.2 + 0.04 * i }))];
  const shots: ReplayAction[] = [
    { seq: 0, rack: 1, seat: 0, kind: 'place', intent: { start: true }, ruling: null, balls: opening },
    { seq: 1, rack: 1, seat: 0, kind: 'shot', intent: { angle: 0.05, speed: 6 }, ruling: null, balls: [] },
  ];
  const m = { id: 'stored-rack', game: '9ball' as const, shots };
  const want = opening.map((b) => ({ ...b, pocketed: false }));
  assert.equal(positionsBefore(m, 0, table), want);
  assert.equal(positionsBefore(m, 1, table), want);
  const msg = shotMessageAt(m, 1, table)!;
  assert.equal(msg.start.map((b) => [b.id, b.x, b.y]), opening.map((b) => [b.id, b.x, b.y]));
  assert.ok((msg.start[0]!.vx ?? 0) > 0, 'the cue ball is struck along the stroke');
});

test('each action reads with its declaration', () => {
  const a = (kind: string, intent: ReplayAction['intent'], balls: ReplayAction['balls'] = []): ReplayAction => ({ seq: 1, rack: 1, seat: 0, kind, intent, ruling: null, balls });
  assert.is(describeAction(a('place', { start: true }, [{ id: 0, x: 0, y: 0, pocketed: false }])), 'opening rack');
  assert.is(describeAction(a('shot', { angle: 0, speed: 2, called: { ball: 3, pocket: 'TR' } })), 'shot · called the 3 in the top right corner');
  assert.is(describeAction(a('shot', { angle: 0, speed: 2, safety: true })), 'shot · safety');
  assert.is(describeAction(a('shot', { angle: 0, speed: 2, pushOut: true })), 'shot · push out');
  assert.is(describeAction(a('shot', { angle: 0, speed: 2 })), 'shot');
  assert.is(describeAction(a('place', { x: -0.8, y: 0 })), 'cue ball placed');
  assert.is(describeAction(a('choose', { option: 'pass-back' })), 'chose: Pass the shot back');
  assert.is(describeAction(a('concede', null)), 'concede');
});

test('non-shot actions have no animation', () => {
  const m = { id: 'x', game: '8ball' as const, shots: [{ seq: 1, rack: 1, seat: 0, kind: 'place', intent: { x: -0.8, y: 0 }, ruling: null, balls: [] }] };
  assert.is(shotMessageAt(m, 0, table), null);
});

test.run();
