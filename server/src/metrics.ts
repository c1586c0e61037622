// Prometheus metrics of this process (prom-client), all named dojopool_*: what the operator graphs
// (rooms, clients, live matches, shot handling time, the write queue, leases and adoptions, REST
// requests by route, database query time, Redis round-trip, ranked-queue waits, and prom-client's
// default process series: CPU, memory, event-loop lag). Counters and histograms are module-level and updated where the thing happens; gauges that
// mirror state (rooms, clients, queue depth) are read when Prometheus scrapes, from the sources
// registered with setMetricSources, so nothing has to keep them in step.
import { readdir } from 'node:fs/promises';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'dojopool_', eventLoopMonitoringPrecision: 20 });
// Four of prom-client's defaults walk every socket at each scrape, on the event loop: the handle counts
// (process._getActiveHandles(), twice), the resource counts (getActiveResourcesInfo(), twice), and the
// open-file count (readdirSync of /proc/self/fd). A CPU profile at 3,000 clients, scraped each second,
// put 0.7 s of every 89 s in them, and one scrape inside a 302 ms stall. The client and room gauges
// say what the handle counts said; the open files are counted off the event loop instead.
for (const name of ['nodejs_active_handles', 'nodejs_active_handles_total', 'nodejs_active_resources', 'nodejs_active_resources_total', 'process_open_fds']) {
  registry.removeSingleMetric(`dojopool_${name}`);
}
new Gauge({
  name: 'dojopool_process_open_fds',
  help: 'Number of open file descriptors (read asynchronously).',
  registers: [registry],
  async collect() {
    // Linux only (elsewhere the series stays at 0). One entry of the listing is the listing's own.
    const fds = process.platform === 'linux' ? await readdir('/proc/self/fd').catch(() => null) : null;
    if (fds) this.set(fds.length - 1);
  },
});

export type MetricSources = {
  /** Local rooms by name, with their connected clients. */
  rooms(): { name: string; clients: number }[];
  /** Live matches this process hosts, and the writes still queued for them. */
  hostedMatches(): number;
  pendingWrites(): number;
};

let sources: MetricSources | null = null;
export function setMetricSources(s: MetricSources | null): void {
  sources = s;
}

new Gauge({
  name: 'dojopool_rooms',
  help: 'Rooms hosted by this process, by room name',
  labelNames: ['room'],
  registers: [registry],
  collect() {
    this.reset();
    const by = new Map<string, number>();
    for (const r of sources?.rooms() ?? []) by.set(r.name, (by.get(r.name) ?? 0) + 1);
    for (const [room, n] of by) this.set({ room }, n);
  },
});
new Gauge({
  name: 'dojopool_clients',
  help: 'Clients connected to rooms of this process, by room name',
  labelNames: ['room'],
  registers: [registry],
  collect() {
    this.reset();
    const by = new Map<string, number>();
    for (const r of sources?.rooms() ?? []) by.set(r.name, (by.get(r.name) ?? 0) + r.clients);
    for (const [room, n] of by) this.set({ room }, n);
  },
});
new Gauge({
  name: 'dojopool_matches_live',
  help: 'Live matches hosted (leased) by this process',
  registers: [registry],
  collect() {
    this.set(sources?.hostedMatches() ?? 0);
  },
});
new Gauge({
  name: 'dojopool_write_queue_depth',
  help: 'Match writes queued and not yet stored, over all matches of this process',
  registers: [registry],
  collect() {
    this.set(sources?.pendingWrites() ?? 0);
  },
});

