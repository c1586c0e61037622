// Issue 17: a process stopped gracefully in a cluster hands its live matches over at once. Two real
// processes on one Postgres database and a private redis-server, LEASE_TTL_S=20. A private table is
// played (shots stored) on whichever process hosts it; that process gets SIGTERM: it flushes the match's
// writes, then releases its lease, so the survivor adopts the match on its next round (every quarter
// lease, 5 s here) — well under the 20 s TTL a dead process's match waits for. Both players rejoin by
// room id and seat key through the survivor, the table is where it was stored, and play goes on.
import { WebSocket } from 'ws';
(globalThis as any).WebSocket ??= WebSocket;
import pg from 'pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NO_LIMITS } from './accounts-helpers.ts';
import { postgresTarget, databaseUrl } from './helpers/db.ts';
import { announce } from './helpers/env.ts';
import { join, playTurn, pollMatch, sleep, waitFor, type Seat } from './helpers/play.ts';
import { freePort, multiProcessPostgres, startProcess, startRedis, stopProcess, type Proc } from './helpers/processes.ts';
import { http } from './helpers/server.ts';

const pgBase = await multiProcessPostgres('handover', 'handover');
const t00 = Date.now();
const step = (what: string) => console.log(`  [handover] ${((Date.now() - t00) / 1000).toFixed(1)} s: ${what}`);
/** Rejects when `p` takes longer than `ms` (a step that hangs fails the test instead of the file's timeout). */
function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  return Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`${what}: no answer within ${ms} ms`)), ms).unref())]);
}
const LEASE_TTL_S = 20;

