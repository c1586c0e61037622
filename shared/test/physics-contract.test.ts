// The physics contract as the rules, the match room and the client use it: exports, table geometry,
// racks, strike and miscue, placement and spotting, pockets, at(t) replay, determinism.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as shared from '../src/index.ts';
import {
  BALL_RADIUS,
  RACK_GAP,
  canPlaceBall,
  kineticEnergy,
  rack,
  simulate,
  spotBall,
  standardTable,
  strike,
  type BallState,
} from '../src/physics/index.ts';

const R = BALL_RADIUS;
const dist = (a: BallState, b: BallState) => Math.hypot(a.x - b.x, a.y - b.y);

test('the package index exports the physics API', () => {
  for (const name of ['standardTable', 'rack', 'strike', 'simulate', 'canPlaceBall', 'spotBall', 'kineticEnergy']) {
    assert.type((shared as Record<string, unknown>)[name], 'function', name);
  }
  assert.is(shared.BALL_RADIUS, 0.028575);
});

test('standard tables: sizes, spots, head string, six pockets with WPA mouths', () => {
  const t9 = standardTable();
  assert.is(t9.size, '9ft');
  assert.is(t9.length, 2.54);
  assert.is(t9.width, 1.27);
  assert.is(t9.ballRadius, R);
  assert.is(t9.headStringX, -2.54 / 4);
  assert.equal(t9.headSpot, { x: -2.54 / 4, y: 0 });
  assert.equal(t9.footSpot, { x: 2.54 / 4, y: 0 });
  const t7 = standardTable('7ft');
  assert.is(t7.length, 1.98);
  assert.is(t7.width, 0.99);
  for (const t of [t9, t7]) {
    assert.equal(t.pockets.map((p) => p.id).sort(), ['BL', 'BM', 'BR', 'TL', 'TM', 'TR']);
    for (const p of t.pockets) {
      const [a, b] = p.noses;
      const mouth = Math.hypot(a.x - b.x, a.y - b.y);
      const corner = p.id[1] !== 'M';
      if (corner) assert.ok(mouth >= 0.114 && mouth <= 0.117, `${p.id} mouth ${mouth}`);
      else assert.ok(mouth >= 0.127 && mouth <= 0.13, `${p.id} mouth ${mouth}`);
      assert.is(Math.sign(p.y), p.id[0] === 'T' ? 1 : -1);
      assert.is(Math.sign(Math.round(p.x * 1000)), p.id[1] === 'L' ? -1 : p.id[1] === 'R' ? 1 : 0);
    }
  }
});

test('tables are immutable; a variant with other parameters simulates with them', () => {
  const t = standardTable();
  assert.ok(Object.isFrozen(t) && Object.isFrozen(t.params) && Object.isFrozen(t.pockets[0]));
  const slow = { ...t, params: { ...t.params, muRoll: 0.02 } };
  const roll = (table: typeof t) =>
    simulate({ table, balls: [{ id: 0, x: -1, y: 0, vx: 0.5, wy: 0.5 / R }] }).duration;
  assert.ok(Math.abs(roll(t) - 0.5 / (0.01 * 9.81)) < 1e-9);
  assert.ok(Math.abs(roll(slow) - 0.5 / (0.02 * 9.81)) < 1e-9);
});

