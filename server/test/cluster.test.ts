// Issue 17: three real server processes on one Postgres database and one Redis (a private
// redis-server), each with its own PUBLIC_ADDRESS and no JWT_SECRET (the key is shared through the
// database). Clients entering through every process create, join and spectate rooms hosted by the
// others, by private code and by quick play; the ranked queue is one room for the whole cluster and
// pairs players who queued through different processes; the ranked match's host is killed with
// SIGKILL mid-match, a survivor adopts it under the same room id within 60 s, GET /api/matches/:id
// names the new host, both players rejoin through survivors and play on; the dead process's listings
// stop sending clients anywhere; the match is finished and stored exactly once, with one
// match.finished event on the cluster's channel.
import { WebSocket } from 'ws';
(globalThis as any).WebSocket ??= WebSocket;
import { Client } from '@colyseus/sdk';
import { Redis } from 'ioredis';
import pg from 'pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NO_LIMITS, register } from './accounts-helpers.ts';
import { postgresTarget, databaseUrl } from './helpers/db.ts';
import { announce } from './helpers/env.ts';
import { join, playTurn, pollMatch, sleep, waitFor, Seat } from './helpers/play.ts';
import { freePort, listings, multiProcessPostgres, startProcess, startRedis, stopProcess, type Proc } from './helpers/processes.ts';
import { http } from './helpers/server.ts';
import { MATCH_EVENTS_CHANNEL } from '../src/services/match-events.ts';

const pgBase = await multiProcessPostgres('cluster', 'cluster');
const t00 = Date.now();
const step = (what: string) => console.log(`  [cluster] ${((Date.now() - t00) / 1000).toFixed(1)} s: ${what}`);
/** Rejects when `p` takes longer than `ms` (a step that hangs fails the test instead of the file's timeout). */
function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  return Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`${what}: no answer within ${ms} ms`)), ms).unref())]);
}

async function queue(url: string, token: string): Promise<Seat> {
  const client = new Client(url);
  const room = await client.joinOrCreate('ranked_queue', { token, game: '9ball', raceTo: 3 });
  const s = new Seat(room as any);
  s.client = client;
  return s;
}

