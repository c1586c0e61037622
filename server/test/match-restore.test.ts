// Issue 6: matches survive the server process dying. The real server runs as a child process; two
// guests play a few shots; the process is SIGKILLed mid-match and started again on the same data
// (PGlite directory, whose stale pid lock must not block it, or the same Postgres database); the room
// is back with the same id, each guest reclaims the seat with its seat key, the table is exactly as
// after the last completed shot, and play goes on (the next shot is accepted and persisted).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join as pathJoin } from 'node:path';
import { WebSocket } from 'ws';
(globalThis as any).WebSocket ??= WebSocket;
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dbTargets } from './helpers/db.ts';
import { announce } from './helpers/env.ts';
import { join, playTurn, pollMatch, sleep, waitFor, type Seat } from './helpers/play.ts';

const serverDir = new URL('..', import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

type Proc = { child: ChildProcess; out: string[]; exited: Promise<number | null> };

async function startProcess(port: number, env: Record<string, string>): Promise<Proc> {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...base, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  child.stdout!.on('data', (d) => out.push(String(d)));
  child.stderr!.on('data', (d) => out.push(String(d)));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${out.join('').slice(-3000)}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.status === 200) break;
    } catch {}
    if (Date.now() - t0 > 90000) {
      child.kill('SIGKILL');
      throw new Error(`server not ready in 90 s:\n${out.join('').slice(-3000)}`);
    }
    await sleep(100);
  }
  return { child, out, exited };
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
    const dataDir = mkdtempSync(pathJoin(tmpdir(), 'dojo-restore-'));
    let env: Record<string, string> = { DATA_DIR: dataDir };
    let dispose = async () => {};
    if (target.name === 'postgres') {
      const db = await target.create({ migrate: false });
      await db.handle.close();
      env = { ...env, DATABASE_URL: (db.database as { url: string }).url };
      dispose = db.dispose;
    }
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
