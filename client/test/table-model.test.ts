// The table model's pure parts: balls roll as the physics spins them (orientation from ω), the shot
// ends exactly on the simulation's resting positions, the outcome is held until the balls rest,
// rulings read in plain words, spectators get no controls, touch and portrait mapping.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rack } from '@dojopool/shared/physics/rack.ts';
import { simulate } from '@dojopool/shared/physics/simulate.ts';
import { strike } from '@dojopool/shared/physics/strike.ts';
import { standardTable } from '@dojopool/shared/physics/table.ts';
import { fitTable, screenToTable, tableToScreen } from '../src/input/mapping.ts';
import { fineAim, sliderSpeed } from '../src/input/touch.ts';
import { allowed, OutcomeGate, plainReason, rulingBanner } from '../src/table/model.ts';
import { angleBetween, fromAxisAngle, multiply, rotate, UPRIGHT } from '../src/table/quat.ts';
import { buildTrajectory } from '../src/table/trajectory.ts';

const table = standardTable('9ft');
const R = table.ballRadius;

test('a naturally rolling ball turns by distance / R about the axis across its path', () => {
  const hit = strike({ angle: 0, speed: 1, side: 0, vertical: 0.4 });
  const start = [{ id: 0, x: -0.8, y: 0, vx: hit.vx, vy: hit.vy, wx: hit.wx, wy: hit.wy, wz: hit.wz }];
  const tr = buildTrajectory({ seq: 1, start, duration: 0 }, table);
  for (const t of [0.05, 0.2, 0.5]) {
    const b = tr.at(t)[0]!;
    const d = b.x - start[0]!.x;
    const expected = multiply(fromAxisAngle([0, 1, 0], d / R), UPRIGHT);
    assert.ok(angleBetween(b.q, expected) < 0.02, `t=${t}: off by ${angleBetween(b.q, expected)} rad`);
  }
});

test('a break ends exactly on the simulation\'s resting positions, and the numbers have turned', () => {
  const balls = rack('9ball', 5, table);
  const hit = strike({ angle: 0, speed: 10, side: 0, vertical: 0 });
  const start = balls.map((b) => (b.id === 0 ? { ...b, vx: hit.vx, vy: hit.vy, wx: hit.wx, wy: hit.wy, wz: hit.wz } : { ...b }));
  const ref = simulate({ table, balls: start.map((b) => ({ ...b })) });
  const tr = buildTrajectory(JSON.parse(JSON.stringify({ seq: 3, start, duration: ref.duration })), table);
  assert.ok(Math.abs(tr.duration - ref.duration) < 1e-9);
  const end = tr.at(tr.duration + 1);
  end.forEach((b, i) => {
    assert.is(b.x, ref.balls[i]!.x);
    assert.is(b.y, ref.balls[i]!.y);
    assert.is(b.pocketed, !!ref.balls[i]!.pocketed);
  });
  assert.ok(end.some((b) => angleBetween(b.q, UPRIGHT) > 0.5), 'balls rolled');
  assert.ok(tr.sounds[0]!.kind === 'cue' && tr.sounds.some((s) => s.kind === 'ball') && tr.sounds.some((s) => s.kind === 'cushion'));
  // Orientation stays unit length all the way.
  for (const t of [0.01, tr.duration / 2]) for (const b of tr.at(t)) assert.ok(Math.abs(Math.hypot(...b.q) - 1) < 1e-9);
});

test('UPRIGHT shows the number pole (body +x) to the viewer (+z)', () => {
  const v = rotate(UPRIGHT, [1, 0, 0]);
  assert.ok(Math.abs(v[2] - 1) < 1e-12);
});

test('the outcome is held from the shot until the balls rest; the spectator count stays live', () => {
  const gate = new OutcomeGate<{ score: number; spectators: number }>((h, l) => ({ ...h, spectators: l.spectators }));
  gate.state({ score: 0, spectators: 1 });
  gate.shotStarted();
  gate.state({ score: 1, spectators: 2 });
  assert.equal(gate.shown(), { score: 0, spectators: 2 });
  assert.ok(gate.holding);
  gate.rested();
  assert.equal(gate.shown(), { score: 1, spectators: 2 });
});

