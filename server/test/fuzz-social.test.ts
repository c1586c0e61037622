// Fuzzing the social routes with a seeded generator (as fuzz-rest does for accounts): random,
// malformed and nearly-valid requests from one player against friends, strangers, a clan they are
// not in, messages and challenges. Invariants: no 5xx, every error in our shape, the server stays up,
// and nothing is stored that should not be: the fuzzer's messages only reach their one friend (or a
// clan they lead), they never get a role in someone else's invite-only clan, nobody becomes their
// friend without accepting, their challenges only go to that friend, and nothing reaches the
// moderation log or suspends anyone.
import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dbTargets } from './helpers/db.ts';
import { announce } from './helpers/env.ts';
import { http, startTestServer, type TestServer } from './helpers/server.ts';
import { bearer, NO_LIMITS, prng, register, TEST_JWT_SECRET } from './accounts-helpers.ts';
import { befriend } from './social-helpers.ts';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 800);
const CONCURRENCY = 6;
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

const ROUTES: [string, string][] = [
  ['GET', '/api/friends'],
  ['POST', '/api/friends'],
  ['POST', '/api/friends/:user/accept'],
  ['DELETE', '/api/friends/:user'],
  ['POST', '/api/friends/:user/block'],
  ['DELETE', '/api/friends/:user/block'],
  ['GET', '/api/users/search'],
  ['GET', '/api/presence'],
  ['PUT', '/api/presence'],
  ['GET', '/api/messages'],
  ['GET', '/api/messages/:user'],
  ['POST', '/api/messages/:user'],
  ['POST', '/api/messages/:user/read'],
  ['PUT', '/api/messages/:user/mute'],
  ['POST', '/api/reports'],
  ['POST', '/api/clans'],
  ['GET', '/api/clans/leaderboard'],
  ['GET', '/api/clans/:clan'],
  ['PATCH', '/api/clans/:clan'],
  ['DELETE', '/api/clans/:clan'],
  ['POST', '/api/clans/:clan/join'],
  ['POST', '/api/clans/:clan/invite'],
  ['DELETE', '/api/clans/:clan/requests/:user'],
  ['PATCH', '/api/clans/:clan/members/:user'],
  ['DELETE', '/api/clans/:clan/members/:user'],
  ['POST', '/api/clans/:clan/leave'],
  ['GET', '/api/clans/:clan/messages'],
  ['POST', '/api/clans/:clan/messages'],
  ['POST', '/api/clans/:clan/messages/read'],
  ['PUT', '/api/clans/:clan/messages/mute'],
  ['GET', '/api/notifications'],
  ['POST', '/api/notifications/:uuid/read'],
  ['POST', '/api/notifications/read-all'],
  ['GET', '/api/challenges'],
  ['POST', '/api/challenges'],
  ['POST', '/api/challenges/:uuid/accept'],
  ['DELETE', '/api/challenges/:uuid'],
  ['GET', '/api/admin/reports'],
  ['DELETE', '/api/admin/messages/:msg'],
  ['POST', '/api/admin/users/:user/suspend'],
  ['DELETE', '/api/admin/users/:user/suspend'],
  ['GET', '/api/admin/moderation-log'],
];
const FIELDS = ['username', 'text', 'name', 'tag', 'open', 'description', 'role', 'game', 'raceTo', 'mode', 'muted', 'upTo', 'appearOffline', 'reason', 'userId', 'messageId', '__proto__', 'constructor', 'limit'];
const STRINGS = ['', ' ', 'a', 'ab', 'abc', 'leader', 'officer', 'member', '8ball', '9ball', 'ranked', 'casual', "' OR '1'='1", "'); DROP TABLE clans;--", '\u0000', '\u202Eevil', '😀🎱', 'x'.repeat(600), 'Cue Club', 'CUE', '00000000-0000-4000-8000-000000000000', '<script>alert(1)</script>', '%00', '-1', '1e309', 'true', 'null', '{}', '99999999999999999999'];
const NUMBERS = [0, -1, 1, 2, 3, 21, 22, 1e308, -(2 ** 31), 2 ** 53, 0.5, NaN];
const QUERY_KEYS = ['before', 'limit', 'offset', 'q', 'unread', 'x'];

type Req = { method: string; path: string; body?: string; contentType?: string; auth: 'none' | 'token' | 'garbage' };

