// The process lifecycle. The real entry (src/main.ts) with the embedded default: it serves health and
// readiness, holds a pid lock on its PGlite directory, stops with exit 0 on SIGTERM/SIGINT, and a restart
// on the same DATA_DIR keeps the data. In-process: one port serves the client at /, the API under /api,
// Colyseus rooms over WebSocket; shutdown refuses new work while rooms finish persisting; and /readyz
// answers 503 naming the database when it goes away.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Room, type Client as RoomClient } from '@colyseus/core';
import { Client } from '@colyseus/sdk';
import { sql } from 'kysely';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DatabaseInUseError, openPglite } from '../src/db/index.ts';
import { plugins as productPlugins } from '../src/plugins.ts';
import type { Services } from '../src/server.ts';
import { pgliteTarget } from './helpers/db.ts';
import { http, startTestServer } from './helpers/server.ts';

const serverDir = resolve(fileURLToPath(import.meta.url), '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => res(port));
    });
  });
}

type Proc = { child: ChildProcess; out: () => string; exited: Promise<number | null> };

/** Starts `node --import tsx src/main.ts` with the embedded database (DATABASE_URL and REDIS_URL unset). */
function startMain(env: Record<string, string>): Proc {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !['DATABASE_URL', 'REDIS_URL', 'PORT', 'DATA_DIR'].includes(k)) base[k] = v;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: serverDir, env: { ...base, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out: () => out, exited };
}

