// npm run grant -- <username> <role> [--revoke]: gives (or takes) a role on whatever database the
// environment configures. On the embedded database while a server runs, PGlite is locked: say so, exit 1.
import { runCli } from './run-cli.ts';
import { loadConfig } from '../config.ts';
import { openDatabase, type DbHandle } from '../db/index.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { findUserByUsername, ROLES, setRoles, type Role } from '../db/users.ts';

const usage = `usage: npm run grant -- <username> <role> [--revoke]   (roles: ${ROLES.join(', ')})`;

async function main(argv: string[]): Promise<number> {
  const revoke = argv.includes('--revoke');
  const [username, role, ...rest] = argv.filter((a) => a !== '--revoke');
  if (!username || !role || rest.length) {
    console.error(usage);
    return 2;
  }
  if (!(ROLES as readonly string[]).includes(role)) {
    console.error(`unknown role "${role}"; roles are ${ROLES.join(', ')}`);
    return 2;
  }
  const config = loadConfig();
  let handle: DbHandle | null = null;
  try {
    handle = await openDatabase(config.database);
    await migrateToLatest(handle.db);
    const user = await findUserByUsername(handle.db, username);
    if (!user) {
      console.error(`no user named "${username}"`);
      return 1;
    }
    const set = new Set(user.roles);
    if (revoke) set.delete(role);
    else set.add(role);
    const roles = ROLES.filter((r) => set.has(r)) as Role[];
    if (roles.length === 0) {
      console.error(`refusing to leave ${user.username} with no role`);
      return 1;
    }
    await setRoles(handle.db, user.id, roles);
    console.log(`${user.username} (${user.id}) now has roles: ${roles.join(', ')}`);
    return 0;
  } finally {
    await handle?.close();
  }
}

await runCli('grant', main);
