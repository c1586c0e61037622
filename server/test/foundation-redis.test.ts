// With REDIS_URL set the server uses Colyseus' RedisPresence and RedisDriver: /readyz checks Redis, a
// room created through the SDK is registered in Redis and joinable by a second client, and the process
// removes its rooms from Redis when it stops. Runs only when REDIS_URL is set (fails in CI if unreachable).
import { Room, type Client as RoomClient } from '@colyseus/core';
import { Client } from '@colyseus/sdk';
import { Redis } from 'ioredis';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { plugins as productPlugins } from '../src/plugins.ts';
import { dbTargets } from './helpers/db.ts';
import { announce, redisUrl } from './helpers/env.ts';
import { http, startTestServer } from './helpers/server.ts';

class EchoRoom extends Room {
  override maxClients = 2;
  override onCreate() {
    this.onMessage('echo', (client: RoomClient, msg: unknown) => this.broadcast('echo', { from: client.sessionId, msg }));
  }
}

const url = await redisUrl();
if (!url) {
  test('redis suite skipped: REDIS_URL is not set', () => {
    console.log('  [foundation-redis] REDIS_URL not set: Redis suite skipped');
  });
} else {
  test('RedisPresence + RedisDriver: readiness, create and join a room through the SDK, clean stop', async () => {
    // The database target the rest of the run uses: Postgres when configured (as in CI), else PGlite.
    const targets = await dbTargets();
    const target = targets[targets.length - 1]!;
    announce('foundation-redis', `redis + ${target.name}`);
    const server = await startTestServer(target, {
      env: { REDIS_URL: url },
      plugins: { ...productPlugins, rooms: ({ gameServer }) => void gameServer.define('echo', EchoRoom) },
    });
    const redis = new Redis(url, { lazyConnect: true });
    await redis.connect();
    let disposed = false;
    try {
      assert.ok(server.logs.some((l) => l.includes('"presence":"redis"')), 'the server says it uses Redis presence');
      const ready = await http(server.url, 'GET', '/readyz');
      assert.is(ready.status, 200, ready.text);
      assert.equal(ready.body.checks, { database: 'ok', redis: 'ok' });

      const a = new Client(server.url);
      const b = new Client(server.url);
      const roomA = await a.create('echo');
      // The driver keeps the room's listing in Redis, where other processes find it.
      const cached = await redis.hget('roomcaches', roomA.roomId);
      assert.ok(cached, 'the room is listed in Redis');
      assert.is(JSON.parse(cached!).name, 'echo');

      const roomB = await b.joinById(roomA.roomId);
      assert.is(roomB.roomId, roomA.roomId);
      const gotB = new Promise<any>((r) => roomB.onMessage('echo', r));
      const gotA = new Promise<any>((r) => roomA.onMessage('echo', r));
      roomA.send('echo', 'break');
      assert.equal(await gotB, { from: roomA.sessionId, msg: 'break' });
      assert.equal(await gotA, { from: roomA.sessionId, msg: 'break' });
      await roomB.leave();
      await roomA.leave();

      // Redis going away at run time makes the process unready, naming redis.
      await server.services.redis!.disconnect();
      const down = await http(server.url, 'GET', '/readyz');
      assert.is(down.status, 503);
      assert.equal(down.body.down, ['redis']);

      const roomC = await a.create('echo');
      await server.dispose();
      disposed = true;
      assert.is(await redis.hget('roomcaches', roomC.roomId), null, 'a stopped process leaves no rooms behind in Redis');
    } finally {
      if (!disposed) await server.dispose().catch(() => {});
      redis.disconnect();
    }
  });
}

test.run();
