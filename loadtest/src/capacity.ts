// Capacity beside bare Colyseus: for each size N, the baseline in ../shared/baselines/colyseus-capacity
// (a bare Colyseus 0.18 room under the same pool traffic) and then DojoPool, each on a fresh server,
// pinned the same way (server on --server-cpus, generator on --generator-cpus, as the baseline's
// `MODE=pinned`), the same N, the same steady window and ramp; then both side by side. The baseline is
// copied to a scratch folder and installed there with `npm ci` (its own lock file, from the npm
// registry), and run with its own server.ts and load.ts, unchanged.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatReport, type Report } from './report.ts';
import { runLoad, type RunOptions } from './run.ts';
import { freePorts, repoRoot, sleep, type Target } from './target.ts';

export type CapacityOptions = {
  sizes: number[];
  durationS: number;
  processes: number;
  serverCpus: string;
  generatorCpus: string;
  baselineDir: string | null;
  port?: number;
  quietWaitS: number;
  ramp: number;
  out: string | null;
  runOptions: (n: number) => RunOptions;
  makeTarget: (label: string) => Promise<{ target: Target; cleanup: () => Promise<void> }>;
};

type BaselineRow = { n: number; held: number; errors: number; shotP50: number; shotP99: number; joinP99: number; serverCpuPct: number; rssMb: number; generatorCpuPct: number; bar: boolean; raw: any };

const loadavg = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

/** Other work on the machine skews the figures: wait (at most `maxS`) for the 1-minute load average to fall below 1. */
async function waitQuiet(maxS: number) {
  const until = Date.now() + maxS * 1000;
  while (loadavg() >= 1 && Date.now() < until) await sleep(5000);
  console.log(`capacity: load average ${loadavg().toFixed(2)}${loadavg() >= 1 ? ' (not quiet: figures may be skewed)' : ''}`);
}

/**
 * A scratch copy of the baseline with its dependencies installed by `npm ci`. The copy is kept in the
 * temp folder under a hash of the baseline's files, so repeated capacity runs install once.
 */
function prepareBaseline(dir: string): string {
  if (!existsSync(join(dir, 'load.ts')) || !existsSync(join(dir, 'server.ts'))) throw new Error(`${dir} is not the colyseus-capacity baseline (no server.ts / load.ts)`);
  const hash = createHash('sha256');
  for (const f of readdirSync(dir).sort()) if (/\.(ts|json|sh)$/.test(f)) hash.update(f).update(readFileSync(join(dir, f)));
  const work = join(tmpdir(), `dojopool-colyseus-capacity-${hash.digest('hex').slice(0, 12)}`);
  cpSync(dir, work, { recursive: true, filter: (src) => !/\/(node_modules|out)(\/|$)/.test(src.slice(dir.length)) });
  if (existsSync(join(work, 'node_modules', '.package-lock.json'))) {
    console.log(`capacity: baseline in ${work} (installed before)`);
    return work;
  }
  console.log(`capacity: baseline copied to ${work}; npm ci …`);
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: work, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm ci in ${work} failed (${r.status})`);
  return work;
}

/** A command under taskset, with the file-descriptor limit raised to the hard limit as the baseline's run.sh does. */
function pinnedSpawn(cpus: string, cwd: string, argv: string[], env: NodeJS.ProcessEnv, log: string): ChildProcess {
  const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const fd = openSync(log, 'a');
  return spawn('bash', ['-c', `ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec taskset -c ${cpus} ${quoted}`], { cwd, env, stdio: ['ignore', fd, fd] });
}

async function runBaseline(work: string, n: number, o: CapacityOptions): Promise<BaselineRow> {
  const port = await freePorts(1, o.port);
  const out = join(work, `result-${n}.json`);
  const server = pinnedSpawn(o.serverCpus, work, [process.execPath, '--expose-gc', '--import', 'tsx', 'server.ts'], { ...process.env, PORT: String(port), MAX_LIFETIME_S: String(o.durationS + 600) }, join(work, `server-${n}.log`));
  try {
    let up = false;
    for (let i = 0; i < 150 && !up; i++) {
      try {
        up = (await fetch(`http://127.0.0.1:${port}/stats`)).ok;
      } catch {}
      if (!up) await sleep(200);
    }
    if (!up) throw new Error('the baseline server did not start');
    // The server runs under bash → taskset → node (exec'd: the same pid), so its pid is bash's.
    const load = pinnedSpawn(
      o.generatorCpus,
      work,
      [process.execPath, '--import', 'tsx', 'load.ts', '--n', String(n), '--steady', String(o.durationS), '--ramp', String(o.ramp), '--url', `http://127.0.0.1:${port}`, '--server-pid', String(server.pid), '--label', `colyseus n=${n}`, '--out', out],
      process.env,
      join(work, `load-${n}.log`),
    );
    const code = await new Promise<number>((res) => load.once('exit', (c) => res(c ?? 1)));
    if (code !== 0 || !existsSync(out)) throw new Error(`the baseline load exited ${code} (log: ${join(work, `load-${n}.log`)})`);
  } finally {
    await new Promise<void>((res) => {
      if (server.exitCode !== null) return res();
      const t = setTimeout(() => server.kill('SIGKILL'), 10_000);
      server.once('exit', () => (clearTimeout(t), res()));
      server.kill('SIGTERM');
    });
  }
  const r = JSON.parse(readFileSync(out, 'utf8'));
  return {
    n,
    held: n - r.notJoined,
    errors: r.errors,
    shotP50: r.shotMs.p50,
    shotP99: r.shotMs.p99,
    joinP99: r.joinMs.p99,
    serverCpuPct: r.server.cpuPct,
    rssMb: r.server.rssMbEnd,
    generatorCpuPct: r.generator.cpuPct,
    bar: r.errors === 0 && r.shotMs.p99 < 100,
    raw: r,
  };
}

