// The coordinator of one load run: it starts the target (or uses --url), forks --procs generator
// processes (worker.ts) and gives each its share of the bots, shows progress while they ramp and run,
// measures the steady window (server and generator CPU from /proc or /metrics, RSS, loop delays), and
// assembles the report (report.ts).
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { BOT_LEVELS, GAME_KINDS, isBotLevel, type BotLevel } from '@dojopool/shared';
import { merge, newHist, summarise, type Hist } from './hist.ts';
import { formatReport, judgeKpis, type Report } from './report.ts';
import { coreShares, coreTicks, cpuTicks, nodeFlags, sampleCost, sleep, ticksToS, type CostSample, type Target } from './target.ts';
import type { Counters, FinishedSeen, ToCoordinator, WorkerConfig, WorkerResult } from './worker.ts';

export type RunOptions = {
  clients: number;
  durationS: number;
  procs: number;
  spectators: number;
  ranked: number;
  accounts: number;
  reconnects: number;
  restPerS: number;
  aimS: number;
  level: BotLevel;
  games: string[];
  raceTo: number;
  ramp: number;
  signupRate: number;
  seed: number;
  generatorCpus: string | null;
  label: string;
  out: string | null;
  rejoinWindowS: number;
  quiet: boolean;
};

export const RUN_DEFAULTS = {
  procs: 1,
  spectators: 0.05,
  ranked: 0.2,
  accounts: 0.2,
  reconnects: 0.1,
  aimS: 8,
  level: 'beginner' as BotLevel,
  games: [...GAME_KINDS] as string[],
  raceTo: 2,
  ramp: 200,
  signupRate: 20,
  seed: 1,
  rejoinWindowS: 90,
};

export function checkRunOptions(o: RunOptions): string | null {
  if (!Number.isInteger(o.clients) || o.clients < 2) return '--clients must be an integer of at least 2';
  if (!(o.durationS > 0)) return '--duration must be a positive number of seconds';
  if (!Number.isInteger(o.procs) || o.procs < 1 || o.procs > 64) return '--procs must be an integer 1–64';
  for (const [k, v] of [['spectators', o.spectators], ['ranked', o.ranked], ['accounts', o.accounts], ['reconnects', o.reconnects]] as const)
    if (!(v >= 0 && v <= 1)) return `--${k} must be a fraction 0–1`;
  if (!(o.restPerS >= 0)) return '--rest must be requests per second, 0 or more';
  if (!(o.aimS >= 0 && o.aimS <= 30)) return '--aim must be 0–30 seconds';
  if (!isBotLevel(o.level)) return `--level must be one of ${BOT_LEVELS.join(', ')}`;
  for (const g of o.games) if (!(GAME_KINDS as readonly string[]).includes(g)) return `--games: ${g} is not one of ${GAME_KINDS.join(', ')}`;
  if (!Number.isInteger(o.raceTo) || o.raceTo < 1 || o.raceTo > 21) return '--race must be an integer 1–21';
  if (!(o.ramp > 0)) return '--ramp must be joins per second above 0';
  if (!(o.signupRate > 0)) return '--signup-rate must be sign-ups per second above 0';
  return null;
}

/** The bots: spectators first off the top, the rest players in whole tables; ranked players come in pairs. */
export function planClients(o: Pick<RunOptions, 'clients' | 'spectators' | 'ranked' | 'accounts'>) {
  const spectators = Math.min(o.clients - 2, Math.round(o.clients * o.spectators));
  const players = (o.clients - spectators) & ~1;
  const rankedPlayers = Math.round((players * o.ranked) / 2) * 2;
  const casualPlayers = players - rankedPlayers;
  const casualAccounts = Math.round((casualPlayers * o.accounts) / 2) * 2;
  return { spectators: o.clients - players, players, rankedPlayers, casualPlayers, casualAccounts, accounts: rankedPlayers + casualAccounts };
}

function split(total: number, parts: number, unit = 1): number[] {
  const units = Math.floor(total / unit);
  return Array.from({ length: parts }, (_, i) => (Math.floor(units / parts) + (i < units % parts ? 1 : 0)) * unit);
}

