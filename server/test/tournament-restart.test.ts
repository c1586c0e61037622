// Issue 14: the server restarts in the middle of an event and the event goes on. The real server runs
// as a child process (as in match-restore.test.ts). A 4-player single-elimination event is started;
// W1-1's players are seated and playing, nobody has come to W1-2 yet; the process is SIGKILLed. After
// the restart W1-1's room is back with the same id (the match restore) and its players rejoin it; W1-2
// gets a new room (its old one died before anyone sat down); the event's live room is back; the event
// is played to its end, and every result is stored once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as pathJoin } from 'node:path';
import { WebSocket } from 'ws';
(globalThis as any).WebSocket ??= WebSocket;
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openPglite, openPostgres, type DbHandle } from '../src/db/index.ts';
import { setRoles } from '../src/db/users.ts';
import { dbTargets, databaseUrl } from './helpers/db.ts';
import { announce } from './helpers/env.ts';
import { sleep, waitFor } from './helpers/play.ts';
import { http } from './helpers/server.ts';
import { freePort, startProcess } from './helpers/processes.ts';
import { api, joinAs, playMatch, pollEvent, type User } from './helpers/tournament.ts';

for (const target of await dbTargets()) {
  test(`[${target.name}] the server restarts mid-event and the event goes on`, async () => {
    announce('tournament-restart', target.name);
    const t0 = Date.now();
    const dataDir = mkdtempSync(pathJoin(tmpdir(), 'dojo-tourney-'));
    let env: Record<string, string> = { DATA_DIR: dataDir, AUTH_RATE_LIMIT_PER_IP: '100000', AUTH_RATE_LIMIT_PER_ACCOUNT: '100000' };
    let dispose = async () => {};
    let openDb: () => Promise<DbHandle> = () => openPglite(pathJoin(dataDir, 'pglite'));
    if (target.name === 'postgres') {
      const db = await target.create({ migrate: false });
      await db.handle.close();
      const dbUrl = databaseUrl(db.database);
      env = { ...env, DATABASE_URL: dbUrl };
      dispose = db.dispose;
      openDb = () => openPostgres(dbUrl);
    }
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let proc = await startProcess(port, env);
    try {
      const users: User[] = [];
      for (const n of ['host', 'p1', 'p2', 'p3', 'p4']) {
        const r = await http(url, 'POST', '/api/auth/register', { username: `tr_${n}`, email: `tr_${n}@example.test`, password: 'correct horse battery' });
        assert.is(r.status, 201, r.text);
        users.push({ id: r.body.user.id, token: r.body.accessToken, username: `tr_${n}` });
      }
      const [host, ...ps] = users as [User, ...User[]];
      // The host role is granted on the database (PGlite is single-process: between two runs).
      proc.child.kill('SIGTERM');
      assert.is(await proc.exited, 0);
      const h = await openDb();
      await setRoles(h.db, host.id, ['player', 'host']);
      for (let i = 0; i < 4; i++) await h.db.updateTable('users').set({ rating: 1800 - i * 50 }).where('id', '=', ps[i]!.id).execute();
      await h.close();
      proc = await startProcess(port, env);

      const c = await api(url, 'POST', '/api/tournaments', host, { name: 'Restart Cup', format: 'single_elimination', game: '9ball', raceTo: 3, maxPlayers: 4 });
      assert.is(c.status, 201, c.text);
      const id = c.body.id;
      for (const p of ps) assert.is((await api(url, 'POST', `/api/tournaments/${id}/register`, p)).status, 201);
      assert.is((await api(url, 'POST', `/api/tournaments/${id}/start`, host, {})).status, 200);
      const ev = await pollEvent(url, id, (x) => x.matches.filter((m: any) => m.roomId).length === 2, 'two rooms');
      const w11 = ev.matches.find((m: any) => m.id === 'W1-1');
      const w12 = ev.matches.find((m: any) => m.id === 'W1-2');
      const byId = new Map(ps.map((p) => [p.id, p]));
      const a = await joinAs(url, byId.get(w11.players[0].id)!, 'joinById', w11.roomId);
      const b = await joinAs(url, byId.get(w11.players[1].id)!, 'joinById', w11.roomId);
      await waitFor(() => a.state.phase === 'playing' && b.state.phase === 'playing', 5000, 'W1-1 playing');
      const matchId = a.state.matchId;
      // The match row exists before the kill (the room writes behind).
      for (let i = 0; i < 50; i++) {
        if ((await http(url, 'GET', `/api/matches/${matchId}`)).status === 200) break;
        await sleep(50);
      }
      for (const s of [a, b]) (s.room as any).reconnection.enabled = false;
      proc.child.kill('SIGKILL');
      assert.is(await proc.exited, null);

      proc = await startProcess(port, env);
      await waitFor(() => /running tournaments restored/.test(proc.out.join('')), 20000, 'the tournament restore log line');
      // The event's live room is there, as the database says.
      const watcher = await joinAs(url, null, 'joinOrCreate', 'tournament', { tournamentId: id });
      await waitFor(() => watcher.state.status === 'running' && !!watcher.state.event, 5000, 'tournament room state');
      const after = await pollEvent(url, id, (x) => {
        const m = x.matches.find((y: any) => y.id === 'W1-2');
        return !!m.roomId && m.roomId !== w12.roomId;
      }, 'W1-2 in a new room');
      assert.is(after.matches.find((m: any) => m.id === 'W1-1').roomId, w11.roomId, 'W1-1 restored in its room');
      // W1-1: both players come back to the same room and play on; seed 1 wins.
      const a2 = await joinAs(url, byId.get(w11.players[0].id)!, 'joinById', w11.roomId);
      const b2 = await joinAs(url, byId.get(w11.players[1].id)!, 'joinById', w11.roomId);
      await waitFor(() => a2.state.players[0]?.connected && a2.state.players[1]?.connected, 5000, 'both back');
      assert.is(a2.state.matchId, matchId);
      b2.room.send('concede', { scope: 'match' });
      await a2.next('finished', 0, 8000);
      await a2.room.leave();
      await b2.room.leave();
      const w12now = after.matches.find((m: any) => m.id === 'W1-2');
      await playMatch(url, w12now, byId.get(w12now.players[0].id)!, byId.get(w12now.players[1].id)!);
      const fin = await pollEvent(url, id, (x) => !!x.matches.find((m: any) => m.id === 'W2-1')?.roomId, 'the final room');
      const final = fin.matches.find((m: any) => m.id === 'W2-1');
      assert.equal(final.players.map((p: any) => p.id), [ps[0]!.id, ps[1]!.id]);
      await playMatch(url, final, ps[0]!, ps[1]!);
      const end = await pollEvent(url, id, (x) => x.status === 'finished', 'finished');
      assert.is(end.winnerId, ps[0]!.id);
      assert.ok(end.matches.every((m: any) => m.status === 'finished' && !m.walkover));
      await waitFor(() => watcher.state.status === 'finished', 8000, 'the live room shows the end');
      await watcher.room.leave();
      proc.child.kill('SIGTERM');
      assert.is(await proc.exited, 0);
      // Every result stored once.
      const d = await openDb();
      const rows = await d.db.selectFrom('matches').select(['status', 'settings']).where('mode', '=', 'tournament').execute();
      assert.is(rows.length, 3);
      assert.ok(rows.every((r) => r.status === 'finished'));
      const tm = await d.db.selectFrom('tournament_matches').selectAll().where('tournament_id', '=', id).execute();
      assert.is(tm.length, 3);
      assert.ok(tm.every((r) => r.state === 'done' && r.match_id));
      await d.close();
      console.log(`    ${((Date.now() - t0) / 1000).toFixed(1)} s  [${target.name}] tournament restart`);
    } finally {
      if (proc.child.exitCode === null) {
        proc.child.kill('SIGKILL');
        await proc.exited;
      }
      await dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

test.run();
