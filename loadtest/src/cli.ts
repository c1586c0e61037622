// `npm run loadtest -- [run] --clients N --duration S [--url http://host:port] …`   one load run
// `npm run loadtest -- capacity --clients "3000 4000 5000" --duration 60 [--processes 2]`   beside bare Colyseus
// `npm run loadtest -- fault --clients 400 --duration 90`   SIGKILL one of three processes and restart Redis under load
// Flags are listed by `npm run loadtest -- --help` and in loadtest/README.md.
import { parseArgs } from 'node:util';
import { BOT_LEVELS, GAME_KINDS, type BotLevel } from '@dojopool/shared';
import { checkRunOptions, runLoad, RUN_DEFAULTS, writeReport, type RunOptions } from './run.ts';
import { createDatabase, nodeFlags, remoteTarget, startRedis, startTarget, type Target } from './target.ts';

const HELP = `DojoPool load test
  npm run loadtest -- [run] --clients N --duration S [options]
  npm run loadtest -- capacity --clients "N1 N2 …" --duration S [--processes P] [options]
  npm run loadtest -- fault --clients N --duration S [options]

target
  --url URL              a running server or cluster entry point; without it one is started here
  --metrics URL,URL      with --url: each process's /metrics (default URL/metrics) for server CPU and memory
  --processes P          start a local cluster of P processes (npm run cluster) with its own redis-server
                         and its own Postgres database (on the server of DATABASE_URL or --pg)
  --pg URL               Postgres to create scratch databases on (default DATABASE_URL, else
                         postgres://postgres@127.0.0.1:5432/postgres)
  --fresh-db             one process: a fresh database on --pg / DATABASE_URL (default: DATABASE_URL as is,
                         or the embedded PGlite when it is unset)
  --port P               port of the started server (a cluster takes P…P+processes, its Redis the next;
                         capacity's bare-Colyseus server takes P too); default free ones
  --pin                  server on core 0, generator on core 1 (= --server-cpus 0 --generator-cpus 1)
  --server-cpus LIST     taskset CPU list for the started server processes
  --generator-cpus LIST  taskset CPU list for this generator and its worker processes
  --server-node-args=S   Node flags of the started server processes only, written with "=" as they
                         start with dashes: --server-node-args="--trace-gc" or
                         --server-node-args="--cpu-prof --cpu-prof-dir=/tmp/prof" 
load
  --clients N            connected clients (players + spectators)                       [100]
  --duration S           steady window in seconds, after the ramp                         [60]
  --procs K              generator worker processes                                       [1; capacity: 4]
  --ramp R               joins per second while ramping                                   [200]
  --signup-rate R        accounts register first, R per second (each costs the server a password hash) [20]
  --mix full|baseline    full: the defaults below; baseline: casual tables only, no spectators,
                         reconnects or REST (the bare-Colyseus baseline's traffic)        [full; capacity: baseline]
  --spectators F         fraction of clients that watch live tables                       [0.05]
  --ranked F             fraction of players that register and play through the ranked queue [0.2]
  --accounts F           fraction of casual players that register first                   [0.2]
  --reconnects F         chance per player per match to drop and rejoin by seat key/token [0.1]
  --rest R               REST requests per second (leaderboard, profiles, match lists…)   [clients/20]
  --aim S                seconds the shooter streams aim at 10 Hz before a stroke, ±25 %;
                         0 = shoot as soon as decided                                     [8]
  --level L              chooser level: ${BOT_LEVELS.join(', ')}                          [beginner]
  --games LIST           games the tables play, comma-separated                           [${GAME_KINDS.join(',')}]
  --race N               race to N racks                                                  [2]
  --seed N               seed of the bots' choices                                        [1]
report
  --out FILE             the report as JSON
  --label TEXT           a name for the run
  --quiet                no progress line
capacity
  --baseline DIR         the bare-Colyseus baseline folder  [../shared/baselines/colyseus-capacity beside the repo]
  --quiet-wait S         wait up to S seconds for the 1-minute load average to fall below 1 before each run [180]
fault
  --kill-at F            SIGKILL a process at this fraction of the steady window          [0.3]
  --redis-at F           restart Redis (empty) at this fraction                           [0.6]
  --lease-ttl S          LEASE_TTL_S of the cluster (how soon a dead process's matches are adopted) [10]
  --keep-db              keep the scratch database afterwards`;