test('8-ball rack: tight triangle, apex on the foot spot, 8 in the middle, a solid and a stripe in the back corners', () => {
  const t = standardTable();
  for (const seed of [1, 2, 3, 99]) {
    const balls = rack('8ball', seed);
    assert.equal(balls.map((b) => b.id), Array.from({ length: 16 }, (_, i) => i));
    assert.equal({ x: balls[0].x, y: balls[0].y }, t.headSpot);
    const obj = balls.slice(1);
    const apex = obj.reduce((a, b) => (b.x < a.x ? b : a));
    assert.ok(Math.abs(apex.x - t.footSpot.x) < 1e-12 && Math.abs(apex.y) < 1e-12);
    const dx = ((2 * R + RACK_GAP) * Math.sqrt(3)) / 2;
    const eight = balls[8];
    assert.ok(Math.abs(eight.x - (t.footSpot.x + 2 * dx)) < 1e-12 && Math.abs(eight.y) < 1e-12, 'the 8 is in the middle of row 3');
    const back = obj.filter((b) => Math.abs(b.x - (t.footSpot.x + 4 * dx)) < 1e-9).sort((a, b) => a.y - b.y);
    const corners = [back[0].id, back[4].id];
    assert.is(corners.filter((id) => id < 8).length, 1, `corners ${corners}`);
    assert.is(corners.filter((id) => id > 8).length, 1, `corners ${corners}`);
    // tight: every ball touches its neighbours within the documented gap, none overlap
    for (let i = 0; i < obj.length; i++) {
      let touching = 0;
      for (let j = 0; j < obj.length; j++) {
        if (i === j) continue;
        const d = dist(obj[i], obj[j]);
        assert.ok(d >= 2 * R, 'no overlap');
        if (d <= 2 * R + 2 * RACK_GAP) touching++;
      }
      assert.ok(touching >= 2, `ball ${obj[i].id} touches ${touching}`);
    }
  }
  assert.not.equal(rack('8ball', 1), rack('8ball', 2), 'the seed shuffles');
  assert.equal(rack('8ball', 5), rack('8ball', 5), 'same seed, same rack');
});

test('9-ball rack: diamond, 1 at the apex on the foot spot, 9 in the centre', () => {
  const t = standardTable();
  const balls = rack('9ball', 7);
  assert.equal(balls.map((b) => b.id), Array.from({ length: 10 }, (_, i) => i));
  assert.ok(Math.abs(balls[1].x - t.footSpot.x) < 1e-12 && balls[1].y === 0);
  const dx = ((2 * R + RACK_GAP) * Math.sqrt(3)) / 2;
  assert.ok(Math.abs(balls[9].x - (t.footSpot.x + 2 * dx)) < 1e-12 && Math.abs(balls[9].y) < 1e-12);
  const xs = balls.slice(1).map((b) => Math.round((b.x - t.footSpot.x) / dx));
  assert.equal([0, 1, 2, 3, 4].map((r) => xs.filter((x) => x === r).length), [1, 2, 3, 2, 1]);
  const seven = rack('9ball', 1, standardTable('7ft'));
  assert.ok(Math.abs(seven[1].x - 1.98 / 4) < 1e-12);
});

test('strike: speed, direction, follow/draw and english from the tip offset; miscue past 0.5 R', () => {
  const s = strike({ angle: 0, speed: 2 });
  assert.equal(s, { vx: 2, vy: 0, wx: -0, wy: 0, wz: -0 });
  const f = strike({ angle: Math.PI / 2, speed: 2, vertical: 0.4 });
  // b = 0.4 R leaves rolling: ω = 5 v b / (2 R²) = v / R, with wx = −vy / R
  assert.ok(Math.abs(f.wx + 2 / R) < 1e-9 && Math.abs(f.wy) < 1e-9 && Math.abs(f.vy - 2) < 1e-12);
  const d = strike({ angle: 0, speed: 3, vertical: -0.3 });
  assert.ok(Math.abs(d.wy - (5 * 3 * -0.3) / (2 * R)) < 1e-9, 'draw: backspin');
  const right = strike({ angle: 0, speed: 3, side: 0.3 });
  assert.ok(right.wz < 0 && Math.abs(right.wz + (5 * 3 * 0.3) / (2 * R)) < 1e-9, 'right english spins clockwise from above');
  assert.is(right.miscue, undefined);
  const m = strike({ angle: 0, speed: 3, side: 0.45, vertical: 0.3 });
  assert.is(m.miscue, true);
  assert.ok(Math.hypot(m.vx, m.vy) < 1, 'a miscue loses most of the speed');
  assert.ok(Math.abs(m.wz) < 0.1 * Math.abs(right.wz) * 1.5, 'and most of the spin');
});