const ZERO: Counters = {
  held: 0, joins: 0, joinErrors: 0, matchesStarted: 0, matchesFinished: 0, shotsSent: 0, shotsRecv: 0, shotsLost: 0, aimsSent: 0, decisions: 0, chooses: 0,
  intentsRefused: 0, drops: 0, reconnects: 0, reconnectsFailed: 0, rejoinsAfterDrop: 0, restRequests: 0, restErrors: 0, registrations: 0,
};
const sumCounters = (cs: Counters[]): Counters => {
  const out: any = { ...ZERO };
  for (const c of cs) for (const [k, v] of Object.entries(c)) out[k] = (out[k] ?? 0) + v;
  return out;
};

/** Node flags of every generator process (a later LOADTEST_WORKER_NODE_ARGS flag overrides one of these). */
export const GENERATOR_NODE_FLAGS = ['--max-semi-space-size=64'];

export async function runLoad(o: RunOptions, target: Target, hooks: { atSteady?: (elapsedS: () => number) => Promise<void> | void } = {}): Promise<Report> {
  const plan = planClients(o);
  const startedAt = new Date().toISOString();
  if (o.generatorCpus) {
    // This process and the workers it forks (they inherit it) stay on the generator's cores.
    execFileSync('taskset', ['-a', '-p', '-c', o.generatorCpus, String(process.pid)], { stdio: 'ignore' });
  }
  const idle = await Promise.all(target.processes.map((p) => sampleCost(p)));
  const casualTables = split(plan.casualPlayers / 2, o.procs);
  const casualAccountTables = split(plan.casualAccounts / 2, o.procs);
  const ranked = split(plan.rankedPlayers, o.procs, 2);
  const spectators = split(plan.spectators, o.procs);
  const workerFile = fileURLToPath(new URL('./worker-main.ts', import.meta.url));
  const kids: ChildProcess[] = [];
  const progress: { counters: Counters; errors: number }[] = [];
  const results: WorkerResult[] = [];
  let ramped = 0;
  for (let i = 0; i < o.procs; i++) {
    const cfg: WorkerConfig = {
      index: i,
      url: target.url,
      casualTables: casualTables[i]!,
      casualAccounts: casualAccountTables[i]! * 2,
      rankedBots: ranked[i]!,
      spectators: spectators[i]!,
      reconnectFraction: o.reconnects,
      restPerS: o.restPerS / o.procs,
      aimS: o.aimS,
      level: o.level,
      games: o.games,
      raceTo: o.raceTo,
      joinsPerS: o.ramp / o.procs,
      signupsPerS: o.signupRate / o.procs,
      seed: (o.seed * 1_000_003 + i * 7919 + Date.now() % 1_000_000) >>> 0,
      rejoinWindowS: o.rejoinWindowS,
    };
    // LOADTEST_WORKER_NODE_ARGS: Node flags for the generator processes (--cpu-prof … to profile them).
    // A bot process allocates a decoded patch, a rebuilt table and a search per stroke: with V8's default
    // 16 MB young generation it collected every 0.4–0.7 s, for up to 79 ms, and every socket it held went
    // unread meanwhile. GENERATOR_NODE_FLAGS measured lighter (loadtest/README.md, "The generator's Node flags").
    const execArgv = [...GENERATOR_NODE_FLAGS, ...nodeFlags(process.env.LOADTEST_WORKER_NODE_ARGS), '--import', 'tsx'];
    const k = fork(workerFile, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    k.on('message', (m: ToCoordinator) => {
      if (m.type === 'progress') progress[i] = m;
      if (m.type === 'ramped') ramped++;
      if (m.type === 'result') results[i] = m.result;
    });
    k.send({ type: 'config', config: cfg });
    kids.push(k);
  }
  const genTicks = () => kids.reduce((s, k) => s + (k.exitCode === null ? safeTicks(k.pid!) : 0), safeTicks(process.pid));
  const now = () => sumCounters(progress.filter(Boolean).map((p) => p.counters));
  const errorsNow = () => progress.reduce((s, p) => s + (p?.errors ?? 0), 0);

  // ---- progress: one updating line on a terminal, a line every 10 s otherwise ----
  const tty = process.stdout.isTTY && !o.quiet;
  const t0 = performance.now();
  let phase = 'ramp';
  let steadyAt = 0;
  let last = { t: t0, shots: 0, srv: 0, gen: genTicks() };
  let lastPrinted = 0;
  /** Each server process's loop lag per second of the steady window (p99 and longest delay of that second). */
  const lagSeconds: { p99: number; max: number }[][] = target.processes.map(() => []);
  const keepLag = (samples: (CostSample | null)[]) =>
    samples.forEach((c, i) => c && Number.isFinite(c.loopLagMaxMs) && lagSeconds[i]!.push({ p99: c.loopLagP99Ms, max: c.loopLagMaxMs }));
  const serverCpuS = async () => {
    const samples = await Promise.all(target.processes.map((p) => sampleCost(p)));
    if (phase === 'steady') keepLag(samples);
    return samples.reduce((s, c) => s + (c?.cpuS ?? 0), 0);
  };
  last.srv = await serverCpuS();
  const heldSamples: number[] = [];
  const ticker = setInterval(async () => {
    const c = now();
    const t = performance.now();
    const dt = (t - last.t) / 1000;
    const srv = await serverCpuS();
    const gen = genTicks();
    if (phase === 'steady') heldSamples.push(c.held);
    const elapsed = (t - t0) / 1000;
    const steadyPart = phase === 'steady' ? ` ${Math.min(o.durationS, Math.round((t - steadyAt) / 1000))}/${o.durationS}s` : '';
    const width = 20;
    const frac = phase === 'steady' ? Math.min(1, (t - steadyAt) / 1000 / o.durationS) : Math.min(1, c.held / o.clients);
    const bar = '#'.repeat(Math.round(frac * width)) + '-'.repeat(width - Math.round(frac * width));
    const line =
      `[${bar}] ${phase}${steadyPart} ${Math.round(elapsed)}s held ${c.held}/${o.clients} matches ${c.matchesFinished} shots/s ${((c.shotsRecv - last.shots) / dt).toFixed(0)}` +
      `${c.registrations ? ` signups ${c.registrations}` : ''} errors ${errorsNow()} server ${(((srv - last.srv) / dt) * 100).toFixed(0)}% gen ${((ticksToS(gen - last.gen) / dt) * 100).toFixed(0)}%`;
    last = { t, shots: c.shotsRecv, srv, gen };
    if (o.quiet) return;
    if (tty) process.stdout.write(`\r\x1b[K${line}`);
    else if (t - lastPrinted >= 10_000) {
      lastPrinted = t;
      console.log(line);
    }
  }, 1000);

  // ---- ramp, then the steady window ----
  const rampLimit = performance.now() + (o.clients / o.ramp) * 3000 + (plan.accounts / o.signupRate) * 2000 + 120_000;
  while (ramped < o.procs && performance.now() < rampLimit) await sleep(100);
  const rampS = (performance.now() - t0) / 1000;
  await sleep(2000); // the last tables settle into their turns
  for (const k of kids) k.send({ type: 'steady' });
  phase = 'steady';
  steadyAt = performance.now();
  const atSteady = now();
  const s0 = { t: performance.now(), cost: await Promise.all(target.processes.map((p) => sampleCost(p))), gen: genTicks(), cores: coreTicks() };
  const hookDone = hooks.atSteady ? Promise.resolve(hooks.atSteady(() => (performance.now() - steadyAt) / 1000)) : Promise.resolve();
  await sleep(o.durationS * 1000);
  const wallS = (performance.now() - s0.t) / 1000;
  const s1 = { cost: await Promise.all(target.processes.map((p) => sampleCost(p))), gen: genTicks(), cores: coreTicks() };
  keepLag(s1.cost);
  const atEnd = now();
  await hookDone;
  clearInterval(ticker);
  if (tty) process.stdout.write('\n');
  for (const k of kids) k.send({ type: 'stop' });
  const waitUntil = performance.now() + 30_000;
  while (results.filter(Boolean).length < o.procs && performance.now() < waitUntil) await sleep(50);
  for (const k of kids) if (k.exitCode === null) setTimeout(() => k.kill('SIGKILL'), 5000).unref();

  // ---- the report ----
  const got = results.filter(Boolean);
  const counters = sumCounters(got.map((r) => r.counters));
  const hist = (key: 'signup' | 'join' | 'matchStart' | 'shot' | 'reconnect' | 'chooser') => got.reduce((h, r) => merge(h, r.hists[key]), newHist());
  const restRoutes: Record<string, Hist> = {};
  for (const r of got) for (const [route, h] of Object.entries(r.hists.rest)) merge((restRoutes[route] ??= newHist()), h);
  const errorsByKind: Record<string, number> = {};
  for (const r of got) for (const [k, n] of Object.entries(r.errors)) errorsByKind[k] = (errorsByKind[k] ?? 0) + n;
  const restErrorsByRoute: Record<string, number> = {};
  for (const [k, n] of Object.entries(errorsByKind)) {
    const m = /^rest (\S+ \S+) /.exec(k);
    if (m) restErrorsByRoute[m[1]!] = (restErrorsByRoute[m[1]!] ?? 0) + n;
  }
  if (got.length < o.procs) errorsByKind['generator process gave no result'] = o.procs - got.length;
  const notes: Record<string, number> = {};
  for (const r of got) for (const [k, n] of Object.entries(r.notes)) notes[k] = (notes[k] ?? 0) + n;
  const errorsTotal = Object.values(errorsByKind).reduce((a, b) => a + b, 0);
  const operations = counters.joins + counters.joinErrors + counters.shotsSent + counters.chooses + counters.restRequests + counters.reconnects + counters.reconnectsFailed;
  const restAll = Object.values(restRoutes).reduce((h, x) => merge(h, x), newHist());
  const chooser = hist('chooser');
  const procCost = target.processes.map((p, i) => {
    const a = s0.cost[i], b = s1.cost[i];
    const lag = lagSeconds[i]!;
    const p99s = lag.map((l) => l.p99).sort((x, y) => x - y);
    return {
      address: p.address,
      cpuPct: a && b ? ((b.cpuS - a.cpuS) / wallS) * 100 : NaN,
      rssMb: b?.rssMb ?? NaN,
      clients: b?.clients ?? 0,
      loopLag: { seconds: lag.length, medianSecondP99Ms: p99s.length ? p99s[Math.floor(p99s.length / 2)]! : NaN, worstSecondP99Ms: p99s.length ? p99s[p99s.length - 1]! : NaN, maxMs: lag.length ? Math.max(...lag.map((l) => l.max)) : NaN },
    };
  });
  // Over the processes still there at the end (the fault test kills one).
  const up = procCost.filter((p) => Number.isFinite(p.cpuPct));
  const cpuPct = up.length ? up.reduce((s, p) => s + p.cpuPct, 0) : NaN;
  const rssEnd = up.length ? up.reduce((s, p) => s + p.rssMb, 0) : NaN;
  const rssIdle = procCost.reduce((s, p, i) => s + (Number.isFinite(p.cpuPct) ? (idle[i]?.rssMb ?? NaN) : 0), 0);
  const genCpuPct = (ticksToS(s1.gen - s0.gen) / wallS) * 100;
  const held = heldSamples.length ? heldSamples : [atEnd.held];
  const loopDelays = got.map((r) => r.loopDelayMs);
  const genCores = o.generatorCpus ? cpuCount(o.generatorCpus) : null;
  let limiting: string | null = null;
  const worstLoop = Math.max(...loopDelays.map((l) => l.p99));
  if (genCpuPct / o.procs > 85 || (genCores !== null && genCpuPct > 85 * genCores))
    limiting = `the generator used ${genCpuPct.toFixed(0)} % CPU: it may be what limits this run (add --procs, or cores with --generator-cpus)`;
  else if (worstLoop > 50) limiting = `a generator's event loop lagged ${worstLoop.toFixed(0)} ms at p99: its latencies include its own delay (add --procs)`;
  const perK = (v: number) => (v / Math.max(1, atEnd.held)) * 1000;
  const partial: Omit<Report, 'kpis' | 'capacityBar'> = {
    label: o.label,
    startedAt,
    target: { url: target.url, local: target.local, processes: target.processes.length, serverCpus: null, generatorCpus: o.generatorCpus },
    settings: { clients: o.clients, durationS: o.durationS, procs: o.procs, spectators: o.spectators, ranked: o.ranked, accounts: o.accounts, reconnects: o.reconnects, restPerS: o.restPerS, aimS: o.aimS, level: o.level, games: o.games, raceTo: o.raceTo, ramp: o.ramp, signupRate: o.signupRate, seed: o.seed },
    clients: { target: o.clients, players: plan.players, casualPlayers: plan.casualPlayers, rankedPlayers: plan.rankedPlayers, accounts: plan.accounts, spectators: plan.spectators },
    rampS,
    steadyS: wallS,
    held: { atSteadyStart: atSteady.held, min: Math.min(...held), mean: held.reduce((a, b) => a + b, 0) / held.length, atEnd: atEnd.held },
    matches: { started: counters.matchesStarted, finished: counters.matchesFinished, finishedInSteady: atEnd.matchesFinished - atSteady.matchesFinished },
    shotsPerS: (atEnd.shotsRecv - atSteady.shotsRecv) / wallS,
    aimsPerS: (atEnd.aimsSent - atSteady.aimsSent) / wallS,
    latencyMs: { signup: summarise(hist('signup')), join: summarise(hist('join')), matchStart: summarise(hist('matchStart')), shot: summarise(hist('shot')), reconnect: summarise(hist('reconnect')) },
    rest: {
      requests: counters.restRequests,
      perS: (atEnd.restRequests - atSteady.restRequests) / wallS,
      all: summarise(restAll),
      byRoute: Object.fromEntries(Object.entries(restRoutes).sort().map(([k, h]) => [k, { ...summarise(h), errors: restErrorsByRoute[k] ?? 0 }])),
    },
    errors: { total: errorsTotal, operations, ratePct: operations ? Math.round((errorsTotal / operations) * 10000) / 100 : 0, byKind: errorsByKind },
    notes,
    counters: counters as unknown as Record<string, number>,
    server: {
      source: target.processes.every((p) => p.pid) ? 'proc' : s1.cost.some(Boolean) ? 'metrics' : 'none',
      cpuPct,
      rssMbIdle: rssIdle,
      rssMbEnd: rssEnd,
      loopLag: {
        medianSecondP99Ms: up.length ? Math.max(...up.map((p) => p.loopLag.medianSecondP99Ms)) : NaN,
        worstSecondP99Ms: up.length ? Math.max(...up.map((p) => p.loopLag.worstSecondP99Ms)) : NaN,
        maxMs: up.length ? Math.max(...up.map((p) => p.loopLag.maxMs)) : NaN,
      },
      perThousandClients: { cpuPct: perK(cpuPct), rssMb: perK(rssEnd), rssMbAboveIdle: perK(rssEnd - rssIdle) },
      processes: procCost,
    },
    machine: { cores: coreShares(s0.cores, s1.cores) },
    generator: {
      procs: o.procs,
      cpuPct: genCpuPct,
      cpuPctPerProc: genCpuPct / o.procs,
      cpuPctPerThousandClients: perK(genCpuPct),
      loopDelayMs: loopDelays,
      gc: got.map((r) => r.gc),
      cpuMsPerShot: atEnd.shotsSent > atSteady.shotsSent ? (ticksToS(s1.gen - s0.gen) * 1000) / (atEnd.shotsSent - atSteady.shotsSent) : NaN,
      chooser: { decisions: counters.decisions, msPerDecision: summarise(chooser), cpuPct: (chooser.sum / 1000 / wallS) * 100, level: o.level },
      limiting,
    },
  };
  const report: Report = { ...partial, ...judgeKpis(partial) };
  (report as any).finishedMatches = got.flatMap((r) => r.finished) satisfies FinishedSeen[];
  return report;
}

export function writeReport(report: Report, out: string | null, quiet = false) {
  if (!quiet) console.log(formatReport(report));
  if (out) {
    const { finishedMatches: _f, ...rest } = report as any;
    writeFileSync(out, JSON.stringify(rest, null, 2) + '\n');
  }
}

function safeTicks(pid: number): number {
  try {
    return cpuTicks(pid);
  } catch {
    return 0;
  }
}

/** How many CPUs a taskset list names ("0", "1-3", "0,2"). */
export function cpuCount(list: string): number {
  return list.split(',').reduce((n, part) => {
    const [a, b] = part.split('-').map(Number);
    return n + (b === undefined ? 1 : b! - a! + 1);
  }, 0);
}

export type { CostSample };
