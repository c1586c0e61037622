// A dependency that goes away answers 503 with a code, never 401 or 500, is logged at warn (not as our
// error), and loses nothing: REST routes over HTTP while the database is away (Postgres behind a TCP
// proxy the test cuts and restores; PGlite closed under the running server, then reopened from its
// directory by a restarted server), the auth rate limits while Redis is away (still enforced, counted
// in the process), and dependencyDown() itself on errors the real drivers throw.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import pg from 'pg';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openPostgres } from '../src/db/index.ts';
import { DependencyDownError, dependencyDown, tagDependency } from '../src/services/dependency-errors.ts';
import { loadConfig } from '../src/config.ts';
import { authenticateAccess } from '../src/http/auth.ts';
import { TokenError, tokenService } from '../src/services/tokens.ts';
import { HttpError } from '../src/http/errors.ts';
import { bearer, NO_LIMITS, register, TEST_JWT_SECRET } from './accounts-helpers.ts';
import { pgliteTarget, postgresTarget } from './helpers/db.ts';
import { announce, postgresUrl, redisUrl } from './helpers/env.ts';
import { http, startTestServer, type TestServer } from './helpers/server.ts';
import { hostPort, startTcpProxy } from './helpers/tcp-proxy.ts';

// Every await before the first suite.run(): uvu starts running queued suites on the next tick.
const pgUrl = await postgresUrl();
const rUrl = await redisUrl();

const ENV = { JWT_SECRET: TEST_JWT_SECRET, ...NO_LIMITS, ARGON2_MEMORY_KIB: '8192', ARGON2_TIME_COST: '1' };
const PASSWORD = 'correct horse battery';

/** Log lines at error level or above (pino: 50 error, 60 fatal). */
export const errorLogs = (logs: string[]) => logs.filter((l) => (JSON.parse(l) as { level: number }).level >= 50);
const warnLogs = (logs: string[], msg: string) => logs.filter((l) => {
  const j = JSON.parse(l) as { level: number; msg: string };
  return j.level === 40 && j.msg === msg;
});

async function catchErr(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

// ---- dependencyDown on real errors ----

const unit = suite('dependencyDown');

unit('a closed PGlite and a destroyed Kysely are the database being away', async () => {
  const h = (await pgliteTarget().create()).handle;
  await h.pglite!.close();
  assert.is(dependencyDown(await catchErr(sql`select 1`.execute(h.db))), 'database');
  await h.close();
  assert.is(dependencyDown(await catchErr(sql`select 1`.execute(h.db))), 'database');
});

unit('authenticateAccess (what a room\'s onAuth calls) with the database away: an outage, not a bad token', async () => {
  const config = loadConfig({ JWT_SECRET: TEST_JWT_SECRET, NODE_ENV: 'test' });
  const token = await (await tokenService(config)).signAccess({ id: randomUUID(), username: 'someone', roles: ['player'] });
  const h = (await pgliteTarget().create()).handle;
  await h.pglite!.close();
  const err = await catchErr(authenticateAccess(config, h, token));
  assert.not.instance(err, TokenError);
  assert.is(dependencyDown(err), 'database');
  await h.close();
});

unit('bad input and our bugs are not outages (PGlite)', async () => {
  const h = (await pgliteTarget().create()).handle;
  try {
    assert.is(dependencyDown(await catchErr(sql`selec 1`.execute(h.db))), null, 'syntax error');
    assert.is(dependencyDown(await catchErr(sql`select ${'a\u0000b'}::text`.execute(h.db))), null, 'NUL in text');
    assert.is(dependencyDown(await catchErr(sql`select 1/0`.execute(h.db))), null, 'division by zero');
  } finally {
    await h.close();
  }
  assert.is(dependencyDown(new TokenError('token_invalid', 'bad')), null);
  assert.is(dependencyDown(new HttpError(400, 'bad_request', 'no')), null);
  assert.is(dependencyDown(new Error('Connection is closed')), 'redis');
  assert.is(dependencyDown(new TypeError("Cannot read properties of undefined (reading 'id')")), null);
  assert.is(dependencyDown(null), null);
  assert.is(dependencyDown('ECONNREFUSED'), null);
  assert.is(dependencyDown(new DependencyDownError('redis')), 'redis');
  const e = new DependencyDownError('database');
  assert.is(e.status, 503);
  assert.is(e.code, 'database_unavailable');
  assert.is(e.headers['retry-after'], '5');
});

unit('Postgres refused, terminated by an administrator, and a constraint violation', async () => {
  const refused = await openPostgres('postgres://postgres@127.0.0.1:1/x');
  assert.is(dependencyDown(await catchErr(sql`select 1`.execute(refused.db))), 'database', 'ECONNREFUSED');
  await refused.close();
  const url = pgUrl;
  if (!url) return;
  const victim = new pg.Client({ connectionString: url });
  victim.on('error', () => {});
  await victim.connect();
  const pid = (await victim.query('select pg_backend_pid() as pid')).rows[0].pid;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const unique = await catchErr(admin.query(`select 1 from (values (1)) v(x) where x = 1/0`));
    assert.is(dependencyDown(unique), null, 'division by zero on Postgres');
    const terminated = catchErr(victim.query('select pg_sleep(10)'));
    await new Promise((r) => setTimeout(r, 200));
    await admin.query('select pg_terminate_backend($1)', [pid]);
    const err = (await terminated) as { code?: string };
    assert.is(dependencyDown(err), 'database', `57P01 admin shutdown (${err.code})`);
    assert.is(dependencyDown(await catchErr(victim.query('select 1'))), 'database', 'a query on the dead client');
  } finally {
    await admin.end();
    await victim.end().catch(() => {});
  }
});

