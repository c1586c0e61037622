// Starts a real DojoPool server for an integration test: a free port, a fresh database on the given
// target, logs captured in memory (and checked for secrets by the suites that care).
import { WebSocket } from 'ws';
(globalThis as any).WebSocket ??= WebSocket;

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { plugins as productPlugins } from '../../src/plugins.ts';
import { startServer, type RunningServer, type ServerPlugins } from '../../src/server.ts';
import { databaseUrl, pgliteTemplate, type DbTarget } from './db.ts';

export type TestServer = RunningServer & { logs: string[]; config: Config; dispose(): Promise<void> };

export class LogCapture extends Writable {
  lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    cb();
  }
}

export async function startTestServer(
  target: DbTarget,
  opts: {
    env?: Record<string, string>;
    plugins?: ServerPlugins;
    logLevel?: string;
    /** Rewrites the Postgres URL the server connects to (e.g. through a TCP proxy a test can cut). */
    databaseUrl?: (url: string) => string;
    /** PGlite on disk in this directory instead of in memory (a restart keeps the data). */
    pgliteDir?: string;
  } = {},
): Promise<TestServer> {
  // A data directory of its own: a spool another test's server left there (match-trust spools on
  // purpose) would otherwise be replayed by this server at start, into a database without its match.
  const dataDir = opts.env?.DATA_DIR ? null : mkdtempSync(join(tmpdir(), 'dojo-test-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: opts.logLevel ?? 'debug', NODE_ENV: 'test', ...(dataDir ? { DATA_DIR: dataDir } : {}), ...opts.env });
  // Postgres: a fresh database the server opens its own pool on and migrates itself. PGlite: the
  // server opens its own, in memory from the migrated template (or on disk in pgliteDir).
  let dispose = async () => {};
  if (target.name === 'postgres') {
    const db = await target.create({ migrate: false });
    await db.handle.close();
    const url = databaseUrl(db.database);
    config.database = { kind: 'postgres', url: opts.databaseUrl ? opts.databaseUrl(url) : url };
    dispose = db.dispose;
  } else config.database = opts.pgliteDir ? { kind: 'pglite', dir: opts.pgliteDir } : { kind: 'pglite', template: await pgliteTemplate() };
  const capture = new LogCapture();
  const log = createLogger({ level: config.LOG_LEVEL }, capture);
  const server = await startServer(config, opts.plugins ?? productPlugins, log);
  return {
    ...server,
    config,
    logs: capture.lines,
    dispose: async () => {
      await server.stop('test over');
      await dispose();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** fetch JSON from the test server; returns status, headers and parsed body. */
export async function http(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, body: json, text };
}