test('canPlaceBall: on the cloth, R from the cushions, not on another ball, kitchen behind the head string', () => {
  const t = standardTable();
  const balls = rack('9ball', 1);
  assert.equal(canPlaceBall(t, balls, 0, 0, 'table'), { ok: true });
  assert.equal(canPlaceBall(t, balls, t.headSpot.x, 0.2, 'kitchen'), { ok: true });
  assert.is(canPlaceBall(t, balls, 0, 0, 'kitchen').ok, false);
  assert.is(canPlaceBall(t, balls, t.length / 2 - R + 1e-4, 0, 'table').ok, false);
  assert.is(canPlaceBall(t, balls, 0, -t.width / 2 + R - 1e-4, 'table').ok, false);
  assert.is(canPlaceBall(t, balls, t.footSpot.x + R, 0, 'table').ok, false);
  assert.is(canPlaceBall(t, balls, t.footSpot.x - 2 * R - 1e-4, 0, 'table').ok, true);
  // the cue ball itself does not block, pocketed balls do not block
  assert.is(canPlaceBall(t, balls, t.headSpot.x, 0, 'kitchen').ok, true);
  const pocketed = balls.map((b) => (b.id === 1 ? { ...b, pocketed: true } : b));
  assert.is(canPlaceBall(t, pocketed, t.footSpot.x - R, 0, 'table').ok, true);
});

test('spotBall: on the foot spot, else behind it on the long string as close as possible, else in front', () => {
  const t = standardTable();
  const free = spotBall(t, [{ id: 0, x: 0, y: 0 }, { id: 5, x: 1, y: 0.3, pocketed: true }], 5);
  const five = free.find((b) => b.id === 5)!;
  assert.equal([five.x, five.y, five.pocketed ?? false], [t.footSpot.x, 0, false]);
  // a ball on the spot: the spotted ball goes just behind it, touching
  const onSpot = spotBall(t, [{ id: 1, x: t.footSpot.x, y: 0 }, { id: 5, x: 0, y: 0, pocketed: true }], 5);
  const s5 = onSpot.find((b) => b.id === 5)!;
  assert.ok(s5.x > t.footSpot.x && Math.abs(s5.x - (t.footSpot.x + 2 * R)) < 1e-6, `x ${s5.x}`);
  // behind fully blocked by a row of balls: in front, as close as possible
  const row: BallState[] = [];
  for (let x = t.footSpot.x; x <= t.length / 2 - R + 1e-9; x += 2 * R) row.push({ id: row.length + 1, x, y: 0 });
  const blocked = spotBall(t, [...row, { id: 15, x: 0, y: 0.4, pocketed: true }], 15);
  const s15 = blocked.find((b) => b.id === 15)!;
  assert.ok(s15.x < t.footSpot.x && Math.abs(s15.x - (t.footSpot.x - 2 * R)) < 1e-6, `x ${s15.x}`);
  for (const b of blocked) if (b.id !== 15) assert.ok(dist(b, s15) >= 2 * R * (1 - 1e-9));
  // a ball missing from the list is added
  assert.ok(spotBall(t, [], 3).some((b) => b.id === 3 && b.x === t.footSpot.x));
});

test('pockets: a ball sent at a pocket drops with the right id; events and pocketed flags agree', () => {
  const t = standardTable();
  const cases: [number, number, string][] = [
    [t.length / 2, t.width / 2, 'TR'],
    [-t.length / 2, t.width / 2, 'TL'],
    [0, t.width / 2, 'TM'],
    [0, -t.width / 2, 'BM'],
    [-t.length / 2, -t.width / 2, 'BL'],
    [t.length / 2, -t.width / 2, 'BR'],
  ];
  for (const [px, py, id] of cases) {
    const a = Math.atan2(py - 0, px - 0.2 * Math.sign(px || 1));
    const start = { id: 3, x: 0.2 * Math.sign(px || 1), y: 0, ...strike({ angle: a, speed: 2, vertical: 0.4 }) };
    const r = simulate({ table: t, balls: [start] });
    const pe = r.events.filter((e) => e.type === 'pocket');
    assert.equal(pe.map((e) => [e.a, e.pocket]), [[3, id]]);
    assert.is(r.balls[0].pocketed, true);
    assert.is(r.duration, pe[0].t);
  }
  // a ball rolling straight along the long rail into the corner drops too
  const rail = simulate({ table: t, balls: [{ id: 2, x: 0.4, y: t.width / 2 - R - 1e-4, vx: 1.5, wy: 1.5 / R }] });
  assert.equal(rail.events.filter((e) => e.type === 'pocket').map((e) => e.pocket), ['TR']);
});

