// Issue 17: GET /metrics in Prometheus' text format. Every series the operator's dashboard reads is
// there with the dojopool_ prefix, and each one moves when the thing it measures happens: the room,
// client and live-match gauges follow a real match (two guests through the SDK); the shot histogram and
// match counters move when a shot is played; REST durations are labelled by the Express route pattern
// (never the raw path; "unmatched" for a 404); database query time by dialect, statement and outcome
// (on PGlite here, on Postgres too when DATABASE_URL is set); the ranked-queue wait when two accounts
// are paired; the write-queue depth when the database goes away under a live match; the
// Redis round-trip against a private redis-server; process CPU, memory and event-loop lag from
// prom-client's defaults. With METRICS_TOKEN set the endpoint refuses a request without the token.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NO_LIMITS } from './accounts-helpers.ts';
import { pgliteTarget, postgresTarget } from './helpers/db.ts';
import { postgresUrl } from './helpers/env.ts';
import { join, playTurn, sleep, waitFor } from './helpers/play.ts';
import { hasRedisServer, startRedis } from './helpers/processes.ts';
import { rankedPair } from './helpers/ranked.ts';
import { http, startTestServer } from './helpers/server.ts';

/**
 * The sum of the samples of `name` whose labels include every pair of `labels` (the registry is one per
 * test process, so counters keep what earlier servers of this file added: compare before and after).
 */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  let found = false;
  let total = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = new Map([...(m[2] ?? '').matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1]!, x[2]!]));
    if (Object.entries(labels).some(([k, v]) => have.get(k) !== v)) continue;
    found = true;
    total += Number(m[3]);
  }
  return found ? total : null;
}
const count = (text: string, name: string, labels: Record<string, string> = {}) => sample(text, `${name}_count`, labels) ?? 0;

const TOKEN = 'metrics-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const scrape = async (url: string) => {
  const r = await http(url, 'GET', '/metrics', undefined, auth);
  assert.is(r.status, 200, 'GET /metrics');
  return r.text;
};

