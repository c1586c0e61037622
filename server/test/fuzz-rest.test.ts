// Fuzzing the REST surface with a seeded generator: a few thousand random, malformed and nearly-valid
// requests across every REST route, including NUL characters in any string, corrupt or unknown
// content-encodings and other hostile bytes (invalid UTF-8, lone surrogates, a BOM, deep nesting).
// Invariants: no 5xx, every error in our shape, a body with a NUL is never accepted, nothing logged at
// error level, the server stays up, and nothing is stored that should not be (users grow by exactly the
// 201s of registration, no venue appears without an admin, the fuzzing player never gains a role or a
// hidden location).
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dbTargets } from './helpers/db.ts';
import { announce } from './helpers/env.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { NO_LIMITS, prng, register, TEST_JWT_SECRET } from './accounts-helpers.ts';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 1500);
const CONCURRENCY = 8;
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);

const FIELDS = ['username', 'email', 'password', 'login', 'totp', 'recoveryCode', 'refreshToken', 'displayName', 'avatarColor', 'locationSharing', 'location', 'lat', 'lon', 'roles', 'grant', 'revoke', 'name', 'address', 'tables', 'code', '__proto__', 'constructor', 'radiusKm', 'limit'];
const STRINGS = ['', ' ', 'a', 'abc', 'player', 'admin', 'host', '#ff00ff', '#GGGGGG', "' OR '1'='1", "'); DROP TABLE users;--", '\u0000', '\u202Eevil', '😀🎱', 'x'.repeat(300), 'ab_cd-12', 'a@b.co', 'not an email', '123456', '00000000-0000-4000-8000-000000000000', '../../etc/passwd', '<script>alert(1)</script>', '%00', 'NaN', '1e309', '-0', 'true', 'null', '{}'];
const NUMBERS = [0, -0, 1, -1, 90, 90.0001, -90, 180, -180.5, 1e308, -1e308, 0.1, 3.14159, 2 ** 53, -(2 ** 31), 500, 501, 200, 201, 1000, 1001];
const ROUTES: [string, string][] = [
  ['POST', '/api/auth/register'],
  ['POST', '/api/auth/login'],
  ['POST', '/api/auth/refresh'],
  ['POST', '/api/auth/logout'],
  ['POST', '/api/auth/logout-all'],
  ['POST', '/api/auth/2fa/enrol'],
  ['POST', '/api/auth/2fa/confirm'],
  ['POST', '/api/auth/2fa/disable'],
  ['GET', '/api/me'],
  ['PATCH', '/api/me'],
  ['DELETE', '/api/me'],
  ['GET', '/api/me/export'],
  ['GET', '/api/players/:id'],
  ['POST', '/api/admin/users/:id/roles'],
  ['POST', '/api/venues'],
  ['GET', '/api/venues'],
  ['GET', '/api/venues/:id'],
  ['PUT', '/api/me'],
  ['GET', '/api/leaderboard'],
  ['GET', '/api/players/:id/matches'],
  ['GET', '/api/matches/:id'],
  ['POST', '/api/tournaments'],
  ['GET', '/api/tournaments'],
  ['GET', '/api/tournaments/:id'],
  ['POST', '/api/tournaments/:id/register'],
  ['DELETE', '/api/tournaments/:id/register'],
  ['POST', '/api/tournaments/:id/check-in'],
  ['POST', '/api/tournaments/:id/start'],
  ['POST', '/api/tournaments/:id/pause'],
  ['POST', '/api/tournaments/:id/players/:id/disqualify'],
  ['POST', '/api/tournaments/:id/matches/W1-1/result'],
];
const ENCODINGS = ['gzip', 'br', 'deflate', 'GZIP', 'x-bogus', 'gzip, br', 'identity', 'zstd', ' '];
// Byte sequences that are not what they claim: invalid UTF-8, an overlong NUL, a BOM, a raw NUL.
const HOSTILE = [[0xff, 0xfe], [0xc0, 0x80], [0xef, 0xbb, 0xbf], [0x00], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]];

