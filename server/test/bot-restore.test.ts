// The computer player in the real server process (`node --import tsx src/main.ts`, as production runs
// it): its worker thread boots and warms up there, a match against it is played, the process is
// stopped (SIGTERM, a deploy) and started again on the same data, and the restored match still has the
// computer in its seat, which goes on playing from the worker after the person reclaims their seat.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as pathJoin } from 'node:path';
import { WebSocket } from 'ws';
(globalThis as any).WebSocket ??= WebSocket;
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dbTargets, databaseUrl } from './helpers/db.ts';
import { announce } from './helpers/env.ts';
import { freePort, startProcess as startServerProcess, type Proc } from './helpers/processes.ts';
import { aimAt, join, pollMatch, sleep, waitFor, type Seat } from './helpers/play.ts';

/** The real server, with the computer acting at once (no pause for animations) and debug logs to read. */
const startProcess = (port: number, env: Record<string, string>) => startServerProcess(port, { LOG_LEVEL: 'debug', COMPUTER_PAUSE_MS: '0', COMPUTER_WAITS_FOR_BALLS: 'false', ...env });

const logLines = (p: Proc) => p.out.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));

/** The person's simple stroke (or the first offered choice); returns once it is applied. */
async function personActs(me: Seat) {
  const before = me.state.shotSeq;
  const opts = Array.from(me.state.options as string[]).filter((o) => o !== 'push-out');
  if (opts.length) me.room.send('choose', { option: opts[0] });
  else {
    const live = me.state.balls.filter((b: any) => b.id !== 0 && !b.pocketed).map((b: any) => b.id);
    me.room.send('shot', { angle: aimAt(me.state, Math.min(...live)), speed: me.state.isBreak ? 9 : 1.5 });
  }
  await waitFor(() => me.state.shotSeq > before || me.state.phase !== 'playing', 8000, 'the person\'s action');
}

for (const target of await dbTargets()) {
  test(`[${target.name}] the computer plays from its worker in the real process, and keeps its seat across a restart`, async () => {
    announce('bot-restore', target.name);
    const dataDir = mkdtempSync(pathJoin(tmpdir(), 'dojo-bot-restore-'));
    let env: Record<string, string> = { DATA_DIR: dataDir, AUTH_RATE_LIMIT_PER_IP: '100000', AUTH_RATE_LIMIT_PER_ACCOUNT: '100000' };
    let dispose = async () => {};
    if (target.name === 'postgres') {
      const db = await target.create({ migrate: false });
      await db.handle.close();
      env = { ...env, DATABASE_URL: databaseUrl(db.database) };
      dispose = db.dispose;
    }
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let proc = await startProcess(port, env);
    try {
      await waitFor(() => logLines(proc).some((l) => l.msg === 'computer player worker ready'), 60000, 'the worker warmed up');
      const a = await join(url, 'create', 'match', { game: '9ball', raceTo: 5, name: 'Ann', opponent: 'computer', level: 'beginner', shotClockS: 600 });
      const roomId = a.room.roomId;
      await waitFor(() => a.state.phase === 'playing', 5000, 'playing');
      const key = (await a.next('welcome', 0)).seatKey;
      const matchId = a.state.matchId;
      // Play until the computer has taken a shot and it is the person's turn again.
      for (let i = 0; i < 30 && !a.of('shot').some((s: any) => s.seat === 1); i++) {
        await waitFor(() => a.state.turn === 0 || a.state.phase !== 'playing', 20000, 'the person\'s turn');
        if (a.of('shot').some((s: any) => s.seat === 1)) break;
        await personActs(a);
      }
      assert.ok(a.of('shot').some((s: any) => s.seat === 1), 'the computer played');
      await waitFor(() => a.state.turn === 0, 20000, 'the person\'s turn');
      const seq = a.state.shotSeq;
      await pollMatch(url, matchId, (m) => m.shots.length === seq + 1, 'every action persisted');
      const moves = logLines(proc).filter((l) => l.msg === 'computer moved');
      assert.ok(moves.length > 0 && moves.every((l) => l.inline === false), 'decided in the worker thread');

      (a.room as any).reconnection.enabled = false;
      proc.child.kill('SIGTERM');
      assert.is(await proc.exited, 0);
      proc = await startProcess(port, env);
      await waitFor(() => /unfinished matches restored/.test(proc.out.join('')), 20000, 'the restore log line');
      const a2 = await join(url, 'joinById', roomId, { name: 'Ann', seatKey: key });
      assert.is((await a2.next('welcome', 0)).seat, 0);
      assert.is(a2.state.players[1].computer, 'beginner');
      assert.ok(a2.state.players[1].connected, 'the computer is at the table');
      assert.is(a2.state.shotSeq, seq);
      // Play on until the computer shoots again after the restart.
      for (let i = 0; i < 30 && !a2.of('shot').some((s: any) => s.seat === 1) && a2.state.phase === 'playing'; i++) {
        await waitFor(() => a2.state.turn === 0 || a2.state.phase !== 'playing' || a2.of('shot').some((s: any) => s.seat === 1), 20000, 'the person\'s turn');
        if (a2.of('shot').some((s: any) => s.seat === 1) || a2.state.phase !== 'playing') break;
        await personActs(a2);
      }
      assert.ok(a2.of('shot').some((s: any) => s.seat === 1), 'the computer plays on after the restart');
      const m = await pollMatch(url, matchId, (x) => x.players[1].computer === 'beginner', 'stored with the computer');
      assert.is(m.players[1].userId, null);
      await a2.room.leave().catch(() => {});
      proc.child.kill('SIGTERM');
      assert.is(await proc.exited, 0);
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
