// DojoPool load test: real @colyseus/sdk clients play real match rooms on a real server and the run
// reports what one server process held. Per table: A creates a casual 8-ball room, B joins it by id;
// the player to shoot streams `aim` at 10 Hz for ~8 s (±25 %), then shoots at a ball; the opponent
// takes over when the `shot` broadcast arrives (the same traffic as the bare-Colyseus baseline in
// ../shared/baselines/colyseus-capacity, but every shot here is simulated, judged and persisted).
//
// Usage: npm run loadtest -- --n 1000 [--steady 60] [--ramp 200] [--url http://127.0.0.1:2567]
//        [--spawn] [--pin] [--out result.json]
//   --spawn starts the server itself (DATABASE_URL / REDIS_URL from the environment, PGlite otherwise)
//   --pin   server on core 0, this generator on core 1 (taskset), as the baseline's pinned mode
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, type Room } from '@colyseus/sdk';

const { values: o } = parseArgs({
  options: {
    n: { type: 'string', default: '500' },
    steady: { type: 'string', default: '60' },
    ramp: { type: 'string', default: '200' },
    aim: { type: 'string', default: '8' },
    url: { type: 'string' },
    spawn: { type: 'boolean', default: false },
    pin: { type: 'boolean', default: false },
    port: { type: 'string', default: '2599' },
    out: { type: 'string' },
  },
});
const N = Number(o.n);
const TABLES = Math.floor(N / 2);
const STEADY_S = Number(o.steady);
const RAMP = Number(o.ramp);
const AIM_TICKS = Math.round(Number(o.aim) * 10);
const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..', '..');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function summary(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? Math.round(s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] * 100) / 100 : NaN);
  return { count: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: q(1) };
}
function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100/s)
}
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

async function startServer(): Promise<{ url: string; proc: ChildProcess }> {
  const port = o.port!;
  const env: Record<string, string> = { ...(process.env as Record<string, string>), PORT: port, LOG_LEVEL: 'warn', DATA_DIR: mkdtempSync(join(tmpdir(), 'dp-load-')) };
  const cmd = o.pin ? 'taskset' : process.execPath;
  const args = [...(o.pin ? ['-c', '0', process.execPath] : []), '--import', 'tsx', 'src/main.ts'];
  const proc = spawn(cmd, args, { cwd: join(repoRoot, 'server'), env, stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url + '/readyz')).ok) return { url, proc };
    } catch {}
    await sleep(200);
  }
  throw new Error('server did not become ready');
}

type Stats = { joined: number; joinErrors: number; drops: number; roomErrors: number; shotsSent: number; shotsRecv: number; shotsLost: number; aimsSent: number; aimsRecv: number; matchesFinished: number; notes: Record<string, number> };