const f1 = (v: number) => (Number.isFinite(v) ? (Math.round(v * 10) / 10).toString() : '—');

export async function runCapacity(o: CapacityOptions): Promise<number> {
  const baselineDir = resolve(o.baselineDir ?? join(repoRoot, '..', 'shared', 'baselines', 'colyseus-capacity'));
  const work = prepareBaseline(baselineDir);
  const rows: { n: number; baseline: BaselineRow | { error: string }; dojopool: Report | { error: string } }[] = [];
  for (const n of o.sizes) {
    await waitQuiet(o.quietWaitS);
    console.log(`capacity: n=${n} — bare Colyseus (server cpus ${o.serverCpus}, generator cpus ${o.generatorCpus})`);
    let baseline: BaselineRow | { error: string };
    try {
      baseline = await runBaseline(work, n, o);
      console.log(`capacity:   bare Colyseus: shot p99 ${baseline.shotP99} ms, errors ${baseline.errors}, server CPU ${baseline.serverCpuPct} %`);
    } catch (e) {
      baseline = { error: (e as Error).message };
      console.log(`capacity:   bare Colyseus failed: ${baseline.error}`);
    }
    await sleep(3000);
    await waitQuiet(o.quietWaitS);
    console.log(`capacity: n=${n} — DojoPool, ${o.processes} process${o.processes > 1 ? 'es' : ''}`);
    let dojopool: Report | { error: string };
    let cleanup = async () => {};
    try {
      const t = await o.makeTarget(`dojopool n=${n}`);
      cleanup = t.cleanup;
      dojopool = await runLoad(o.runOptions(n), t.target);
      dojopool.target.serverCpus = o.serverCpus;
      console.log(formatReport(dojopool));
    } catch (e) {
      dojopool = { error: (e as Error).message };
      console.log(`capacity:   DojoPool failed: ${dojopool.error}`);
    } finally {
      await cleanup();
    }
    rows.push({ n, baseline, dojopool });
    await sleep(3000);
  }

  const head = ['N', 'system', 'held', 'errors', 'shot p50 ms', 'shot p99 ms', 'join p99 ms', 'server CPU %', 'server RSS MB', 'gen CPU %', 'bar'];
  const table: string[][] = [];
  for (const r of rows) {
    const b = r.baseline;
    table.push('error' in b ? [String(r.n), 'bare Colyseus', `failed: ${b.error}`] : [String(r.n), 'bare Colyseus', String(b.held), String(b.errors), f1(b.shotP50), f1(b.shotP99), f1(b.joinP99), f1(b.serverCpuPct), f1(b.rssMb), f1(b.generatorCpuPct), b.bar ? 'met' : 'not met']);
    const d = r.dojopool;
    table.push(
      'error' in d
        ? [String(r.n), `DojoPool ×${o.processes}`, `failed: ${d.error}`]
        : [String(r.n), `DojoPool ×${o.processes}`, String(d.held.atSteadyStart), String(d.errors.total), f1(d.latencyMs.shot.p50), f1(d.latencyMs.shot.p99), f1(d.latencyMs.join.p99), f1(d.server.cpuPct), f1(d.server.rssMbEnd), f1(d.generator.cpuPct), d.capacityBar.met ? 'met' : 'not met'],
    );
  }
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => '| ' + head.map((_, i) => (row[i] ?? '').padEnd(widths[i]!)).join(' | ') + ' |';
  console.log(`\ncapacity: ${o.durationS} s steady, ramp ${o.ramp} joins/s, server cpus ${o.serverCpus}, generator cpus ${o.generatorCpus}; bar: every client held, no errors, shot p99 < 100 ms`);
  console.log([line(head), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...table.map(line)].join('\n'));
  if (o.out) {
    writeFileSync(o.out, JSON.stringify({ durationS: o.durationS, processes: o.processes, serverCpus: o.serverCpus, generatorCpus: o.generatorCpus, ramp: o.ramp, rows: rows.map((r) => ({ n: r.n, baseline: 'error' in r.baseline ? r.baseline : r.baseline.raw, dojopool: r.dojopool })) }, null, 2) + '\n');
  }
  return rows.every((r) => !('error' in r.baseline) && !('error' in r.dojopool)) ? 0 : 1;
}
