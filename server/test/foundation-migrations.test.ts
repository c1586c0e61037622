// The same migration files run on PGlite and on Postgres (when DATABASE_URL is set): up to the latest,
// down one at a time all the way, and up again, checking the tables each time. Also the migration
// command (`npm run migrate` → src/cli/migrate.ts) when it exists.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openPglite } from '../src/db/index.ts';
import { migrateDown, migrateToLatest, migrationsDir, migrationStatus } from '../src/db/migrate.ts';
import { dbTargets } from './helpers/db.ts';
import { announce } from './helpers/env.ts';

const serverDir = resolve(fileURLToPath(import.meta.url), '..', '..');
const migrationNames = readdirSync(migrationsDir)
  .filter((f) => /^\d{4}_[\w-]+\.ts$/.test(f))
  .sort()
  .map((f) => f.replace(/\.ts$/, ''));
// Tables the first migrations own; later migrations add more, which the generic checks below cover.
const CORE_TABLES = ['users', 'matches', 'match_players', 'match_shots', 'player_stats', 'user_achievements'];
const MIGRATOR_TABLES = ['kysely_migration', 'kysely_migration_lock'];

async function tables(db: Kysely<any>): Promise<string[]> {
  const r = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return r.rows.map((x) => x.table_name);
}

async function executed(db: Kysely<any>): Promise<string[]> {
  return (await migrationStatus(db)).filter((m) => m.executedAt).map((m) => m.name);
}

test('there are migrations, named NNNN_name.ts', () => {
  assert.ok(migrationNames.length >= 2, migrationNames.join(', '));
  assert.ok(migrationNames.includes('0001_users'));
});

const targets = await dbTargets();
for (const target of targets) {
  test(`${target.name}: up to latest, down all the way, up again`, async () => {
    announce('foundation-migrations', target.name);
    const { handle, dispose } = await target.create({ migrate: false });
    try {
      const db = handle.db;
      assert.equal(await tables(db), [], 'a fresh database has no tables');

      const first = await migrateToLatest(db);
      assert.equal(first.results?.map((r) => r.migrationName), migrationNames);
      assert.ok(first.results?.every((r) => r.status === 'Success'));
      assert.equal(await executed(db), migrationNames);
      const afterUp = await tables(db);
      for (const t of [...CORE_TABLES, ...MIGRATOR_TABLES]) assert.ok(afterUp.includes(t), `${t} exists after up (${afterUp.join(', ')})`);

      // Running it again is a no-op.
      const again = await migrateToLatest(db);
      assert.equal(again.results, []);

      // Down one step at a time, in reverse order.
      for (let i = migrationNames.length - 1; i >= 0; i--) {
        const r = await migrateDown(db);
        assert.equal(r.results?.map((x) => [x.migrationName, x.direction, x.status]), [[migrationNames[i], 'Down', 'Success']]);
        assert.equal(await executed(db), migrationNames.slice(0, i));
      }
      const afterDown = await tables(db);
      assert.equal(afterDown, MIGRATOR_TABLES, `only the migrator's own tables remain (${afterDown.join(', ')})`);
      const noop = await migrateDown(db);
      assert.equal(noop.results, [], 'down with nothing applied does nothing');

      const second = await migrateToLatest(db);
      assert.equal(second.results?.map((r) => r.migrationName), migrationNames);
      assert.equal(await tables(db), afterUp, 'up again gives the same tables');

      // The schema is usable: a user row goes in with its defaults.
      await db.insertInto('users').values({ username: 'mig', email: 'mig@example.com', password_hash: 'x' }).execute();
      const row = await db.selectFrom('users').select(['username', 'rating', 'roles']).executeTakeFirstOrThrow();
      assert.equal(row, { username: 'mig', rating: 1500, roles: ['player'] });
    } finally {
      await dispose();
    }
  });
}

const cli = join(serverDir, 'src', 'cli', 'migrate.ts');
test('migrate command: status, up (twice), down on an embedded data dir', async () => {
  if (!existsSync(cli)) {
    console.log('  [foundation-migrations] src/cli/migrate.ts does not exist yet: command not tested');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'dojo-migcli-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'DATABASE_URL' && k !== 'REDIS_URL') env[k] = v;
  Object.assign(env, { DATA_DIR: dir, LOG_LEVEL: 'warn' });
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts', ...args], { cwd: serverDir, env, encoding: 'utf8', timeout: 60_000 });
    assert.is(r.status, 0, `migrate ${args.join(' ')} exited ${r.status}: ${r.stdout} ${r.stderr}`);
    return r.stdout + r.stderr;
  };
  const applied = async () => {
    const h = await openPglite(join(dir, 'pglite'));
    try {
      return await executed(h.db);
    } finally {
      await h.close();
    }
  };
  try {
    const status0 = run('status');
    for (const m of migrationNames) assert.ok(status0.includes(m), `status lists ${m}: ${status0}`);
    run('up');
    assert.equal(await applied(), migrationNames);
    assert.match(run('up'), /already up to date/);
    run('down');
    assert.equal(await applied(), migrationNames.slice(0, -1));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
