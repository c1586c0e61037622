// The generator's timer wheel (src/wheel.ts) on a clock the test moves: callbacks never run early,
// run at most one slot late when the wheel turns on time, run once, can be cancelled, and what a
// callback schedules waits for a later turn (a turn is bounded: it cannot keep itself busy).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Wheel } from '../src/wheel.ts';

function clocked() {
  let t = 1000;
  const w = new Wheel(10, () => t);
  return { w, set: (v: number) => (t = v), get: () => t };
}

test('a callback never runs before its time and runs within one slot of it', () => {
  const { w, set } = clocked();
  const ran: [number, number][] = [];
  let now = 1000;
  for (const ms of [0, 1, 9, 10, 11, 25, 99, 300]) w.after(ms, () => ran.push([ms, now]));
  for (now = 1001; now <= 1400; now++) {
    set(now);
    w.run();
  }
  w.stop();
  assert.is(ran.length, 8);
  for (const [ms, at] of ran) {
    assert.ok(at >= 1000 + ms, `${ms} ms ran at +${at - 1000}`);
    assert.ok(at <= 1000 + ms + 10, `${ms} ms ran late at +${at - 1000}`);
  }
});

test('callbacks run in slot order, each once; cancelled ones never', () => {
  const { w, set } = clocked();
  const order: string[] = [];
  w.after(50, () => order.push('c'));
  w.after(20, () => order.push('b'));
  const x = w.after(30, () => order.push('x'));
  w.after(5, () => order.push('a'));
  w.cancel(x);
  assert.is(w.size, 3);
  set(1100);
  w.run();
  w.run();
  set(1200);
  w.run();
  assert.equal(order, ['a', 'b', 'c']);
  assert.is(w.size, 0);
  w.stop();
});

test('what a callback schedules, even for now, waits for a later turn', () => {
  const { w, set } = clocked();
  let n = 0;
  const again = () => {
    n++;
    w.after(0, again);
  };
  w.after(0, again);
  set(1500); // far behind: one turn runs what was due, once
  w.run();
  assert.is(n, 1);
  set(1510);
  w.run();
  assert.is(n, 2);
  w.stop();
});

test('after standing idle it starts from the present slot', () => {
  const { w, set } = clocked();
  let ran = 0;
  w.after(1, () => ran++);
  set(1020);
  w.run(); // empty: the wheel stops its interval
  assert.is(ran, 1);
  set(1_000_000_000);
  w.after(10, () => ran++);
  set(1_000_000_005);
  w.run();
  assert.is(ran, 1, 'not early');
  set(1_000_000_020);
  w.run();
  assert.is(ran, 2);
  w.stop();
});

test.run();