unit('ioredis: a closed connection and a server that does not answer are Redis being away', async () => {
  const r = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: (n) => Math.min(n * 50, 200) });
  r.on('error', () => {});
  r.connect().catch(() => {});
  assert.is(dependencyDown(await catchErr(r.call('get', 'x'))), 'redis', 'max retries per request');
  r.disconnect();
  const url = rUrl;
  if (!url) return;
  const q = new Redis(url);
  await q.quit();
  assert.is(dependencyDown(await catchErr(q.call('get', 'x'))), 'redis', 'connection is closed');
  // A bare socket error is the database unless the call site says it came from Redis.
  const sock = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
  assert.is(dependencyDown(sock), 'database');
  assert.is(dependencyDown(tagDependency(sock, 'redis')), 'redis');
  assert.is(dependencyDown(new Error('wrapped', { cause: tagDependency(new Error('x', { cause: sock }), 'redis') })), 'redis');
});

unit.run();

// ---- REST while the database is away ----

type Probe = { name: string; method: string; path: (ctx: Ctx) => string; body?: (ctx: Ctx) => unknown; auth?: boolean; normal: number };
type Ctx = { token: string; userId: string; username: string };

/** Every kind of REST route: unauthenticated reads and writes, authenticated reads and writes. */
const PROBES: Probe[] = [
  { name: 'login', method: 'POST', path: () => '/api/auth/login', body: (c) => ({ login: c.username, password: PASSWORD }), normal: 200 },
  { name: 'register', method: 'POST', path: () => '/api/auth/register', body: () => ({ username: `late${Date.now().toString(36)}`, email: `late${Date.now().toString(36)}@example.com`, password: PASSWORD }), normal: 201 },
  { name: 'GET /me', method: 'GET', path: () => '/api/me', auth: true, normal: 200 },
  { name: 'PATCH /me', method: 'PATCH', path: () => '/api/me', body: () => ({ displayName: 'During' }), auth: true, normal: 200 },
  { name: 'GET /matches/:id', method: 'GET', path: () => `/api/matches/${randomUUID()}`, normal: 404 },
  { name: 'leaderboard', method: 'GET', path: () => '/api/leaderboard', normal: 200 },
  { name: 'player matches', method: 'GET', path: (c) => `/api/players/${c.userId}/matches`, normal: 200 },
  { name: 'venues', method: 'GET', path: () => '/api/venues?lat=51.5&lon=-0.1', normal: 200 },
  { name: 'player', method: 'GET', path: (c) => `/api/players/${c.userId}`, normal: 200 },
];