test('GET /metrics: the dashboard series, following a real match; protected by METRICS_TOKEN', async () => {
  // Its own data directory: the outage at the end leaves a spooled write that no other server may replay.
  const dataDir = mkdtempSync(joinPath(tmpdir(), 'dojopool-metrics-'));
  const srv = await startTestServer(pgliteTarget(), { env: { METRICS_TOKEN: TOKEN, SHUTDOWN_TIMEOUT_S: '2', DATA_DIR: dataDir, ...NO_LIMITS }, logLevel: 'warn' });
  try {
    assert.is((await http(srv.url, 'GET', '/metrics')).status, 401, 'no token: refused');
    assert.is((await http(srv.url, 'GET', '/metrics', undefined, { authorization: 'Bearer wrong-token-0123456789' })).status, 401, 'a wrong token: refused');
    const first = await http(srv.url, 'GET', '/metrics', undefined, auth);
    assert.is(first.status, 200);
    assert.match(first.headers.get('content-type') ?? '', /text\/plain/);
    for (const name of [
      'dojopool_matches_live',
      'dojopool_write_queue_depth',
      'dojopool_matches_started_total',
      'dojopool_matches_finished_total',
      'dojopool_matches_aborted_total',
      'dojopool_shot_handling_seconds',
      'dojopool_write_retries_total',
      'dojopool_spooled_writes_total',
      'dojopool_lease_renewals_total',
      'dojopool_adoptions_total',
      'dojopool_http_request_duration_seconds',
      'dojopool_db_query_duration_seconds',
      'dojopool_redis_roundtrip_seconds',
      'dojopool_redis_ping_failures_total',
      'dojopool_ranked_queue_wait_seconds',
      'dojopool_nodejs_eventloop_lag_seconds',
      'dojopool_nodejs_eventloop_lag_p99_seconds',
      'dojopool_process_resident_memory_bytes',
      'dojopool_process_cpu_seconds_total',
      'dojopool_process_open_fds',
    ])
      assert.match(first.text, new RegExp(`^# TYPE ${name} `, 'm'), name);
    // The defaults that walk every socket at each scrape are not collected (metrics.ts).
    for (const name of ['dojopool_nodejs_active_handles', 'dojopool_nodejs_active_handles_total', 'dojopool_nodejs_active_resources', 'dojopool_nodejs_active_resources_total'])
      assert.not.match(first.text, new RegExp(`^# TYPE ${name} `, 'm'), name);
    assert.is(sample(first.text, 'dojopool_matches_live'), 0);
    assert.is(sample(first.text, 'dojopool_write_queue_depth'), 0);
    assert.ok(sample(first.text, 'dojopool_process_resident_memory_bytes')! > 10e6, 'resident memory');
    // Start-up ran the migrations through Kysely: the query histogram has PGlite samples already.
    const dbAtStart = count(first.text, 'dojopool_db_query_duration_seconds', { database: 'pglite', outcome: 'ok' });
    assert.ok(dbAtStart > 0, 'queries observed at start-up');

    const a = await join(srv.url, 'create', 'match', { game: '9ball', name: 'Ann', shotClockS: 600 });
    const b = await join(srv.url, 'joinById', a.room.roomId, { name: 'Bo' });
    await waitFor(() => a.state.phase === 'playing', 5000, 'playing');
    const shooter = a.state.turn === 0 ? a : b;
    playTurn(shooter.state, shooter);
    await waitFor(() => a.state.shotSeq > 0, 5000, 'a shot');
    await sleep(300); // the room writes behind
    const during = await scrape(srv.url);
    assert.is(sample(during, 'dojopool_rooms', { room: 'match' }), 1);
    assert.is(sample(during, 'dojopool_clients', { room: 'match' }), 2);
    assert.is(sample(during, 'dojopool_matches_live'), 1);
    assert.is(sample(during, 'dojopool_matches_started_total'), 1);
    assert.is(sample(during, 'dojopool_shot_handling_seconds_count'), 1, 'one shot handled');
    assert.ok(sample(during, 'dojopool_shot_handling_seconds_sum')! > 0);
    // The match's creation and its shot were written: inserts observed beyond start-up's queries.
    assert.ok(count(during, 'dojopool_db_query_duration_seconds', { database: 'pglite', statement: 'insert', outcome: 'ok' }) >= 2, 'inserts observed');
    assert.ok(count(during, 'dojopool_db_query_duration_seconds', { database: 'pglite' }) > dbAtStart, 'the query histogram moved');
    // prom-client measures the lag gauge with a setImmediate begun at each scrape (the first reads 0);
    // the p99 comes from the process's event-loop delay histogram.
    for (const name of ['dojopool_nodejs_eventloop_lag_seconds', 'dojopool_nodejs_eventloop_lag_p99_seconds']) {
      const lag = sample(during, name)!;
      assert.ok(Number.isFinite(lag) && lag > 0 && lag < 5, `${name} measured (${lag})`);
    }
    assert.ok(sample(during, 'dojopool_process_cpu_seconds_total')! > sample(first.text, 'dojopool_process_cpu_seconds_total')!, 'CPU seconds moved');
    // Both players' sockets are open in this process (the clients run in it too: two ends each).
    assert.ok(sample(during, 'dojopool_process_open_fds')! >= sample(first.text, 'dojopool_process_open_fds')! + 2, `open files counted (${sample(first.text, 'dojopool_process_open_fds')} → ${sample(during, 'dojopool_process_open_fds')})`);

    // REST by route pattern: two different ids land in one series; a path no route matches is "unmatched".
    const matchId = a.state.matchId as string;
    const route = { method: 'GET', route: '/api/matches/:id', status: '200' };
    const before = count(during, 'dojopool_http_request_duration_seconds', route);
    assert.is((await http(srv.url, 'GET', `/api/matches/${matchId}`)).status, 200);
    assert.is((await http(srv.url, 'GET', `/api/matches/${matchId}`)).status, 200);
    assert.is((await http(srv.url, 'GET', '/api/matches/00000000-0000-4000-8000-000000000000')).status, 404);
    assert.is((await http(srv.url, 'GET', '/api/no-such-thing/123')).status, 404);
    assert.is((await http(srv.url, 'GET', '/healthz')).status, 200);
    const rest = await scrape(srv.url);
    assert.is(count(rest, 'dojopool_http_request_duration_seconds', route) - before, 2, 'two 200s under /api/matches/:id');
    assert.is(count(rest, 'dojopool_http_request_duration_seconds', { method: 'GET', route: '/api/matches/:id', status: '404' }), 1, 'the unknown match: same route, status 404');
    assert.is(count(rest, 'dojopool_http_request_duration_seconds', { method: 'GET', route: 'unmatched', status: '404' }), 1, 'no route: "unmatched"');
    assert.ok(count(rest, 'dojopool_http_request_duration_seconds', { route: '/metrics', status: '200' }) >= 2, 'the scrapes themselves');
    assert.is(count(rest, 'dojopool_http_request_duration_seconds', { route: '/healthz' }), 1);
    assert.not.match(rest, new RegExp(matchId), 'no raw id in any label');
    assert.not.match(rest, /no-such-thing/, 'no raw path in any label');
    assert.ok(sample(rest, 'dojopool_http_request_duration_seconds_sum', route)! > 0);

    a.room.send('concede', { scope: 'match' });
    await waitFor(() => a.state.phase === 'finished', 5000, 'finished');
    await sleep(300);
    const after = await scrape(srv.url);
    assert.is(sample(after, 'dojopool_matches_finished_total'), 1);
    assert.is(sample(after, 'dojopool_matches_live'), 0, 'a finished match is no longer hosted');
    await a.room.leave().catch(() => {});
    await b.room.leave().catch(() => {});

    // The ranked queue: two accounts paired; the wait of each is observed under their game.
    const q0 = count(after, 'dojopool_ranked_queue_wait_seconds', { game: '8ball' });
    const pair = await rankedPair(srv.url, '8ball');
    const ranked = await scrape(srv.url);
    assert.is(count(ranked, 'dojopool_ranked_queue_wait_seconds', { game: '8ball' }) - q0, 2, 'both players of the pair');
    assert.ok(sample(ranked, 'dojopool_ranked_queue_wait_seconds_bucket', { game: '8ball', le: '+Inf' })! >= 2);
    await pair.resign();
    for (const r of pair.rooms) await r.room.leave().catch(() => {});

    // The database goes away under a live match: the shot's write waits in the queue.
    const c = await join(srv.url, 'create', 'match', { game: '9ball', name: 'Cy', shotClockS: 600 });
    const d = await join(srv.url, 'joinById', c.room.roomId, { name: 'Di' });
    await waitFor(() => c.state.phase === 'playing', 5000, 'playing');
    await sleep(300); // the creation is stored
    const calm = await scrape(srv.url);
    assert.is(sample(calm, 'dojopool_write_queue_depth'), 0);
    const errors0 = count(calm, 'dojopool_db_query_duration_seconds', { outcome: 'error' });
    await srv.services.database.pglite!.close();
    // A REST read meets the closed database: a 503, and the failed query is observed as an error.
    assert.is((await http(srv.url, 'GET', `/api/matches/${matchId}`)).status, 503);
    const failed = await scrape(srv.url);
    assert.ok(count(failed, 'dojopool_db_query_duration_seconds', { database: 'pglite', outcome: 'error' }) > errors0, 'failed queries observed as errors');
    const s2 = c.state.turn === 0 ? c : d;
    playTurn(s2.state, s2);
    await waitFor(() => c.state.shotSeq > 0, 5000, 'a shot while the database is away');
    await sleep(800);
    const outage = await scrape(srv.url);
    assert.ok(sample(outage, 'dojopool_write_queue_depth')! >= 1, 'the unwritten shot is queued');
    await c.room.leave().catch(() => {});
    await d.room.leave().catch(() => {});
  } finally {
    await srv.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('GET /metrics on Postgres: query time under database="postgres"', async () => {
  const url = await postgresUrl();
  if (!url) {
    console.log('  (DATABASE_URL not set: the Postgres case is skipped)');
    return;
  }
  const srv = await startTestServer(postgresTarget(url), { env: { METRICS_TOKEN: TOKEN, ...NO_LIMITS }, logLevel: 'warn' });
  try {
    const before = await scrape(srv.url);
    const pg0 = count(before, 'dojopool_db_query_duration_seconds', { database: 'postgres', statement: 'select', outcome: 'ok' });
    assert.ok(pg0 > 0, 'start-up queries observed');
    for (let i = 0; i < 3; i++) assert.is((await http(srv.url, 'GET', '/api/leaderboard')).status, 200);
    const after = await scrape(srv.url);
    assert.ok(count(after, 'dojopool_db_query_duration_seconds', { database: 'postgres', statement: 'select', outcome: 'ok' }) >= pg0 + 3, 'the leaderboard queries');
    assert.ok(sample(after, 'dojopool_db_query_duration_seconds_sum', { database: 'postgres' })! > 0);
  } finally {
    await srv.dispose();
  }
});

test('GET /metrics with Redis: the round-trip of timed PINGs (periodic and /readyz); failures counted when Redis is gone', async () => {
  if (!hasRedisServer()) {
    if (process.env.CI) throw new Error('redis-server is needed for the Redis metrics case in CI');
    console.log('  (no redis-server: the Redis case is skipped)');
    return;
  }
  let redis = await startRedis();
  let srv: Awaited<ReturnType<typeof startTestServer>> | null = null;
  try {
    srv = await startTestServer(pgliteTarget(), { env: { METRICS_TOKEN: TOKEN, REDIS_URL: redis.url, PUBLIC_ADDRESS: '127.0.0.1:1', ...NO_LIMITS }, logLevel: 'error' });
    const before = await scrape(srv.url);
    const n0 = count(before, 'dojopool_redis_roundtrip_seconds');
    for (let i = 0; i < 3; i++) assert.is((await http(srv.url, 'GET', '/readyz')).status, 200);
    const after = await scrape(srv.url);
    assert.ok(count(after, 'dojopool_redis_roundtrip_seconds') >= n0 + 3, 'each readiness probe timed a PING');
    const sum = sample(after, 'dojopool_redis_roundtrip_seconds_sum')!;
    assert.ok(sum > 0 && sum < 5, `round-trips measured (${sum} s in all)`);
    // Periodic PINGs (every 5 s) keep the series moving without any probe.
    await sleep(5600);
    assert.ok(count(await scrape(srv.url), 'dojopool_redis_roundtrip_seconds') > count(after, 'dojopool_redis_roundtrip_seconds'), 'a periodic PING');
    const f0 = sample(after, 'dojopool_redis_ping_failures_total')!;
    await redis.stop();
    assert.is((await http(srv.url, 'GET', '/readyz')).status, 503);
    assert.ok(sample(await scrape(srv.url), 'dojopool_redis_ping_failures_total')! > f0, 'the failed PING counted');
    // Back on the same port, so the server can shut its presence and driver down cleanly.
    redis = await startRedis(redis.port);
    const t0 = Date.now();
    while ((await http(srv.url, 'GET', '/readyz')).status !== 200 && Date.now() - t0 < 10_000) await sleep(200);
  } finally {
    await srv?.dispose().catch(() => {});
    await redis.stop();
  }
});

test.run();
