// Which real servers the test run was told about. Suites run on PGlite always; on Postgres when
// DATABASE_URL is set; on Redis when REDIS_URL is set. In CI (CI set), a configured server that cannot
// be reached fails the suite loudly; outside CI it is skipped with a warning.
import net from 'node:net';

export const inCI = !!process.env.CI && process.env.CI !== 'false';
export const DATABASE_URL = process.env.DATABASE_URL || undefined;
export const REDIS_URL = process.env.REDIS_URL || undefined;

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname || '127.0.0.1', port: Number(u.port || defaultPort) });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(2000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

async function gate(name: string, url: string | undefined, port: number): Promise<string | null> {
  if (!url) return null;
  if (await reachable(url, port)) return url;
  const msg = `${name} is set (${url.replace(/\/\/[^@]*@/, '//***@')}) but nothing answers there`;
  if (inCI) throw new Error(`${msg}: failing, since CI is set`);
  console.warn(`WARNING: ${msg}: skipping its suites (outside CI)`);
  return null;
}

/** The Postgres URL to test against, or null; throws in CI if configured but unreachable. */
export const postgresUrl = () => gate('DATABASE_URL', DATABASE_URL, 5432);
/** The Redis URL to test against, or null; throws in CI if configured but unreachable. */
export const redisUrl = () => gate('REDIS_URL', REDIS_URL, 6379);

/** Logs what a suite ran on, so the CI log shows the Postgres and Redis suites really ran. */
export function announce(suite: string, target: string) {
  console.log(`  [${suite}] running on ${target}`);
}