if (pgBase) {
  test('three processes: cross-process play, one ranked queue, SIGKILL of a host, adoption, stored once', async () => {
    announce('cluster', 'postgres + a private redis-server, 3 processes');
    const db = await postgresTarget(pgBase).create({ migrate: true });
    await db.handle.close();
    const dbUrl = databaseUrl(db.database);
    const redisSrv = await startRedis();
    const redis = new Redis(redisSrv.url);
    const sub = new Redis(redisSrv.url);
    const events: any[] = [];
    await sub.subscribe(MATCH_EVENTS_CHANNEL);
    sub.on('message', (_c, m) => events.push(JSON.parse(m)));
    const ports = [await freePort(), await freePort(), await freePort()];
    const env = (port: number) => ({ DATABASE_URL: dbUrl, REDIS_URL: redisSrv.url, PUBLIC_ADDRESS: `127.0.0.1:${port}`, LEASE_TTL_S: '4', RECONNECT_WINDOW_S: '60', SHOT_CLOCK_S: '600', DATA_DIR: `/tmp/dojo-cluster-${port}`, ...NO_LIMITS });
    const procs: Proc[] = [];
    const seats: Seat[] = [];
    try {
      // Started one after another: only the first applies migrations to an empty database (here done already).
      for (const port of ports) procs.push(await startProcess(port, env(port)));
      const [p1, p2, p3] = procs as [Proc, Proc, Proc];

      // Tokens: issued by one process, accepted by the others (the key is shared through the database).
      const ann = await register(p1.url);
      const bob = await register(p2.url);
      for (const p of procs) {
        const me = await http(p.url, 'GET', '/api/me', undefined, { authorization: `Bearer ${ann.accessToken}` });
        assert.is(me.status, 200, `${p.address} accepts a token from ${p1.address}`);
      }

      step('A private table made through p1');
      // A private table made through p1, joined by its code through p2, watched through p3.
      const a = await join(p1.url, 'create', 'match', { private: true, game: '8ball', name: 'Ada', shotClockS: 600 });
      const code = a.room.roomId;
      assert.match(code, /^[A-Z2-9]{6}$/, 'a private table has a six-character code');
      const b = await join(p2.url, 'joinById', code, { name: 'Ben' });
      const watcher = await join(p3.url, 'joinById', code, { spectate: true });
      seats.push(a, b, watcher);
      await waitFor(() => a.state.phase === 'playing' && b.state.phase === 'playing' && watcher.state.phase === 'playing', 8000, 'private table playing');
      const privateMatch = await pollMatch(p3.url, a.state.matchId, (m) => m.status === 'live' && !!m.owner, 'stored with its host');
      assert.is(privateMatch.roomId, code);
      assert.ok(ports.some((p) => privateMatch.owner === `127.0.0.1:${p}`), 'the host is one of the processes');
      // Three entry points, one host: at least two of the clients reached a room on another process.
      const shooter = a.state.turn === 0 ? a : b;
      const seqBefore = watcher.state.shotSeq;
      playTurn(shooter.state, shooter);
      await waitFor(() => watcher.state.shotSeq > seqBefore && b.state.shotSeq === a.state.shotSeq, 8000, 'the spectator on another process sees the shot');

      step('Quick play through two');
      // Quick play through two different processes lands at one table.
      const q1 = await join(p2.url, 'joinOrCreate', 'match', { quick: true, game: '9ball', name: 'Cy' });
      const q2 = await join(p3.url, 'joinOrCreate', 'match', { quick: true, game: '9ball', name: 'Di' });
      seats.push(q1, q2);
      assert.is(q2.room.roomId, q1.room.roomId, 'quick play pairs across processes');
      await waitFor(() => q1.state.phase === 'playing', 8000, 'quick table playing');

      step('The ranked queue: two');
      // The ranked queue: two players queue at once through different processes; one queue room in the cluster.
      const [qa, qb] = await Promise.all([queue(p1.url, ann.accessToken), queue(p3.url, bob.accessToken)]);
      const queues = (await listings(redis)).filter((l) => l.name === 'ranked_queue');
      assert.is(queues.length, 1, `one ranked queue in the cluster (got ${queues.length})`);
      assert.is(qa.room.roomId, qb.room.roomId);
      const pa = await qa.next('paired', 0, 10_000);
      const pb = await qb.next('paired', 0, 10_000);
      assert.is(pa.reservation.roomId, pb.reservation.roomId);
      const ra = new Seat((await qa.client.consumeSeatReservation(pa.reservation)) as any);
      ra.client = qa.client;
      const rb = new Seat((await qb.client.consumeSeatReservation(pb.reservation)) as any);
      rb.client = qb.client;
      seats.push(qa, qb, ra, rb);
      await waitFor(() => ra.state?.phase === 'playing' && rb.state?.phase === 'playing', 8000, 'ranked match playing');
      const rankedRoomId = ra.room.roomId;
      const matchId = ra.state.matchId as string;
      const byUser = (s: Seat) => (s === ra ? ann : bob);
      for (let i = 0; i < 2; i++) {
        const before = ra.state.shotSeq;
        const turn = ra.state.players[ra.state.turn].userId === ann.user.id ? ra : rb;
        playTurn(turn.state, turn);
        await waitFor(() => ra.state.shotSeq > before && rb.state.shotSeq === ra.state.shotSeq, 8000, 'ranked shot');
      }
      const live = await pollMatch(p2.url, matchId, (m) => m.status === 'live' && m.shots.length === ra.state.shotSeq + 1, 'every ranked shot stored');
      assert.is(live.roomId, rankedRoomId);
      const host = procs.find((p) => p.address === live.owner)!;
      assert.ok(host, `the ranked match's host ${live.owner} is one of ours`);
      const survivors = procs.filter((p) => p !== host);
      const deadProcessId = (await listings(redis)).find((l) => l.roomId === rankedRoomId)!.processId;

      step('SIGKILL the host');
      // SIGKILL the host mid-match, while the others keep running.
      for (const s of seats) (s.room as any).reconnection.enabled = false;
      const tKill = Date.now();
      host.child.kill('SIGKILL');
      assert.is(await host.exited, null);
      const adopted = await pollMatch(survivors[0]!.url, matchId, (m) => m.owner !== host.address, 'adoption by a survivor', 1200);
      const adoptMs = Date.now() - tKill;
      console.log(`  [cluster] adopted by ${adopted.owner} ${adoptMs} ms after SIGKILL of ${host.address}`);
      assert.ok(survivors.some((p) => p.address === adopted.owner), 'a survivor hosts it now');
      assert.is(adopted.roomId, rankedRoomId, 'under the same room id');
      assert.is(adopted.status, 'live');
      // Two survivors raced for it; exactly one restored it.
      await sleep(1000);
      const adoptLines = survivors.map((p) => p.out.join('').split('\n').filter((l) => l.includes('match adopted') && l.includes(matchId)).length);
      assert.equal(adoptLines.sort(), [0, 1], `one survivor adopted it (log lines per survivor: ${adoptLines})`);

      step('Both players rejoin');
      // Both players rejoin by token through survivors (each through a different one) and play on.
      const back = await Promise.all(
        [ra, rb].map(async (s, i) => {
          const via = survivors[i % survivors.length]!;
          for (let tries = 0; ; tries++) {
            try {
              const n = await within(10_000, `rejoin through ${via.address}`, join(via.url, 'joinById', rankedRoomId, { token: byUser(s).accessToken }));
              n.client = s.client;
              return n;
            } catch (e) {
              step(`rejoin attempt ${tries} through ${via.address}: ${(e as Error).message}`);
              if (tries > 50) throw e;
              await sleep(200);
            }
          }
        }),
      );
      const [na, nb] = back as [Seat, Seat];
      seats.push(na, nb);
      await waitFor(() => na.state.players[0]?.connected && na.state.players[1]?.connected, 8000, 'both players back');
      assert.is(na.state.shotSeq, live.shots.length - 1, 'the table is where it was stored');
      const before = na.state.shotSeq;
      const turn = na.state.players[na.state.turn].userId === ann.user.id ? na : nb;
      playTurn(turn.state, turn);
      await waitFor(() => na.state.shotSeq > before && nb.state.shotSeq === na.state.shotSeq, 8000, 'a shot after the adoption');

      step("The dead process's listings");
      // The dead process's listings are gone (Colyseus' health check, run by every survivor's sweep),
      // and quick play through each survivor still finds or makes a table.
      for (let i = 0; ; i++) {
        const stale = (await listings(redis)).filter((l) => l.processId === deadProcessId);
        if (stale.length === 0) break;
        if (i > 100) throw new Error(`the dead process still has ${stale.length} listing(s)`);
        await sleep(100);
      }
      for (const p of survivors) {
        const s = await join(p.url, 'joinOrCreate', 'match', { quick: true, game: '10ball', name: 'Eve' });
        seats.push(s);
      }

      step('Ann concedes');
      // Ann concedes: the match finishes once, with one event, ratings changed once.
      na.room.send('concede', { scope: 'match' });
      step('conceded');
      const done = await pollMatch(survivors[1]!.url, matchId, (m) => m.status === 'finished', 'finished');
      assert.is(done.roomId, null);
      await sleep(500);
      const pgc = new pg.Client({ connectionString: dbUrl });
      await pgc.connect();
      try {
        const rows = await pgc.query(`SELECT count(*)::int AS n FROM matches WHERE id = $1 AND status = 'finished'`, [matchId]);
        assert.is(rows.rows[0].n, 1);
        const rated = await pgc.query(`SELECT rated_games FROM users WHERE id = ANY($1) ORDER BY id`, [[ann.user.id, bob.user.id]]);
        assert.equal(rated.rows.map((r: any) => r.rated_games), [1, 1], 'each rating changed once');
        const seqs = await pgc.query(`SELECT seq FROM match_shots WHERE match_id = $1 ORDER BY seq`, [matchId]);
        assert.equal(seqs.rows.map((r: any) => r.seq), [...Array(seqs.rows.length).keys()], 'one unbroken shot log');
      } finally {
        await pgc.end();
      }
      const finishedEvents = events.filter((e) => e.type === 'match.finished' && e.matchId === matchId);
      assert.is(finishedEvents.length, 1, 'one match.finished event on the cluster channel');
      assert.is(finishedEvents[0].roomId, rankedRoomId);
      step('checked');
    } catch (e) {
      for (const p of procs) console.log(`---- ${p.address} ----\n${p.out.join('').split('\n').filter((l) => /"level":(40|50|60)|adopt|lease|restored/.test(l)).slice(-30).join('\n')}`);
      throw e;
    } finally {
      step('cleaning up');
      await Promise.all(seats.map((s) => within(2000, 'leave', s.room.leave()).catch(() => {})));
      await Promise.all(procs.map((p) => stopProcess(p)));
      sub.disconnect();
      redis.disconnect();
      await redisSrv.stop();
      await db.dispose();
    }
  });
}

test.run();
