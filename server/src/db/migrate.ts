// Runs the migrations in migrations/ with Kysely's Migrator, on PGlite and Postgres alike. The
// extensions the schema needs are created first (idempotent), since the pglite build ships them as
// loadable contrib modules and Postgres as packages.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely/migration';
import { repoRoot } from '../config.ts';

export const migrationsDir = resolve(repoRoot, 'migrations');

class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly dir: string) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const file of readdirSync(this.dir).sort()) {
      if (!/^\d{4}_[\w-]+\.ts$/.test(file)) continue;
      const mod = (await import(pathToFileURL(join(this.dir, file)).href)) as Migration;
      out[file.replace(/\.ts$/, '')] = mod;
    }
    return out;
  }
}

export function migrator(db: Kysely<any>): Migrator {
  // Unordered: a migration merged later with a lower number than one already applied (parallel
  // branches) is applied instead of refusing to start; fresh databases still apply them in order.
  return new Migrator({ db, provider: new FolderMigrationProvider(migrationsDir), allowUnorderedMigrations: true });
}

async function ensureExtensions(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS cube`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS earthdistance`.execute(db);
}

function check(result: MigrationResultSet): MigrationResultSet {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = result.error instanceof Error ? result.error : new Error(String(result.error));
    err.message = `migration ${failed?.migrationName ?? '?'} failed: ${err.message}`;
    throw err;
  }
  return result;
}

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  await ensureExtensions(db);
  return check(await migrator(db).migrateToLatest());
}

export async function migrateDown(db: Kysely<any>): Promise<MigrationResultSet> {
  return check(await migrator(db).migrateDown());
}

export async function migrationStatus(db: Kysely<any>): Promise<{ name: string; executedAt: Date | null }[]> {
  const list = await migrator(db).getMigrations();
  return list.map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }));
}
