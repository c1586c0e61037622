// Replays rebuilt from the shot log match what the room played: the log is produced by the real
// table engine (newTable → applyPlace/applyShot), and the replay's re-simulation of each shot must end
// where the engine's simulation ended.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyShot, newTable, type TableSnapshot } from '@dojopool/shared/match/engine.ts';
import { standardTable } from '@dojopool/shared/physics/table.ts';
import { positionsBefore, shotMessageAt, type ReplayAction } from '../src/views/replay-model.ts';
import { animateShot } from '../src/views/shot-animation.ts';

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
      const end = animateShot(msg, table).final();
      finals[i]!.forEach((b, k) => {
        assert.is(end[k]!.id, b.id);
        assert.is(end[k]!.pocketed, !!b.pocketed);
        assert.ok(Math.abs(end[k]!.x - b.x) < 1e-9 && Math.abs(end[k]!.y - b.y) < 1e-9, `${game} shot ${i} ball ${b.id}`);
      });
    });
  }
});

test('non-shot actions have no animation', () => {
  const m = { id: 'x', game: '8ball' as const, shots: [{ seq: 1, rack: 1, seat: 0, kind: 'place', intent: { x: -0.8, y: 0 }, ruling: null, balls: [] }] };
  assert.is(shotMessageAt(m, 0, table), null);
});

test.run();
