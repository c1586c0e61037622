// Issue 17: the README's `npm run cluster -- --processes N` command, run as written (the flags must
// reach the script through npm). Two processes behind the entry point: HTTP is spread round-robin
// over both, an account made through the entry point is accepted by both (one JWT key), a table
// created through the entry point is joined by id through it (the WebSocket goes to the room's own
// process), a WebSocket sent to the entry point is refused with 421, and Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NO_LIMITS, register } from './accounts-helpers.ts';
import { postgresTarget, databaseUrl } from './helpers/db.ts';
import { announce } from './helpers/env.ts';
import { join, sleep, waitFor } from './helpers/play.ts';
import { freePort, multiProcessPostgres, startRedis } from './helpers/processes.ts';
import { http } from './helpers/server.ts';
import { repoRoot } from '../src/config.ts';

const pgBase = await multiProcessPostgres('cluster-cli', 'npm run cluster');

if (pgBase) {
  test('npm run cluster -- --processes 2: one entry point, rooms across processes, Ctrl-C stops all', async () => {
    announce('cluster-cli', 'postgres + a private redis-server');
    const db = await postgresTarget(pgBase).create({ migrate: false });
    await db.handle.close();
    const redis = await startRedis();
    let port = await freePort();
    // The two process ports above the entry point must be free too.
    for (let i = 0; i < 20; i++) {
      const ok = await Promise.all([port + 1, port + 2].map((p) => new Promise<boolean>((r) => { const s = net.createServer().once('error', () => r(false)).listen(p, '127.0.0.1', () => s.close(() => r(true))); })));
      if (ok.every(Boolean)) break;
      port = await freePort();
    }
    const env = { ...process.env, ...NO_LIMITS, DATABASE_URL: databaseUrl(db.database), REDIS_URL: redis.url, NODE_ENV: 'test', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: `/tmp/dojo-cluster-cli-${port}` };
    delete (env as any).JWT_SECRET;
    const npm = spawn('npm', ['run', 'cluster', '--', '--processes', '2', '--port', String(port), '--host', '127.0.0.1'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out: string[] = [];
    npm.stdout!.on('data', (d) => out.push(String(d)));
    npm.stderr!.on('data', (d) => out.push(String(d)));
    const exited = new Promise<number | null>((r) => npm.on('exit', (c) => r(c)));
    const entry = `http://127.0.0.1:${port}`;
    try {
      await waitFor(() => out.join('').includes('process(es) ready'), 120_000, `the cluster to start:\n${out.join('')}`).catch((e) => {
        throw new Error(`${e.message}\n${out.join('').slice(-2000)}`);
      });
      assert.match(out.join(''), /cluster: 2 process\(es\) ready/, 'the --processes flag reached the script');
      const served = new Set<string>();
      for (let i = 0; i < 4; i++) {
        const r = await http(entry, 'GET', '/readyz');
        assert.is(r.status, 200);
        served.add(r.headers.get('x-dojopool-process') ?? '');
      }
      assert.equal([...served].sort(), [`127.0.0.1:${port + 1}`, `127.0.0.1:${port + 2}`], 'round-robin over both processes');
      const user = await register(entry);
      for (let i = 0; i < 2; i++) assert.is((await http(entry, 'GET', '/api/me', undefined, { authorization: `Bearer ${user.accessToken}` })).status, 200, 'the token passes on either process');
      const a = await join(entry, 'create', 'match', { game: '8ball', name: 'Ann' });
      const b = await join(entry, 'joinById', a.room.roomId, { name: 'Bo' });
      await waitFor(() => a.state.phase === 'playing' && b.state.phase === 'playing', 8000, 'playing');
      const ws = await fetch(`${entry}/x/y`, { headers: { connection: 'upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } }).catch((e) => e);
      assert.ok(ws instanceof Error || ws.status === 421, 'a WebSocket at the entry point is refused');
      await a.room.leave().catch(() => {});
      await b.room.leave().catch(() => {});
      // Ctrl-C in a terminal signals the whole foreground process group.
      process.kill(-npm.pid!, 'SIGINT');
      const code = await Promise.race([exited, sleep(30_000).then(() => 'timeout')]);
      assert.ok(code === 0 || code === null, `npm run cluster stops on Ctrl-C (exit ${code})`);
      await sleep(500);
      for (const p of [port, port + 1, port + 2]) assert.ok(await fetch(`http://127.0.0.1:${p}/healthz`).then(() => false, () => true), `nothing listens on ${p} after Ctrl-C`);
    } finally {
      try {
        process.kill(-npm.pid!, 'SIGKILL'); // whatever of the group is left
      } catch {}
      await redis.stop();
      await db.dispose();
    }
  });
}

test.run();
