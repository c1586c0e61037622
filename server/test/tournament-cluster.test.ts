// Issue 14 on a cluster: two server processes on one Postgres database and one Redis (presence and
// driver), as docker-compose runs them. REST calls, the live tournament room and the match rooms land
// on either process; the event still runs: one live room for the event, match rooms made once, the
// finish on one process advancing the bracket and the next rooms and announcements following on the
// other, a host's disqualification closing a table on whichever process holds it. Runs when both
// DATABASE_URL and REDIS_URL are set (CI sets them).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as pathJoin } from 'node:path';
import { WebSocket } from 'ws';
(globalThis as any).WebSocket ??= WebSocket;
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openPostgres } from '../src/db/index.ts';
import { setRoles } from '../src/db/users.ts';
import { postgresTarget, databaseUrl } from './helpers/db.ts';
import { announce, postgresUrl, redisUrl } from './helpers/env.ts';
import { waitFor } from './helpers/play.ts';
import { freePort, startProcess, type Proc } from './helpers/processes.ts';
import { http } from './helpers/server.ts';
import { api, joinAs, playMatch, pollEvent, type User } from './helpers/tournament.ts';

const pgUrl = await postgresUrl();
const rUrl = await redisUrl();

if (!pgUrl || !rUrl) {
  console.log('  [tournament-cluster] needs DATABASE_URL and REDIS_URL: skipped (CI sets both)');
} else {
  test('[postgres+redis] an event runs across two processes', async () => {
    announce('tournament-cluster', 'postgres+redis');
    const t0 = Date.now();
    const db = await postgresTarget(pgUrl).create({ migrate: false });
    await db.handle.close();
    const dbUrl = databaseUrl(db.database);
    const dataDir = mkdtempSync(pathJoin(tmpdir(), 'dojo-cluster-'));
    const procs: Proc[] = [];
    try {
      const ports = [await freePort(), await freePort()];
      const env = (port: number) => ({ DATA_DIR: dataDir, DATABASE_URL: dbUrl, REDIS_URL: rUrl, PUBLIC_ADDRESS: `127.0.0.1:${port}`, JWT_SECRET: 'cluster-secret-cluster-secret-0123456789', AUTH_RATE_LIMIT_PER_IP: '100000', AUTH_RATE_LIMIT_PER_ACCOUNT: '100000' });
      procs.push(await startProcess(ports[0]!, env(ports[0]!))); // migrates first
      procs.push(await startProcess(ports[1]!, env(ports[1]!)));
      const [A, B] = ports.map((p) => `http://127.0.0.1:${p}`) as [string, string];
      const users: User[] = [];
      for (const [i, n] of ['host', 'p1', 'p2', 'p3', 'p4'].entries()) {
        const r = await http(i % 2 ? A : B, 'POST', '/api/auth/register', { username: `cl_${n}`, email: `cl_${n}@example.test`, password: 'correct horse battery' });
        assert.is(r.status, 201, r.text);
        users.push({ id: r.body.user.id, token: r.body.accessToken, username: `cl_${n}` });
      }
      const [host, ...ps] = users as [User, ...User[]];
      const h = await openPostgres(dbUrl);
      await setRoles(h.db, host.id, ['player', 'host']);
      for (let i = 0; i < 4; i++) await h.db.updateTable('users').set({ rating: 1800 - i * 50 }).where('id', '=', ps[i]!.id).execute();
      await h.close();

      const c = await api(B, 'POST', '/api/tournaments', host, { name: 'Cluster Cup', format: 'single_elimination', game: '8ball', raceTo: 1, maxPlayers: 4 });
      assert.is(c.status, 201, c.text);
      const id = c.body.id;
      for (const [i, p] of ps.entries()) assert.is((await api(i % 2 ? A : B, 'POST', `/api/tournaments/${id}/register`, p)).status, 201);
      // Watchers through both processes find the same room.
      const wa = await joinAs(A, ps[0]!, 'joinOrCreate', 'tournament', { tournamentId: id });
      const wb = await joinAs(B, ps[3]!, 'joinOrCreate', 'tournament', { tournamentId: id });
      assert.is(wa.room.roomId, wb.room.roomId, 'one live room for the event across processes');
      assert.is((await api(A, 'POST', `/api/tournaments/${id}/start`, host, {})).status, 200);
      const ev = await pollEvent(B, id, (x) => x.matches.filter((m: any) => m.roomId).length === 2, 'two rooms');
      await waitFor(() => wa.of('match_ready').length >= 2 && wb.of('match_ready').length >= 2, 8000, 'announcements on both processes');
      const w11 = ev.matches.find((m: any) => m.id === 'W1-1');
      const w12 = ev.matches.find((m: any) => m.id === 'W1-2');
      // W1-1 played through process B's matchmaker (the socket goes to whichever process holds the room).
      await playMatch(B, w11, ps[0]!, ps[3]!);
      const afterW11 = await pollEvent(A, id, (x) => x.matches.find((m: any) => m.id === 'W1-1').status === 'finished', 'W1-1 decided');
      assert.is(afterW11.matches.find((m: any) => m.id === 'W1-1').winnerId, ps[0]!.id);
      // The host disqualifies seed 3 through process A: W1-2's table closes wherever it is.
      const dq = await api(A, 'POST', `/api/tournaments/${id}/players/${ps[2]!.id}/disqualify`, host, { reason: 'left the venue' });
      assert.is(dq.status, 200, dq.text);
      let refused = '';
      for (let i = 0; i < 50 && !refused; i++) {
        try {
          const s = await joinAs(A, ps[1]!, 'joinById', w12.roomId);
          await s.room.leave();
          await new Promise((r) => setTimeout(r, 50));
        } catch (e) {
          refused = (e as Error).message;
        }
      }
      assert.ok(refused, 'the decided table was closed');
      const fin = await pollEvent(B, id, (x) => !!x.matches.find((m: any) => m.id === 'W2-1')?.roomId, 'the final room');
      const final = fin.matches.find((m: any) => m.id === 'W2-1');
      assert.equal(final.players.map((p: any) => p.id), [ps[0]!.id, ps[1]!.id]);
      await waitFor(() => wa.of('match_ready').some((m: any) => m.matchId === 'W2-1'), 8000, 'the final announced to its player on A');
      await playMatch(A, final, ps[1]!, ps[0]!);
      const end = await pollEvent(A, id, (x) => x.status === 'finished', 'finished');
      assert.is(end.winnerId, ps[1]!.id);
      await waitFor(() => wb.state.status === 'finished' && wa.state.status === 'finished', 8000, 'both watchers see the end');
      const d = await openPostgres(dbUrl);
      const rows = await d.db.selectFrom('tournament_matches').selectAll().where('tournament_id', '=', id).execute();
      assert.is(rows.length, 3);
      const stored = await d.db.selectFrom('matches').select(['status']).where('mode', '=', 'tournament').execute();
      assert.equal(stored.map((r) => r.status).sort(), ['finished', 'finished']);
      await d.close();
      await wa.room.leave();
      await wb.room.leave();
      const roomsOn = procs.map((p) => (p.out.join('').match(/"match room created"/g) ?? []).length);
      console.log(`    ${((Date.now() - t0) / 1000).toFixed(1)} s  [postgres+redis] tournament on two processes (match rooms per process: ${roomsOn.join(', ')})`);
    } finally {
      for (const p of procs) {
        if (p.child.exitCode === null) p.child.kill('SIGTERM');
        await p.exited;
      }
      await db.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
  test.run();
}
