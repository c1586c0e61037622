// The practice table (shared/src/practice): any rack or an empty table, dragging balls (legal places
// only), shooting, undo restoring the exact positions (after shots and moves, many steps deep), repeat
// the last shot adjusted, positions as link codes (round trip, refusals), and the drills' set-ups,
// judging and run scores (a ghost-ball stroke makes the easy stages, a miss makes none).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decodePosition, DRILLS, drillStage, encodePosition, judgeDrillStroke, moveBall, newPractice, placementProblem, practiceTable,
  PracticeError, repeatLast, scoreDrill, shootPractice, undoPractice, type DrillId, type PracticeState,
} from '../src/practice/index.ts';
import { seededRandom } from '../src/physics/random.ts';
import { GAME_KINDS } from '../src/rules/registry.ts';

const isPE = (e: unknown) => e instanceof PracticeError;

test('every game\'s rack and an empty table (the object balls in the tray)', () => {
  for (const g of GAME_KINDS) {
    const p = newPractice(g, 3);
    assert.ok(p.balls.filter((b) => !b.pocketed).length > 9, g);
  }
  const e = newPractice('empty');
  assert.equal(e.balls.filter((b) => !b.pocketed).map((b) => b.id), [0]);
  assert.is(e.balls.length, 16);
  assert.throws(() => newPractice('snooker' as never), isPE);
});

test('undo restores the exact positions after every shot and move, all the way back', () => {
  const rng = seededRandom(9);
  for (const g of [...GAME_KINDS, 'empty'] as const) {
    let p: PracticeState = newPractice(g, 5);
    const seen: string[] = [JSON.stringify(p.balls)];
    for (let i = 0; i < 25; i++) {
      if (i % 3 === 2) {
        // Drag a random ball (or one from the tray) to a random free place.
        const table = practiceTable(p);
        const b = p.balls[Math.floor(rng() * p.balls.length)]!;
        for (let k = 0; k < 50; k++) {
          const x = (rng() - 0.5) * table.length * 0.9;
          const y = (rng() - 0.5) * table.width * 0.9;
          if (!placementProblem(table, p.balls, b.id, x, y)) {
            p = moveBall(p, b.id, x, y);
            break;
          }
        }
      } else {
        if (p.balls[0]!.pocketed) {
          p = moveBall(p, 0, -0.8, 0.1 * (i % 3));
          seen.push(JSON.stringify(p.balls));
        }
        p = shootPractice(p, { angle: rng() * 6.28, speed: 1 + rng() * 7, side: 0.2 * (rng() - 0.5), vertical: 0.4 * (rng() - 0.5) }).state;
      }
      seen.push(JSON.stringify(p.balls));
    }
    assert.is(p.history.length, seen.length - 1);
    for (let i = seen.length - 2; i >= 0; i--) {
      p = undoPractice(p);
      assert.is(JSON.stringify(p.balls), seen[i], `${g}: undo to step ${i} gives exactly the positions then`);
    }
    assert.is(undoPractice(p), p, 'nothing left to undo: unchanged');
  }
});

test('dragging: only where the ball fits; a pocketed ball comes back', () => {
  let p = newPractice('9ball');
  const table = practiceTable(p);
  const one = p.balls.find((b) => b.id === 1)!;
  assert.throws(() => moveBall(p, 0, one.x, one.y), /overlap/);
  assert.throws(() => moveBall(p, 0, table.length, 0), /cushion|off the table/);
  assert.throws(() => moveBall(p, 42, 0, 0), isPE);
  p = moveBall(p, 1, 0, 0);
  assert.equal(p.balls.find((b) => b.id === 1), { id: 1, x: 0, y: 0, pocketed: false });
  const e = moveBall(newPractice('empty'), 8, 0.3, 0.2);
  assert.equal(e.balls.find((b) => b.id === 8), { id: 8, x: 0.3, y: 0.2, pocketed: false });
  let q = newPractice('empty');
  q = { ...q, balls: q.balls.map((b) => (b.id === 0 ? { ...b, pocketed: true } : b)) };
  assert.throws(() => shootPractice(q, { angle: 0, speed: 2 }), /cue ball/);
  assert.throws(() => shootPractice(newPractice('empty'), { angle: 0, speed: 99 }));
});

