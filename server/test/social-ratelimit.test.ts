// Issue 18: per-user rate limits on the social actions that reach another person. With
// FRIEND_REQUESTS_PER_WINDOW=3 and CHALLENGES_PER_WINDOW=2, a user's fourth friend request and third
// challenge in the window get 429 `rate_limited` in the one error shape with Retry-After, and store
// nothing; another user is not affected; a request refused by validation still counts (the limit is on
// attempts, so probing cannot go around it). On PGlite, and Postgres when DATABASE_URL is set.
import { sql } from 'kysely';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, register, TEST_JWT_SECRET } from './accounts-helpers.ts';
import { dbTargets } from './helpers/db.ts';
import { announce } from './helpers/env.ts';
import { http, startTestServer } from './helpers/server.ts';
import { befriend } from './social-helpers.ts';

for (const target of await dbTargets()) {
  test(`friend requests and challenges are limited per user (${target.name})`, async () => {
    announce('social-ratelimit', target.name);
    const s = await startTestServer(target, {
      env: { JWT_SECRET: TEST_JWT_SECRET, AUTH_RATE_LIMIT_PER_IP: '1000000', AUTH_RATE_LIMIT_PER_ACCOUNT: '1000000', FRIEND_REQUESTS_PER_WINDOW: '3', CHALLENGES_PER_WINDOW: '2', SOCIAL_RATE_WINDOW_S: '600' },
      logLevel: 'warn',
    });
    try {
      const count = async (table: string) => Number(((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(s.services.database.db)).rows[0]!).n);
      const [a, b, c, d, e, f] = await Promise.all(Array.from({ length: 6 }, () => register(s.url)));
      const api = (u: { accessToken: string }, method: string, path: string, body?: unknown) => http(s.url, method, path, body, bearer(u.accessToken));

      // Friend requests: a bad one (validation) counts, then two good ones, then the fourth is refused.
      assert.is((await api(a, 'POST', '/api/friends', { username: b.username, extra: 1 })).status, 400);
      assert.is((await api(a, 'POST', '/api/friends', { username: b.username })).status, 201);
      assert.is((await api(a, 'POST', '/api/friends', { username: c.username })).status, 201);
      const edges = await count('friendships');
      const notes = await count('notifications');
      const over = await api(a, 'POST', '/api/friends', { username: d.username });
      assert.is(over.status, 429);
      assert.is(over.body.error.code, 'rate_limited');
      assert.type(over.body.error.message, 'string');
      const retry = Number(over.headers.get('retry-after'));
      assert.ok(retry >= 1 && retry <= 600, `retry-after in seconds (${retry})`);
      assert.is(await count('friendships'), edges, 'the refused request stored nothing');
      assert.is(await count('notifications'), notes, 'and notified nobody');
      // Another user is not limited by a's attempts.
      assert.is((await api(e, 'POST', '/api/friends', { username: d.username })).status, 201);

      // Challenges: e and f are friends; f's two challenges pass (the second is refused as a duplicate
      // but counts), the third is limited.
      await befriend(s.url, f, { ...e, username: e.username }, f.user.id);
      assert.is((await api(f, 'POST', '/api/challenges', { username: e.username, game: '8ball', raceTo: 3 })).status, 201);
      assert.is((await api(f, 'POST', '/api/challenges', { username: e.username, game: '8ball', raceTo: 3 })).status, 409);
      const chals = await count('challenges');
      const limited = await api(f, 'POST', '/api/challenges', { username: e.username, game: '9ball', raceTo: 3 });
      assert.is(limited.status, 429);
      assert.is(limited.body.error.code, 'rate_limited');
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      assert.is(await count('challenges'), chals, 'nothing stored');
      // Reading is not limited.
      assert.is((await api(f, 'GET', '/api/challenges')).status, 200);
      assert.is((await api(a, 'GET', '/api/friends')).status, 200);
      // e, challenged, may still challenge (its own counter).
      assert.is((await api(e, 'POST', '/api/challenges', { username: f.username, game: '9ball', raceTo: 3 })).status, 201);
    } finally {
      await s.dispose();
    }
  });
}

test.run();
