// Every load-test command README.md and loadtest/README.md show must work as written: the root
// `npm run loadtest -- --flags` has to hand its flags to the tool (a forwarding script without a
// trailing `--` drops them; STACK.md trap 14), and each command must run and report. This reads the
// commands out of both READMEs (so a new one cannot go untested), shrinks their sizes (clients,
// duration; strokes after 1 s of aim so that a few seconds see shots), and runs each through npm from
// the repository root, checking its report. Commands that need a cluster (a Postgres and
// redis-server) run when DATABASE_URL is set; in CI they must.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { adminQuery } from './helpers/db.ts';
import { inCI, postgresUrl } from './helpers/env.ts';
import { freePort, hasRedisServer, startRedis } from './helpers/processes.ts';
import net from 'node:net';

const root = new URL('../..', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `npm run loadtest -- …` as the READMEs show them, inline or in code blocks, with any env prefix. */
function readmeCommands(): { file: string; line: string }[] {
  const out: { file: string; line: string }[] = [];
  const seen = new Set<string>();
  for (const file of ['README.md', 'loadtest/README.md']) {
    for (const raw of readFileSync(join(root, file), 'utf8').split('\n')) {
      for (const m of raw.matchAll(/((?:[A-Z_]+=\S+\s+)*npm run loadtest --[^`#\n]*)/g)) {
        const line = m[1]!.trim();
        // The same command shown twice (its sizes, --out file and the values of its env prefixes aside,
        // which are replaced below) runs once. A cluster (fault, --processes) always gets its own scratch
        // database from the tool, so a DATABASE_URL prefix changes nothing for it.
        const cluster = / fault|--processes/.test(line);
        const key = line.replace(/ --(out|clients|duration) ("[^"]*"|\S+)/g, '').replace(/\b([A-Z_]+)=\S+\s*/g, cluster ? '' : '$1= ');
        if (!seen.has(key)) (seen.add(key), out.push({ file, line }));
      }
    }
  }
  return out;
}

/** Splits a shell line into words as sh does for these lines: double quotes group and are removed, also inside a word (`--flag="a b"`). */
function words(line: string): string[] {
  return [...line.matchAll(/(?:"[^"]*"|[^\s"])+/g)].map((m) => m[0].replace(/"/g, ''));
}

function setFlag(argv: string[], flag: string, value: string | null) {
  const i = argv.indexOf(flag);
  if (i >= 0 && value !== null) argv[i + 1] = value;
  else if (i < 0 && value !== null) argv.push(flag, value);
}

const commands = readmeCommands();

test('the READMEs show the load-test commands this test expects to run', () => {
  const lines = commands.map((c) => c.line);
  assert.ok(lines.length >= 6, lines.join('\n'));
  for (const kind of ['capacity', 'fault', '--url', '--help', '--processes 2', '--pin']) assert.ok(lines.some((l) => l.includes(kind)), `no README command with ${kind}`);
  assert.not.ok(lines.some((l) => / --n | --steady | --spawn/.test(l)), 'a README still shows the old flags');
});

type Ctx = { dir: string; pg: string | null };

async function runCommand(c: { file: string; line: string }, ctx: Ctx): Promise<{ status: number | null; stdout: string; out: string | null; argv: string[] }> {
  const all = words(c.line);
  const envPrefix = all.slice(0, all.indexOf('npm'));
  const argv = all.slice(all.indexOf('npm') + 1);
  const sub = argv[3] === 'capacity' || argv[3] === 'fault' ? argv[3] : 'run';
  const help = argv.includes('--help');
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.REDIS_URL;
  const cleanup: (() => Promise<void>)[] = [];
  let out: string | null = null;
  if (!help) {
    setFlag(argv, '--clients', sub === 'capacity' ? '4' : sub === 'fault' ? '16' : '6');
    setFlag(argv, '--duration', sub === 'capacity' ? '3' : sub === 'fault' ? '18' : '4');
    setFlag(argv, '--aim', '1');
    // A shorter lease than the README's default, so the dead process's matches are adopted within the short window.
    if (sub === 'fault') setFlag(argv, '--race', '1'), setFlag(argv, '--lease-ttl', '4');
    if (sub === 'capacity') setFlag(argv, '--quiet-wait', '0');
    out = join(ctx.dir, `out-${randomBytes(3).toString('hex')}.json`);
    setFlag(argv, '--out', out);
  }
  // A cluster (its own Redis and scratch databases, made by the tool) needs the machine's Postgres.
  const cluster = sub === 'fault' || argv.includes('--processes');
  if (cluster) env.DATABASE_URL = ctx.pg!;
  else delete env.DATABASE_URL;
  if (envPrefix.some((e) => e.startsWith('DATABASE_URL=')) && ctx.pg) {
    const name = `dp_lt_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    await adminQuery(ctx.pg, `CREATE DATABASE ${name}`);
    const u = new URL(ctx.pg);
    u.pathname = `/${name}`;
    env.DATABASE_URL = u.toString();
    cleanup.push(() => adminQuery(ctx.pg!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
  const urlAt = argv.indexOf('--url');
  if (urlAt >= 0) {
    // The README's running cluster: started here as the README starts it (npm run cluster), on free ports.
    const shown = new URL(argv[urlAt + 1]!);
    const shownPort = Number(shown.port);
    // The cluster takes the port and the next three: a block below the ephemeral range, so no other
    // suite's port-0 listener running at the same time can be sitting in it.
    const port = await freePortBlock(4);
    const redis = await startRedis();
    const name = `dp_lt_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    await adminQuery(ctx.pg!, `CREATE DATABASE ${name}`);
    const db = new URL(ctx.pg!);
    db.pathname = `/${name}`;
    const clusterEnv = { ...env, DATABASE_URL: db.toString(), REDIS_URL: redis.url, DATA_DIR: join(ctx.dir, name), AUTH_RATE_LIMIT_PER_IP: '100000' };
    const cl = spawn('npm', ['run', 'cluster', '--', '--processes', '3', '--port', String(port), '--host', '127.0.0.1'], { cwd: root, env: clusterEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let log = '';
    cl.stdout!.on('data', (d) => (log += d));
    cl.stderr!.on('data', (d) => (log += d)); // shown only if it does not start
    // Stopped whatever happens next (a cluster that failed to start must not keep this file alive).
    cleanup.push(async () => {
      if (cl.exitCode === null) {
        process.kill(-cl.pid!, 'SIGTERM');
        await new Promise((r) => cl.once('exit', r));
      }
      await redis.stop();
      await adminQuery(ctx.pg!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
    const t0 = Date.now();
    while (!/process\(es\) ready/.test(log)) {
      if (cl.exitCode !== null || Date.now() - t0 > 180_000) throw new Error(`cluster did not start:\n${log}`);
      await sleep(200);
    }
    for (let i = 0; i < argv.length; i++) argv[i] = argv[i]!.replace(/127\.0\.0\.1:(\d+)/g, (_m, p) => `127.0.0.1:${port + (Number(p) - shownPort)}`);
  }
  try {
    const child = spawn('npm', argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stdout += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    const status = await new Promise<number | null>((r) => child.once('exit', r));
    clearTimeout(timer);
    return { status, stdout, out, argv };
  } finally {
    for (const f of cleanup) await f().catch((e) => console.error(e));
  }
}

/** Runs one README command (shrunk) and checks what it reports. */
async function check(c: { file: string; line: string }, ctx: Ctx) {
  const t0 = Date.now();
  const r = await runCommand(c, ctx);
  const shown = `${c.file}: ${c.line}\nran: npm ${r.argv.join(' ')}\n${r.stdout.slice(-3000)}`;
  assert.is(r.status, 0, shown);
  console.log(`  ok in ${Math.round((Date.now() - t0) / 1000)} s: ${c.line}`);
  if (c.line.includes('--help')) {
    assert.match(r.stdout, /npm run loadtest -- capacity/, shown);
    return;
  }
  assert.ok(r.out && existsSync(r.out), `no report written\n${shown}`);
  const report = JSON.parse(readFileSync(r.out!, 'utf8'));
  if (c.line.includes(' capacity')) {
    assert.match(r.stdout, /bare Colyseus/, shown);
    assert.is(report.rows.length, 1, shown);
    assert.is(report.rows[0].baseline.errors, 0, shown);
    assert.is(report.rows[0].dojopool.clients.target, 4, shown);
    assert.is(report.rows[0].dojopool.errors.total, 0, shown);
    return;
  }
  // run and fault: the report is whole and the bots really played.
  const clients = Number(r.argv[r.argv.indexOf('--clients') + 1]);
  assert.is(report.clients.target, clients, shown);
  // Under the fault test's full mix a spectator may be between tables, or a ranked bot between the queue and its table.
  if (!c.line.includes(' fault')) assert.is(report.held.atSteadyStart, clients, shown);
  else assert.ok(report.held.atSteadyStart >= clients - 4, shown);
  assert.ok(report.latencyMs.shot.count > 0, `no shots timed\n${shown}`);
  assert.ok(report.generator.chooser.decisions > 0, `the chooser made no decision\n${shown}`);
  assert.is(report.kpis.length, 4, shown);
  assert.ok(Number.isFinite(report.server.cpuPct), `no server CPU\n${shown}`);
  if (c.line.includes(' fault')) {
    assert.match(r.stdout, /nothing finished lost and every match of the killed process adopted: yes/, shown);
    assert.ok(report.fault.events.length === 2, shown);
  } else {
    assert.is(report.errors.total, 0, shown);
  }
}

test('every load-test command in the READMEs runs and reports', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dojo-loadtest-'));
  const pg = await postgresUrl();
  const ctx: Ctx = { dir, pg };
  try {
    const runnable = commands.filter((c) => {
      if (!/ fault|--processes|--url/.test(c.line) || (pg && hasRedisServer())) return true;
      if (inCI) assert.unreachable(`${c.line}: needs DATABASE_URL and redis-server in CI`);
      console.warn(`  skipped (needs DATABASE_URL and redis-server): ${c.line}`);
      return false;
    });
    // Two lanes at once (each command mostly waits on its servers); the capacity commands share one
    // lane, since they share the baseline's installed copy.
    const lanes = [runnable.filter((c) => !c.line.includes(' capacity')), runnable.filter((c) => c.line.includes(' capacity'))];
    await Promise.all(lanes.map(async (lane) => {
      for (const c of lane) await check(c, ctx);
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();

/** `n` consecutive ports free on every interface, from 20000–32000 (below Linux's ephemeral range). */
async function freePortBlock(n: number): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '0.0.0.0', () => srv.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = 20000 + Math.floor(Math.random() * (12000 - n));
    let ok = true;
    for (let p = base; p < base + n && ok; p++) ok = await free(p);
    if (ok) return base;
  }
  throw new Error(`no block of ${n} free ports found in 20000–32000`);
}
