// Issue 18 across processes: two real server processes (children, each with its own PUBLIC_ADDRESS,
// one JWT_SECRET, one Postgres database, one Redis). Two users, each talking to a different process,
// befriend, see each other's presence change when one joins a match within a second although the match
// room and the friend's `me` room live on different processes, message each other with delivery
// across processes, and find the history intact after reconnecting through the other process. A
// blocked user's message, challenge and presence are refused; a challenge accepted on one process
// seats both players at the new table. Needs REDIS_URL and DATABASE_URL (PGlite is single-process).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as pathJoin } from 'node:path';
import { WebSocket } from 'ws';
(globalThis as any).WebSocket ??= WebSocket;
import { Redis } from 'ioredis';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { postgresTarget, databaseUrl } from './helpers/db.ts';
import { announce, postgresUrl, redisUrl } from './helpers/env.ts';
import { sleep, waitFor } from './helpers/play.ts';
import { freePort, matchmake, startProcess, stopProcess, type Proc } from './helpers/processes.ts';
import { http } from './helpers/server.ts';
import { bearer, TEST_JWT_SECRET } from './accounts-helpers.ts';
import { Live } from './social-helpers.ts';

const redis = await redisUrl();
const pgUrl = await postgresUrl();

async function register(url: string, name: string) {
  const r = await http(url, 'POST', '/api/auth/register', { username: name, email: `${name}@example.test`, password: 'correct horse battery' });
  if (r.status !== 201) throw new Error(`register: ${r.status} ${r.text}`);
  return { id: r.body.user.id as string, token: r.body.accessToken as string, username: name };
}

