// The Kysely instance and the choice of dialect: real Postgres through `pg` when DATABASE_URL is set,
// otherwise PGlite (Postgres compiled to WASM, in-process) with its files in DATA_DIR, so a restart keeps
// everything. Both load the cube and earthdistance extensions the venues search needs.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PGliteDialect, PostgresDialect, sql, type LogEvent } from 'kysely';
import pg from 'pg';
import { metrics } from '../metrics.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export type DbHandle = {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** The embedded instance when kind is 'pglite' (tests close it to see how the server meets a crashed database). */
  pglite?: { readonly closed: boolean; close(): Promise<void>; dumpDataDir(compression?: 'none' | 'gzip' | 'auto'): Promise<Blob> };
  /** Resolves when a trivial query succeeds; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export class DatabaseInUseError extends Error {
  constructor(readonly dir: string, readonly pid: number) {
    super(`the embedded database in ${dir} is in use by process ${pid}; PGlite is single-process, so stop that server first (or set DATABASE_URL to use Postgres)`);
    this.name = 'DatabaseInUseError';
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** PGlite has no multi-process locking of its own: a pid file guards the directory. */
function lockDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'dojopool.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isFinite(pid) && pid !== process.pid && pidAlive(pid)) throw new DatabaseInUseError(dir, pid);
      rmSync(file, { force: true }); // stale lock from a process that died
    }
  }
  throw new Error(`could not lock ${dir}`);
}

const STATEMENTS = new Set(['select', 'insert', 'update', 'delete', 'with']);

/** Kysely's log hook: every query's duration into dojopool_db_query_duration_seconds (both dialects). */
function observeQueries(database: DbHandle['kind']) {
  return (e: LogEvent) => {
    const word = /^\s*\(?\s*([a-z]+)/i.exec(e.query.sql)?.[1]?.toLowerCase() ?? '';
    const statement = STATEMENTS.has(word) ? word : 'other';
    metrics.dbQuerySeconds.observe({ database, statement, outcome: e.level === 'error' ? 'error' : 'ok' }, e.queryDurationMillis / 1000);
  };
}

/** A handle whose close() is idempotent and runs `after` once the pool is gone. */
function handleOf(db: Db, kind: DbHandle['kind'], after: () => void = () => {}, pglite?: DbHandle['pglite']): DbHandle {
  let closed = false;
  return {
    db,
    kind,
    pglite,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
      after();
    },
  };
}

/**
 * Opens PGlite in `dir` (in memory when undefined). `template`: a data directory dumped by PGlite's
 * `dumpDataDir` to start an in-memory database from instead of running initdb (tests: a migrated
 * template opens in about a third of the time).
 */
export async function openPglite(dir?: string, template?: Blob): Promise<DbHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { cube } = await import('@electric-sql/pglite/contrib/cube');
  const { earthdistance } = await import('@electric-sql/pglite/contrib/earthdistance');
  const unlock = dir ? lockDir(dir) : () => {};
  try {
    const pglite = await PGlite.create(dir, { extensions: { cube, earthdistance }, ...(template && !dir ? { loadDataDir: template } : {}) });
    return handleOf(new Kysely<Database>({ dialect: new PGliteDialect({ pglite }), log: observeQueries('pglite') }), 'pglite', unlock, pglite);
  } catch (e) {
    unlock();
    throw e;
  }
}

export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<DbHandle> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // Nor may a checked-out one: pg emits 'error' on a client whose server goes away while it is lent out
  // (a query running, or Kysely between statements), and pg-pool listens only while it is idle. The
  // query in flight still fails (services/dependency-errors.ts turns that into a 503), and the pool drops
  // the broken client when it comes back.
  pool.on('connect', (client) => client.on('error', () => {}));
  return handleOf(new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: observeQueries('postgres') }), 'postgres');
}

export function openDatabase(cfg: { kind: 'postgres'; url: string } | { kind: 'pglite'; dir?: string; template?: Blob }): Promise<DbHandle> {
  return cfg.kind === 'postgres' ? openPostgres(cfg.url) : openPglite(cfg.dir, cfg.template);
}