export const metrics = {
  matchesStarted: new Counter({ name: 'dojopool_matches_started_total', help: 'Matches whose creation was stored by this process', registers: [registry] }),
  matchesFinished: new Counter({ name: 'dojopool_matches_finished_total', help: 'Matches this process finished (result stored)', registers: [registry] }),
  matchesAborted: new Counter({ name: 'dojopool_matches_aborted_total', help: 'Matches this process closed without a result', registers: [registry] }),
  matchesRestored: new Counter({ name: 'dojopool_matches_restored_total', help: 'Matches restored into a room here, by how (own: after this process restarted; adopted: from a process whose lease lapsed)', labelNames: ['how'], registers: [registry] }),
  shotSeconds: new Histogram({
    name: 'dojopool_shot_handling_seconds',
    help: 'Server-side time to simulate and judge one shot (the shared engine’s applyShot), seconds',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25],
    registers: [registry],
  }),
  writeRetries: new Counter({ name: 'dojopool_write_retries_total', help: 'Match writes retried because the database was away', registers: [registry] }),
  writesFailed: new Counter({ name: 'dojopool_writes_failed_total', help: 'Match writes dropped as permanently failed (including writes fenced off after a hand-over)', registers: [registry] }),
  spooledWrites: new Counter({ name: 'dojopool_spooled_writes_total', help: 'Match writes spooled to disk at shutdown for the next start', registers: [registry] }),
  leaseRenewals: new Counter({ name: 'dojopool_lease_renewals_total', help: 'Match leases renewed', registers: [registry] }),
  leasesLost: new Counter({ name: 'dojopool_leases_lost_total', help: 'Matches this process found hosted elsewhere when renewing (it closed its room)', registers: [registry] }),
  adoptions: new Counter({ name: 'dojopool_adoptions_total', help: 'Matches adopted from a process whose lease lapsed', registers: [registry] }),
  /** REST and probe requests, by the Express route pattern (never the raw path) and status. */
  httpSeconds: new Histogram({
    name: 'dojopool_http_request_duration_seconds',
    help: 'HTTP request handling time by method, Express route pattern (e.g. /api/tournaments/:id; "unmatched" when no route matched) and status, seconds',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  }),
  /** Every query Kysely runs (db/index.ts), on PGlite or Postgres; statement is the SQL's first keyword. */
  dbQuerySeconds: new Histogram({
    name: 'dojopool_db_query_duration_seconds',
    help: 'Database query time as Kysely measured it, by database kind, statement (select, insert, update, delete, with, other) and outcome (ok, error), seconds',
    labelNames: ['database', 'statement', 'outcome'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  }),
  /** Timed PINGs on the process's own Redis connection (periodic, and each /readyz probe). */
  redisRoundtripSeconds: new Histogram({
    name: 'dojopool_redis_roundtrip_seconds',
    help: 'Round-trip time of a Redis PING from this process, seconds',
    buckets: [0.0002, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  }),
  redisPingFailures: new Counter({ name: 'dojopool_redis_ping_failures_total', help: 'Redis PINGs that failed or timed out', registers: [registry] }),
  /** From joining the ranked queue to being paired with an opponent (observed for both players of a pair). */
  rankedQueueWaitSeconds: new Histogram({
    name: 'dojopool_ranked_queue_wait_seconds',
    help: 'Time a player waited in the ranked queue before being paired, by game, seconds',
    labelNames: ['game'],
    buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600],
    registers: [registry],
  }),
  listingsRestored: new Counter({ name: 'dojopool_listings_restored_total', help: 'Health sweeps that re-listed local rooms missing from the matchmaker (e.g. Redis restarted empty)', registers: [registry] }),
};

/**
 * PINGs Redis and observes the round-trip (dojopool_redis_roundtrip_seconds); a failure or no answer
 * within `timeoutMs` counts in dojopool_redis_ping_failures_total and rejects.
 */
export async function timedRedisPing(redis: { ping(): Promise<unknown> }, timeoutMs = 2000): Promise<number> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([redis.ping(), new Promise((_, rej) => (timer = setTimeout(() => rej(new Error(`no PONG within ${timeoutMs} ms`)), timeoutMs)))]);
  } catch (e) {
    metrics.redisPingFailures.inc();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  const s = (performance.now() - t0) / 1000;
  metrics.redisRoundtripSeconds.observe(s);
  return s;
}

/** Times a Redis PING every `everyMs` until stopped (failures are counted, never thrown). */
export function startRedisPings(redis: { ping(): Promise<unknown> }, everyMs = 5000): () => void {
  const timer = setInterval(() => void timedRedisPing(redis).catch(() => {}), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