async function waitReady(base: string, proc: Proc, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  let healthy = false;
  while (Date.now() < until) {
    if (proc.child.exitCode !== null) throw new Error(`server exited early (${proc.child.exitCode}): ${proc.out()}`);
    try {
      if (!healthy) healthy = (await fetch(base + '/healthz')).status === 200;
      if (healthy) {
        const r = await fetch(base + '/readyz');
        if (r.status === 200) return (await r.json()) as any;
      }
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  throw new Error(`server not ready after ${timeoutMs} ms: ${proc.out()}`);
}

async function stopWith(proc: Proc, signal: NodeJS.Signals) {
  const t0 = Date.now();
  proc.child.kill(signal);
  const code = await Promise.race([proc.exited, sleep(15_000).then(() => 'timeout' as const)]);
  if (code === 'timeout') proc.child.kill('SIGKILL');
  assert.is(code, 0, `exit code after ${signal}: ${proc.out()}`);
  assert.ok(Date.now() - t0 < 15_000);
  const log = proc.out();
  assert.ok(log.includes('shutting down'), 'logs "shutting down"');
  assert.ok(log.includes('"msg":"stopped"'), 'logs "stopped"');
  assert.ok(log.indexOf('shutting down') < log.indexOf('"msg":"stopped"'));
}

test('main.ts: embedded database, SIGTERM exits 0, restart on the same DATA_DIR keeps data', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dojo-life-'));
  const pgDir = join(dataDir, 'pglite');
  try {
    // First run: a fresh data dir is created and migrated.
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = startMain({ PORT: String(port), DATA_DIR: dataDir });
    try {
      const ready = await waitReady(base, first);
      assert.equal(ready.checks, { database: 'ok' }, 'no Redis configured, so only the database is checked');
      const health = (await (await fetch(base + '/healthz')).json()) as { status: string };
      assert.is(health.status, 'ok');
      assert.match(first.out(), /"presence":"local"/);
      assert.match(first.out(), /"database":"pglite"/);
      // Colyseus answers on the same port, in front of Express.
      assert.is((await fetch(base + '/__healthcheck')).status, 200);
      // PGlite is single-process: the pid lock refuses a second opener while the server runs.
      try {
        const h = await openPglite(pgDir);
        await h.close();
        assert.unreachable('openPglite should refuse a directory in use');
      } catch (e) {
        assert.instance(e, DatabaseInUseError);
        assert.is((e as DatabaseInUseError).pid, first.child.pid);
      }
    } finally {
      if (first.child.exitCode === null) await stopWith(first, 'SIGTERM');
    }

    // Between runs: the migrations were applied on disk; write a row.
    const h1 = await openPglite(pgDir);
    try {
      const applied = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(h1.db);
      assert.ok(applied.rows[0]!.n >= 2, 'migrations applied on disk');
      await h1.db.insertInto('users').values({ username: 'survivor', email: 'survivor@example.com', password_hash: 'x' }).execute();
    } finally {
      await h1.close();
    }

    // Second run on the same dir, stopped with SIGINT this time.
    const port2 = await freePort();
    const second = startMain({ PORT: String(port2), DATA_DIR: dataDir });
    try {
      await waitReady(`http://127.0.0.1:${port2}`, second);
      assert.match(second.out(), /"applied":\[\]/, 'nothing left to migrate on restart');
    } finally {
      if (second.child.exitCode === null) await stopWith(second, 'SIGINT');
    }

    const h2 = await openPglite(pgDir);
    try {
      const rows = await h2.db.selectFrom('users').select('username').execute();
      assert.equal(rows, [{ username: 'survivor' }], 'the row survived a restart of the server');
    } finally {
      await h2.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

// A room whose onDispose takes a while and writes to the database, like a match persisting its result.
// DISPOSE_MS is long enough that the probes below land inside the drain even on a busy machine.
const DISPOSE_MS = 2000;
const persisted: { rows?: number; at?: number } = {};
let servicesForRoom: Services | null = null;
class EchoRoom extends Room {
  override onCreate() {
    this.onMessage('echo', (client: RoomClient, msg: unknown) => client.send('echo', msg));
  }
  override async onDispose() {
    await sleep(DISPOSE_MS);
    const db = servicesForRoom!.database.db;
    await db.insertInto('users').values({ username: 'persisted', email: 'p@example.com', password_hash: 'x' }).execute();
    const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    persisted.rows = Number(r.n);
    persisted.at = Date.now();
  }
}

test('one port: client at /, API under /api, rooms over WebSocket; shutdown drains while rooms persist', async () => {
  const dist = mkdtempSync(join(tmpdir(), 'dojo-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>dojo-client-marker</title>');
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
  const server = await startTestServer(pgliteTarget(), {
    env: { CLIENT_DIST: dist },
    plugins: {
      ...productPlugins,
      rooms: async (services) => {
        await productPlugins.rooms!(services);
        servicesForRoom = services;
        services.gameServer.define('echo', EchoRoom);
      },
    },
  });
  let stopped = false;
  try {
    const index = await http(server.url, 'GET', '/');
    assert.is(index.status, 200);
    assert.match(index.text, /dojo-client-marker/);
    assert.match((await http(server.url, 'GET', '/match/abc')).text, /dojo-client-marker/, 'client-side routes get the app shell');
    assert.is((await http(server.url, 'GET', '/assets/app.js')).status, 200);
    const api404 = await http(server.url, 'GET', '/api/no-such-thing');
    assert.is(api404.status, 404);
    assert.is(api404.body.error.code, 'not_found');
    assert.is((await http(server.url, 'GET', '/readyz')).body.status, 'ready');

    // Colyseus on the same port: create a room and talk to it.
    const client = new Client(server.url);
    const room = await client.create('echo');
    const reply = new Promise((r) => room.onMessage('echo', r));
    room.send('echo', { hello: 'table' });
    assert.equal(await reply, { hello: 'table' });

    // Shutdown: rooms dispose (slowly, persisting); meanwhile new work is refused.
    const left = new Promise<number>((r) => room.onLeave((code: number) => r(code)));
    const t0 = Date.now();
    const stopping = server.stop('test').then(() => Date.now());
    await sleep(150);
    const readyz = await http(server.url, 'GET', '/readyz');
    assert.is(readyz.status, 503);
    assert.ok(readyz.body.down.includes('process'), JSON.stringify(readyz.body));
    const api = await http(server.url, 'GET', '/api/anything');
    assert.is(api.status, 503);
    assert.is(api.body.error.code, 'shutting_down');
    let joinError: unknown = null;
    await client.create('echo').then(
      (r) => r.leave(),
      (e) => (joinError = e),
    );
    assert.ok(joinError, 'a new room is refused while shutting down');

    const stoppedAt = await stopping;
    stopped = true;
    assert.ok(persisted.at && persisted.at <= stoppedAt, 'the room finished persisting before stop() resolved');
    assert.is(persisted.rows, 1, 'the room could still use the database while disposing');
    assert.ok(stoppedAt - t0 >= DISPOSE_MS);
    assert.ok([4001, 4010, 1000, 1005, 1006].includes(await left), 'the client was disconnected');
    const shuttingLine = server.logs.findIndex((l) => l.includes('shutting down'));
    const stoppedLine = server.logs.findIndex((l) => l.includes('"msg":"stopped"'));
    assert.ok(shuttingLine >= 0 && stoppedLine > shuttingLine);
  } finally {
    if (!stopped) await server.stop('test failed').catch(() => {});
    await server.dispose().catch(() => {});
    rmSync(dist, { recursive: true, force: true });
  }
});

test('/readyz answers 503 naming the database when it goes away', async () => {
  const server = await startTestServer(pgliteTarget());
  try {
    assert.is((await http(server.url, 'GET', '/readyz')).status, 200);
    await server.services.database.close();
    const r = await http(server.url, 'GET', '/readyz');
    assert.is(r.status, 503);
    assert.equal(r.body.down, ['database']);
    assert.is(r.body.error.code, 'not_ready');
    assert.ok(typeof r.body.checks.database === 'string' && r.body.checks.database !== 'ok');
    assert.is((await http(server.url, 'GET', '/healthz')).status, 200, 'the process is still alive');
  } finally {
    await server.dispose(); // database.close() is idempotent
  }
});

test.run();
