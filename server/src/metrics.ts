// Prometheus metrics of this process (prom-client), all named dojopool_*: what the operator graphs
// (rooms, clients, live matches, shot handling time, the write queue, leases and adoptions, the event
// loop). Counters and histograms are module-level and updated where the thing happens; gauges that
// mirror state (rooms, clients, queue depth) are read when Prometheus scrapes, from the sources
// registered with setMetricSources, so nothing has to keep them in step.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'dojopool_', eventLoopMonitoringPrecision: 20 });

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
  listingsRestored: new Counter({ name: 'dojopool_listings_restored_total', help: 'Health sweeps that re-listed local rooms missing from the matchmaker (e.g. Redis restarted empty)', registers: [registry] }),
};
