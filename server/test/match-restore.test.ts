// Issue 6: matches survive the server process dying. The real server runs as a child process; two
// guests play a few shots; the process is SIGKILLed mid-match and started again on the same data
// (PGlite directory, whose stale pid lock must not block it, or the same Postgres database); the room
// is back with the same id, each guest reclaims the seat with its seat key, the table is exactly as
// after the last completed shot, and play goes on (the next shot is accepted and persisted).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as pathJoin } from 'node:path';
import { WebSocket } from 'ws';
(globalThis as any).WebSocket ??= WebSocket;
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dbTargets, type DbTarget, databaseUrl } from './helpers/db.ts';
import { freePort, startProcess, type Proc } from './helpers/processes.ts';
import { announce } from './helpers/env.ts';
import { Client } from '@colyseus/sdk';
import { join, playTurn, pollMatch, sleep, waitFor, Seat } from './helpers/play.ts';
import { http } from './helpers/server.ts';

/** A data directory and, on Postgres, a fresh database for server child processes; `dispose` removes both. */
async function processEnv(target: DbTarget, prefix: string, extra: Record<string, string> = {}) {
  const dataDir = mkdtempSync(pathJoin(tmpdir(), prefix));
  let env: Record<string, string> = { DATA_DIR: dataDir, AUTH_RATE_LIMIT_PER_IP: '100000', AUTH_RATE_LIMIT_PER_ACCOUNT: '100000', ...extra };
  let dropDb = async () => {};
  if (target.name === 'postgres') {
    const db = await target.create({ migrate: false });
    await db.handle.close();
    env = { ...env, DATABASE_URL: databaseUrl(db.database) };
    dropDb = db.dispose;
  }
  return {
    env,
    dataDir,
    dispose: async () => {
      await dropDb();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Kills a server child process that is still running (after a failed test). */
async function killLeftover(proc: Proc) {
  if (proc.child.exitCode === null) {
    proc.child.kill('SIGKILL');
    await proc.exited;
  }
}

const table = (st: any) => ({
  balls: Array.from(st.balls).map((b: any) => [b.id, b.x, b.y, b.pocketed]),
  turn: st.turn,
  score: Array.from(st.score),
  shotSeq: st.shotSeq,
  rack: st.rack,
  ballInHand: st.ballInHand,
  isBreak: st.isBreak,
  options: Array.from(st.options),
  players: Array.from(st.players).map((p: any) => [p.name, p.group, p.fouls]),
});

for (const target of await dbTargets()) for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
  test(`[${target.name}] a match survives ${signal} of the server process and plays on`, async () => {
    announce('match-restore', target.name);
    const t0 = Date.now();
    const { env, dataDir, dispose } = await processEnv(target, 'dojo-restore-');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let proc = await startProcess(port, env);
    let seats: Seat[] = [];
    try {
      const a = await join(url, 'create', 'match', { game: '9ball', raceTo: 5, name: 'Ann', shotClockS: 600 });
      const roomId = a.room.roomId;
      const b = await join(url, 'joinById', roomId, { name: 'Bo' });
      seats = [a, b];
      await waitFor(() => a.state.phase === 'playing' && b.state.phase === 'playing', 5000, 'playing');
      const keyA = (await a.next('welcome', 0)).seatKey;
      const keyB = (await b.next('welcome', 0)).seatKey;
      assert.type(keyA, 'string');
      assert.type(keyB, 'string');
      const matchId = a.state.matchId;
      for (let i = 0; i < 3 && a.state.phase === 'playing'; i++) {
        const before = a.state.shotSeq;
        playTurn(a.state, seats[a.state.turn]);
        await waitFor(() => a.state.shotSeq > before && b.state.shotSeq === a.state.shotSeq, 5000, 'shot');
      }
      assert.is(a.state.phase, 'playing', 'still playing (race to 5)');
      const expected = table(a.state);
      // Every action is in the database before the kill (the room writes behind; wait for it).
      await pollMatch(url, matchId, (m) => m.shots.length === expected.shotSeq + 1, 'every shot persisted');

      const pid = proc.child.pid!;
      for (const s of seats) (s.room as any).reconnection.enabled = false;
      proc.child.kill(signal);
      // SIGKILL: the process dies mid-match. SIGTERM: a graceful stop (a deploy) must not forfeit or
      // close the match either: it exits 0 with the match still live for the next process.
      assert.is(await proc.exited, signal === 'SIGKILL' ? null : 0);
      if (signal === 'SIGTERM') assert.not.match(proc.out.join(''), /forfeit/);
      if (target.name === 'pglite' && signal === 'SIGKILL') {
        const lock = pathJoin(dataDir, 'pglite', 'dojopool.lock');
        assert.ok(existsSync(lock), 'SIGKILL leaves the pid lock behind');
        assert.is(readFileSync(lock, 'utf8').trim(), String(pid));
      }

      proc = await startProcess(port, env); // the stale lock (dead pid) does not block the restart
      await waitFor(() => /unfinished matches restored/.test(proc.out.join('')), 20000, 'the restore log line');
      const a2 = await join(url, 'joinById', roomId, { name: 'Ann', seatKey: keyA });
      const b2 = await join(url, 'joinById', roomId, { name: 'Bo', seatKey: keyB });
      seats = [a2, b2];
      assert.is(a2.room.roomId, roomId);
      assert.is((await a2.next('welcome', 0)).seat, 0);
      assert.is((await b2.next('welcome', 0)).seat, 1);
      await waitFor(() => a2.state.players[0]?.connected && a2.state.players[1]?.connected && b2.state.players[0]?.connected, 5000, 'both seats reclaimed');
      assert.is(a2.state.matchId, matchId);
      assert.is(a2.state.phase, 'playing');
      assert.equal(table(a2.state), expected);
      assert.equal(table(b2.state), expected);
      // A stranger cannot take a reclaimed seat without the key.
      let refused = '';
      try {
        await join(url, 'joinById', roomId, { name: 'Cy', seatKey: 'wrong-key-of-the-right-shape' });
      } catch (e) {
        refused = (e as Error).message;
      }
      assert.match(refused, /^bad_seat_key: /);

      const before = a2.state.shotSeq;
      playTurn(a2.state, seats[a2.state.turn]);
      await waitFor(() => a2.state.shotSeq === before + 1 && b2.state.shotSeq === before + 1, 5000, 'a shot after the restart');
      const after = await pollMatch(url, matchId, (m) => m.shots.length === before + 2, 'the shot after the restart persisted');
      assert.is(after.status, 'live');
      assert.is(after.shots.at(-1).seq, before + 1);
      for (const s of seats) await s.room.leave().catch(() => {});
      proc.child.kill('SIGTERM');
      assert.is(await proc.exited, 0);
      console.log(`    ${((Date.now() - t0) / 1000).toFixed(1)} s  [${target.name}] restore after ${signal}`);
    } finally {
      await killLeftover(proc);
      await dispose();
    }
  });
}

// Issue 13, defect 8: after a restart nobody returns to a ranked match: it is aborted without a result,
// nobody forfeits and no rating changes (before the fix one seat was forfeited and Elo moved).
for (const target of await dbTargets()) {
  test(`[${target.name}] a restored match nobody returns to is aborted without a result or rating change`, async () => {
    announce('match-restore (abort)', target.name);
    const { env, dispose } = await processEnv(target, 'dojo-abort-', { RECONNECT_WINDOW_S: '2', AUTH_RATE_LIMIT_PER_IP: '1000' });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let proc = await startProcess(port, env);
    try {
      const users: { id: string; token: string }[] = [];
      for (const n of ['abort_a', 'abort_b']) {
        const r = await http(url, 'POST', '/api/auth/register', { username: n, email: `${n}@example.test`, password: 'correct horse battery' });
        assert.is(r.status, 201, r.text);
        users.push({ id: r.body.user.id, token: r.body.accessToken });
      }
      const seats = await Promise.all(
        users.map(async (u) => {
          const c = new Client(url);
          c.auth.token = u.token;
          const q = await c.joinOrCreate('ranked_queue', { game: '8ball', raceTo: 3 });
          q.onMessage('queue', () => {});
          const p = await new Promise<any>((r) => q.onMessage('paired', r));
          const room = await c.consumeSeatReservation(p.reservation);
          await q.leave();
          return new Seat(room);
        }),
      );
      await waitFor(() => seats.every((s) => s.state?.phase === 'playing'), 5000, 'ranked match playing');
      const matchId = seats[0].state.matchId;
      const shooter = seats[users.findIndex((u) => u.id === seats[0].state.players[seats[0].state.turn].userId)]!;
      const before = seats[0].state.shotSeq;
      playTurn(seats[0].state, shooter);
      await waitFor(() => seats[0].state.shotSeq > before, 5000, 'the break');
      await pollMatch(url, matchId, (m) => m.shots.length >= 2, 'the break stored');
      for (const s of seats) (s.room as any).reconnection.enabled = false;
      proc.child.kill('SIGTERM');
      assert.is(await proc.exited, 0);
      proc = await startProcess(port, env);
      await waitFor(() => /unfinished matches restored/.test(proc.out.join('')), 20000, 'the restore');
      // Nobody comes back within the 2 s window.
      const rec = await pollMatch(url, matchId, (m) => m.status !== 'live', 'the match to close').catch(async () => {
        await sleep(3000);
        return pollMatch(url, matchId, (m) => m.status !== 'live', 'the match to close');
      });
      assert.is(rec.status, 'aborted');
      assert.is(rec.winner, null);
      assert.is(rec.forfeit, false);
      assert.ok(rec.players.every((p: any) => p.result === null && p.ratingAfter === null));
      assert.is(rec.shots.filter((x: any) => x.kind === 'forfeit').length, 0);
      for (const u of users) {
        const p = await http(url, 'GET', `/api/players/${u.id}`);
        assert.is(p.status, 200);
        assert.is(p.body.player.rating, 1500, 'no rating change');
        assert.is(p.body.player.matches, 0, 'no match counted');
      }
      assert.not.match(proc.out.join(''), /forfeit/);
      proc.child.kill('SIGTERM');
      assert.is(await proc.exited, 0);
    } finally {
      await killLeftover(proc);
      await dispose();
    }
  });
}

test.run();
