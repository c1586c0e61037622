// Pure input mapping: pointer ↔ table round trips across canvas sizes and pixel ratios, the aim
// angle convention (0 = +x, counter-clockwise with +y up on screen), the power curve's clamps, the
// spin clamp within the miscue-safe radius, and the aim throttle.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { standardTable } from '@dojopool/shared/physics/table.ts';
import {
  aimAngle, clampSpin, deviceToTable, DEAD_ZONE_DRAG, fitTable, FULL_POWER_DRAG, MAX_SPEED, MIN_SPEED, pocketAt,
  powerFraction, powerFromDrag, pullBack, RAIL_MARGIN, SAFE_TIP_OFFSET, screenToTable, spinFromWidget, tableToScreen,
} from '../src/input/mapping.ts';
import { aimGuide } from '../src/input/aim-guide.ts';

const table = standardTable('9ft');
const close = (a: number, b: number, eps = 1e-9, msg?: string) => assert.ok(Math.abs(a - b) <= eps, msg ?? `${a} ≉ ${b}`);

const sizes = [
  { width: 320, height: 240 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 700, height: 1400 },
  { width: 375, height: 812 },
];
const dprs = [1, 1.25, 2, 3];

test('pointer ↔ table round trip across sizes and pixel ratios', () => {
  for (const size of sizes)
    for (const dpr of dprs) {
      const l = fitTable(size, table.length, table.width, dpr);
      assert.is(l.pixelWidth, Math.round(size.width * dpr));
      assert.is(l.pixelHeight, Math.round(size.height * dpr));
      for (const p of [{ x: 0, y: 0 }, { x: 1.27, y: 0.635 }, { x: -1.1, y: 0.3 }, { x: 0.4, y: -0.6 }]) {
        const s = tableToScreen(l, p);
        const back = screenToTable(l, s);
        close(back.x, p.x, 1e-9);
        close(back.y, p.y, 1e-9);
        const dev = deviceToTable(l, { x: s.x * dpr, y: s.y * dpr });
        close(dev.x, p.x, 1e-9);
        close(dev.y, p.y, 1e-9);
      }
    }
});

test('the table (with rails) fits inside the canvas, centred, aspect kept', () => {
  for (const size of sizes) {
    const l = fitTable(size, table.length, table.width, 2);
    const tl = tableToScreen(l, { x: -table.length / 2 - RAIL_MARGIN, y: table.width / 2 + RAIL_MARGIN });
    const br = tableToScreen(l, { x: table.length / 2 + RAIL_MARGIN, y: -table.width / 2 - RAIL_MARGIN });
    assert.ok(tl.x >= -1e-9 && tl.y >= -1e-9, 'top-left inside');
    assert.ok(br.x <= size.width + 1e-9 && br.y <= size.height + 1e-9, 'bottom-right inside');
    // One dimension is filled exactly.
    assert.ok(Math.abs(br.x - tl.x - size.width) < 1e-6 || Math.abs(br.y - tl.y - size.height) < 1e-6);
    const c = tableToScreen(l, { x: 0, y: 0 });
    close(c.x, size.width / 2);
    close(c.y, size.height / 2);
  }
});

test('screen orientation: +x to the right, +y up', () => {
  const l = fitTable({ width: 800, height: 400 }, table.length, table.width, 1);
  const o = tableToScreen(l, { x: 0, y: 0 });
  const px = tableToScreen(l, { x: 0.5, y: 0 });
  const py = tableToScreen(l, { x: 0, y: 0.5 });
  assert.ok(px.x > o.x && px.y === o.y);
  assert.ok(py.y < o.y && py.x === o.x);
});

test('aim angle: 0 along +x, π/2 along +y, in (−π, π]', () => {
  const cue = { x: -0.6, y: 0.1 };
  close(aimAngle(cue, { x: 0, y: 0.1 }), 0);
  close(aimAngle(cue, { x: -0.6, y: 0.5 }), Math.PI / 2);
  close(aimAngle(cue, { x: -0.6, y: -0.5 }), -Math.PI / 2);
  close(aimAngle(cue, { x: -1, y: 0.1 }), Math.PI);
  close(aimAngle(cue, { x: 0, y: 0.7 }), Math.PI / 4);
  // Through the screen: a pointer up-right of the cue ball on screen aims at +x, +y.
  const l = fitTable({ width: 1000, height: 600 }, table.length, table.width, 2);
  const s = tableToScreen(l, cue);
  const a = aimAngle(cue, screenToTable(l, { x: s.x + 100, y: s.y - 100 }));
  close(a, Math.PI / 4, 1e-9);
});