type Req = { method: string; path: string; body?: string | Buffer; contentType?: string; encoding?: string; auth: 'none' | 'token' | 'garbage'; hasNul?: boolean };

/** Every string in `v` (values and keys), with one in `n` given a NUL somewhere. */
function withNul(v: unknown, r: ReturnType<typeof prng>): unknown {
  if (typeof v === 'string') return r.next() < 0.5 ? v.slice(0, r.int(0, v.length)) + '\u0000' + v.slice(r.int(0, v.length)) : v;
  if (Array.isArray(v)) return v.map((x) => withNul(x, r));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [r.next() < 0.1 ? `${k}\u0000` : k, withNul(x, r)]));
  return v;
}
const containsNul = (v: unknown): boolean =>
  typeof v === 'string' ? v.includes('\u0000') : Array.isArray(v) ? v.some(containsNul) : !!v && typeof v === 'object' && Object.entries(v).some(([k, x]) => k.includes('\u0000') || containsNul(x));

function generate(seed: number, n: number, userId: string): Req[] {
  const r = prng(seed);
  const value = (depth: number): unknown => {
    const k = r.int(0, depth > 2 ? 3 : 6);
    if (k === 0) return null;
    if (k === 1) return r.next() < 0.5;
    if (k === 2) return r.pick(NUMBERS);
    if (k === 3) return r.pick(STRINGS);
    if (k === 4) return Array.from({ length: r.int(0, 4) }, () => value(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = r.int(0, 5); i > 0; i--) o[r.pick(FIELDS)] = value(depth + 1);
    return o;
  };
  const nearlyValid = (path: string): Record<string, unknown> => {
    const name = `fz${r.int(0, 400)}`;
    const base: Record<string, Record<string, unknown>> = {
      '/api/auth/register': { username: name, email: `${name}@example.com`, password: 'fuzzing password' },
      '/api/auth/login': { login: name, password: 'fuzzing password' },
      '/api/me': { displayName: 'Fuzzy', avatarColor: '#00ff00', locationSharing: r.next() < 0.5, location: { lat: r.int(-95, 95), lon: r.int(-185, 185) } },
      '/api/venues': { name: 'Hall', address: 'Somewhere', lat: 10, lon: 10, tables: 4 },
      '/api/admin/users/:id/roles': { grant: ['admin'] },
      '/api/auth/2fa/confirm': { code: String(r.int(0, 999999)).padStart(6, '0') },
    };
    const b = { ...(base[path] ?? { refreshToken: 'abc' }) };
    for (let m = r.int(0, 2); m > 0; m--) {
      const key = r.next() < 0.7 ? r.pick(Object.keys(b)) : r.pick(FIELDS);
      if (r.next() < 0.3) delete b[key];
      else b[key] = value(1);
    }
    return b;
  };
  const out: Req[] = [];
  for (let i = 0; i < n; i++) {
    const [method, template] = r.pick(ROUTES);
    const id = r.pick([userId, '00000000-0000-4000-8000-000000000000', 'nope', "1' OR '1'='1", '%2e%2e', '']);
    let path = template.replace(':id', encodeURIComponent(id));
    if (template === '/api/venues' && method === 'GET') {
      const params = Array.from({ length: r.int(0, 5) }, () => `${r.pick(['lat', 'lon', 'radiusKm', 'limit', 'x'])}=${encodeURIComponent(String(r.next() < 0.5 ? r.pick(NUMBERS) : r.pick(STRINGS)))}`);
      path += `?${params.join('&')}`;
    }
    if (['/api/leaderboard', '/api/players/:id/matches'].includes(template)) {
      const params = Array.from({ length: r.int(0, 3) }, () => `${r.pick(['limit', 'offset', 'x'])}=${encodeURIComponent(String(r.next() < 0.5 ? r.pick(NUMBERS) : r.pick(STRINGS)))}`);
      path += `?${params.join('&')}`;
    }
    const mode = r.int(0, 12);
    let body: string | Buffer | undefined;
    let contentType: string | undefined = 'application/json';
    let encoding: string | undefined;
    let hasNul = false;
    if (mode <= 3) body = JSON.stringify(nearlyValid(template));
    else if (mode <= 6) body = JSON.stringify(value(0));
    else if (mode === 7) body = r.pick(['{', '{"a":', '[]]', 'null', '"str"', '{"password": "x"', '\u0000\u0001', '{"__proto__": {"admin": true}}', '{"a":1}garbage']);
    else if (mode === 8) {
      body = JSON.stringify({ username: 'big', password: 'x'.repeat(r.int(15_000, 40_000)) });
    } else if (mode === 9) {
      body = JSON.stringify(value(0));
      contentType = r.pick(['text/plain', 'application/x-www-form-urlencoded', undefined]);
    } else if (mode === 10) {
      // A NUL character somewhere in a nearly-valid body (escaped, as JSON.stringify writes it).
      const b = withNul(nearlyValid(template), r);
      hasNul = containsNul(b);
      body = JSON.stringify(b);
    } else if (mode === 11) {
      // A content-encoding: honestly compressed, corrupt, truncated, or one we do not speak.
      encoding = r.pick(ENCODINGS);
      const json = JSON.stringify(nearlyValid(template));
      const k = r.int(0, 3);
      body = k === 0 ? gzipSync(json) : k === 1 ? brotliCompressSync(json) : k === 2 ? deflateSync(json).subarray(0, r.int(0, 8)) : Buffer.from(json);
    } else {
      // Hostile bytes spliced into a nearly-valid body, a lone surrogate, or deep nesting.
      const json = JSON.stringify(nearlyValid(template));
      const k = r.int(0, 2);
      if (k === 0) {
        const at = r.int(0, json.length);
        body = Buffer.concat([Buffer.from(json.slice(0, at)), Buffer.from(r.pick(HOSTILE)), Buffer.from(json.slice(at))]);
      } else if (k === 1) body = json.replace(/"([^"]*)"(?=,|})/, '"$1\\ud800"');
      else body = '['.repeat(r.int(100, 3000)) + ']'.repeat(r.int(100, 3000));
    }
    if (method === 'GET') [body, hasNul] = [undefined, false]; // fetch cannot send a GET body
    out.push({ method, path, body, contentType, encoding, auth: r.pick(['none', 'token', 'token', 'garbage'] as const), hasNul });
  }
  return out;
}

