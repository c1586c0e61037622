// Property test: 10,000 seeded random shots (breaks, random layouts and frozen clusters, speeds up to 12 m/s, any spin
// within the miscue limit). Invariants at every event time: no two balls overlap by more than 0.1 mm,
// every unpocketed ball is on the playing surface, total kinetic energy never rises; every shot ends.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kineticEnergy, rack, simulate, standardTable, strike, type BallState, type Table } from '../src/physics/index.ts';
import { seededRandom } from '../src/physics/random.ts';

const SHOTS = 10_000;
const MAX_EVENTS = 5000;

function randomLayout(table: Table, rand: () => number): BallState[] {
  const R = table.ballRadius;
  const count = 2 + Math.floor(rand() * 15);
  const balls: BallState[] = [];
  for (let tries = 0; balls.length < count && tries < 2000; tries++) {
    const x = (rand() * 2 - 1) * (table.length / 2 - R);
    const y = (rand() * 2 - 1) * (table.width / 2 - R);
    if (balls.every((b) => (b.x - x) ** 2 + (b.y - y) ** 2 >= 4 * R * R)) balls.push({ id: balls.length, x, y });
  }
  return balls;
}

/** Balls frozen together: each new ball placed exactly touching an earlier one (or a rail). */
function clusterLayout(table: Table, rand: () => number): BallState[] {
  const R = table.ballRadius;
  const hx = table.length / 2 - R;
  const hy = table.width / 2 - R;
  const count = 3 + Math.floor(rand() * 14);
  const balls: BallState[] = [{ id: 0, x: (rand() * 2 - 1) * hx * 0.8, y: (rand() * 2 - 1) * hy * 0.8 }];
  for (let tries = 0; balls.length < count && tries < 3000; tries++) {
    let x: number;
    let y: number;
    if (rand() < 0.1) {
      // frozen to a rail
      x = rand() < 0.5 ? (rand() * 2 - 1) * hx : Math.sign(rand() - 0.5) * hx;
      y = Math.abs(x) === hx ? (rand() * 2 - 1) * hy : Math.sign(rand() - 0.5) * hy;
    } else {
      const base = balls[Math.floor(rand() * balls.length)];
      const a = rand() * 2 * Math.PI;
      x = base.x + 2 * R * Math.cos(a);
      y = base.y + 2 * R * Math.sin(a);
    }
    if (Math.abs(x) > hx || Math.abs(y) > hy) continue;
    if (balls.every((b) => (b.x - x) ** 2 + (b.y - y) ** 2 >= 4 * R * R * (1 - 1e-12))) balls.push({ id: balls.length, x, y });
  }
  return balls;
}

function randomStroke(rand: () => number, speed: number, angle: number) {
  const r = Math.sqrt(rand()) * 0.49;
  const phi = rand() * 2 * Math.PI;
  return strike({ angle, speed, side: r * Math.cos(phi), vertical: r * Math.sin(phi) });
}

function makeShot(k: number): { table: Table; balls: BallState[] } {
  const rand = seededRandom(1000 + k);
  const table = standardTable(rand() < 0.75 ? '9ft' : '7ft');
  const kind = rand();
  if (kind < 0.3) {
    // A break: cue ball anywhere in the kitchen, aimed near the apex.
    const balls = rack(rand() < 0.5 ? '8ball' : '9ball', k, table);
    const R = table.ballRadius;
    const cx = table.headStringX - rand() * (table.length / 4 - 2 * R);
    const cy = (rand() * 2 - 1) * (table.width / 2 - 2 * R);
    const ax = table.footSpot.x - cx;
    const ay = table.footSpot.y + (rand() * 2 - 1) * R - cy;
    balls[0] = { ...balls[0], x: cx, y: cy, ...randomStroke(rand, 6 + rand() * 6, Math.atan2(ay, ax)) };
    return { table, balls };
  }
  const balls = kind < 0.45 ? clusterLayout(table, rand) : randomLayout(table, rand);
  balls[0] = { ...balls[0], ...randomStroke(rand, rand() * 12, rand() * 2 * Math.PI) };
  if (kind > 0.9) {
    // Several balls already moving with arbitrary spin.
    for (let i = 1; i < balls.length; i += 2) {
      const v = rand() * 5;
      const a = rand() * 2 * Math.PI;
      balls[i] = { ...balls[i], vx: v * Math.cos(a), vy: v * Math.sin(a), wx: (rand() - 0.5) * 200, wy: (rand() - 0.5) * 200, wz: (rand() - 0.5) * 200 };
    }
  }
  return { table, balls };
}

/** Asserts without building the message unless it fails (this loop checks tens of millions of facts). */
function check(ok: boolean, message: () => string): void {
  if (!ok) assert.unreachable(message());
}

test(`${SHOTS} random shots keep every invariant`, () => {
  let totalEvents = 0;
  let totalBallHits = 0;
  for (let k = 0; k < SHOTS; k++) {
    const shot = makeShot(k);
    const R = shot.table.ballRadius;
    const minD2 = (2 * R - 1e-4) ** 2;
    const hx = shot.table.length / 2 + 1e-9;
    const hy = shot.table.width / 2 + 1e-9;
    const res = simulate(shot, { maxEvents: MAX_EVENTS });
    const where = `shot ${k}`;
    check(Number.isFinite(res.duration) && res.duration >= 0, () => `${where}: duration ${res.duration}`);
    check(res.events.length < MAX_EVENTS, () => `${where}: ${res.events.length} events`);
    totalEvents += res.events.length;
    for (const e of res.events) if (e.type === 'ball') totalBallHits++;
    let lastEnergy = Infinity;
    let lastT = 0;
    const times = [0, ...res.events.map((e) => e.t), res.duration];
    for (let ti = 0; ti < times.length; ti++) {
      const t = times[ti];
      if (ti > 0 && t === times[ti - 1]) continue;
      check(t >= lastT, () => `${where}: events out of order`);
      lastT = t;
      const s = res.at(t);
      const e = kineticEnergy(s);
      check(e <= lastEnergy * (1 + 1e-12) + 1e-15, () => `${where}: energy rose at t=${t}: ${lastEnergy} → ${e}`);
      lastEnergy = e;
      for (let i = 0; i < s.length; i++) {
        const a = s[i];
        if (a.pocketed) continue;
        check(Math.abs(a.x) <= hx && Math.abs(a.y) <= hy, () => `${where}: ball ${a.id} off the table at t=${t} (${a.x}, ${a.y})`);
        for (let j = i + 1; j < s.length; j++) {
          const b = s[j];
          if (b.pocketed) continue;
          const dx = a.x - b.x;
          const dy = a.y - b.y;
          const d2 = dx * dx + dy * dy;
          check(d2 >= minD2, () => `${where}: balls ${a.id} and ${b.id} overlap by ${(2 * R - Math.sqrt(d2)) * 1000} mm at t=${t}`);
        }
      }
    }
    for (const b of res.balls) {
      if (b.pocketed) continue;
      check(Math.abs(b.x) <= hx && Math.abs(b.y) <= hy, () => `${where}: ball ${b.id} ends off the table`);
      check(b.vx === 0 && b.vy === 0 && b.wz === 0, () => `${where}: ball ${b.id} still moving at the end`);
    }
  }
  // the generator really exercises the solver
  assert.ok(totalEvents > SHOTS * 20, `only ${totalEvents} events`);
  assert.ok(totalBallHits > SHOTS * 3, `only ${totalBallHits} ball–ball collisions`);
});

test.run();
