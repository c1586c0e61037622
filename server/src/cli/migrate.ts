// npm run migrate -- up|down|status: applies, reverts (one step) or lists migrations on the database the
// environment configures. On the embedded database while a server runs, PGlite is locked: say so, exit 1.
import { runCli } from './run-cli.ts';
import { loadConfig } from '../config.ts';
import { openDatabase, type DbHandle } from '../db/index.ts';
import { migrateDown, migrateToLatest, migrationStatus } from '../db/migrate.ts';

const usage = 'usage: npm run migrate -- up|down|status';

async function main(argv: string[]): Promise<number> {
  const cmd = argv[0] ?? 'status';
  if (!['up', 'down', 'status'].includes(cmd) || argv.length > 1) {
    console.error(usage);
    return 2;
  }
  const config = loadConfig();
  let handle: DbHandle | null = null;
  try {
    handle = await openDatabase(config.database);
    const where = config.database.kind === 'postgres' ? 'postgres (DATABASE_URL)' : `embedded PGlite in ${config.database.dir}`;
    if (cmd === 'status') {
      const list = await migrationStatus(handle.db);
      console.log(`migrations on ${where}:`);
      for (const m of list) console.log(`  ${m.executedAt ? 'applied ' + m.executedAt.toISOString() : 'pending'.padEnd(32)}  ${m.name}`);
      return 0;
    }
    const result = cmd === 'up' ? await migrateToLatest(handle.db) : await migrateDown(handle.db);
    const done = (result.results ?? []).filter((r) => r.status === 'Success');
    if (done.length === 0) console.log(cmd === 'up' ? `already up to date on ${where}` : `nothing to revert on ${where}`);
    for (const r of done) console.log(`${r.direction === 'Up' ? 'applied' : 'reverted'} ${r.migrationName}`);
    return 0;
  } finally {
    await handle?.close();
  }
}

await runCli('migrate', main);