function parse() {
  try {
    return parseArgs({ allowPositionals: true, options: OPTIONS });
  } catch (e) {
    const old: Record<string, string> = { '--n': '--clients', '--steady': '--duration', '--spawn': '(no --url: a server is started here)' };
    const flag = /'(--?[^']+)'/.exec((e as Error).message)?.[1] ?? '';
    console.error(`loadtest: ${(e as Error).message.split('.')[0]}${old[flag] ? `: now ${old[flag]}` : ''} (--help lists the flags)`);
    process.exit(2);
  }
}

const OPTIONS = {
    help: { type: 'boolean', short: 'h' },
    url: { type: 'string' },
    metrics: { type: 'string' },
    processes: { type: 'string' },
    pg: { type: 'string' },
    'fresh-db': { type: 'boolean', default: false },
    port: { type: 'string' },
    pin: { type: 'boolean', default: false },
    'server-cpus': { type: 'string' },
    'generator-cpus': { type: 'string' },
    'server-node-args': { type: 'string' },
    clients: { type: 'string' },
    duration: { type: 'string' },
    procs: { type: 'string' },
    ramp: { type: 'string' },
    'signup-rate': { type: 'string' },
    mix: { type: 'string' },
    spectators: { type: 'string' },
    ranked: { type: 'string' },
    accounts: { type: 'string' },
    reconnects: { type: 'string' },
    rest: { type: 'string' },
    aim: { type: 'string' },
    level: { type: 'string' },
    games: { type: 'string' },
    race: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    label: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    baseline: { type: 'string' },
    'quiet-wait': { type: 'string' },
    'kill-at': { type: 'string' },
    'redis-at': { type: 'string' },
    'lease-ttl': { type: 'string' },
    'keep-db': { type: 'boolean', default: false },
} as const;
const { values: v, positionals } = parse();

function fail(msg: string): never {
  console.error(`loadtest: ${msg}`);
  process.exit(2);
}

if (v.help) {
  console.log(HELP);
  process.exit(0);
}
const command = positionals[0] ?? 'run';
if (!['run', 'capacity', 'fault'].includes(command) || positionals.length > 1) fail(`unknown command ${positionals.join(' ')} (run, capacity or fault; --help lists the flags)`);
const mix = v.mix ?? (command === 'capacity' ? 'baseline' : 'full');
if (mix !== 'full' && mix !== 'baseline') fail('--mix must be full or baseline');
const num = (s: string | undefined, d: number) => (s === undefined ? d : Number(s));
// capacity is always pinned, as the baseline's MODE=pinned: server on core 0, generator on core 1 unless told otherwise.
const pin = v.pin || command === 'capacity';
const serverCpus = v['server-cpus'] ?? (pin ? '0' : undefined);
const generatorCpus = v['generator-cpus'] ?? (pin ? '1' : undefined);
const processes = num(v.processes, command === 'fault' ? 3 : 1);
if (!Number.isInteger(processes) || processes < 1 || processes > 16) fail('--processes must be an integer 1–16');
const nodeArgs = nodeFlags(v['server-node-args']);
const pgBase = v.pg ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The run's options for `clients` clients (capacity runs several sizes with the rest the same). */
function runOptions(clients: number, label: string): RunOptions {
  const baseline = mix === 'baseline';
  const o: RunOptions = {
    clients,
    durationS: num(v.duration, 60),
    // capacity splits its bots over 4 generator processes on the generator's cores: one process's timer
    // and GC stalls otherwise show up as the server's tail (loadtest/README.md).
    procs: num(v.procs, command === 'capacity' ? 4 : RUN_DEFAULTS.procs),
    spectators: num(v.spectators, baseline ? 0 : RUN_DEFAULTS.spectators),
    ranked: num(v.ranked, baseline ? 0 : RUN_DEFAULTS.ranked),
    accounts: num(v.accounts, baseline ? 0 : RUN_DEFAULTS.accounts),
    reconnects: num(v.reconnects, baseline ? 0 : RUN_DEFAULTS.reconnects),
    restPerS: num(v.rest, baseline ? 0 : Math.max(1, clients / 20)),
    aimS: num(v.aim, RUN_DEFAULTS.aimS),
    level: (v.level ?? RUN_DEFAULTS.level) as BotLevel,
    games: v.games ? v.games.split(',').map((g) => g.trim()) : RUN_DEFAULTS.games,
    raceTo: num(v.race, RUN_DEFAULTS.raceTo),
    ramp: num(v.ramp, RUN_DEFAULTS.ramp),
    signupRate: num(v['signup-rate'], RUN_DEFAULTS.signupRate),
    seed: num(v.seed, RUN_DEFAULTS.seed),
    generatorCpus: generatorCpus ?? null,
    label: v.label ?? label,
    out: v.out ?? null,
    rejoinWindowS: RUN_DEFAULTS.rejoinWindowS,
    quiet: v.quiet,
  };
  const problem = checkRunOptions(o);
  if (problem) fail(problem);
  return o;
}

