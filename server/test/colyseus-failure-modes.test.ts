// Issue 17: Colyseus' known multi-process failure modes, reproduced on two real game processes that
// share a private redis-server and a Postgres database (the SIGKILL case, colyseus issue 850, stale
// listings of a process that died, is in cluster.test.ts):
// - 968, a missed health check drops a live room's listing: the host is stopped (SIGSTOP) while a join
//   through the other process asks it for a seat; that join times out, the other process health-checks
//   the host, gets no answer and removes every listing of the host. The host is resumed before its
//   lease lapses: its room must be listed again, reachable through the other process, and the match
//   must stay where it is (no adoption).
// - 978, a duplicate room on an IPC timeout: the host is stopped past its lease. The other process
//   adopts the match under the same room id and the players play on there; when the old host resumes
//   it must close its copy (close code 4010) instead of serving a second room with that id, the
//   listing must name the adopter only, and the match must be finished once.
// - 842, presence subscriptions that leak rooms: rooms made and disposed through both processes leave
//   no Redis subscription, listing or room behind.
import { WebSocket } from 'ws';
(globalThis as any).WebSocket ??= WebSocket;
import { Redis } from 'ioredis';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { databaseUrl, postgresTarget } from './helpers/db.ts';
import { announce } from './helpers/env.ts';
import { join, joinRetrying, playTurn, pollMatch, sleep, until, waitFor, type Seat } from './helpers/play.ts';
import { freePort, listings, multiProcessPostgres, startProcess, startRedis, stopProcess, type Proc } from './helpers/processes.ts';
import { http } from './helpers/server.ts';

const pgBase = await multiProcessPostgres('colyseus-failure-modes', 'colyseus failure modes');
const t00 = Date.now();
const step = (what: string) => console.log(`  [colyseus-failure-modes] ${((Date.now() - t00) / 1000).toFixed(1)} s: ${what}`);

/** A guest match between two seats, hosted by whichever process Colyseus picks; one stroke played. */
async function newMatch(via: Proc): Promise<{ a: Seat; b: Seat; roomId: string; matchId: string }> {
  const a = await join(via.url, 'create', 'match', { game: '9ball', name: 'Ann', shotClockS: 600 });
  const b = await join(via.url, 'joinById', a.room.roomId, { name: 'Bo' });
  await waitFor(() => a.state.phase === 'playing', 8000, 'playing');
  const before = a.state.shotSeq;
  const shooter = a.state.turn === 0 ? a : b;
  playTurn(shooter.state, shooter);
  await waitFor(() => a.state.shotSeq > before && b.state.shotSeq === a.state.shotSeq, 8000, 'the first stroke');
  return { a, b, roomId: a.room.roomId, matchId: a.state.matchId };
}

const seatKeyOf = (s: Seat): string => s.of('welcome').find((w) => w.seatKey)?.seatKey;

