// What the load runs against, and how its cost is read. A target is either a server already running at
// --url (its cost read from each process's /metrics), or one this tool starts: one DojoPool process, or
// a cluster (`server/src/cli/cluster.ts`, what `npm run cluster` runs) with its own redis-server on a
// free port and its own Postgres database, so that restarting Redis or dropping the database disturbs
// nobody else. A local target's cost is read from /proc (CPU ticks and RSS of every server process).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_FLAGS } from '../../server/src/node-flags.ts';

export const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Node flags given as one string ("--cpu-prof --cpu-prof-dir=/tmp/p"), as argv entries. */
export const nodeFlags = (s: string | undefined): string[] => (s ?? '').split(/\s+/).filter(Boolean);
const HZ = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
})();

export function cpuTicks(pid: number): number {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime
}
export const ticksToS = (ticks: number) => ticks / HZ;

export type CoreTicks = { cpu: number; busy: number; steal: number; all: number };
/**
 * Each core's CPU time in ticks from /proc/stat text: busy (user, nice, system, irq, softirq; guest
 * time is inside user), stolen by the hypervisor, and in all. What else ran on a core beside the
 * processes measured (Postgres, Redis) and what a virtual machine's neighbours took show here.
 */
export function parseCoreTicks(stat: string): CoreTicks[] {
  const out: CoreTicks[] = [];
  for (const line of stat.split('\n')) {
    const m = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = m[2]!.trim().split(/\s+/).map(Number);
    out.push({ cpu: Number(m[1]), busy: user + nice + system + irq + softirq, steal, all: user + nice + system + idle + iowait + irq + softirq + steal });
  }
  return out;
}
export const coreTicks = (): CoreTicks[] => parseCoreTicks(readFileSync('/proc/stat', 'utf8'));
/** Busy and stolen shares of each core between two readings, in %. */
export function coreShares(a: CoreTicks[], b: CoreTicks[]): { cpu: number; busyPct: number; stealPct: number }[] {
  return b.flatMap((y) => {
    const x = a.find((c) => c.cpu === y.cpu);
    const all = x ? y.all - x.all : 0;
    return x && all > 0 ? [{ cpu: y.cpu, busyPct: (100 * (y.busy - x.busy)) / all, stealPct: (100 * (y.steal - x.steal)) / all }] : [];
  });
}
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = net.createServer();
    s.once('error', () => res(false));
    s.listen(port, '0.0.0.0', () => s.close(() => res(true)));
  });
}

/** A base port with `count` free ports from it (the cluster takes port … port+count-1). */
export async function freePorts(count: number, preferred?: number): Promise<number> {
  if (preferred) return preferred;
  for (let tries = 0; tries < 200; tries++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    let ok = true;
    for (let i = 0; i < count && ok; i++) ok = await portFree(base + i);
    if (ok) return base;
  }
  throw new Error('no free ports found');
}

async function waitReady(url: string, proc: ChildProcess | null, timeoutMs = 180_000): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (proc && proc.exitCode !== null) throw new Error(`the server exited during start-up (${proc.exitCode})`);
    try {
      if ((await fetch(url + '/readyz')).ok) return;
    } catch {}
    await sleep(200);
  }
  throw new Error(`${url} not ready within ${timeoutMs / 1000} s`);
}

/** One process of the target: its pid when local, its /metrics URL always. */
export type ServerProcess = { address: string; pid: number | null; metricsUrl: string };

export type Target = {
  url: string;
  local: boolean;
  processes: ServerProcess[];
  databaseUrl: string | null;
  redis: RedisServer | null;
  stop(): Promise<void>;
  /** Cluster only: the cluster entry point's pid (SIGKILL a game process with killProcess). */
  killProcess?(index: number): void;
};

// ---- Redis -------------------------------------------------------------------------------------
export type RedisServer = { port: number; url: string; proc: ChildProcess; restart(): Promise<void>; stop(): Promise<void> };