test('jaws: a ball hitting the nose of a corner pocket rattles off it (a cushion event, not a pocket)', () => {
  const t = standardTable();
  const nose = t.pockets.find((p) => p.id === 'TR')!.noses[0];
  // aim straight up at the long-rail nose so the ball's centre passes 0.6 R beside it
  const start = { id: 0, x: nose.x - 0.6 * R, y: 0.2, vy: 1.5, wx: -1.5 / R };
  const r = simulate({ table: t, balls: [start] });
  assert.is(r.events.find((e) => e.type !== 'state')!.type, 'cushion');
  assert.is(r.balls[0].pocketed ?? false, false);
});

test('at(t): clamps to [0, duration], is continuous in position, and ends at the final state', () => {
  const balls = rack('8ball', 3);
  balls[0] = { ...balls[0], ...strike({ angle: 0.01, speed: 9, side: 0.2 }) };
  const r = simulate({ balls });
  assert.equal(r.at(-1), r.at(0));
  assert.equal(r.at(r.duration + 5), r.balls);
  assert.equal(r.at(r.duration), r.balls);
  assert.equal(r.at(0)[0].vx, balls[0].vx);
  // positions never jump: sample finely across every event
  for (const e of r.events.filter((e) => e.type === 'ball' || e.type === 'cushion').slice(0, 40)) {
    const a = r.at(e.t - 1e-7);
    const b = r.at(e.t + 1e-7);
    for (let i = 0; i < a.length; i++) {
      if (a[i].pocketed || b[i].pocketed) continue;
      assert.ok(dist(a[i], b[i]) < 1e-5, `ball ${a[i].id} jumps at ${e.t}`);
    }
  }
  assert.ok(r.events.every((e, i) => i === 0 || e.t >= r.events[i - 1].t), 'events in time order');
  assert.ok(kineticEnergy(r.balls) === 0);
});

test('determinism: the same break simulated twice is bit-for-bit identical', () => {
  const make = () => {
    const balls = rack('8ball', 42);
    balls[0] = { ...balls[0], y: 0.1, ...strike({ angle: -0.04, speed: 11, side: -0.1, vertical: 0.1 }) };
    return balls;
  };
  const a = simulate({ balls: make() });
  const b = simulate({ balls: make() });
  assert.is(JSON.stringify(a.events), JSON.stringify(b.events));
  assert.is(JSON.stringify(a.balls), JSON.stringify(b.balls));
  const ts = [0.01, 0.1, 0.5, 1, 2, a.duration / 2];
  assert.is(JSON.stringify(ts.map((t) => a.at(t))), JSON.stringify(ts.map((t) => b.at(t))));
});

test('a break scatters the rack: the cue ball hands most of its energy to the object balls, which spread', () => {
  const balls = rack('8ball', 11);
  balls[0] = { ...balls[0], ...strike({ angle: 0, speed: 10 }) };
  const r = simulate({ balls });
  const hit = r.events.find((e) => e.type === 'ball')!.t;
  const before = kineticEnergy(r.at(hit - 1e-6));
  const after = r.at(hit + 1e-3);
  const objects = kineticEnergy(after.filter((b) => b.id !== 0));
  assert.ok(objects > 0.6 * before, `object balls carry ${objects} of ${before} J`);
  assert.ok(kineticEnergy(after) < before, 'the cascade loses energy, never gains it');
  const moved = r.balls.filter((b, i) => i > 0 && (b.pocketed || dist(b, balls[i]) > 0.1)).length;
  assert.ok(moved >= 7, `${moved} balls moved`);
  assert.ok(r.events.filter((e) => e.type === 'ball').length >= 15);
  assert.ok(r.events.filter((e) => e.type === 'cushion').length >= 10);
});

test('non-finite input is refused', () => {
  assert.throws(() => simulate({ balls: [{ id: 0, x: 0, y: 0, vx: Number.NaN }] }), /non-finite/);
  assert.throws(() => simulate({ balls: [{ id: 0, x: Infinity, y: 0 }] }), /non-finite/);
});

test('input balls are not mutated, pocketed input balls stay pocketed', () => {
  const balls: BallState[] = [
    { id: 0, x: 0, y: 0, vx: 1 },
    { id: 4, x: 0.5, y: 0.3, pocketed: true },
  ];
  const copy = JSON.stringify(balls);
  const r = simulate({ balls });
  assert.is(JSON.stringify(balls), copy);
  assert.is(r.balls[1].pocketed, true);
  assert.equal(r.balls.map((b) => b.id), [0, 4]);
});

test.run();
