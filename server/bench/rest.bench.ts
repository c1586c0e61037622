// REST benchmark on a real server: login throughput (Argon2id at the configured cost) and "venues near
// me" with 100,000 venues, both under real HTTP load (autocannon), plus the nearby query's own latency
// at the database (Kysely, no HTTP) and its EXPLAIN plan showing the GiST index. Runs on a scratch
// database: a fresh Postgres database on DATABASE_URL's server (dropped afterwards), else in-memory PGlite.
import { seededRandom } from '@dojopool/shared';
import { adminQuery } from '../test/helpers/db.ts';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { nearbyQuery } from '../src/db/venues.ts';
import { accountRouters } from '../src/http/routes/accounts.ts';
import { createLogger } from '../src/log.ts';
import { startServer } from '../src/server.ts';

const VENUES = 100_000;
// Metro clusters get half the venues, so "near me" queries return realistic result sets.
const CITIES = [
  [51.5074, -0.1278],
  [40.7128, -74.006],
  [35.6762, 139.6503],
  [-33.8688, 151.2093],
  [-23.5505, -46.6333],
] as const;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

/** Seeded, so the query points are the same on every run. */
const prng = seededRandom;

const admin = adminQuery;

type Load = { requests: number; rps: number; p50: number; p95: number; p99: number; non2xx: number; errors: number };