test('rulings in plain words: no doubled "Foul:", no rule numbers; the rule is the why', () => {
  const b = rulingBanner({ rack: 1, score: [0, 0] }, { foul: 'scratch', reason: 'Foul: cue ball scratched — ball in hand for Bob (6.1)', rack: 1, score: [0, 0], winner: -1 })!;
  assert.is(b.kind, 'foul');
  assert.is(b.title, 'Foul: cue ball scratched');
  assert.is(b.text, 'Ball in hand for Bob', 'the title already says what happened');
  const two = rulingBanner(null, { foul: 'scratch', reason: 'Foul: cue ball scratched, cue ball hit no object ball — ball in hand for Bob (6.1, 6.2)', rack: 1, score: [0, 0], winner: -1 })!;
  assert.is(two.text, 'Cue ball hit no object ball — ball in hand for Bob');
  assert.is(rulingBanner(null, { foul: 'time', reason: '', rack: 1, score: [0, 0], winner: -1 })!.text, '');
  assert.match(b.why!, /6\.1/);
  assert.is(plainReason('Legal break, nothing down (3.3, 3.4)'), 'Legal break, nothing down');
  assert.is(rulingBanner({ rack: 1, score: [0, 0] }, { foul: '', reason: 'Ann pocketed the 3 — Ann continues', rack: 1, score: [0, 0], winner: -1 }), null);
  assert.is(rulingBanner({ rack: 1, score: [0, 0] }, { foul: '', reason: 'Ann pocketed the 9 — Ann wins the rack', rack: 2, score: [1, 0], winner: -1 })!.kind, 'rack');
});

test('spectators and waiting players get no controls; ball in hand allows placing besides the stroke', () => {
  const hud = { phase: 'playing', turn: 0, winner: -1, ballInHand: 'table', options: [] as string[], pushOutAvailable: false };
  const spectator = allowed({ seat: null, hud, animating: false, awaitingShot: false, cueOnTable: true });
  assert.equal([spectator.aim, spectator.place, spectator.controls, spectator.concede, spectator.chat], [false, false, false, false, false]);
  const me = allowed({ seat: 0, hud, animating: false, awaitingShot: false, cueOnTable: true });
  assert.ok(me.aim && me.place && me.controls);
  assert.not.ok(allowed({ seat: 1, hud, animating: false, awaitingShot: false, cueOnTable: true }).aim);
  assert.not.ok(allowed({ seat: 0, hud, animating: true, awaitingShot: false, cueOnTable: true }).aim);
});

test('portrait screens turn the table; screen ↔ table round-trips', () => {
  const l = fitTable({ width: 390, height: 700 }, table.length, table.width, 3, 'auto');
  assert.ok(l.rotated);
  assert.ok(l.scale > 390 / (table.length + 0.22));
  const p = { x: 0.7, y: -0.3 };
  const q = screenToTable(l, tableToScreen(l, p));
  assert.ok(Math.abs(q.x - p.x) < 1e-12 && Math.abs(q.y - p.y) < 1e-12);
  assert.ok(tableToScreen(l, { x: 1, y: 0 }).y < l.cy, 'the foot end is up');
  assert.not.ok(fitTable({ width: 1280, height: 700 }, table.length, table.width, 1, 'auto').rotated);
});

test('touch: the fine-aim strip turns a little per pixel, the slider maps to speed with a dead zone', () => {
  assert.ok(Math.abs(fineAim(0, 100) + 0.03) < 1e-12);
  assert.ok(fineAim(Math.PI - 0.001, -100) < -Math.PI + 0.1);
  assert.is(sliderSpeed(0.01), null);
  assert.ok(Math.abs(sliderSpeed(1)! - 12) < 1e-9);
  assert.ok(sliderSpeed(0.5)! > 0.3 && sliderSpeed(0.5)! < 12);
});

test.run();