test('power curve: dead zone, monotone, clamped to 0.3–12 m/s', () => {
  assert.is(powerFromDrag(0), null);
  assert.is(powerFromDrag(DEAD_ZONE_DRAG / 2), null);
  assert.is(powerFromDrag(-1), null);
  assert.is(powerFromDrag(NaN), null);
  close(powerFromDrag(DEAD_ZONE_DRAG)!, MIN_SPEED);
  close(powerFromDrag(FULL_POWER_DRAG)!, MAX_SPEED);
  assert.is(powerFromDrag(10), MAX_SPEED);
  assert.is(powerFromDrag(Infinity), null);
  let prev = 0;
  for (let d = DEAD_ZONE_DRAG; d <= FULL_POWER_DRAG * 1.5; d += 0.01) {
    const v = powerFromDrag(d)!;
    assert.ok(v >= MIN_SPEED && v <= MAX_SPEED);
    assert.ok(v >= prev);
    prev = v;
  }
  close(powerFraction(MIN_SPEED), 0);
  close(powerFraction(MAX_SPEED), 1);
  close(powerFraction(100), 1);
});

test('pull back counts only movement away from the target', () => {
  close(pullBack(0, { x: 0, y: 0 }, { x: -0.2, y: 0 }), 0.2);
  close(pullBack(0, { x: 0, y: 0 }, { x: 0.2, y: 0 }), 0);
  close(pullBack(Math.PI / 2, { x: 0, y: 0 }, { x: 0.3, y: -0.1 }), 0.1);
});

test('spin stays within the miscue-safe radius and keeps its direction', () => {
  for (const [s, v] of [[0, 0], [0.3, 0.3], [1, 0], [0, -2], [3, 4], [-0.9, 0.9], [NaN, 0.2]] as const) {
    const c = clampSpin(s, v);
    assert.ok(Math.hypot(c.side, c.vertical) <= SAFE_TIP_OFFSET + 1e-12, `${s},${v}`);
    if (Number.isFinite(s) && Math.hypot(s, v) > 0) close(Math.atan2(c.vertical, c.side), Math.atan2(v, s));
  }
  assert.equal(clampSpin(0.2, -0.1), { side: 0.2, vertical: -0.1 });
  // The widget: its rim is 0.5 R; screen y down means top of the widget is follow (+vertical).
  const top = spinFromWidget(0, -30, 30);
  close(top.side, 0);
  close(top.vertical, SAFE_TIP_OFFSET);
  const right = spinFromWidget(15, 0, 30);
  close(right.side, 0.25);
  const far = spinFromWidget(100, 100, 30);
  close(Math.hypot(far.side, far.vertical), SAFE_TIP_OFFSET);
  assert.equal(spinFromWidget(1, 1, 0), { side: 0, vertical: 0 });
});

test('pocket picking near a pocket only', () => {
  for (const p of table.pockets) assert.is(pocketAt(table.pockets, { x: p.x, y: p.y })?.id, p.id);
  assert.is(pocketAt(table.pockets, { x: 0, y: 0 }), null);
});

test('aim guide finds the first ball on the line, else the cushion', () => {
  const R = table.ballRadius;
  const g = aimGuide({ x: -0.6, y: 0 }, 0, [{ id: 0, x: -0.6, y: 0 }, { id: 1, x: 0.6, y: 0 }, { id: 2, x: 0.2, y: 0 }], R, table.length, table.width);
  assert.is(g.hit, 2);
  close(g.end.x, 0.2 - 2 * R, 1e-9);
  close(g.objectAngle!, 0, 1e-9);
  const c = aimGuide({ x: -0.6, y: 0 }, Math.PI / 2, [{ id: 1, x: 0.6, y: 0 }], R, table.length, table.width);
  assert.is(c.hit, null);
  close(c.end.y, table.width / 2 - R, 1e-9);
});

test.run();
