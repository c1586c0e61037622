// The run's report: the figures (JSON with --out), the seed's KPIs each judged pass/fail, the
// capacity bar the bare-Colyseus baseline is measured by, and a plain-text table of it all.
import type { Summary } from './hist.ts';

export type Kpi = { name: string; bar: string; value: number | null; unit: string; pass: boolean | null };

export type LoopLag = { medianSecondP99Ms: number; worstSecondP99Ms: number; maxMs: number };

export type Report = {
  label: string;
  startedAt: string;
  target: { url: string; local: boolean; processes: number; serverCpus: string | null; generatorCpus: string | null };
  settings: Record<string, unknown>;
  clients: { target: number; players: number; casualPlayers: number; rankedPlayers: number; accounts: number; spectators: number };
  rampS: number;
  steadyS: number;
  held: { atSteadyStart: number; min: number; mean: number; atEnd: number };
  matches: { started: number; finished: number; finishedInSteady: number };
  shotsPerS: number;
  aimsPerS: number;
  latencyMs: { signup: Summary; join: Summary; matchStart: Summary; shot: Summary; reconnect: Summary };
  rest: { requests: number; perS: number; all: Summary; byRoute: Record<string, Summary & { errors: number }> };
  errors: { total: number; operations: number; ratePct: number; byKind: Record<string, number> };
  /** Seen, not counted as errors: e.g. each failed attempt of a rejoin that may succeed later. */
  notes: Record<string, number>;
  counters: Record<string, number>;
  server: {
    source: 'proc' | 'metrics' | 'none';
    cpuPct: number;
    rssMbIdle: number;
    rssMbEnd: number;
    /**
     * The event loop's delay in each second of the steady window (the worst process's): the median
     * second's p99, the worst second's p99, and the longest single delay.
     */
    loopLag: LoopLag;
    perThousandClients: { cpuPct: number; rssMb: number; rssMbAboveIdle: number };
    processes: { address: string; cpuPct: number; rssMb: number; clients: number; loopLag: LoopLag & { seconds: number } }[];
  };
  /** This machine's cores in the steady window: busy (every process on it) and stolen by the hypervisor. */
  machine: { cores: { cpu: number; busyPct: number; stealPct: number }[] };
  generator: {
    procs: number;
    cpuPct: number;
    cpuPctPerProc: number;
    cpuPctPerThousandClients: number;
    loopDelayMs: { p50: number; p99: number; max: number }[];
    /** Each generator process's collections in the steady window. */
    gc: { count: number; totalMs: number; maxMs: number }[];
    /** The generator's whole CPU (bots, sockets, chooser) per stroke sent in the steady window. */
    cpuMsPerShot: number;
    chooser: { decisions: number; msPerDecision: Summary; cpuPct: number; level: string };
    limiting: string | null;
  };
  kpis: Kpi[];
  capacityBar: { met: boolean; why: string[] };
  fault?: unknown;
};

const r1 = (v: number) => (Number.isFinite(v) ? Math.round(v * 10) / 10 : NaN);