/** Starts what this run measures: a process or a cluster of our own, or nothing with --url. */
export async function makeTarget(label: string, env: Record<string, string> = {}, procs = processes): Promise<{ target: Target; cleanup: () => Promise<void> }> {
  if (v.url) return { target: remoteTarget(v.url, v.metrics ? v.metrics.split(',') : []), cleanup: async () => {} };
  const stamp = `${Date.now().toString(36)}${process.pid}`;
  if (procs > 1) {
    // With --port the cluster takes port…port+procs and its Redis the port after them.
    const redis = await startRedis(v.port ? Number(v.port) + procs + 1 : undefined);
    const db = await createDatabase(pgBase, `dp_load_${stamp}`);
    try {
      const target = await startTarget({ processes: procs, port: v.port ? Number(v.port) : undefined, serverCpus, nodeArgs, databaseUrl: db.url, redisUrl: redis.url, env });
      target.redis = redis;
      return {
        target,
        cleanup: async () => {
          await target.stop();
          await redis.stop();
          if (!v['keep-db']) await db.drop().catch((e) => console.error(`loadtest: could not drop ${db.url}: ${e.message}`));
        },
      };
    } catch (e) {
      await redis.stop();
      await db.drop().catch(() => {});
      throw e;
    }
  }
  // capacity compares fresh servers, so on Postgres each size gets a fresh database too.
  const fresh = v['fresh-db'] || (command === 'capacity' && !!process.env.DATABASE_URL);
  const db = fresh ? await createDatabase(pgBase, `dp_load_${stamp}`) : null;
  const target = await startTarget({ processes: 1, port: v.port ? Number(v.port) : undefined, serverCpus, nodeArgs, databaseUrl: db?.url ?? process.env.DATABASE_URL ?? null, env });
  return {
    target,
    cleanup: async () => {
      await target.stop();
      if (db && !v['keep-db']) await db.drop().catch(() => {});
    },
  };
}

if (command === 'run') {
  const clients = num(v.clients, 100);
  const o = runOptions(clients, `dojopool n=${clients}`);
  const { target, cleanup } = await makeTarget(o.label);
  let code = 0;
  try {
    const report = await runLoad(o, target);
    report.target.serverCpus = serverCpus ?? null;
    writeReport(report, o.out, false);
  } catch (e) {
    console.error(`loadtest: ${(e as Error).stack ?? e}`);
    code = 1;
  } finally {
    await cleanup();
  }
  process.exit(code);
}

if (command === 'capacity') {
  const sizes = (v.clients ?? '1000').split(/[\s,]+/).filter(Boolean).map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 2)) fail('--clients must list integers of at least 2, e.g. "3000 4000 5000"');
  if (v.url) fail('capacity starts its own servers: leave out --url');
  const { runCapacity } = await import('./capacity.ts');
  const code = await runCapacity({
    sizes,
    durationS: num(v.duration, 60),
    processes,
    serverCpus: serverCpus ?? '0',
    generatorCpus: generatorCpus ?? '1',
    baselineDir: v.baseline ?? null,
    port: v.port ? Number(v.port) : undefined,
    quietWaitS: num(v['quiet-wait'], 180),
    ramp: num(v.ramp, RUN_DEFAULTS.ramp),
    out: v.out ?? null,
    runOptions: (n: number) => ({ ...runOptions(n, `dojopool n=${n}`), out: null, generatorCpus: generatorCpus ?? '1' }),
    makeTarget: (label: string) => makeTarget(label),
  });
  process.exit(code);
}

if (command === 'fault') {
  if (v.url) fail('fault starts its own cluster, Redis and database: leave out --url');
  if (processes < 2) fail('fault needs --processes 2 or more (default 3)');
  const clients = num(v.clients, 200);
  const o = runOptions(clients, `fault n=${clients}`);
  const { runFault } = await import('./fault.ts');
  const code = await runFault({
    run: o,
    processes,
    killAt: num(v['kill-at'], 0.3),
    redisAt: num(v['redis-at'], 0.6),
    leaseTtlS: num(v['lease-ttl'], 10),
    makeTarget: (env: Record<string, string>) => makeTarget(o.label, env, processes),
  });
  process.exit(code);
}
