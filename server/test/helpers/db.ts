// Database targets for tests: a fresh in-memory PGlite, and (when DATABASE_URL is set) a fresh,
// uniquely named Postgres database created for the suite and dropped after it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type DbHandle } from '../../src/db/index.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { postgresUrl } from './env.ts';

export type DbTarget = {
  name: 'pglite' | 'postgres';
  /** A fresh, empty database. `dispose` closes it (and drops it on Postgres). */
  create(opts?: { migrate?: boolean }): Promise<{ handle: DbHandle; database: { kind: 'postgres'; url: string } | { kind: 'pglite' }; dispose(): Promise<void> }>;
};

/** Runs one statement on its own connection (CREATE/DROP DATABASE cannot run in a pool's transaction). */
export async function adminQuery(url: string, text: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

export function pgliteTarget(): DbTarget {
  return {
    name: 'pglite',
    async create(opts = {}) {
      const handle = await openPglite();
      if (opts.migrate !== false) await migrateToLatest(handle.db);
      return { handle, database: { kind: 'pglite' }, dispose: () => handle.close() };
    },
  };
}

export function postgresTarget(baseUrl: string): DbTarget {
  return {
    name: 'postgres',
    async create(opts = {}) {
      const name = `dojo_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
      await adminQuery(baseUrl, `CREATE DATABASE ${name}`);
      const u = new URL(baseUrl);
      u.pathname = `/${name}`;
      const url = u.toString();
      const handle = await openPostgres(url);
      if (opts.migrate !== false) await migrateToLatest(handle.db);
      return {
        handle,
        database: { kind: 'postgres', url },
        dispose: async () => {
          await handle.close();
          await adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        },
      };
    },
  };
}

/** PGlite always; Postgres too when DATABASE_URL is set (fails in CI if it is set but unreachable). */
export async function dbTargets(): Promise<DbTarget[]> {
  const url = await postgresUrl();
  return url ? [pgliteTarget(), postgresTarget(url)] : [pgliteTarget()];
}
