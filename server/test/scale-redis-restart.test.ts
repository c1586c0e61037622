// Issue 17: Redis restarting empty mid-match must not leave a live room unreachable. Two game
// processes share a private redis-server; a match is played on one; Redis is killed and started again
// empty on the same port (every listing gone); within a few seconds each process's hosting round
// re-lists its rooms, a spectator joins the match by id through the other process, and the players
// play on.
import { WebSocket } from 'ws';
(globalThis as any).WebSocket ??= WebSocket;
import { Redis } from 'ioredis';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { postgresTarget, databaseUrl } from './helpers/db.ts';
import { announce } from './helpers/env.ts';
import { join, joinRetrying, playTurn, sleep, waitFor, type Seat } from './helpers/play.ts';
import { freePort, multiProcessPostgres, startProcess, startRedis, stopProcess, type Proc } from './helpers/processes.ts';

const pgBase = await multiProcessPostgres('scale-redis-restart', 'redis restart');

if (pgBase) {
  test('Redis restarting empty mid-match: the room is listed again and reachable through another process', async () => {
    announce('scale-redis-restart', 'postgres + a private redis-server, 2 processes');
    const db = await postgresTarget(pgBase).create({ migrate: true });
    await db.handle.close();
    let redisSrv = await startRedis();
    const ports = [await freePort(), await freePort()];
    const procs: Proc[] = [];
    const seats: Seat[] = [];
    try {
      for (const port of ports)
        procs.push(await startProcess(port, { DATABASE_URL: databaseUrl(db.database), REDIS_URL: redisSrv.url, PUBLIC_ADDRESS: `127.0.0.1:${port}`, LEASE_TTL_S: '4', SHOT_CLOCK_S: '600', DATA_DIR: `/tmp/dojo-rr-${port}` }));
      const a = await join(procs[0]!.url, 'create', 'match', { game: '8ball', name: 'Ann', shotClockS: 600 });
      const b = await join(procs[0]!.url, 'joinById', a.room.roomId, { name: 'Bo' });
      seats.push(a, b);
      await waitFor(() => a.state.phase === 'playing', 8000, 'playing');
      const roomId = a.room.roomId;

      // A marker shows the restart emptied Redis: the room's listing cannot, since the host may list it
      // again within milliseconds of Redis coming back (seen once in the full suite, before this check ran).
      const pre = new Redis(redisSrv.url);
      await pre.set('scale-redis-restart:marker', '1');
      assert.is(await pre.hexists('roomcaches', roomId), 1, 'the room is listed before the restart');
      pre.disconnect();
      await redisSrv.stop();
      redisSrv = await startRedis(redisSrv.port);
      const check = new Redis(redisSrv.url);
      try {
        assert.is(await check.exists('scale-redis-restart:marker'), 0, 'Redis came back empty');
        const t0 = Date.now();
        for (;;) {
          if (await check.hexists('roomcaches', roomId)) break;
          if (Date.now() - t0 > 20_000) throw new Error('the room was not listed again within 20 s');
          await sleep(200);
        }
        console.log(`  [scale-redis-restart] room listed again ${Date.now() - t0} ms after Redis came back`);
        // Listed again by the host's hosting round (Colyseus re-lists only after its own health check swept a process).
        await waitFor(() => procs.some((p) => p.out.join('').includes('missing from the matchmaker listing: listed again')), 5000, 'the host says it re-listed its room');
      } finally {
        check.disconnect();
      }
      // Reachable through the other process (its seat reservation crosses Redis to the host).
      const watcher = await joinRetrying(procs[1]!.url, roomId, { spectate: true }, 26, 200);
      seats.push(watcher);
      const before = a.state.shotSeq;
      const shooter = a.state.turn === 0 ? a : b;
      playTurn(shooter.state, shooter);
      await waitFor(() => watcher.state.shotSeq > before, 8000, 'the spectator sees the next shot');
    } catch (e) {
      for (const p of procs) console.log(`---- ${p.address} ----\n${p.out.join('').split('\n').filter((l) => /"level":(40|50|60)/.test(l)).slice(-20).join('\n')}`);
      throw e;
    } finally {
      for (const s of seats) await Promise.race([s.room.leave().catch(() => {}), sleep(2000)]);
      await Promise.all(procs.map((p) => stopProcess(p)));
      await redisSrv.stop();
      await db.dispose();
    }
  });
}

test.run();