if (pgBase) {
  test('a missed health check, a duplicate room after a stall, leaked subscriptions (colyseus 968, 978, 842)', async () => {
    announce('colyseus-failure-modes', 'postgres + a private redis-server, 2 processes');
    const db = await postgresTarget(pgBase).create({ migrate: true });
    await db.handle.close();
    const redisSrv = await startRedis();
    const redis = new Redis(redisSrv.url);
    const procs: Proc[] = [];
    const seats: Seat[] = [];
    const stopped = new Set<Proc>();
    try {
      for (const port of [await freePort(), await freePort()])
        procs.push(
          await startProcess(port, {
            DATABASE_URL: databaseUrl(db.database),
            REDIS_URL: redisSrv.url,
            PUBLIC_ADDRESS: `127.0.0.1:${port}`,
            LEASE_TTL_S: '12',
            SHOT_CLOCK_S: '600',
            DATA_DIR: `/tmp/dojo-cfm-${port}`,
          }),
        );
      const hostOf = async (roomId: string) => {
        const l = (await listings(redis)).find((x) => x.roomId === roomId);
        return { listing: l, proc: procs.find((p) => p.address === l?.publicAddress) };
      };

      // ---- 968: a missed health check ----
      step('968: a match, then its host stopped while a join through the other process asks it for a seat');
      const m1 = await newMatch(procs[0]!);
      seats.push(m1.a, m1.b);
      const h1 = await hostOf(m1.roomId);
      assert.ok(h1.proc && h1.listing, 'the room is listed with its host');
      const host1 = h1.proc!;
      const other1 = procs.find((p) => p !== host1)!;
      host1.child.kill('SIGSTOP');
      stopped.add(host1);
      const joinErr = await join(other1.url, 'joinById', m1.roomId, { spectate: true }).then(
        (s) => (seats.push(s), null),
        (e: Error) => e,
      );
      assert.ok(joinErr, 'a seat cannot be reserved on a stopped process');
      step(`  the join failed: ${joinErr!.message.slice(0, 100)}`);
      // The other process health-checked the host, got no answer, and swept its listings.
      await until(async () => !(await listings(redis)).some((l) => l.processId === h1.listing!.processId), 8000, 'the stopped host was never swept');
      step('  the host was swept: none of its listings is left; resuming it');
      host1.child.kill('SIGCONT');
      stopped.delete(host1);
      await until(async () => !!(await redis.hexists('roomcaches', m1.roomId)), 10_000, 'the live room was not listed again within 10 s of its host resuming');
      const watcher = await joinRetrying(other1.url, m1.roomId, { spectate: true });
      seats.push(watcher);
      const before1 = m1.a.state.shotSeq;
      const shooter1 = m1.a.state.turn === 0 ? m1.a : m1.b;
      playTurn(shooter1.state, shooter1);
      await waitFor(() => watcher.state.shotSeq > before1, 8000, 'the spectator (through the other process) sees the next stroke');
      const stay = await http(other1.url, 'GET', `/api/matches/${m1.matchId}`);
      assert.is(stay.body.owner, host1.address, 'the match stayed with its host: a missed health check is not a death');
      assert.is(stay.body.roomId, m1.roomId);
      step('  listed again, reachable, and still hosted where it was');

      // ---- 978: a duplicate room after a stall past the lease ----
      step('978: a match whose host stalls past its lease');
      const m2 = await newMatch(procs[1]!);
      seats.push(m2.a, m2.b);
      const host2 = (await hostOf(m2.roomId)).proc!;
      const adopter = procs.find((p) => p !== host2)!;
      const oldCodes: number[] = [];
      for (const s of [m2.a, m2.b]) {
        (s.room as any).reconnection.enabled = false;
        s.room.onLeave((code: number) => oldCodes.push(code));
      }
      const stored = await pollMatch(adopter.url, m2.matchId, (m) => m.shots.length === m2.a.state.shotSeq + 1, 'the first stroke stored');
      assert.is(stored.owner, host2.address);
      host2.child.kill('SIGSTOP');
      stopped.add(host2);
      const tStop = Date.now();
      const adopted = await pollMatch(adopter.url, m2.matchId, (m) => m.owner === adopter.address, 'adoption by the other process', 1200);
      step(`  adopted ${Date.now() - tStop} ms after the stop, under room id ${adopted.roomId}`);
      assert.is(adopted.roomId, m2.roomId, 'under the same room id');
      const [na, nb] = await Promise.all([m2.a, m2.b].map((s) => joinRetrying(adopter.url, m2.roomId, { seatKey: seatKeyOf(s), name: s === m2.a ? 'Ann' : 'Bo' })));
      seats.push(na!, nb!);
      await waitFor(() => na!.state.players[0]?.connected && na!.state.players[1]?.connected, 8000, 'both players back on the adopter');
      const before2 = na!.state.shotSeq;
      const shooter2 = na!.state.turn === 0 ? na! : nb!;
      playTurn(shooter2.state, shooter2);
      await waitFor(() => na!.state.shotSeq > before2, 8000, 'a stroke on the adopter');

      step('  resuming the stalled host');
      host2.child.kill('SIGCONT');
      stopped.delete(host2);
      // Its next renewal finds the lease moved: it closes its copy of the room (4010), so its clients go to the adopter.
      await waitFor(() => oldCodes.length === 2, 20_000, "the old host's copy to close both old connections");
      assert.equal(oldCodes, [4010, 4010], `close codes ${oldCodes}`);
      // Closing its copy leaves the adopter's listing alone (restore-matches.ts); were it removed or
      // overwritten meanwhile (a late client-count update from the resumed host), the adopter's next
      // hosting round (every 3 s here) lists it again.
      const adopterListed = async () => {
        const same = (await listings(redis)).filter((l) => l.roomId === m2.roomId);
        return same.length === 1 && same[0]!.publicAddress === adopter.address;
      };
      await until(adopterListed, 8000, 'one listing for the room id, naming the adopter');
      await sleep(1500);
      assert.ok(await adopterListed(), 'still one listing for the room id, naming the adopter');
      assert.not.ok((await listings(redis)).some((l) => l.roomId.endsWith('~handed-over')), 'nothing listed under the closed copy');
      // Play on, then finish: the match is stored finished once, with every stroke.
      const before3 = na!.state.shotSeq;
      const shooter3 = na!.state.turn === 0 ? na! : nb!;
      playTurn(shooter3.state, shooter3);
      await waitFor(() => na!.state.shotSeq > before3, 8000, 'a stroke after the old host resumed');
      na!.room.send('concede', { scope: 'match' });
      await waitFor(() => na!.state.phase === 'finished', 8000, 'finished');
      const done = await pollMatch(adopter.url, m2.matchId, (m) => m.status === 'finished', 'stored finished');
      assert.is(done.shots.length, na!.state.shotSeq + 1, 'every action stored, once');
      assert.equal(
        done.shots.map((s: { seq: number }) => s.seq),
        done.shots.map((_: unknown, i: number) => i),
        'one unbroken shot log',
      );

      // ---- 842: subscriptions and rooms left behind ----
      step('842: rooms made and disposed through both processes');
      for (const s of seats.splice(0)) await Promise.race([s.room.leave().catch(() => {}), sleep(2000)]);
      const roomsOf = async (p: Proc) => {
        const text = await (await fetch(`${p.url}/metrics`)).text();
        return [...text.matchAll(/^dojopool_rooms\{[^}]*\} ([0-9.]+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
      };
      const made: string[] = [];
      for (let i = 0; i < 6; i++) {
        const s = await join(procs[i % 2]!.url, 'create', 'match', { game: '8ball', name: `G${i}` });
        made.push(s.room.roomId);
        if (i === 0) {
          // While a room lives, it has a subscription, a listing and a count (what must go with it).
          const channels = (await redis.call('PUBSUB', 'CHANNELS', '*')) as string[];
          assert.ok(channels.some((c) => c.includes(s.room.roomId)), `a live room's channel among ${channels.join(', ')}`);
          assert.ok(await redis.hexists('roomcaches', s.room.roomId), 'a live room is listed');
          assert.ok((await Promise.all(procs.map(roomsOf))).reduce((a, b) => a + b, 0) >= 1, 'a live room is counted');
        }
        await s.room.leave();
      }
      for (let i = 0; ; i++) {
        const channels = (await redis.call('PUBSUB', 'CHANNELS', '*')) as string[];
        const leaked = channels.filter((c) => [...made, m1.roomId, m2.roomId].some((id) => c.includes(id)));
        const listed = (await listings(redis)).filter((l) => made.includes(l.roomId) || l.roomId === m1.roomId || l.roomId === m2.roomId);
        const live = (await Promise.all(procs.map(roomsOf))).reduce((a, b) => a + b, 0);
        if (leaked.length === 0 && listed.length === 0 && live === 0) break;
        if (i > 300) throw new Error(`left behind: channels ${leaked.join(', ')}; listings ${listed.map((l) => l.roomId).join(', ')}; ${live} rooms`);
        await sleep(200);
      }
      step('  no subscription, listing or room left');
    } catch (e) {
      for (const p of procs) console.log(`---- ${p.address} ----\n${p.out.join('').split('\n').filter((l) => /"level":(40|50|60)|adopt|lease|listed again|swept/.test(l)).slice(-25).join('\n')}`);
      throw e;
    } finally {
      for (const p of stopped) p.child.kill('SIGCONT');
      for (const s of seats) await Promise.race([s.room.leave().catch(() => {}), sleep(2000)]);
      await Promise.all(procs.map((p) => stopProcess(p)));
      redis.disconnect();
      await redisSrv.stop();
      await db.dispose();
    }
  });
}

test.run();
