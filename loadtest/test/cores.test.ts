// The machine's per-core CPU split the report prints (src/target.ts parseCoreTicks, coreShares): read
// from /proc/stat text, the aggregate `cpu` line left out, and shares taken between two readings.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { coreShares, coreTicks, parseCoreTicks } from '../src/target.ts';

const A = `cpu  300 0 100 1000 10 0 0 5 0 0
cpu0 100 0 50 500 5 0 0 0 0 0
cpu1 200 0 50 500 5 0 0 5 0 0
intr 12345
ctxt 999`;
const B = `cpu  700 0 200 1400 10 0 0 45 0 0
cpu0 160 10 80 740 5 5 5 0 0 0
cpu1 540 0 100 640 5 0 0 45 0 0`;

test('each core line is read; the aggregate line and the rest are not', () => {
  assert.equal(parseCoreTicks(A), [
    { cpu: 0, busy: 150, steal: 0, all: 655 },
    { cpu: 1, busy: 250, steal: 5, all: 760 },
  ]);
});

test('busy and stolen shares between two readings', () => {
  const s = coreShares(parseCoreTicks(A), parseCoreTicks(B));
  // cpu0: busy 260-150 = 110 of 1005-655 = 350 ticks; cpu1: busy 640-250 = 390, steal 45-5 = 40, of 1330-760 = 570.
  assert.is(s.length, 2);
  assert.is(s[0]!.cpu, 0);
  assert.ok(Math.abs(s[0]!.busyPct - (100 * 110) / 350) < 1e-9);
  assert.is(s[0]!.stealPct, 0);
  assert.ok(Math.abs(s[1]!.busyPct - (100 * 390) / 570) < 1e-9);
  assert.ok(Math.abs(s[1]!.stealPct - (100 * 40) / 570) < 1e-9);
});

test('a core missing from the first reading, or no time passed, gives no share', () => {
  assert.equal(coreShares([], parseCoreTicks(B)), []);
  assert.equal(coreShares(parseCoreTicks(A), parseCoreTicks(A)), []);
});

test('this machine: one entry per core, shares within 0–100 %', async () => {
  const a = coreTicks();
  assert.ok(a.length >= 1);
  let x = 0;
  const until = Date.now() + 100;
  while (Date.now() < until) x += Math.sqrt(x + 1); // some busy time to measure
  const s = coreShares(a, coreTicks());
  for (const c of s) assert.ok(c.busyPct >= 0 && c.busyPct <= 100 && c.stealPct >= 0 && c.stealPct <= 100, JSON.stringify(c));
});

test.run();
