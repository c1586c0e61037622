// Database targets for tests: a fresh in-memory PGlite, and (when DATABASE_URL is set) a fresh,
// uniquely named Postgres database created for the suite and dropped after it.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { repoRoot } from '../../src/config.ts';
import { openPglite, openPostgres, type DbHandle } from '../../src/db/index.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { postgresUrl } from './env.ts';

let template: Promise<Blob> | null = null;
/**
 * A migrated, empty PGlite data directory (PGlite's `dumpDataDir`), to open in-memory test databases
 * from instead of running initdb and every migration each time (~1 s instead of ~3 s here). Kept in
 * `.tmp/` under a hash of the migrations and PGlite's version, so the suite's processes build it once;
 * written to a temporary name and renamed, so a process never reads a half-written one.
 */
export function pgliteTemplate(): Promise<Blob> {
  return (template ??= (async () => {
    const migrations = join(repoRoot, 'migrations');
    const h = createHash('sha256');
    h.update(JSON.parse(readFileSync(join(repoRoot, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')).version);
    for (const f of readdirSync(migrations).sort()) h.update(f).update(readFileSync(join(migrations, f)));
    const dir = join(repoRoot, '.tmp');
    const file = join(dir, `pglite-template-${h.digest('hex').slice(0, 16)}.tar`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const handle = await openPglite();
    try {
      await migrateToLatest(handle.db);
      const blob = await handle.pglite!.dumpDataDir('none');
      mkdirSync(dir, { recursive: true });
      const tmp = `${file}.${process.pid}`;
      writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
      renameSync(tmp, file);
      return blob;
    } finally {
      await handle.close();
    }
  })());
}

export type DbTarget = {
  name: 'pglite' | 'postgres';
  /** A fresh, empty database. `dispose` closes it (and drops it on Postgres). */
  create(opts?: { migrate?: boolean }): Promise<{ handle: DbHandle; database: { kind: 'postgres'; url: string } | { kind: 'pglite' }; dispose(): Promise<void> }>;
};

/** The URL of a Postgres test database; a PGlite one has none, so a test that needs one runs on Postgres only. */
export function databaseUrl(database: { kind: 'postgres'; url: string } | { kind: 'pglite' }): string {
  if (database.kind !== 'postgres') throw new Error('this test needs a Postgres database (set DATABASE_URL)');
  return database.url;
}

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
      // Migrated from the template; an unmigrated database (migrate: false) starts empty.
      const handle = opts.migrate === false ? await openPglite() : await openPglite(undefined, await pgliteTemplate());
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
