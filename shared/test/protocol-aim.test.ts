// The batched live aim (protocol/aim.ts): samples at 10 Hz, one frame per AIM_SEND_MS at most, and a
// playback that shows the samples AIM_SAMPLE_MS apart, the short way round, never falling far behind.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AIM_MAX_SAMPLES, AIM_SAMPLE_MS, AIM_SEND_MS, AimBatcher, AimPlayback, parseAim } from '../src/protocol/index.ts';

test('a first movement goes at once; then at most one batch per AIM_SEND_MS holding the 10 Hz samples', () => {
  const b = new AimBatcher();
  assert.is(b.dueIn(0), null);
  b.sample(0.1, 1000);
  assert.equal(b.take(1000), { angle: 0.1 });
  assert.is(b.take(1000), null, 'nothing waiting');
  // A pointer moving every 16 ms: one sample per 100 ms slot, the newest in each slot kept.
  for (let t = 1016; t < 1300; t += 16) b.sample(t / 1000, t);
  assert.is(b.take(1250), null, 'too soon after the last batch');
  assert.is(b.dueIn(1250), 50);
  const batch = b.take(1300)!;
  assert.is(batch.trail!.length + 1, 3, '1016–1300 ms spans three 100 ms slots');
  assert.is(batch.angle, 1.288);
  assert.equal(batch.trail, [1.112, 1.224]); // slots open at 1016, 1128 and 1240 ms
});

test('a batch never holds more than AIM_MAX_SAMPLES samples (the oldest go) and parseAim accepts exactly what it sends', () => {
  const b = new AimBatcher();
  b.sample(0, 0);
  b.take(0);
  for (let i = 1; i <= 10; i++) b.sample(i / 10, i * AIM_SAMPLE_MS);
  const batch = b.take(AIM_SEND_MS + 10 * AIM_SAMPLE_MS)!;
  assert.is(batch.trail!.length + 1, AIM_MAX_SAMPLES);
  assert.is(batch.angle, 1);
  assert.equal(parseAim(batch), batch);
  assert.throws(() => parseAim({ angle: 0, trail: new Array(AIM_MAX_SAMPLES).fill(0) }), /at most/);
  assert.equal(parseAim({ angle: 7 }).angle, 7 - 2 * Math.PI);
});

test('playback shows each sample AIM_SAMPLE_MS apart from arrival, interpolating the short way across ±π', () => {
  const p = new AimPlayback();
  assert.is(p.angleAt(0), null);
  p.push({ angle: 3.0, trail: [2.8] }, 1000);
  assert.is(p.angleAt(1000), 2.8);
  assert.ok(Math.abs(p.angleAt(1050)! - 2.9) < 1e-9);
  assert.is(p.angleAt(1100), 3.0);
  assert.ok(!p.moving(1100));
  // Across the ±π seam: from 3.0 to -3.0 is 0.283 rad the short way, not 6 rad the long way.
  p.push({ angle: -3.0 }, 2000);
  assert.is(p.angleAt(2000), -3.0, 'after a pause a new sample shows at once');
  p.push({ angle: -3.0, trail: [3.1] }, 3000);
  const mid = p.angleAt(3050)!;
  assert.ok(Math.abs(Math.abs(mid) - Math.PI) < 0.1, `short way round, got ${mid}`);
});

test('a batch arriving while one plays queues behind it; a backlog never grows past MAX_LAG_MS', () => {
  const p = new AimPlayback();
  p.push({ angle: 0.3, trail: [0.1, 0.2] }, 0); // plays 0, 100, 200
  p.push({ angle: 0.6, trail: [0.4, 0.5] }, 150); // queues at 300, 400, 500
  assert.ok(Math.abs(p.angleAt(300)! - 0.4) < 1e-9);
  assert.ok(Math.abs(p.angleAt(500)! - 0.6) < 1e-9);
  for (let i = 0; i < 20; i++) p.push({ angle: i, trail: [i, i] }, 200 + i); // a burst
  const last = Math.max(...[...Array(5000).keys()].filter((t) => p.moving(t)));
  assert.ok(last <= 220 + AimPlayback.MAX_LAG_MS + 3 * AIM_SAMPLE_MS, `backlog ran to ${last} ms`);
});

test.run();