if (!redis || !pgUrl) {
  console.log('  [social-redis] needs REDIS_URL and DATABASE_URL (two processes share one Postgres): skipped (CI sets both)');
} else {
  test('two processes: befriend, live presence within a second, messages across processes, history after reconnecting, blocks, a challenge', async () => {
    announce('social-redis', 'redis + postgres, two processes');
    const db = await postgresTarget(pgUrl).create({ migrate: false });
    await db.handle.close();
    const dataDir = mkdtempSync(pathJoin(tmpdir(), 'dojo-social-'));
    const env = { DATABASE_URL: databaseUrl(db.database), REDIS_URL: redis, JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: dataDir, AUTH_RATE_LIMIT_PER_IP: '100000', AUTH_RATE_LIMIT_PER_ACCOUNT: '100000' };
    const procs: Proc[] = [];
    const rooms: any[] = [];
    try {
      for (const port of [await freePort(), await freePort()]) procs.push(await startProcess(port, { ...env, PUBLIC_ADDRESS: `127.0.0.1:${port}` })); // the first runs the migrations alone
      const [p1, p2] = procs as [Proc, Proc];
      const tag = Date.now().toString(36).slice(-5);
      const a = await register(p1.url, `ra${tag}`);
      const b = await register(p2.url, `rb${tag}`);

      // Befriend: a asks on process 1, b accepts on process 2.
      assert.is((await http(p1.url, 'POST', '/api/friends', { username: b.username }, bearer(a.token))).status, 201);
      assert.is((await http(p2.url, 'POST', `/api/friends/${a.id}/accept`, undefined, bearer(b.token))).status, 200);

      // b's me room; a's table is made on the other process.
      const meB = await matchmake(p2.url, 'joinOrCreate', 'me', { token: b.token });
      rooms.push(meB.room);
      const lb = new Live(meB.room);
      const otherUrl = meB.address === p1.address ? p2.url : p1.url;
      // A second me room instance for a, on the other process: `create` picks the process with fewer
      // rooms by room counts each process publishes at most once a second, so make a few, a second
      // apart, keeping them open, and use one that landed there.
      const tries: Awaited<ReturnType<typeof matchmake>>[] = [];
      for (let i = 0; i < 8 && !tries.some((t) => t.address !== meB.address); i++) {
        if (i > 0) await sleep(1100);
        tries.push(await matchmake(otherUrl, 'create', 'me', { token: a.token }));
      }
      const meA = tries.find((t) => t.address !== meB.address) ?? tries[0]!;
      for (const t of tries) if (t !== meA) await t.room.leave(true);
      rooms.push(meA.room);
      assert.is.not(meA.address, meB.address, "a's and b's me rooms are on different processes");
      const la = new Live(meA.room);
      await lb.next('presence', (p) => p.userId === a.id && p.presence.status === 'online');
      // Online is a counter that expires unless a live `me` room refreshes it (a killed process's users go offline).
      const redisClient = new Redis(redis);
      const ttl = await redisClient.ttl(`dojopool:presence:online:${a.id}`);
      await redisClient.quit();
      assert.ok(ttl > 0 && ttl <= 90, `the online counter expires (ttl ${ttl} s)`);

      // A guest opens a table; whoever of the two has their friend's me room on the other process sits
      // down, so the presence change is published on one process and delivered on the other.
      const table = await matchmake(otherUrl, 'create', 'match', { game: '8ball', private: true, name: 'Host' });
      rooms.push(table.room);
      const [player, watcherMe] = table.address === meB.address ? [b, la] : [a, lb];
      console.log(`    me rooms on ${meB.address} (b) and ${meA.address} (a); the table on ${table.address}; ${player === a ? 'a' : 'b'} sits down`);
      let mark = watcherMe.mark();
      const t0 = Date.now();
      const seated = await matchmake(otherUrl, 'joinById', table.room.roomId, { token: player.token });
      rooms.push(seated.room);
      const seen = await watcherMe.next('presence', (p) => p.userId === player.id && p.presence.status === 'in_match' && p.presence.roomId === table.room.roomId, { from: mark });
      console.log(`    in_match reached the other process in ${seen.at - t0} ms`);
      assert.ok(seen.at - t0 < 1000, `within a second (${seen.at - t0} ms)`);
      assert.is.not(table.address, player === a ? meB.address : meA.address, "the table and the watching friend's me room are on different processes");
      mark = watcherMe.mark();
      await seated.room.leave(true);
      await watcherMe.next('presence', (p) => p.userId === player.id && p.presence.status === 'online', { from: mark });

      // Messages: sent through each process, delivered live to the other user.
      const toB = await http(p1.url, 'POST', `/api/messages/${b.id}`, { text: 'from a via 1' }, bearer(a.token));
      const toA = await http(p2.url, 'POST', `/api/messages/${a.id}`, { text: 'from b via 2' }, bearer(b.token));
      assert.is(toB.status, 201);
      assert.is(toA.status, 201);
      await lb.next('message', (m) => m.id === toB.body.message.id);
      await la.next('message', (m) => m.id === toA.body.message.id);

      // b reconnects through the other process: the history is there.
      await meB.room.leave(true);
      rooms.splice(rooms.indexOf(meB.room), 1);
      const meB2 = await matchmake(p1.url, 'joinOrCreate', 'me', { token: b.token });
      rooms.push(meB2.room);
      const lb2 = new Live(meB2.room);
      const hist = await http(p1.url, 'GET', `/api/messages/${a.id}`, undefined, bearer(b.token));
      assert.equal(hist.body.messages.map((m: any) => m.text), ['from a via 1', 'from b via 2']);
      assert.is((await http(p2.url, 'GET', '/api/messages', undefined, bearer(b.token))).body.conversations[0].unread, 0, 'b answered after a wrote: read');

      // A challenge accepted on process 2 seats both at a new table, wherever it was made.
      const ch = await http(p1.url, 'POST', '/api/challenges', { username: b.username, game: '9ball', raceTo: 2 }, bearer(a.token));
      assert.is(ch.status, 201);
      await lb2.next('notification', (n) => n.kind === 'challenge' && n.data.challenge.id === ch.body.challenge.id);
      const acc = await http(p2.url, 'POST', `/api/challenges/${ch.body.challenge.id}/accept`, undefined, bearer(b.token));
      assert.is(acc.status, 200);
      await la.next('notification', (n) => n.kind === 'challenge_accepted' && n.data.roomId === acc.body.roomId);
      const sa = await matchmake(p1.url, 'joinById', acc.body.roomId, { token: a.token });
      const sb = await matchmake(p2.url, 'joinById', acc.body.roomId, { token: b.token });
      rooms.push(sa.room, sb.room);
      await waitFor(() => sa.room.state?.phase === 'playing' && sb.room.state?.phase === 'playing', 5000, 'the challenge table starts');
      assert.equal(Array.from(sa.room.state.players).map((p: any) => p.userId).sort(), [a.id, b.id].sort());
      await sa.room.leave(true);
      await sb.room.leave(true);
      rooms.splice(rooms.indexOf(sa.room), 2);

      // b blocks a (on process 1): a's message, challenge and presence are refused across processes.
      mark = la.mark();
      assert.is((await http(p1.url, 'POST', `/api/friends/${a.id}/block`, undefined, bearer(b.token))).status, 200);
      await la.next('presence', (p) => p.userId === b.id && p.presence.status === 'offline', { from: mark });
      assert.is((await http(p2.url, 'POST', `/api/messages/${b.id}`, { text: 'hello?' }, bearer(a.token))).body.error.code, 'blocked');
      assert.is((await http(p2.url, 'POST', '/api/challenges', { username: b.username }, bearer(a.token))).body.error.code, 'blocked');
      mark = la.mark();
      const bTable = await matchmake(p2.url, 'create', 'match', { game: '8ball', private: true, token: b.token });
      rooms.push(bTable.room);
      assert.not.ok(await la.arrives('presence', (p) => p.userId === b.id, mark, 800), "b's table is not announced to a");
      mark = lb2.mark();
      const aTable = await matchmake(p1.url, 'create', 'match', { game: '8ball', private: true, token: a.token });
      rooms.push(aTable.room);
      assert.not.ok(await lb2.arrives('presence', (p) => p.userId === a.id, mark, 800), "nor a's to b");
    } finally {
      for (const r of rooms) await Promise.race([r.leave(true).catch(() => {}), sleep(1000)]);
      for (const p of procs) await stopProcess(p, 10_000);
      await db.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
  test.run();
}
