// Auth rate limits: per account (the login named in the body) and per client IP, answering 429 with
// Retry-After and our error shape; in memory on PGlite, and in Redis (shared by every process) when
// REDIS_URL is set — the Redis run checks its counters really are in Redis.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dbTargets, type DbTarget } from './helpers/db.ts';
import { announce, redisUrl } from './helpers/env.ts';
import { http, startTestServer, type TestServer } from './helpers/server.ts';
import { TEST_JWT_SECRET } from './accounts-helpers.ts';

const PER_IP = 8;
const PER_ACCOUNT = 3;

const targets = await dbTargets();
const redis = await redisUrl();
const runs: { target: DbTarget; redis: string | null }[] = [{ target: targets[0]!, redis: null }];
const pgTarget = targets.find((t) => t.name === 'postgres');
if (pgTarget) runs.push({ target: pgTarget, redis });
else if (redis) runs.push({ target: targets[0]!, redis });

for (const run of runs) {
  const storeName = run.redis ? 'redis store' : 'memory store';
  const test = suite(`accounts-ratelimit [${run.target.name}, ${storeName}]`);
  const prefix = `dojopool-test:rl:${randomBytes(4).toString('hex')}:`;
  let s: TestServer;
  let base = '';

  test.before(async () => {
    announce('accounts-ratelimit', `${run.target.name} with the ${storeName}`);
    s = await startTestServer(run.target, {
      env: {
        JWT_SECRET: TEST_JWT_SECRET,
        AUTH_RATE_LIMIT_PER_IP: String(PER_IP),
        AUTH_RATE_LIMIT_PER_ACCOUNT: String(PER_ACCOUNT),
        AUTH_RATE_WINDOW_S: '60',
        RATE_LIMIT_REDIS_PREFIX: prefix,
        ...(run.redis ? { REDIS_URL: run.redis } : {}),
      },
    });
    base = s.url;
  });
  test.after(async () => {
    await s?.dispose();
  });

  test('per account, then per IP: 429 with Retry-After and the error shape', async () => {
    const login = (name: string) => http(base, 'POST', '/api/auth/login', { login: name, password: 'wrong password' });
    for (let i = 0; i < PER_ACCOUNT; i++) assert.is((await login('victim')).status, 401);
    const limited = await login('VICTIM');
    assert.is(limited.status, 429, limited.text);
    assert.is(limited.body.error.code, 'rate_limited');
    const retry = Number(limited.headers.get('retry-after'));
    assert.ok(retry >= 1 && retry <= 60, `Retry-After ${limited.headers.get('retry-after')}`);
    assert.ok(limited.headers.get('ratelimit-policy') || limited.headers.get('ratelimit'), 'standard RateLimit headers');
    // Another account from the same IP is not blocked by the first account's limit...
    assert.is((await login('bystander')).status, 401);
    // ...until the IP itself runs out (PER_ACCOUNT + 2 requests used so far), across every auth route.
    let n = PER_ACCOUNT + 2;
    while (n < PER_IP) {
      assert.is((await login(`other${n}`)).status, 401);
      n++;
    }
    const ipLimited = await http(base, 'POST', '/api/auth/register', { username: 'fresh-name', email: 'fresh@example.com', password: 'long enough password' });
    assert.is(ipLimited.status, 429, ipLimited.text);
    assert.is(ipLimited.body.error.code, 'rate_limited');
    assert.ok(Number(ipLimited.headers.get('retry-after')) >= 1);
    assert.is((await http(base, 'POST', '/api/auth/refresh', { refreshToken: 'x' })).status, 429);
    // Routes outside auth are not limited.
    assert.is((await http(base, 'GET', '/api/players/00000000-0000-4000-8000-000000000000')).status, 404);
    if (run.redis) {
      const r = new Redis(run.redis);
      try {
        const keys = await r.keys(`${prefix}*`);
        assert.ok(keys.length >= 2, `counters in Redis under ${prefix}: ${keys.join(', ')}`);
        await r.del(...keys);
      } finally {
        r.disconnect();
      }
      console.log(`  [accounts-ratelimit] Redis store verified (${prefix}*)`);
    }
  });

  test.run();
}