if (pgBase) {
  test('SIGTERM in a cluster: writes flushed, lease released, the survivor adopts well under the TTL, players rejoin', async () => {
    announce('handover', 'postgres + a private redis-server, 2 processes');
    const db = await postgresTarget(pgBase).create({ migrate: true });
    await db.handle.close();
    const dbUrl = databaseUrl(db.database);
    const redisSrv = await startRedis();
    const ports = [await freePort(), await freePort()];
    const env = (port: number) => ({ DATABASE_URL: dbUrl, REDIS_URL: redisSrv.url, PUBLIC_ADDRESS: `127.0.0.1:${port}`, LEASE_TTL_S: String(LEASE_TTL_S), RECONNECT_WINDOW_S: '60', SHOT_CLOCK_S: '600', DATA_DIR: `/tmp/dojo-handover-${port}`, ...NO_LIMITS });
    const procs: Proc[] = [];
    const seats: Seat[] = [];
    try {
      for (const port of ports) procs.push(await startProcess(port, env(port)));
      const a = await join(procs[0]!.url, 'create', 'match', { private: true, game: '9ball', name: 'Ann', shotClockS: 600 });
      const roomId = a.room.roomId;
      const b = await join(procs[1]!.url, 'joinById', roomId, { name: 'Bo' });
      seats.push(a, b);
      await waitFor(() => a.state.phase === 'playing' && b.state.phase === 'playing', 8000, 'playing');
      const keys = [(await a.next('welcome', 0)).seatKey as string, (await b.next('welcome', 0)).seatKey as string];
      const matchId = a.state.matchId as string;
      // Three shots, the last right before the signal: its write must be flushed, not lost.
      for (let i = 0; i < 3; i++) {
        const seq = a.state.shotSeq;
        const shooter = a.state.players[a.state.turn].name === 'Ann' ? a : b;
        playTurn(shooter.state, shooter);
        await waitFor(() => a.state.shotSeq > seq && b.state.shotSeq === a.state.shotSeq, 8000, `shot ${i + 1}`);
        if (a.state.phase !== 'playing') break;
      }
      const seqAtStop = a.state.shotSeq as number;
      const hosted = await pollMatch(procs[0]!.url, matchId, (m) => m.status === 'live' && !!m.owner, 'stored with its host');
      const host = procs.find((p) => p.address === hosted.owner)!;
      const survivor = procs.find((p) => p !== host)!;
      assert.ok(host, `the host is one of the two (${hosted.owner})`);

      const tTerm = Date.now();
      await stopProcess(host);
      const stopMs = Date.now() - tTerm;
      assert.is(host.child.exitCode, 0, 'a clean exit');
      const hostLog = host.out.join('');
      assert.match(hostLog, new RegExp(`"matchId":"${matchId}"[^\\n]*match lease released at stop`), 'the host released the lease');
      const adopted = await (async () => {
        for (;;) {
          const r = await http(survivor.url, 'GET', `/api/matches/${matchId}`);
          if (r.status === 200 && r.body.owner === survivor.address && r.body.status === 'live') return r.body;
          if (Date.now() - tTerm > LEASE_TTL_S * 1000) throw new Error(`not adopted within the ${LEASE_TTL_S} s TTL: ${JSON.stringify(r.body).slice(0, 300)}`);
          await sleep(100);
        }
      })();
      const adoptMs = Date.now() - tTerm;
      console.log(`  [handover] host stopped in ${stopMs} ms; adopted by ${adopted.owner} ${adoptMs} ms after SIGTERM (TTL ${LEASE_TTL_S} s)`);
      assert.ok(adoptMs < (LEASE_TTL_S * 1000) / 2, `adopted well under the TTL (${adoptMs} ms)`);
      assert.is(adopted.roomId, roomId, 'under the same room id');
      assert.is(adopted.shots.length - 1, seqAtStop, 'every shot played before the stop was stored');

      // Both players come back by room id and seat key through the survivor and play on.
      const back: Seat[] = [];
      for (const [i, name] of (['Ann', 'Bo'] as const).entries()) {
        for (let tries = 0; ; tries++) {
          try {
            back.push(await within(10_000, `${name} rejoins`, join(survivor.url, 'joinById', roomId, { name, seatKey: keys[i] })));
            break;
          } catch (e) {
            step(`${name}: rejoin attempt ${tries}: ${(e as Error).message}`);
            if (tries > 50) throw e;
            await sleep(200);
          }
        }
      }
      step('both rejoined');
      const [na, nb] = back as [Seat, Seat];
      seats.push(na, nb);
      await waitFor(() => na.state.players[0]?.connected && na.state.players[1]?.connected, 8000, 'both players back');
      assert.is(na.state.shotSeq, seqAtStop, 'the table is where it was when the host stopped');
      const turn = na.state.players[na.state.turn].name === 'Ann' ? na : nb;
      playTurn(turn.state, turn);
      await waitFor(() => na.state.shotSeq > seqAtStop && nb.state.shotSeq === na.state.shotSeq, 8000, 'a shot after the hand-over');
      step('played on; conceding');
      na.room.send('concede', { scope: 'match' });
      await pollMatch(survivor.url, matchId, (m) => m.status === 'finished', 'finished');
      const pgc = new pg.Client({ connectionString: dbUrl });
      await pgc.connect();
      try {
        const n = await pgc.query(`SELECT count(*)::int AS n FROM match_shots WHERE match_id = $1`, [matchId]);
        assert.ok(n.rows[0].n >= seqAtStop + 2, `shots before and after the hand-over stored (${n.rows[0].n})`);
        const adoptLines = survivor.out.join('').split('\n').filter((l) => l.includes('match adopted') && l.includes(matchId));
        assert.is(adoptLines.length, 1, 'adopted once');
      } finally {
        await pgc.end();
      }
    } catch (e) {
      for (const p of procs) console.log(`---- ${p.address} ----\n${p.out.join('').split('\n').filter((l) => /"level":(40|50|60)|adopt|lease|restored|seat/.test(l)).slice(-30).join('\n')}`);
      throw e;
    } finally {
      step('cleaning up');
      for (const s of seats) await within(2000, 'leave', s.room.leave()).catch(() => {});
      step('processes');
      for (const p of procs) await stopProcess(p);
      step('redis');
      await redisSrv.stop();
      await db.dispose();
      step('done');
    }
  });
}

test.run();