async function load(opts: { url: string; durationS: number; connections: number; method?: string; body?: string; paths?: string[] }): Promise<Load> {
  const { default: autocannon } = await import('autocannon' as string);
  const latencies: number[] = [];
  let i = 0;
  const result: any = await new Promise((resolve, reject) => {
    const inst = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        duration: opts.durationS,
        method: opts.method ?? 'GET',
        headers: opts.body ? { 'content-type': 'application/json' } : {},
        body: opts.body,
        requests: opts.paths ? [{ setupRequest: (req: any) => ({ ...req, path: opts.paths![i++ % opts.paths!.length] }) }] : undefined,
      },
      (err: unknown, res: unknown) => (err ? reject(err) : resolve(res)),
    );
    inst.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  });
  return {
    requests: result.requests.total,
    rps: Math.round(result.requests.total / opts.durationS),
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

const fmt = (l: Load) => `${l.rps} req/s (${l.requests} requests), latency p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, non-2xx ${l.non2xx}, errors ${l.errors}`;

export async function runRestBench(opts: { durationS?: number; connections?: number; dbQueries?: number } = {}): Promise<void> {
  const durationS = opts.durationS ?? Number(process.env.BENCH_DURATION_S ?? 10);
  const connections = opts.connections ?? 10;
  const dbQueries = opts.dbQueries ?? 2000;
  const baseUrl = process.env.DATABASE_URL;
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    JWT_SECRET: process.env.JWT_SECRET || randomBytes(32).toString('hex'),
    // Load from one address would otherwise meet the auth rate limits within a second.
    AUTH_RATE_LIMIT_PER_IP: '1000000000',
    AUTH_RATE_LIMIT_PER_ACCOUNT: '1000000000',
    RATE_LIMIT_REDIS_PREFIX: `dojopool-bench:${randomBytes(4).toString('hex')}:`,
  });
  let scratch: string | null = null;
  if (baseUrl) {
    scratch = `dojo_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    await admin(baseUrl, `CREATE DATABASE ${scratch}`);
    const u = new URL(baseUrl);
    u.pathname = `/${scratch}`;
    config.database = { kind: 'postgres', url: u.toString() };
  } else config.database = { kind: 'pglite' }; // in memory: never the data directory a server may hold
  const dbName = config.database.kind === 'postgres' ? 'Postgres' : 'PGlite (in memory)';
  console.log(`\nREST bench on ${dbName}, ${durationS} s per load, ${connections} connections, Argon2id m=${config.ARGON2_MEMORY_KIB} t=${config.ARGON2_TIME_COST} p=${config.ARGON2_PARALLELISM}`);

  const server = await startServer(config, { routers: accountRouters }, createLogger({ level: 'warn' }));
  try {
    const db = server.services.database.db;
    let t0 = performance.now();
    await sql`
      INSERT INTO venues (name, address, lat, lon, tables)
      SELECT 'Venue ' || i, i || ' Bench Street',
        CASE WHEN i % 2 = 0 THEN (${sql.raw(`ARRAY[${CITIES.map((c) => c[0]).join(',')}]`)}::float8[])[(i / 2) % 5 + 1] + (u - 0.5)
             ELSE -60 + u * 130 END,
        CASE WHEN i % 2 = 0 THEN (${sql.raw(`ARRAY[${CITIES.map((c) => c[1]).join(',')}]`)}::float8[])[(i / 2) % 5 + 1] + (v - 0.5)
             ELSE -180 + v * 360 END,
        1 + i % 20
      FROM (
        SELECT i,
          ((i::bigint * 2654435761) % 4294967296) / 4294967296.0 AS u,
          ((i::bigint * 2246822519 + 3266489917) % 4294967296) / 4294967296.0 AS v
        FROM generate_series(1, ${VENUES}) AS i
      ) AS s`.execute(db);
    await sql`ANALYZE venues`.execute(db);
    console.log(`seeded ${VENUES.toLocaleString('en')} venues in ${Math.round(performance.now() - t0)} ms`);

    // Query points: around the clusters and anywhere on Earth (seeded).
    const rnd = prng(42);
    const points = Array.from({ length: 1000 }, (_, k) => {
      const c = CITIES[k % CITIES.length]!;
      return k % 4 === 3 ? { lat: -60 + rnd() * 130, lon: -180 + rnd() * 360 } : { lat: c[0] + (rnd() - 0.5), lon: c[1] + (rnd() - 0.5) };
    });

    // The query at the database.
    const radiusKm = 10;
    for (let k = 0; k < 200; k++) await nearbyQuery(db, { ...points[k % points.length]!, radiusKm, limit: 50 }).execute(); // warm-up
    const times: number[] = [];
    let rows = 0;
    for (let k = 0; k < dbQueries; k++) {
      const p = points[k % points.length]!;
      t0 = performance.now();
      const r = await nearbyQuery(db, { ...p, radiusKm, limit: 50 }).execute();
      times.push(performance.now() - t0);
      rows += r.length;
    }
    const p95 = quantile(times, 0.95);
    console.log(`nearby query at the DB (radius ${radiusKm} km, limit 50, ${dbQueries} queries, mean ${(rows / dbQueries).toFixed(1)} rows): p50 ${quantile(times, 0.5).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, p99 ${quantile(times, 0.99).toFixed(2)} ms — bar p95 < 10 ms: ${p95 < 10 ? 'met' : 'MISSED'}`);

    const c = CITIES[0]!;
    const q = nearbyQuery(db, { lat: c[0], lon: c[1], radiusKm, limit: 50 }).compile();
    const literal = q.sql.replace(/\$(\d+)/g, (_m, n) => String(Number(q.parameters[Number(n) - 1])));
    const plan = await sql.raw(`EXPLAIN ANALYZE ${literal}`).execute(db);
    const planText = (plan.rows as any[]).map((r) => r['QUERY PLAN']).join('\n');
    console.log(`EXPLAIN ANALYZE (London, ${radiusKm} km):\n${planText.replace(/^/gm, '  ')}`);
    console.log(`GiST index venues_earth_point_idx (ll_to_earth(lat, lon)) used: ${planText.includes('venues_earth_point_idx') ? 'yes' : 'NO'}`);

    // Under HTTP load.
    const venuePaths = points.map((p) => `/api/venues?lat=${p.lat.toFixed(5)}&lon=${p.lon.toFixed(5)}&radiusKm=${radiusKm}`);
    const venues = await load({ url: server.url, durationS, connections, paths: venuePaths });
    console.log(`GET /api/venues?lat&lon&radiusKm=${radiusKm}: ${fmt(venues)}`);

    const name = `bench${randomBytes(3).toString('hex')}`;
    const password = 'bench password 123';
    const reg = await fetch(`${server.url}/api/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: name, email: `${name}@example.com`, password }) });
    if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${await reg.text()}`);
    const login = await load({ url: `${server.url}/api/auth/login`, durationS, connections, method: 'POST', body: JSON.stringify({ login: name, password }) });
    console.log(`POST /api/auth/login: ${fmt(login)}`);
    // autocannon returns at the deadline; let requests still in flight finish before stopping.
    await new Promise((r) => setTimeout(r, 1500));
  } finally {
    await server.stop('bench over');
    if (scratch && baseUrl) await admin(baseUrl, `DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
  }
}