export async function startRedis(port?: number): Promise<RedisServer> {
  const p = await freePorts(1, port);
  const launch = () => spawn('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const up = async () => {
    for (let i = 0; i < 100; i++) {
      if (!(await portFree(p))) return;
      await sleep(50);
    }
    throw new Error(`redis-server on ${p} did not start`);
  };
  const r: RedisServer = {
    port: p,
    url: `redis://127.0.0.1:${p}`,
    proc: launch(),
    async restart() {
      // An abrupt restart that comes back empty (no persistence): every key, listing and subscription is gone.
      await new Promise<void>((res) => {
        r.proc.once('exit', () => res());
        r.proc.kill('SIGKILL');
      });
      r.proc = launch();
      await up();
    },
    async stop() {
      if (r.proc.exitCode !== null || r.proc.signalCode) return;
      await new Promise<void>((res) => {
        r.proc.once('exit', () => res());
        r.proc.kill('SIGTERM');
      });
    },
  };
  await up();
  return r;
}

// ---- Postgres: a database of our own ---------------------------------------------------------------
/** Creates a fresh database on the server of `baseUrl` (any database URL there) and returns its URL. */
export async function createDatabase(baseUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const pg = (await import('pg')).default;
  const admin = new URL(baseUrl);
  admin.pathname = '/postgres';
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

// ---- starting DojoPool -------------------------------------------------------------------------
export type StartOptions = {
  processes: number;
  port?: number;
  /** CPU list for the server processes (taskset -c), e.g. "0". */
  serverCpus?: string;
  /** Node flags for the server processes (--trace-gc, --cpu-prof …), before the entry point. */
  nodeArgs?: string[];
  databaseUrl?: string | null;
  redisUrl?: string | null;
  env?: Record<string, string>;
  log?: (line: string) => void;
};

/** Settings every started target gets: bots all come from one address, so the per-IP auth limit is lifted. */
function serverEnv(o: StartOptions, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATA_DIR: dataDir,
    AUTH_RATE_LIMIT_PER_IP: '1000000',
    COMPUTER_QUICK_WAIT_S: '0',
    ...o.env,
  };
  if (o.databaseUrl) env.DATABASE_URL = o.databaseUrl;
  else delete env.DATABASE_URL;
  if (o.redisUrl) env.REDIS_URL = o.redisUrl;
  else delete env.REDIS_URL;
  return env;
}

const pinned = (cpus: string | undefined, cmd: string, args: string[]): [string, string[]] => (cpus ? ['taskset', ['-c', cpus, cmd, ...args]] : [cmd, args]);

