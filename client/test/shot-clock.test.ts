// Shot clock offset: a client whose clock is off still counts down the server's seconds.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ClockSkew } from '../src/views/shot-clock.ts';

test('no observation: deadline read against the local clock', () => {
  const c = new ClockSkew();
  assert.is(c.offsetMs, 0);
  assert.is(c.secondsLeft(10_000, 0), 10);
  assert.is(c.secondsLeft(0, 0), -1);
  assert.is(c.secondsLeft(5_000, 9_000), 0);
});

for (const skew of [-120_000, -3_000, 0, 2_500, 3_600_000]) {
  test(`client clock off by ${-skew} ms: countdown follows the server`, () => {
    const c = new ClockSkew();
    let server = 1_700_000_000_000;
    // Three turns: deadlines armed by the server, seen by the client 30–120 ms later.
    for (const [latency, extraS] of [[30, 0], [120, 4.2], [60, 1.5]] as const) {
      const deadline = server + (45 + extraS) * 1000;
      const clientNow = server - skew + latency;
      c.observe(deadline, 45, extraS, clientNow);
      server += 20_000;
    }
    assert.ok(Math.abs(c.offsetMs - skew) <= 30, `offset ${c.offsetMs} vs ${skew}`);
    // 10.1 s after a deadline of 45 s was armed, 35 s (rounded up) are left.
    const deadline = server + 45_000;
    assert.is(c.secondsLeft(deadline, server - skew + 10_100), 35);
  });
}

test("the welcome's server time sets the offset before any deadline is armed", () => {
  const skew = 90_000; // the client's clock is 90 s behind
  const c = new ClockSkew();
  const serverNow = 1_700_000_000_000;
  c.observeServerTime(serverNow, serverNow - skew + 80); // received 80 ms later
  assert.ok(Math.abs(c.offsetMs - skew) <= 80, `offset ${c.offsetMs}`);
  assert.is(c.secondsLeft(serverNow + 45_000, serverNow - skew + 80), 45);
  c.observeServerTime(0, 5); // absent (an older server): no observation
  assert.ok(Math.abs(c.offsetMs - skew) <= 80);
});

test('observations age out', () => {
  const c = new ClockSkew();
  c.observe(100_000, 45, 0, 0); // +55 s
  for (let i = 0; i < 6; i++) c.observe(45_000 + i, 45, 0, i); // 0
  assert.is(c.offsetMs, 0);
});

test.run();
