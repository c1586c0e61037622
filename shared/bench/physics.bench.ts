// Physics benchmark: the event-based solver against a plain matter-js fixed-step simulation of the
// same shots, in the same process. Prints median and p99 wall time per shot (break, positional
// shots) and the ratio, plus how small a matter-js step must be to stop a 12 m/s ball passing
// through a thin cut. Run: npm run bench -w @dojopool/shared
import { loadavg } from 'node:os';
import Matter from 'matter-js';
import { rack, simulate, standardTable, strike, type BallState, type Table } from '../src/physics/index.ts';
import { seededRandom } from '../src/physics/random.ts';

const table = standardTable('9ft');
const R = table.ballRadius;

function breaks(count: number): BallState[][] {
  const out: BallState[][] = [];
  for (let k = 0; k < count; k++) {
    const rand = seededRandom(500 + k);
    const balls = rack('8ball', k + 1, table);
    const y = (rand() - 0.5) * 0.3;
    const aim = Math.atan2(table.footSpot.y + (rand() - 0.5) * R - y, table.footSpot.x - balls[0].x);
    balls[0] = { ...balls[0], y, ...strike({ angle: aim, speed: 9 + rand() * 3, side: (rand() - 0.5) * 0.2, vertical: (rand() - 0.5) * 0.4 }) };
    out.push(balls);
  }
  return out;
}

function positional(count: number): BallState[][] {
  const out: BallState[][] = [];
  for (let k = 0; k < count; k++) {
    const rand = seededRandom(900 + k);
    const n = 6 + Math.floor(rand() * 10);
    const balls: BallState[] = [];
    while (balls.length < n) {
      const x = (rand() * 2 - 1) * (table.length / 2 - 2 * R);
      const y = (rand() * 2 - 1) * (table.width / 2 - 2 * R);
      if (balls.every((b) => Math.hypot(b.x - x, b.y - y) > 2.2 * R)) balls.push({ id: balls.length, x, y });
    }
    const target = balls[1 + Math.floor(rand() * (n - 1))];
    const aim = Math.atan2(target.y - balls[0].y, target.x - balls[0].x) + (rand() - 0.5) * 0.05;
    balls[0] = { ...balls[0], ...strike({ angle: aim, speed: 0.5 + rand() * 2.5, side: (rand() - 0.5) * 0.6, vertical: (rand() - 0.5) * 0.8 }) };
    out.push(balls);
  }
  return out;
}

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p99: s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] };
}

function timeEvent(shots: BallState[][], reps: number) {
  for (const balls of shots) simulate({ table, balls }); // warm up
  const ms: number[] = [];
  const cpu: number[] = [];
  let events = 0;
  for (let r = 0; r < reps; r++) {
    for (const balls of shots) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const res = simulate({ table, balls });
      ms.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      if (r === 0) events += res.events.length;
    }
  }
  const c = stats(cpu);
  return { ...stats(ms), cpuMedian: c.median, cpuP99: c.p99, events: events / shots.length };
}

// ---- matter-js baseline: balls as circles (mm units), four static walls, no pockets or spin ----
const MM = 1000;
// matter-js expresses velocities per base step of 1000/60 ms (Body._baseDelta, not in its typings).
const MATTER_BASE_DELTA_MS: number = (Matter.Body as unknown as { _baseDelta: number })._baseDelta;
const ROLL_FRICTION_AIR = (0.1 * MATTER_BASE_DELTA_MS) / 1000; // ≈ a 0.1 /s exponential decay, like rolling at ~1 m/s

function matterShot(balls: BallState[], stepMs: number, maxSeconds = 20): { steps: number } {
  const engine = Matter.Engine.create({ gravity: { x: 0, y: 0, scale: 0 }, enableSleeping: false });
  const L = table.length * MM;
  const W = table.width * MM;
  const T = 200;
  const wall = (x: number, y: number, w: number, h: number) =>
    Matter.Bodies.rectangle(x, y, w, h, { isStatic: true, restitution: 0.8, friction: 0 });
  Matter.Composite.add(engine.world, [
    wall(0, -W / 2 - T / 2, L + 2 * T, T),
    wall(0, W / 2 + T / 2, L + 2 * T, T),
    wall(-L / 2 - T / 2, 0, T, W),
    wall(L / 2 + T / 2, 0, T, W),
  ]);
  const bodies = balls.map((b) => {
    const body = Matter.Bodies.circle(b.x * MM, b.y * MM, R * MM, {
      restitution: 0.95,
      friction: 0,
      frictionStatic: 0,
      frictionAir: ROLL_FRICTION_AIR,
      slop: 0.01,
    });
    Matter.Body.setMass(body, 0.17);
    return body;
  });
  Matter.Composite.add(engine.world, bodies);
  const perStep = MATTER_BASE_DELTA_MS / 1000; // matter velocities are per 1/60 s
  balls.forEach((b, i) => Matter.Body.setVelocity(bodies[i], { x: (b.vx ?? 0) * MM * perStep, y: (b.vy ?? 0) * MM * perStep }));
  let steps = 0;
  const maxSteps = Math.ceil((maxSeconds * 1000) / stepMs);
  const still = (0.01 * MM * perStep) ** 2; // 1 cm/s
  for (; steps < maxSteps; steps++) {
    Matter.Engine.update(engine, stepMs);
    if (steps % 10 === 0 && bodies.every((b) => b.velocity.x ** 2 + b.velocity.y ** 2 < still)) break;
  }
  return { steps };
}

