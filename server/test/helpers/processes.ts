// Real server processes for the suites that kill and restart a server or run several on one database
// and Redis: free ports, a private Redis (its own redis-server on a free port, so nothing else on the
// machine shares its listings or channels, and a test may restart it), game-server child processes
// started as `npm start` would, waited on until /readyz answers 200, and matchmaking through one of them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Client } from '@colyseus/sdk';
import type { Redis } from 'ioredis';
import { test } from 'uvu';
import { SERVER_NODE_FLAGS } from '../../src/node-flags.ts';
import { inCI, postgresUrl } from './env.ts';

const serverDir = new URL('../..', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export type Proc = { child: ChildProcess; out: string[]; exited: Promise<number | null>; port: number; url: string; address: string };

export const hasRedisServer = () => spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;

/**
 * The Postgres server a multi-process suite needs (beside a private redis-server): its URL; or, when
 * one is missing, null after registering a test that says the suite was skipped. In CI a missing one
 * fails the suite instead of skipping it.
 */
export async function multiProcessPostgres(suite: string, skipped: string): Promise<string | null> {
  const pgBase = await postgresUrl();
  if (pgBase && hasRedisServer()) return pgBase;
  const why = !pgBase ? 'DATABASE_URL is not set (PGlite is one process)' : 'redis-server is not installed';
  if (inCI) throw new Error(`${suite} suite cannot run: ${why}`);
  test(`${skipped} (skipped)`, () => console.log(`  [${suite}] NOTE: skipped: ${why}`));
  return null;
}

/** A throw-away Redis on a free port (no persistence); stop() kills it by its pid. */
export async function startRedis(port?: number): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const p = port ?? (await freePort());
  const child = spawn('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const t0 = Date.now();
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect(p, '127.0.0.1');
      s.once('connect', () => (s.destroy(), r(true)));
      s.once('error', () => r(false));
    });
    if (ok) break;
    if (Date.now() - t0 > 10_000) throw new Error('redis-server did not start');
    await sleep(50);
  }
  return {
    url: `redis://127.0.0.1:${p}`,
    port: p,
    stop: () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        child.once('exit', () => r());
        child.kill('SIGKILL');
      }),
  };
}

/**
 * Starts `src/main.ts` on `port` with `env`: nothing of this process's DATABASE_URL, REDIS_URL or
 * JWT_SECRET, and the default limits unless `env` sets others.
 */
export async function startProcess(port: number, env: Record<string, string>, readyTimeoutMs = 90_000): Promise<Proc> {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.REDIS_URL;
  delete base.JWT_SECRET;
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'src/main.ts'], {
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
    if (Date.now() - t0 > readyTimeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`server not ready in ${readyTimeoutMs / 1000} s:\n${out.join('').slice(-3000)}`);
    }
    await sleep(100);
  }
  return { child, out, exited, port, url: `http://127.0.0.1:${port}`, address: env.PUBLIC_ADDRESS ?? 'local' };
}

/** Stops a process: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopProcess(p: Proc, graceMs = 15_000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  const t = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  await p.exited;
  clearTimeout(t);
}

/**
 * Matchmakes through `url` (any process of a cluster) and joins the room reserved; says which process
 * hosts it (the reservation's public address). Needs `globalThis.WebSocket` set by the suite.
 */
export async function matchmake(url: string, method: 'joinOrCreate' | 'create' | 'joinById', room: string, options: Record<string, unknown>) {
  const r = await fetch(`${url}/matchmake/${method}/${room}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(options) });
  const reservation = (await r.json()) as any;
  if (r.status !== 200) throw new Error(`matchmake ${method} ${room}: ${r.status} ${JSON.stringify(reservation)}`);
  if (process.env.SOCIAL_DEBUG) console.log('matchmake', method, room, url, '→', reservation.publicAddress, reservation.roomId ?? reservation.room?.roomId);
  const joined = await new Client(url).consumeSeatReservation(reservation);
  return { room: joined as any, address: reservation.publicAddress as string };
}

export type Listing = { roomId: string; name: string; processId: string; publicAddress?: string };
/** The room listings in a cluster's Redis (Colyseus' RedisDriver keeps them in one hash). */
export async function listings(redis: Redis): Promise<Listing[]> {
  return Object.values(await redis.hgetall('roomcaches')).map((v) => JSON.parse(v));
}
