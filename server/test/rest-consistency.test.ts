// One validation path and one error shape for REST: every route meets the same class of mistake (a
// malformed UUID in the path, a bad limit/offset, an unknown query or body field, a NUL character, a
// missing or non-JSON body, a corrupt or unknown content-encoding) and must answer the same status and
// code, name the same field, store nothing, and log nothing at error level.
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { setRoles } from '../src/db/users.ts';
import { NUL_MESSAGE } from '../src/http/validate.ts';
import { bearer, NO_LIMITS, register, TEST_JWT_SECRET } from './accounts-helpers.ts';
import { dbTargets } from './helpers/db.ts';
import { announce } from './helpers/env.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

type Who = 'none' | 'player' | 'admin';
/** `required`: a field a missing body is named by (PATCH /me, whose fields are all optional, has none). */
type BodyRoute = { method: string; path: string; who: Who; valid: Record<string, unknown>; stringField?: string; required?: string };

const UUID = '00000000-0000-4000-8000-000000000000';

/** Every route that reads a body, with a body it would accept (or that fails later than validation). */
const BODY_ROUTES: BodyRoute[] = [
  { method: 'POST', path: '/api/auth/register', who: 'none', valid: { username: 'consistent', email: 'c@example.com', password: 'long enough password' }, stringField: 'username', required: 'username' },
  { method: 'POST', path: '/api/auth/login', who: 'none', valid: { login: 'nobody', password: 'whatever it is' }, stringField: 'login', required: 'login' },
  { method: 'POST', path: '/api/auth/refresh', who: 'none', valid: { refreshToken: 'abc' }, stringField: 'refreshToken', required: 'refreshToken' },
  { method: 'POST', path: '/api/auth/logout', who: 'none', valid: { refreshToken: 'abc' }, stringField: 'refreshToken', required: 'refreshToken' },
  { method: 'POST', path: '/api/auth/logout-all', who: 'player', valid: {} },
  { method: 'POST', path: '/api/auth/2fa/enrol', who: 'player', valid: {} },
  { method: 'POST', path: '/api/auth/2fa/confirm', who: 'player', valid: { code: '123456' }, stringField: 'code', required: 'code' },
  { method: 'POST', path: '/api/auth/2fa/disable', who: 'player', valid: { password: 'x', code: '123456' }, stringField: 'password', required: 'password' },
  { method: 'PATCH', path: '/api/me', who: 'player', valid: { displayName: 'Fine' }, stringField: 'displayName' },
  { method: 'DELETE', path: '/api/me', who: 'player', valid: { password: 'not the password' }, stringField: 'password', required: 'password' },
  { method: 'POST', path: `/api/admin/users/${UUID}/roles`, who: 'admin', valid: { grant: ['host'] } },
  { method: 'POST', path: '/api/venues', who: 'admin', valid: { name: 'Hall', address: '1 Road', lat: 1, lon: 1, tables: 2 }, stringField: 'name', required: 'name' },
  { method: 'POST', path: '/api/tournaments', who: 'admin', valid: { name: 'Cup', format: 'single_elimination', game: '8ball', raceTo: 3, maxPlayers: 8 }, stringField: 'name', required: 'name' },
  { method: 'POST', path: `/api/tournaments/${UUID}/start`, who: 'player', valid: {} },
  { method: 'POST', path: `/api/tournaments/${UUID}/pause`, who: 'player', valid: { reason: 'break' }, stringField: 'reason' },
  { method: 'POST', path: `/api/tournaments/${UUID}/players/${UUID}/disqualify`, who: 'player', valid: { reason: 'conduct' }, stringField: 'reason', required: 'reason' },
  { method: 'POST', path: `/api/tournaments/${UUID}/matches/W1-1/result`, who: 'player', valid: { winnerId: UUID, walkover: true, reason: 'absent' }, stringField: 'reason', required: 'winnerId' },
];

/** Every route with an :id in its path. */
const ID_ROUTES: { method: string; path: (id: string) => string; who: Who; body?: unknown }[] = [
  { method: 'GET', path: (id) => `/api/players/${id}`, who: 'none' },
  { method: 'GET', path: (id) => `/api/players/${id}/matches`, who: 'none' },
  { method: 'GET', path: (id) => `/api/matches/${id}`, who: 'none' },
  { method: 'GET', path: (id) => `/api/venues/${id}`, who: 'none' },
  { method: 'POST', path: (id) => `/api/admin/users/${id}/roles`, who: 'admin', body: { grant: ['host'] } },
  { method: 'GET', path: (id) => `/api/tournaments/${id}`, who: 'none' },
  { method: 'POST', path: (id) => `/api/tournaments/${id}/register`, who: 'player' },
  { method: 'DELETE', path: (id) => `/api/tournaments/${id}/register`, who: 'player' },
  { method: 'POST', path: (id) => `/api/tournaments/${id}/check-in`, who: 'player' },
  { method: 'POST', path: (id) => `/api/tournaments/${id}/start`, who: 'player', body: {} },
  { method: 'POST', path: (id) => `/api/tournaments/${id}/resume`, who: 'player', body: {} },
];