export function judgeKpis(r: Omit<Report, 'kpis' | 'capacityBar'>): { kpis: Kpi[]; capacityBar: Report['capacityBar'] } {
  const kpi = (name: string, bar: string, value: number, unit: string, limit: number): Kpi => ({
    name,
    bar,
    value: Number.isFinite(value) ? value : null,
    unit,
    pass: Number.isFinite(value) ? value < limit : null,
  });
  const kpis = [
    kpi('REST p95', '< 2000 ms', r.rest.all.p95, 'ms', 2000),
    kpi('realtime: shot-to-broadcast p99', '< 100 ms', r.latencyMs.shot.p99, 'ms', 100),
    kpi('match start p95', '< 2000 ms', r.latencyMs.matchStart.p95, 'ms', 2000),
    kpi('error rate', '< 5 %', r.errors.ratePct, '%', 5),
  ];
  const why: string[] = [];
  if (r.held.atSteadyStart < r.clients.target) why.push(`${r.clients.target - r.held.atSteadyStart} of ${r.clients.target} clients not held when the steady window began`);
  if (r.errors.total > 0) why.push(`${r.errors.total} errors`);
  if (!(r.latencyMs.shot.p99 < 100)) why.push(`shot p99 ${r.latencyMs.shot.p99} ms`);
  return { kpis, capacityBar: { met: why.length === 0, why } };
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lag = (l: LoopLag) => `p99 ${r1(l.medianSecondP99Ms)} ms in the median second, ${r1(l.worstSecondP99Ms)} ms in the worst; longest delay ${r1(l.maxMs)} ms`;
const lat = (s: Summary) => (s.count ? `${s.p50} / ${s.p95} / ${s.p99} ms (n=${s.count})` : 'none');

export function formatReport(r: Report): string {
  const rows: [string, string][] = [
    ['target', `${r.target.url} (${r.target.local ? 'started here' : 'remote'}, ${r.target.processes} process${r.target.processes > 1 ? 'es' : ''}${r.target.serverCpus ? `, server cpus ${r.target.serverCpus}` : ''}${r.target.generatorCpus ? `, generator cpus ${r.target.generatorCpus}` : ''})`],
    ['clients', `${r.clients.target} = ${r.clients.casualPlayers} casual + ${r.clients.rankedPlayers} ranked players (${r.clients.accounts} accounts) + ${r.clients.spectators} spectators`],
    ['sign-ups, ramp / steady', `${r.counters.registrations ?? 0} accounts; ${r1(r.rampS)} s (sign-ups and ramp) / ${r1(r.steadyS)} s`],
    ['clients held', `${r.held.atSteadyStart} at steady start, min ${r.held.min}, mean ${r1(r.held.mean)}, ${r.held.atEnd} at the end`],
    ['matches', `${r.matches.started} started, ${r.matches.finished} finished (${r.matches.finishedInSteady} in the steady window)`],
    ['shots/s, aim frames/s (10 Hz samples in batches)', `${r1(r.shotsPerS)}, ${r1(r.aimsPerS)}`],
    ['sign-up p50/p95/p99', lat(r.latencyMs.signup)],
    ['join p50/p95/p99', lat(r.latencyMs.join)],
    ['match start p50/p95/p99', lat(r.latencyMs.matchStart)],
    ['shot-to-broadcast p50/p95/p99', lat(r.latencyMs.shot)],
    ['reconnect p50/p95/p99', lat(r.latencyMs.reconnect)],
    ['REST', `${r.rest.requests} requests (${r1(r.rest.perS)}/s), p95 ${r.rest.all.p95} ms`],
    ...Object.entries(r.rest.byRoute).map(([route, s]): [string, string] => [`  ${route}`, `p95 ${s.p95} ms, n=${s.count}${s.errors ? `, ${s.errors} errors` : ''}`]),
    ['errors', `${r.errors.total} of ${r.errors.operations} operations (${r.errors.ratePct} %)`],
    ...Object.entries(r.errors.byKind).sort((a, b) => b[1] - a[1]).map(([k, n]): [string, string] => [`  ${k}`, String(n)]),
    ...Object.entries(r.notes).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, n]): [string, string] => [`  (note) ${k}`, String(n)]),
    ['server CPU', `${r1(r.server.cpuPct)} % of a core (${r.server.source}); ${r1(r.server.perThousandClients.cpuPct)} % per 1,000 clients`],
    ['server RSS', `${r1(r.server.rssMbIdle)} → ${r1(r.server.rssMbEnd)} MB; ${r1(r.server.perThousandClients.rssMb)} MB per 1,000 clients (${r1(r.server.perThousandClients.rssMbAboveIdle)} above idle)`],
    ['server loop lag, each second', lag(r.server.loopLag)],
    ...r.server.processes.map((p): [string, string] => [`  ${p.address}`, `CPU ${r1(p.cpuPct)} %, RSS ${r1(p.rssMb)} MB, ${p.clients} clients; loop lag ${lag(p.loopLag)}`]),
    ['machine cores (steady window)', r.machine.cores.map((c) => `cpu${c.cpu} busy ${r1(c.busyPct)} %, stolen ${r1(c.stealPct)} %`).join(' · ') || 'not read'],
    ['generator', `${r.generator.procs} process${r.generator.procs > 1 ? 'es' : ''}, CPU ${r1(r.generator.cpuPct)} % (${r1(r.generator.cpuPctPerProc)} % each; ${r1(r.generator.cpuPctPerThousandClients)} % per 1,000 clients), loop delay p99 ${r.generator.loopDelayMs.map((l) => r1(l.p99)).join(' / ')} ms (max ${r.generator.loopDelayMs.map((l) => r1(l.max)).join(' / ')} ms), ${r1(r.generator.cpuMsPerShot)} ms CPU per stroke`],
    ['generator GC (steady window)', r.generator.gc.map((g) => `${g.count} pauses, ${r1(g.totalMs)} ms in all, longest ${r1(g.maxMs)} ms`).join(' / ')],
    ['chooser', `${r.generator.chooser.decisions} decisions at '${r.generator.chooser.level}', ${r.generator.chooser.msPerDecision.p50} / ${r.generator.chooser.msPerDecision.p99} ms p50/p99, ${r1(r.generator.chooser.cpuPct)} % of a core`],
  ];
  if (r.generator.limiting) rows.push(['WARNING', r.generator.limiting]);
  const w = Math.max(...rows.map(([k]) => k.length)) + 2;
  const lines = rows.map(([k, v]) => pad(k, w) + v);
  lines.push('', 'KPIs (the seed\'s bars):');
  for (const k of r.kpis) lines.push(`  ${pad(k.name, 36)}${pad(k.value === null ? 'not measured' : `${k.value} ${k.unit}`, 16)}${pad(k.bar, 12)}${k.pass === null ? 'n/a' : k.pass ? 'PASS' : 'FAIL'}`);
  lines.push(`capacity bar (every client held, no errors, shot p99 < 100 ms): ${r.capacityBar.met ? 'met' : `NOT met (${r.capacityBar.why.join('; ')})`}`);
  return lines.join('\n');
}
