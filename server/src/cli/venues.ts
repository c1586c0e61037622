// npm run venues -- import FILE [--dry-run]: loads a GeoJSON or CSV of venues (services/venue-import.ts)
// into whatever database the environment configures. Every row is checked first; with any bad row
// nothing is written and each problem is printed with its line or feature number.
import { readFile } from 'node:fs/promises';
import { runCli } from './run-cli.ts';
import { loadConfig } from '../config.ts';
import { openDatabase, type DbHandle } from '../db/index.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createVenue } from '../db/venues.ts';
import { parseVenuesFile } from '../services/venue-import.ts';

const usage = 'usage: npm run venues -- import FILE.geojson|FILE.csv [--dry-run]   (CSV header: name,address,lat,lon,tables)';

async function main(argv: string[]): Promise<number> {
  const dry = argv.includes('--dry-run');
  const [cmd, file, ...rest] = argv.filter((a) => a !== '--dry-run');
  if (cmd !== 'import' || !file || rest.length) {
    console.error(usage);
    return 2;
  }
  const { venues, problems } = parseVenuesFile(file, await readFile(file, 'utf8'));
  if (problems.length) {
    for (const p of problems) console.error(`${file}: ${p}`);
    console.error(`nothing imported: fix the ${problems.length} problem(s) above`);
    return 1;
  }
  if (dry) {
    console.log(`${venues.length} venues read from ${file}; nothing written (--dry-run)`);
    return 0;
  }
  const config = loadConfig();
  let handle: DbHandle | null = null;
  try {
    handle = await openDatabase(config.database);
    await migrateToLatest(handle.db);
    await handle.db.transaction().execute(async (tx) => {
      for (const v of venues) await createVenue(tx, { ...v, createdBy: null });
    });
    console.log(`imported ${venues.length} venues from ${file}`);
    return 0;
  } finally {
    await handle?.close();
  }
}

await runCli('venues', main);