for (const target of await dbTargets()) {
  const test = suite(`fuzz-rest [${target.name}]`);
  let s: TestServer;

  test.before(async () => {
    announce('fuzz-rest', `${target.name} (${REQUESTS} requests, seed ${SEED})`);
    // Cheaper Argon2 here only: thousands of login attempts each verify a hash.
    s = await startTestServer(target, { env: { JWT_SECRET: TEST_JWT_SECRET, ...NO_LIMITS, ARGON2_MEMORY_KIB: '8192', ARGON2_TIME_COST: '1' }, logLevel: 'info' });
  });
  test.after(async () => {
    await s?.dispose();
  });

  test('random and malformed requests: no 5xx, one error shape, nothing stored that should not be', async () => {
    const fuzzer = await register(s.url);
    let token = fuzzer.accessToken;
    const db = s.services.database.db;
    const count = async (table: 'users' | 'venues') => Number((await db.selectFrom(table).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    const usersBefore = await count('users');
    const reqs = generate(SEED, REQUESTS, fuzzer.user.id);
    const seen = { nul: reqs.filter((q) => q.hasNul).length, encoding: reqs.filter((q) => q.encoding && q.body !== undefined).length, hostile: reqs.filter((q) => Buffer.isBuffer(q.body) && !q.encoding).length };
    const statuses = new Map<number, number>();
    let registered = 0;
    let deletedSelf = 0;
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < reqs.length) {
        const q = reqs[next++]!;
        const headers: Record<string, string> = {};
        if (q.body !== undefined && q.contentType) headers['content-type'] = q.contentType;
        if (q.body !== undefined && q.encoding) headers['content-encoding'] = q.encoding;
        if (q.auth === 'token') headers.authorization = `Bearer ${token}`;
        if (q.auth === 'garbage') headers.authorization = `Bearer ${token.slice(0, -4)}AAAA`;
        const res = await fetch(s.url + q.path, { method: q.method, headers, body: q.body as any });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const shown = () => `${q.method} ${q.path}${q.encoding ? ` [content-encoding ${q.encoding}]` : ''} ${String(q.body).slice(0, 200)} → ${text.slice(0, 200)}`;
        if (res.status >= 500) failures.push(`${res.status} ${shown()}`);
        if (q.hasNul && res.status < 400) failures.push(`a NUL was accepted: ${res.status} ${shown()}`);
        if (q.hasNul && res.status === 400 && !/validation_failed|invalid_json/.test(text)) failures.push(`a NUL got another 400: ${shown()}`);
        if (res.status >= 400) {
          let ok = false;
          try {
            const j = JSON.parse(text);
            ok = typeof j.error?.code === 'string' && typeof j.error?.message === 'string' && !/\n\s+at /.test(text);
          } catch {}
          if (!ok) failures.push(`bad error shape ${res.status} ${q.method} ${q.path}: ${text.slice(0, 200)}`);
        }
        if (q.path === '/api/auth/register' && res.status === 201) registered++;
        if (q.path === '/api/me' && q.method === 'DELETE' && res.status === 204) deletedSelf++;
        if (q.path === '/api/auth/logout-all' && res.status === 204) {
          const l = await fetch(s.url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: fuzzer.username, password: fuzzer.password }) });
          token = ((await l.json()) as any).accessToken;
        }
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    console.log(`  [fuzz-rest] ${target.name}: ${reqs.length} requests in ${Math.round(performance.now() - t0)} ms, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}, ${registered} registrations`);
    assert.equal(failures.slice(0, 10), [], failures.slice(0, 10).join('\n'));
    assert.is(deletedSelf, 0, 'the fuzzer never knew its password in a DELETE');
    assert.ok(registered > 0, 'some nearly-valid registrations got through');
    assert.is(await count('users'), usersBefore + registered, 'users grew by exactly the successful registrations');
    assert.is(await count('venues'), 0, 'no venue without an admin');
    const me = await db.selectFrom('users').select(['roles', 'location_sharing', 'location_lat', 'location_lon', 'totp_enabled']).where('id', '=', fuzzer.user.id).executeTakeFirstOrThrow();
    assert.equal(me.roles, ['player'], 'no role escalation');
    assert.is(me.totp_enabled, false);
    if (!me.location_sharing) assert.equal([me.location_lat, me.location_lon], [null, null], 'no location stored without consent');
    else if (me.location_lat !== null) assert.ok(Math.abs(me.location_lat) <= 90 && Math.abs(me.location_lon!) <= 180 && Math.round(me.location_lat * 100) === me.location_lat * 100);
    const others = await db.selectFrom('users').select(['roles']).where('id', '!=', fuzzer.user.id).execute();
    assert.ok(others.every((u) => u.roles.length === 1 && u.roles[0] === 'player'), 'no registration chose its roles');
    assert.is((await fetch(s.url + '/healthz')).status, 200);
    assert.not.ok(s.logs.some((l) => l.includes('"request failed"')), 'no 500 logged');
    assert.equal(s.logs.filter((l) => JSON.parse(l).level >= 50).slice(0, 3), [], 'nothing logged at error level');
    for (const mode of ['nul', 'encoding', 'hostile'] as const) assert.ok(seen[mode] > 0, `the generator produced ${mode} requests`);
  });

  test.run();
}