async function main() {
  const server = o.spawn ? await startServer() : { url: o.url ?? 'http://127.0.0.1:2567', proc: null as ChildProcess | null };
  const client = new Client(server.url);
  const st: Stats = { joined: 0, joinErrors: 0, drops: 0, roomErrors: 0, shotsSent: 0, shotsRecv: 0, shotsLost: 0, aimsSent: 0, aimsRecv: 0, matchesFinished: 0, notes: {} };
  const lat = { join: [] as number[], shot: [] as number[], aim: [] as number[] };
  const note = (m: string) => (st.notes[m.slice(0, 100)] = (st.notes[m.slice(0, 100)] ?? 0) + 1);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  let recording = false;
  let stopping = false;

  async function joinRoom(make: () => Promise<Room<any>>): Promise<Room<any>> {
    const t0 = performance.now();
    const room = await make();
    if (!room.state?.phase) await new Promise<void>((res) => room.onStateChange.once(() => res()));
    lat.join.push(performance.now() - t0);
    st.joined++;
    return room;
  }

  async function table(t: number) {
    let a: Room<any>, b: Room<any>;
    try {
      a = await joinRoom(() => client.create('match', { game: '8ball', mode: 'casual', raceTo: 21, name: `a${t}`, shotClockS: 600 }));
      b = await joinRoom(() => client.joinById(a.roomId, { name: `b${t}` }));
    } catch (e) {
      st.joinErrors++;
      note(`join: ${(e as Error).message}`);
      return;
    }
    const rooms = [a, b];
    const seatOf = new Map<Room<any>, number>();
    rooms.forEach((r) => {
      r.onMessage('welcome', (m: any) => seatOf.set(r, m.seat));
      r.onMessage('error', (m: any) => {
        st.roomErrors++;
        note(`room error: ${m.code} ${m.message}`);
      });
      r.onDrop(() => st.drops++);
      r.onMessage('started', () => {});
      r.onMessage('chat', () => {});
      r.onMessage('timeout', () => {});
      r.onMessage('finished', () => st.matchesFinished++);
    });
    let pendingShot: { at: number; from: Room<any> } | null = null;
    let lastAimAt = 0;
    const onAim = () => {
      if (!recording || !lastAimAt) return;
      st.aimsRecv++;
      lat.aim.push(performance.now() - lastAimAt);
    };
    a.onMessage('aim', onAim);
    b.onMessage('aim', onAim);
    const onShot = (receiver: Room<any>) => (m: any) => {
      if (pendingShot && receiver !== pendingShot.from) {
        if (recording) lat.shot.push(performance.now() - pendingShot.at);
        st.shotsRecv++;
        pendingShot = null;
      }
    };
    a.onMessage('shot', onShot(a));
    b.onMessage('shot', onShot(b));
    const shooter = () => rooms[a.state.turn] ?? a;
    await sleep(200);
    let seed = t * 7919 + 1;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    while (!stopping) {
      if (a.state.phase !== 'playing') {
        if (a.state.phase === 'finished') break;
        await sleep(100);
        continue;
      }
      const me = shooter();
      const ticks = Math.round(AIM_TICKS * (0.75 + rnd() * 0.5));
      // The aim is sampled at 10 Hz (as the baseline sends it) and sent in batches of up to three
      // samples every 300 ms, as the browser client does (shared/protocol/aim.ts).
      let batch: number[] = [];
      for (let i = 0; i < ticks && !stopping; i++) {
        batch.push(rnd() * 6.28 - 3.14);
        if (batch.length === 3 || i === ticks - 1) {
          lastAimAt = performance.now();
          const angle = batch.pop()!;
          me.send('aim', batch.length ? { angle, trail: batch } : { angle });
          batch = [];
          if (recording) st.aimsSent++;
        }
        await sleep(100);
      }
      if (stopping) break;
      // A push out is offered among the options but played as a shot, not chosen.
      const choices = Array.from(a.state.options as string[]).filter((o) => o !== 'push-out');
      if (choices.length) {
        me.send('choose', { option: choices[0] });
        await sleep(200);
        continue;
      }
      const balls = Array.from(a.state.balls as any[]);
      const cue = balls.find((x) => x.id === 0);
      const targets = balls.filter((x) => x.id !== 0 && !x.pocketed && x.id !== 8);
      const tgt = targets[Math.floor(rnd() * targets.length)] ?? balls.find((x) => x.id === 8);
      const angle = Math.atan2(tgt.y - cue.y, tgt.x - cue.x);
      const seq = a.state.shotSeq;
      pendingShot = { at: performance.now(), from: me };
      me.send('shot', { angle, speed: a.state.isBreak ? 9 : 1.5 + rnd() * 2.5 });
      if (recording) st.shotsSent++;
      const t0 = Date.now();
      while (pendingShot && Date.now() - t0 < 10_000) await sleep(20);
      if (pendingShot) {
        if (recording) st.shotsLost++;
        pendingShot = null;
      }
      const t1 = Date.now();
      while (a.state.shotSeq === seq && Date.now() - t1 < 5000) await sleep(20);
    }
  }

  const pid = server.proc?.pid;
  console.log(`load: ${N} clients (${TABLES} tables) against ${server.url}, ramp ${RAMP} joins/s, steady ${STEADY_S} s`);
  const tables: Promise<void>[] = [];
  for (let t = 0; t < TABLES; t++) {
    tables.push(table(t));
    await sleep(2000 / RAMP); // two joins per table
  }
  await sleep(3000);
  console.log(`ramp done: ${st.joined} joined, ${st.joinErrors} join errors`);
  recording = true;
  loop.enable();
  const cpu0 = pid ? cpuTicks(pid) : 0;
  const self0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(STEADY_S * 1000);
  const wallS = (performance.now() - t0) / 1000;
  const serverCpu = pid ? Math.round(((cpuTicks(pid) - cpu0) / 100 / wallS) * 1000) / 10 : NaN;
  const self = process.cpuUsage(self0);
  const genCpu = Math.round(((self.user + self.system) / 1e6 / wallS) * 1000) / 10;
  loop.disable();
  recording = false;
  stopping = true;
  const result = {
    n: N,
    tables: TABLES,
    steadyS: STEADY_S,
    serverCpuPct: serverCpu,
    serverRssMb: pid ? rssMb(pid) : NaN,
    generatorCpuPct: genCpu,
    generatorLoopDelayP99Ms: Math.round(loop.percentile(99) / 1e4) / 100,
    join: summary(lat.join),
    shot: summary(lat.shot),
    aim: summary(lat.aim),
    ...st,
    errors: st.joinErrors + st.drops + st.roomErrors + st.shotsLost,
  };
  const bar = result.errors === 0 && result.join.count === N && result.shot.p99 < 100;
  console.log(JSON.stringify(result, null, 2));
  console.log(`bar (every client held, no errors, shot p99 < 100 ms): ${bar ? 'met' : 'NOT met'}`);
  if (o.out) writeFileSync(o.out, JSON.stringify({ ...result, bar }, null, 2));
  await Promise.race([Promise.allSettled(tables), sleep(15000)]);
  if (server.proc) {
    server.proc.kill('SIGTERM');
    await new Promise((r) => server.proc!.once('exit', r));
  }
  process.exit(0);
}

await main();