async function probe(s: TestServer, c: Ctx, p: Probe) {
  return http(s.url, p.method, p.path(c), p.body?.(c), p.auth ? bearer(c.token) : {});
}

async function expectAllDown(s: TestServer, c: Ctx) {
  for (const p of PROBES) {
    const r = await probe(s, c, p);
    assert.is(r.status, 503, `${p.name} while the database is away: ${r.status} ${r.text}`);
    assert.is(r.body?.error?.code, 'database_unavailable', `${p.name}: ${r.text}`);
    assert.is(r.headers.get('retry-after'), '5', p.name);
    assert.not.match(r.text, /ECONN|at \//, `${p.name} leaks no driver detail`);
  }
  const ready = await http(s.url, 'GET', '/readyz');
  assert.is(ready.status, 503);
}

async function expectAllUp(s: TestServer, c: Ctx) {
  for (const p of PROBES) {
    const r = await probe(s, c, p);
    assert.is(r.status, p.normal, `${p.name} once the database is back: ${r.status} ${r.text}`);
  }
}

/** Waits until the server answers a database-backed route normally again (pools reconnect lazily). */
async function waitUp(s: TestServer, c: Ctx) {
  for (let i = 0; i < 50; i++) {
    if ((await http(s.url, 'GET', '/api/me', undefined, bearer(c.token))).status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the database did not come back');
}

async function setUp(s: TestServer): Promise<Ctx> {
  const u = await register(s.url, undefined, PASSWORD);
  const patched = await http(s.url, 'PATCH', '/api/me', { displayName: 'Before' }, bearer(u.accessToken));
  assert.is(patched.status, 200);
  return { token: u.accessToken, userId: u.user.id, username: u.username };
}

async function expectKept(s: TestServer, c: Ctx) {
  const me = await http(s.url, 'GET', '/api/me', undefined, bearer(c.token));
  assert.is(me.status, 200);
  assert.is(me.body.user.id, c.userId);
  assert.is(me.body.user.displayName, 'Before', 'the profile written before the outage is kept, the PATCH during it was not applied');
  const login = await http(s.url, 'POST', '/api/auth/login', { login: c.username, password: PASSWORD });
  assert.is(login.status, 200, 'the account still logs in');
}

function expectWarnNotError(s: TestServer) {
  assert.equal(errorLogs(s.logs), [], 'nothing logged at error level');
  assert.ok(warnLogs(s.logs, 'dependency unavailable').length >= PROBES.length, 'each refused request is logged at warn');
}

if (pgUrl) {
  const test = suite('REST while Postgres is away');
  test('503 database_unavailable on every route while the proxy is cut; normal again and nothing lost once it is back', async () => {
    announce('dependency-outage', 'postgres (through a TCP proxy)');
    const proxy = await startTcpProxy(hostPort(pgUrl, 5432));
    const s = await startTestServer(postgresTarget(pgUrl), { env: ENV, logLevel: 'info', databaseUrl: (u) => proxy.via(u) });
    try {
      const c = await setUp(s);
      await proxy.cut();
      await expectAllDown(s, c);
      expectWarnNotError(s);
      await proxy.restore();
      await waitUp(s, c);
      await expectKept(s, c);
      await expectAllUp(s, c);
      assert.equal(errorLogs(s.logs), [], 'nothing logged at error level after the outage either');
    } finally {
      await proxy.restore();
      await s.dispose();
      await proxy.close();
    }
  });
  test.run();
}

{
  const test = suite('REST while PGlite is closed');
  test('503 database_unavailable on every route once the embedded database is closed; a restart on the same directory has everything', async () => {
    announce('dependency-outage', 'pglite (closed under the running server, then restarted)');
    const dir = mkdtempSync(join(tmpdir(), 'dojo-outage-'));
    try {
      let s = await startTestServer(pgliteTarget(), { env: ENV, logLevel: 'info', pgliteDir: dir });
      let c: Ctx;
      try {
        c = await setUp(s);
        await s.services.database.pglite!.close();
        await expectAllDown(s, c);
        expectWarnNotError(s);
      } finally {
        await s.dispose();
      }
      s = await startTestServer(pgliteTarget(), { env: ENV, logLevel: 'info', pgliteDir: dir });
      try {
        await expectKept(s, c);
        await expectAllUp(s, c);
        assert.equal(errorLogs(s.logs), []);
      } finally {
        await s.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test.run();
}

// ---- the auth rate limits while Redis is away ----

if (rUrl) {
  const test = suite('rate limits while Redis is away');
  test('still enforced (counted in the process), never 500 or open; warn once; Redis counts again once back', async () => {
    announce('dependency-outage', 'redis (through a TCP proxy)');
    const proxy = await startTcpProxy(hostPort(rUrl, 6379));
    const prefix = `dojopool:test:${randomUUID()}:`;
    const s = await startTestServer(pgliteTarget(), {
      env: { ...ENV, REDIS_URL: proxy.via(rUrl), AUTH_RATE_LIMIT_PER_ACCOUNT: '3', RATE_LIMIT_REDIS_PREFIX: prefix, PUBLIC_ADDRESS: '127.0.0.1:1' },
      logLevel: 'info',
    });
    const direct = new Redis(rUrl);
    // ioredis prints a client's unhandled 'error' event with console.error: record those (only).
    const consoleErrors: string[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => {
      consoleErrors.push(args.map(String).join(' '));
      consoleError(...args);
    };
    try {
      const u = await register(s.url, undefined, PASSWORD);
      await proxy.cut();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await http(s.url, 'POST', '/api/auth/login', { login: u.username, password: 'wrong password!' })).status);
      assert.equal(statuses, [401, 401, 401, 429, 429], 'the per-account limit of 3 holds while Redis is away');
      assert.is(warnLogs(s.logs, 'rate limit store unavailable: counting in this process until redis is back').length, 2, 'one warning per limiter (per IP and per account), not one per request');
      // /readyz says so: not ready (Redis is down), and the limits count in this process.
      const away = await http(s.url, 'GET', '/readyz');
      assert.is(away.status, 503);
      assert.match(away.body.rateLimits, /^in this process until redis is back: auth-account, auth-ip$/, JSON.stringify(away.body));
      assert.equal(errorLogs(s.logs), [], 'nothing logged at error level');
      await proxy.restore();
      const other = await register(s.url, undefined, PASSWORD);
      for (let i = 0; i < 20; i++) {
        if ((await direct.keys(`${prefix}*`)).length > 0) break;
        await http(s.url, 'POST', '/api/auth/login', { login: other.username, password: PASSWORD });
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok((await direct.keys(`${prefix}auth-account:*`)).length > 0, 'counters are in Redis again');
      assert.ok(s.logs.some((l) => l.includes('rate limit store back')), 'logged when Redis is back');
      let ready = await http(s.url, 'GET', '/readyz');
      for (let i = 0; i < 20 && ready.body.rateLimits !== 'in redis, shared by every process'; i++) {
        // A limiter leaves its fallback at its next request through Redis.
        await http(s.url, 'POST', '/api/auth/login', { login: other.username, password: PASSWORD });
        ready = await http(s.url, 'GET', '/readyz');
      }
      assert.is(ready.status, 200, JSON.stringify(ready.body));
      assert.is(ready.body.rateLimits, 'in redis, shared by every process');
      assert.equal(consoleErrors.filter((l) => l.includes('Unhandled error')).slice(0, 2), [], 'no Redis client of the server reports an unhandled error');
      assert.equal(errorLogs(s.logs), [], 'nothing logged at error level after the outage either');
    } finally {
      console.error = consoleError;
      // Each step runs even if one before it throws: a client left open would keep this file's process
      // alive until the runner kills it (seen once: 480 s after a failed assertion).
      try {
        await proxy.restore();
        await s.dispose();
      } finally {
        await proxy.close();
        const keys = await direct.keys(`${prefix}*`).catch(() => [] as string[]);
        if (keys.length) await direct.del(...keys).catch(() => 0);
        direct.disconnect();
      }
    }
  });
  test.run();
}