test('repeat the last shot adjusted: from the same start, with the new stroke; undo goes back step by step', () => {
  let p = newPractice('empty');
  p = moveBall(p, 1, 0.5, 0);
  const before = JSON.stringify(p.balls);
  const first = shootPractice(p, { angle: 0, speed: 2 });
  p = first.state;
  const again = repeatLast(p, { dAngle: 0.01, dSpeed: 1, vertical: -0.3 });
  assert.is(JSON.stringify(again.start.map((b) => ({ id: b.id, x: b.x, y: b.y }))), JSON.stringify(JSON.parse(before).map((b: any) => ({ id: b.id, x: b.x, y: b.y }))), 'played from the same positions');
  assert.equal(again.state.last!.stroke, { angle: 0.01, speed: 3, side: 0, vertical: -0.3 });
  assert.is.not(JSON.stringify(again.state.balls), JSON.stringify(p.balls), 'a different result');
  let u = undoPractice(again.state);
  assert.is(JSON.stringify(u.balls), before, 'undo: the start of the repeated shot');
  u = undoPractice(u);
  assert.is(JSON.stringify(u.balls), JSON.stringify(p.balls), 'undo again: where the first shot left the balls');
  assert.throws(() => repeatLast(newPractice('empty')), /no shot/);
});

test('a position saved as a link code comes back to a tenth of a millimetre; bad codes are refused', () => {
  for (const g of [...GAME_KINDS, 'empty'] as const) {
    let p = newPractice(g, 2);
    p = shootPractice(p, { angle: 0.02, speed: 9 }).state;
    const code = encodePosition(p);
    assert.ok(/^[a-z0-9._-]+$/.test(code) && code.length < 400, code);
    const back = decodePosition(code);
    assert.is(back.setup, g);
    assert.is(back.balls.length, p.balls.length);
    for (const b of p.balls) {
      const c = back.balls.find((x) => x.id === b.id)!;
      assert.is(c.pocketed, b.pocketed, `${g} ball ${b.id} pocketed`);
      if (!b.pocketed) assert.ok(Math.abs(c.x - b.x) <= 5e-5 + 1e-12 && Math.abs(c.y - b.y) <= 5e-5 + 1e-12, `${g} ball ${b.id} position`);
    }
    assert.is(encodePosition(back), code, 'stable');
  }
  for (const bad of ['', 'x', 'snooker.9ft.0-fk4-fk4', '9ball.9ft.0-fk4-fk4_0-fk4-fk4', '9ball.9ft.z-fk4-fk4', '9ball.9ft.0-0-0', '9ball.9ft.0-fk4-fk4_1-fk4-fk4', '9ball.6ft.0-fk4-fk4']) {
    assert.throws(() => decodePosition(bad), isPE, bad);
  }
});

/** A ghost-ball stroke for a drill stage (no throw allowance), at `speed` with `vertical`. */
function ghostStroke(drill: DrillId, stage: number, speed: number, vertical = 0) {
  const s = drillStage(drill, stage);
  const cue = s.balls[0]!;
  const obj = s.balls[1]!;
  const ux = -Math.SQRT1_2;
  const gx = obj.x + ux * 2 * 0.028575;
  const gy = obj.y + ux * 2 * 0.028575;
  return { angle: Math.atan2(gy - cue.y, gx - cue.x), speed, side: 0, vertical };
}

test('drills: set-ups are legal, a good stroke makes a stage, a miss does not, and a run scores its stages made', () => {
  for (const d of DRILLS) {
    for (let i = 0; i < d.stages; i++) {
      const s = drillStage(d.id, i);
      for (const b of s.balls) assert.is(placementProblem(practiceTable({ tableSize: '9ft' }), s.balls, b.id, b.x, b.y), null, `${d.id} ${i} ball ${b.id}`);
    }
    assert.throws(() => drillStage(d.id, d.stages), isPE);
  }
  // Straight pots: a firm stun stroke along the line makes every stage.
  const straight = [0, 1, 2, 3, 4].map((i) => ghostStroke('straight', i, 2.5, -0.3));
  assert.is(scoreDrill('straight', straight), 5);
  assert.is(scoreDrill('straight', straight.map((s) => ({ ...s, angle: s.angle + 0.3 }))), 0, 'aimed well off: nothing made');
  // Position stage 0 (stop the cue ball near the ghost ball): a stun stroke makes it, a rolling follow does not.
  assert.ok(judgeDrillStroke(drillStage('position', 0), ghostStroke('position', 0, 2, -0.45)).made, 'stun stop is in the zone');
  assert.not.ok(judgeDrillStroke(drillStage('position', 0), ghostStroke('position', 0, 3, 0.45)).made, 'follow runs out of the zone');
  assert.throws(() => scoreDrill('cut', straight.slice(0, 3)), /5 strokes/);
  assert.throws(() => scoreDrill('nope' as DrillId, straight), isPE);
});

test.run();