for (const target of await dbTargets()) {
  const test = suite(`fuzz-social [${target.name}]`);
  let s: TestServer;

  test.before(async () => {
    announce('fuzz-social', `${target.name} (${REQUESTS} requests, seed ${SEED})`);
    s = await startTestServer(target, { env: { JWT_SECRET: TEST_JWT_SECRET, ...NO_LIMITS }, logLevel: 'info' });
  });
  test.after(async () => {
    await s?.dispose();
  });

  test('random and malformed social requests: no 5xx, one error shape, nothing stored that should not be', async () => {
    const db = s.services.database.db;
    const [fuzzer, friend, stranger, leader] = [await register(s.url), await register(s.url), await register(s.url), await register(s.url)];
    await befriend(s.url, fuzzer, friend, fuzzer.user.id);
    const clan = await http(s.url, 'POST', '/api/clans', { name: 'Closed Shop', tag: 'SHUT', open: false }, bearer(leader.accessToken));
    const clanId = clan.body.clan.id as string;
    const leaderMsg = (await http(s.url, 'POST', `/api/clans/${clanId}/messages`, { text: 'members only' }, bearer(leader.accessToken))).body.message.id as string;
    const friendMsg = (await http(s.url, 'POST', `/api/messages/${fuzzer.user.id}`, { text: 'hi fuzzer' }, bearer(friend.accessToken))).body.message.id as string;

    const r = prng(SEED);
    const value = (depth: number): unknown => {
      const k = r.int(0, depth > 2 ? 3 : 6);
      if (k === 0) return null;
      if (k === 1) return r.next() < 0.5;
      if (k === 2) return r.pick(NUMBERS);
      if (k === 3) return r.pick(STRINGS);
      if (k === 4) return Array.from({ length: r.int(0, 3) }, () => value(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = r.int(0, 4); i > 0; i--) o[r.pick(FIELDS)] = value(depth + 1);
      return o;
    };
    const users = [friend.user.id, stranger.user.id, leader.user.id, fuzzer.user.id, '00000000-0000-4000-8000-000000000000', 'nope', "1' OR '1'='1", '%2e%2e'];
    const usernames = [friend.username, stranger.username, leader.username, fuzzer.username, friend.username.toUpperCase(), 'nobody'];
    const nearlyValid = (template: string): Record<string, unknown> => {
      const base: Record<string, Record<string, unknown>> = {
        '/api/friends': { username: r.pick(usernames) },
        '/api/messages/:user': { text: `hello ${r.int(0, 99)}` },
        '/api/clans/:clan/messages': { text: 'let me in' },
        '/api/clans': { name: `Fuzz ${r.int(0, 30)}`, tag: `F${r.int(0, 30)}`, open: r.next() < 0.5 },
        '/api/clans/:clan': { open: true, name: 'Taken Over' },
        '/api/clans/:clan/invite': { username: r.pick(usernames) },
        '/api/clans/:clan/members/:user': { role: r.pick(['leader', 'officer', 'member']) },
        '/api/challenges': { username: r.pick(usernames), game: r.pick(['8ball', '9ball', '10ball']), raceTo: r.int(0, 5) },
        '/api/reports': { messageId: r.pick([leaderMsg, friendMsg, '1']), reason: 'spam' },
        '/api/presence': { appearOffline: r.next() < 0.5 },
        '/api/messages/:user/mute': { muted: true },
        '/api/admin/users/:user/suspend': { reason: 'fuzz' },
      };
      const b = { ...(base[template] ?? {}) };
      for (let m = r.int(0, 2); m > 0; m--) {
        const key = r.next() < 0.6 && Object.keys(b).length ? r.pick(Object.keys(b)) : r.pick(FIELDS);
        if (r.next() < 0.3) delete b[key];
        else b[key] = value(1);
      }
      return b;
    };
    const reqs: Req[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const [method, template] = r.pick(ROUTES);
      let path = template
        .replace(':user', encodeURIComponent(r.pick(users)))
        .replace(':clan', encodeURIComponent(r.pick([clanId, clanId, '00000000-0000-4000-8000-000000000000', 'x'])))
        .replace(':uuid', encodeURIComponent(r.pick(['00000000-0000-4000-8000-000000000000', 'abc', ''])))
        .replace(':msg', encodeURIComponent(r.pick([leaderMsg, friendMsg, '0', '-1', 'abc', '99999999999999999999'])));
      if (method === 'GET' && r.next() < 0.6) path += '?' + Array.from({ length: r.int(1, 3) }, () => `${r.pick(QUERY_KEYS)}=${encodeURIComponent(String(r.next() < 0.5 ? r.pick(NUMBERS) : r.pick(STRINGS)))}`).join('&');
      const mode = r.int(0, 9);
      let body: string | undefined;
      let contentType: string | undefined = 'application/json';
      if (mode <= 4) body = JSON.stringify(nearlyValid(template));
      else if (mode <= 7) body = JSON.stringify(value(0));
      else if (mode === 8) body = r.pick(['{', '{"text":', '[]]', 'null', '"str"', '{"__proto__": {"role": "leader"}}', '{"a":1}garbage']);
      else {
        body = JSON.stringify(value(0));
        contentType = r.pick(['text/plain', undefined]);
      }
      if (method === 'GET') body = undefined;
      reqs.push({ method, path, body, contentType, auth: r.pick(['none', 'token', 'token', 'token', 'garbage'] as const) });
    }

    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < reqs.length) {
        const q = reqs[next++]!;
        const headers: Record<string, string> = {};
        if (q.body !== undefined && q.contentType) headers['content-type'] = q.contentType;
        if (q.auth === 'token') headers.authorization = `Bearer ${fuzzer.accessToken}`;
        if (q.auth === 'garbage') headers.authorization = `Bearer ${fuzzer.accessToken.slice(0, -4)}AAAA`;
        const res = await fetch(s.url + q.path, { method: q.method, headers, body: q.body });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) failures.push(`${res.status} ${q.method} ${q.path} ${String(q.body).slice(0, 200)} → ${text.slice(0, 200)}`);
        if (res.status >= 400) {
          let ok = false;
          try {
            const j = JSON.parse(text);
            ok = typeof j.error?.code === 'string' && typeof j.error?.message === 'string' && !/\n\s+at /.test(text);
          } catch {}
          if (!ok) failures.push(`bad error shape ${res.status} ${q.method} ${q.path}: ${text.slice(0, 200)}`);
        }
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    console.log(`  [fuzz-social] ${target.name}: ${reqs.length} requests in ${Math.round(performance.now() - t0)} ms, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    assert.equal(failures.slice(0, 10), [], failures.slice(0, 10).join('\n'));
    const ok2xx = [...statuses].filter(([k]) => k < 300).reduce((t, [, n]) => t + n, 0);
    assert.ok(ok2xx > REQUESTS / 20, `enough requests got through to exercise the routes (${ok2xx})`);

    const F = fuzzer.user.id;
    const ownClan = await db.selectFrom('clan_members').select(['clan_id', 'role']).where('user_id', '=', F).executeTakeFirst();
    const strayDm = await db.selectFrom('messages').select('id').where('sender_id', '=', F).where('recipient_id', 'is not', null).where('recipient_id', '<>', friend.user.id).execute();
    assert.equal(strayDm, [], "the fuzzer's direct messages reach only their friend");
    const clanMsgs = await db.selectFrom('messages').select('clan_id').where('sender_id', '=', F).where('clan_id', 'is not', null).execute();
    assert.ok(clanMsgs.every((m) => ownClan && m.clan_id === ownClan.clan_id), 'clan messages only in a clan of their own');
    assert.ok(!ownClan || ownClan.clan_id !== clanId, "never a member of someone else's invite-only clan");
    const shut = await db.selectFrom('clans').select(['open', 'name']).where('id', '=', clanId).executeTakeFirstOrThrow();
    assert.equal(shut, { open: false, name: 'Closed Shop' }, 'the closed clan is unchanged');
    assert.equal((await db.selectFrom('clan_members').select(['user_id', 'role']).where('clan_id', '=', clanId).execute()), [{ user_id: leader.user.id, role: 'leader' }]);
    const friends = await db.selectFrom('friendships').select(['other_id']).where('user_id', '=', F).where('state', '=', 'friend').execute();
    assert.ok(friends.every((f) => f.other_id === friend.user.id), 'nobody became a friend without accepting');
    const chal = await db.selectFrom('challenges').select(['to_id', 'status']).where('from_id', '=', F).execute();
    assert.ok(chal.every((c) => c.to_id === friend.user.id), 'challenges only to the friend');
    assert.is(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM moderation_log`.execute(db)).rows[0]!.n), 0, 'no moderation without an admin');
    assert.is(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM users WHERE suspended_at IS NOT NULL`.execute(db)).rows[0]!.n), 0, 'nobody suspended');
    assert.ok((await db.selectFrom('messages').select('deleted_at').where('id', 'in', [leaderMsg, friendMsg]).execute()).every((m) => m.deleted_at === null), 'no message deleted');
    assert.is((await fetch(s.url + '/healthz')).status, 200);
    assert.not.ok(s.logs.some((l) => l.includes('"request failed"')), 'no 500 logged');
    assert.equal(s.logs.filter((l) => JSON.parse(l).level >= 50).slice(0, 3), [], 'nothing logged at error level');
  });

  test.run();
}