/** Every route that takes a query, with a query it accepts. */
const QUERY_ROUTES: { path: string; base: string; paged: boolean }[] = [
  { path: '/api/leaderboard', base: '', paged: true },
  { path: `/api/players/${UUID}/matches`, base: '', paged: true },
  { path: '/api/venues', base: 'lat=1&lon=1', paged: false },
  { path: '/api/tournaments', base: 'status=running', paged: true },
];

/** A class of mistake: what to send, and the one answer every route must give. */
type Case = { route: string; send: () => Promise<Response>; status: number; code: string; field?: string; fieldMessage?: string };

for (const target of await dbTargets()) {
  const test = suite(`rest-consistency [${target.name}]`);
  let s: TestServer;
  const tokens: Record<Who, string | null> = { none: null, player: null, admin: null };

  test.before(async () => {
    announce('rest-consistency', target.name);
    s = await startTestServer(target, { env: { JWT_SECRET: TEST_JWT_SECRET, ...NO_LIMITS }, logLevel: 'info' });
    tokens.player = (await register(s.url)).accessToken;
    const admin = await register(s.url);
    await setRoles(s.services.database.db, admin.user.id, ['player', 'admin']);
    tokens.admin = admin.accessToken;
  });
  test.after(async () => {
    await s?.dispose();
  });

  const send = (method: string, path: string, who: Who, body?: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(s.url + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(tokens[who] ? bearer(tokens[who]!) : {}), ...headers },
      body: body as any,
    });

  function cases(): Record<string, Case[]> {
    const out: Record<string, Case[]> = {};
    const add = (cls: string, c: Case) => (out[cls] ??= []).push(c);
    for (const r of ID_ROUTES) {
      const body = r.body === undefined ? undefined : JSON.stringify(r.body);
      const name = `${r.method} ${r.path(':id')}`;
      add('malformed UUID in the path', { route: name, send: () => send(r.method, r.path('not-a-uuid'), r.who, body), status: 400, code: 'validation_failed', field: 'id', fieldMessage: 'must be a UUID' });
      add('NUL in the path', { route: name, send: () => send(r.method, r.path('%00'), r.who, body), status: 400, code: 'validation_failed', field: 'id', fieldMessage: NUL_MESSAGE });
    }
    for (const q of QUERY_ROUTES) {
      const url = (extra: string) => `${q.path}?${[q.base, extra].filter(Boolean).join('&')}`;
      add('unknown query field', { route: q.path, send: () => send('GET', url('bogus=1'), 'none'), status: 400, code: 'validation_failed', field: 'bogus', fieldMessage: 'unknown field' });
      add('limit not a number', { route: q.path, send: () => send('GET', url('limit=abc'), 'none'), status: 400, code: 'validation_failed', field: 'limit', fieldMessage: 'must be a number' });
      add('limit below 1', { route: q.path, send: () => send('GET', url('limit=0'), 'none'), status: 400, code: 'validation_failed', field: 'limit', fieldMessage: 'must be at least 1' });
      add('limit not an integer', { route: q.path, send: () => send('GET', url('limit=1.5'), 'none'), status: 400, code: 'validation_failed', field: 'limit', fieldMessage: 'must be an integer' });
      if (q.paged) add('negative offset', { route: q.path, send: () => send('GET', url('offset=-1'), 'none'), status: 400, code: 'validation_failed', field: 'offset', fieldMessage: 'must be at least 0' });
      add('NUL in the query', { route: q.path, send: () => send('GET', url('limit=%00'), 'none'), status: 400, code: 'validation_failed', field: 'limit', fieldMessage: NUL_MESSAGE });
    }
    for (const r of BODY_ROUTES) {
      const name = `${r.method} ${r.path}`;
      const json = (b: unknown) => JSON.stringify(b);
      add('unknown body field', { route: name, send: () => send(r.method, r.path, r.who, json({ ...r.valid, bogus: 1 })), status: 400, code: 'validation_failed', field: 'bogus', fieldMessage: 'unknown field' });
      if (r.stringField)
        add('NUL in a string field', { route: name, send: () => send(r.method, r.path, r.who, json({ ...r.valid, [r.stringField!]: 'ab\u0000cd' })), status: 400, code: 'validation_failed', field: r.stringField, fieldMessage: NUL_MESSAGE });
      add('NUL in a nested string', { route: name, send: () => send(r.method, r.path, r.who, json({ ...r.valid, deep: { list: ['ok', 'x\u0000'] } })), status: 400, code: 'validation_failed', field: 'deep.list.1', fieldMessage: NUL_MESSAGE });
      add('NUL in a field name', { route: name, send: () => send(r.method, r.path, r.who, json({ ...r.valid, 'a\u0000b': 1 })), status: 400, code: 'validation_failed', field: 'a\\u0000b', fieldMessage: NUL_MESSAGE });
      add('body a JSON array', { route: name, send: () => send(r.method, r.path, r.who, '[]'), status: 400, code: 'validation_failed', field: 'body', fieldMessage: 'must be an object' });
      add('body not JSON', { route: name, send: () => send(r.method, r.path, r.who, '{"a":'), status: 400, code: 'invalid_json' });
      add('raw NUL byte in the JSON text', { route: name, send: () => send(r.method, r.path, r.who, '{"a":"x\u0000y"}'), status: 400, code: 'invalid_json' });
      add('corrupt gzip body', { route: name, send: () => send(r.method, r.path, r.who, Buffer.from('definitely not gzip'), { 'content-encoding': 'gzip' }), status: 400, code: 'invalid_encoding' });
      add('truncated gzip body', { route: name, send: () => send(r.method, r.path, r.who, gzipSync(json(r.valid)).subarray(0, 12), { 'content-encoding': 'gzip' }), status: 400, code: 'invalid_encoding' });
      add('corrupt brotli body', { route: name, send: () => send(r.method, r.path, r.who, Buffer.from([0xff, 0xff, 0xff, 0xff]), { 'content-encoding': 'br' }), status: 400, code: 'invalid_encoding' });
      add('corrupt deflate body', { route: name, send: () => send(r.method, r.path, r.who, Buffer.from('zz'), { 'content-encoding': 'deflate' }), status: 400, code: 'invalid_encoding' });
      add('unknown content-encoding', { route: name, send: () => send(r.method, r.path, r.who, json(r.valid), { 'content-encoding': 'x-bogus' }), status: 415, code: 'unsupported_encoding' });
      add('unknown charset', { route: name, send: () => send(r.method, r.path, r.who, json(r.valid), { 'content-type': 'application/json; charset=x-klingon' }), status: 415, code: 'unsupported_encoding' });
      if (r.required)
        add('missing body', { route: name, send: () => send(r.method, r.path, r.who), status: 400, code: 'validation_failed', field: r.required, fieldMessage: 'is required' });
    }
    return out;
  }

  test('every route answers the same status, code and field for the same class of mistake', async () => {
    const count = async (table: 'users' | 'venues' | 'refresh_tokens') => Number((await s.services.database.db.selectFrom(table).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    const before = { users: await count('users'), venues: await count('venues'), sessions: await count('refresh_tokens') };
    const mismatches: string[] = [];
    let n = 0;
    for (const [cls, list] of Object.entries(cases())) {
      for (const c of list) {
        n++;
        const res = await c.send();
        const text = await res.text();
        let body: any;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        const got = `${res.status} ${body?.error?.code}${c.field ? ` ${c.field}=${body?.error?.fields?.[c.field]}` : ''}`;
        const want = `${c.status} ${c.code}${c.field ? ` ${c.field}=${c.fieldMessage}` : ''}`;
        if (got !== want) mismatches.push(`[${cls}] ${c.route}: want ${want}, got ${got} (${text.slice(0, 160)})`);
        if (typeof body?.error?.message !== 'string') mismatches.push(`[${cls}] ${c.route}: not our error shape: ${text.slice(0, 160)}`);
      }
    }
    assert.equal(mismatches, [], mismatches.join('\n'));
    assert.ok(n > 150, `${n} cases`);
    assert.equal({ users: await count('users'), venues: await count('venues'), sessions: await count('refresh_tokens') }, before, 'nothing stored');
    const errors = s.logs.filter((l) => JSON.parse(l).level >= 50);
    assert.equal(errors, [], 'nothing logged at error level');
    // The tokens still work: no mistake signed anyone out.
    assert.is((await send('GET', '/api/me', 'player')).status, 200);
  });

  test.run();
}