function timeMatter(shots: BallState[][], stepMs: number) {
  const ms: number[] = [];
  let steps = 0;
  for (const balls of shots) {
    // Same shot, same simulated length: until the event solver's shot ends (or all balls are still).
    const seconds = simulate({ table, balls }).duration;
    const t0 = performance.now();
    steps += matterShot(balls, stepMs, seconds).steps;
    ms.push(performance.now() - t0);
  }
  return { ...stats(ms), steps: steps / shots.length };
}

/** Fraction of thin cuts (line offset 1.5–1.98 R) at 12 m/s that matter-js misses entirely at a step. */
function matterTunnelRate(stepMs: number, trials = 200): number {
  const rand = seededRandom(77);
  let missed = 0;
  for (let k = 0; k < trials; k++) {
    const off = (1.5 + rand() * 0.48) * R;
    const engine = Matter.Engine.create({ gravity: { x: 0, y: 0, scale: 0 } });
    const cue = Matter.Bodies.circle(-300 - rand() * 50, off * MM, R * MM, { restitution: 0.95, friction: 0, frictionAir: 0 });
    const obj = Matter.Bodies.circle(0, 0, R * MM, { restitution: 0.95, friction: 0, frictionAir: 0 });
    Matter.Composite.add(engine.world, [cue, obj]);
    Matter.Body.setVelocity(cue, { x: 12 * MM * (MATTER_BASE_DELTA_MS / 1000), y: 0 });
    for (let s = 0; s < Math.ceil(60 / stepMs); s++) Matter.Engine.update(engine, stepMs);
    if (Math.hypot(obj.position.x, obj.position.y) < 1e-6) missed++;
  }
  return missed / trials;
}

/** The event solver on the same thin cuts: every one must register a hit. */
function eventTunnelRate(trials = 200): number {
  const rand = seededRandom(77);
  let missed = 0;
  for (let k = 0; k < trials; k++) {
    const off = (1.5 + rand() * 0.48) * R;
    const res = simulate({ table, balls: [{ id: 0, x: -0.3 - rand() * 0.05, y: off, vx: 12 }, { id: 1, x: 0, y: 0 }] });
    if (!res.events.some((e) => e.type === 'ball')) missed++;
  }
  return missed / trials;
}

const f = (x: number) => x.toFixed(3);
console.log(`DojoPool physics bench (node ${process.version}, one core; 1-min load average ${loadavg()[0].toFixed(2)} — other processes inflate p99)`);
const brk = breaks(16);
const pos = positional(64);
timeEvent(brk, 60); // let the JIT settle
const eb = timeEvent(brk, 150);
const ep = timeEvent(pos, 40);
console.log(`event solver  break (15 balls, 9–12 m/s): median ${f(eb.median)} ms  p99 ${f(eb.p99)} ms wall; CPU time median ${f(eb.cpuMedian)} ms  p99 ${f(eb.cpuP99)} ms  (${eb.events.toFixed(0)} events/shot)`);
console.log(`event solver  positional (6–15 balls, 0.5–3 m/s): median ${f(ep.median)} ms  p99 ${f(ep.p99)} ms wall; CPU time median ${f(ep.cpuMedian)} ms  p99 ${f(ep.cpuP99)} ms  (${ep.events.toFixed(0)} events/shot)`);

const STEP = 0.8;
const mb = timeMatter(brk.slice(0, 8), STEP);
const mp = timeMatter(pos.slice(0, 16), STEP);
console.log(`matter-js ${STEP} ms step  break: median ${f(mb.median)} ms  p99 ${f(mb.p99)} ms  (${mb.steps.toFixed(0)} steps/shot)`);
console.log(`matter-js ${STEP} ms step  positional: median ${f(mp.median)} ms  p99 ${f(mp.p99)} ms  (${mp.steps.toFixed(0)} steps/shot)`);
console.log(`ratio (matter-js / event solver, median): break ${(mb.median / eb.median).toFixed(0)}×, positional ${(mp.median / ep.median).toFixed(0)}×`);

console.log('thin cuts (offset 1.5–1.98 R) at 12 m/s missed entirely (tunnelling):');
console.log(`  event solver: ${(eventTunnelRate() * 100).toFixed(1)} %`);
for (const step of [MATTER_BASE_DELTA_MS, 8, 4, 2, 1, 0.8, 0.5]) console.log(`  matter-js ${step.toFixed(2)} ms step: ${(matterTunnelRate(step) * 100).toFixed(1)} %`);