export async function startTarget(o: StartOptions): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dp-load-'));
  const stopProc = async (proc: ChildProcess) => {
    if (proc.exitCode !== null || proc.signalCode) return;
    await new Promise<void>((res) => {
      const t = setTimeout(() => proc.kill('SIGKILL'), 20_000);
      proc.once('exit', () => (clearTimeout(t), res()));
      proc.kill('SIGTERM');
    });
  };
  if (o.processes <= 1) {
    const port = await freePorts(1, o.port);
    const [cmd, args] = pinned(o.serverCpus, process.execPath, [...SERVER_NODE_FLAGS, ...(o.nodeArgs ?? []), '--import', 'tsx', 'src/main.ts']);
    const proc = spawn(cmd, args, { cwd: join(repoRoot, 'server'), env: { ...serverEnv(o, dataDir), PORT: String(port) }, stdio: ['ignore', 'inherit', 'inherit'] });
    const url = `http://127.0.0.1:${port}`;
    await waitReady(url, proc);
    return {
      url,
      local: true,
      processes: [{ address: `127.0.0.1:${port}`, pid: proc.pid!, metricsUrl: `${url}/metrics` }],
      databaseUrl: o.databaseUrl ?? null,
      redis: null,
      async stop() {
        await stopProc(proc);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (!o.databaseUrl || !o.redisUrl) throw new Error('a cluster needs a Postgres database and a Redis');
  const port = await freePorts(o.processes + 1, o.port);
  const [cmd, args] = pinned(o.serverCpus, process.execPath, [...(o.nodeArgs ?? []), '--import', 'tsx', 'server/src/cli/cluster.ts', '--processes', String(o.processes), '--port', String(port), '--host', '127.0.0.1']);
  const proc = spawn(cmd, args, { cwd: repoRoot, env: { ...serverEnv(o, dataDir), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const processes: ServerProcess[] = [];
  let ready = false;
  let buf = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const m = /process (\d+)\s+pid (\d+)\s+http:\/\/(\S+)/.exec(line);
      if (m) processes.push({ address: m[3]!, pid: Number(m[2]), metricsUrl: `http://${m[3]}/metrics` });
      if (/process\(es\) ready/.test(line)) ready = true;
      o.log?.(line);
    }
  });
  const t0 = Date.now();
  while (!(ready && processes.length === o.processes)) {
    if (proc.exitCode !== null) throw new Error(`the cluster exited during start-up (${proc.exitCode})`);
    if (Date.now() - t0 > 240_000) throw new Error('the cluster did not start within 240 s');
    await sleep(200);
  }
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    local: true,
    processes,
    databaseUrl: o.databaseUrl,
    redis: null,
    killProcess(index: number) {
      const p = processes[index];
      if (p?.pid) process.kill(p.pid, 'SIGKILL');
    },
    async stop() {
      await stopProc(proc);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function remoteTarget(url: string, metricsUrls: string[]): Target {
  const base = url.replace(/\/$/, '');
  const urls = metricsUrls.length ? metricsUrls : [`${base}/metrics`];
  return {
    url: base,
    local: false,
    processes: urls.map((m) => ({ address: new URL(m).host, pid: null, metricsUrl: m })),
    databaseUrl: null,
    redis: null,
    async stop() {},
  };
}

// ---- reading a process's cost ----------------------------------------------------------------------
/** From Prometheus text: the value of a sample with no labels (or the first one). */
export function metricValue(text: string, name: string): number {
  const re = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+|NaN)`, 'm');
  const m = re.exec(text);
  return m ? Number(m[1]) : NaN;
}

/**
 * The loop-lag figures are since the process's previous /metrics scrape: prom-client resets its
 * event-loop histogram at each one (the report scrapes every second and keeps each second's).
 */
export type CostSample = { at: number; cpuS: number; rssMb: number; loopLagP99Ms: number; loopLagMaxMs: number; clients: number };

/** CPU seconds so far and RSS: /proc for a local process, its /metrics otherwise (and always for lag and clients). */
export async function sampleCost(p: ServerProcess): Promise<CostSample | null> {
  const at = performance.now();
  let text = '';
  try {
    const res = await fetch(p.metricsUrl, { signal: AbortSignal.timeout(3000) });
    if (res.ok) text = await res.text();
  } catch {}
  const fromMetrics = {
    cpuS: metricValue(text, 'dojopool_process_cpu_seconds_total'),
    rssMb: metricValue(text, 'dojopool_process_resident_memory_bytes') / 2 ** 20,
  };
  const loopLagP99Ms = metricValue(text, 'dojopool_nodejs_eventloop_lag_p99_seconds') * 1000;
  const loopLagMaxMs = metricValue(text, 'dojopool_nodejs_eventloop_lag_max_seconds') * 1000;
  let clients = 0;
  for (const m of text.matchAll(/^dojopool_clients\{[^}]*\} ([0-9.]+)/gm)) clients += Number(m[1]);
  if (p.pid && alive(p.pid)) {
    try {
      return { at, cpuS: ticksToS(cpuTicks(p.pid)), rssMb: rssMb(p.pid), loopLagP99Ms, loopLagMaxMs, clients };
    } catch {}
  }
  if (!text) return null;
  return { at, ...fromMetrics, loopLagP99Ms, loopLagMaxMs, clients };
}
