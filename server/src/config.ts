// Configuration: parses and validates process.env exactly once. Nothing else in the server reads
// process.env. A bad value stops start-up with one line naming the variable and what was wrong.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOM_LIMITS } from '@dojopool/shared';
import { z } from 'zod';

/** The repository root (server/src/config.ts → ../..). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodTypeAny>(s: T) => z.preprocess(emptyToUndefined, s.optional());
const withDefault = <T extends z.ZodTypeAny>(s: T, d: unknown) => z.preprocess((v) => emptyToUndefined(v) ?? d, s);

const port = z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be 0–65535').max(65535, 'must be 0–65535');
const seconds = z.coerce.number({ error: 'must be a number of seconds' }).positive('must be positive');
/** Seconds within the range a room accepts (ROOM_LIMITS), so a value that passes here never makes a room refuse to open. */
const roomSeconds = ({ min, max }: { min: number; max: number }) =>
  z.coerce.number({ error: 'must be a number of seconds' }).min(min, `must be ${min}–${max} seconds`).max(max, `must be ${min}–${max} seconds`);
const urlWithScheme = (schemes: string[]) =>
  z.string().refine((v) => {
    try {
      const u = new URL(v);
      return schemes.includes(u.protocol.replace(/:$/, '')) && (u.hostname !== '' || u.protocol === 'postgresql:' || u.protocol === 'postgres:');
    } catch {
      return false;
    }
  }, `must be a URL starting with ${schemes.map((s) => s + '://').join(' or ')}`);

export const envSchema = z.object({
  NODE_ENV: withDefault(z.enum(['development', 'production', 'test']), 'development'),
  PORT: withDefault(port, 2567),
  HOST: withDefault(z.string(), '0.0.0.0'),
  PUBLIC_ADDRESS: opt(z.string().regex(/^[^\s/:]+:\d{1,5}$/, 'must be host:port with no scheme')),
  DATABASE_URL: opt(urlWithScheme(['postgres', 'postgresql'])),
  DATA_DIR: withDefault(z.string().min(1), './data'),
  REDIS_URL: opt(urlWithScheme(['redis', 'rediss'])),
  LOG_LEVEL: withDefault(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
  LOG_PRETTY: withDefault(z.enum(['true', 'false']).transform((v) => v === 'true'), 'false'),
  CLIENT_DIST: opt(z.string().min(1)),
  JWT_SECRET: opt(z.string().min(32, 'must be at least 32 characters')),
  ACCESS_TOKEN_TTL_S: withDefault(seconds, 900),
  REFRESH_TOKEN_TTL_S: withDefault(seconds, 30 * 24 * 3600),
  TRUST_PROXY: withDefault(z.enum(['true', 'false']).transform((v) => v === 'true'), 'false'),
  SHOT_CLOCK_S: withDefault(roomSeconds(ROOM_LIMITS.shotClockS), 45),
  RECONNECT_WINDOW_S: withDefault(roomSeconds(ROOM_LIMITS.reconnectS), 30),
  SHUTDOWN_TIMEOUT_S: withDefault(seconds, 10),
  // WebSocket keep-alive: each socket is pinged once per this interval (spread out: keep-alive.ts) and
  // cut after 2 unanswered pings in a row, so a silently dead connection is seen within 2–3 intervals.
  WS_PING_INTERVAL_S: withDefault(z.coerce.number({ error: 'must be a number of seconds' }).min(1, 'must be 1–120 seconds').max(120, 'must be 1–120 seconds'), 10),
  // How long a process may host a live match without renewing its lease; past it, another process
  // adopts the match (renewed every quarter of it). Adoption takes about this long after a process dies.
  LEASE_TTL_S: withDefault(z.coerce.number({ error: 'must be a number of seconds' }).min(2, 'must be 2–120 seconds').max(120, 'must be 2–120 seconds'), 20),
  // A process's presence heartbeat lapses after this long; survivors then take its users' connections
  // away and tell their friends (a crashed process's users go offline within about this time).
  PRESENCE_TTL_S: withDefault(z.coerce.number({ error: 'must be a number of seconds' }).min(2, 'must be 2–120 seconds').max(120, 'must be 2–120 seconds'), 15),
  // When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`.
  METRICS_TOKEN: opt(z.string().min(16, 'must be at least 16 characters')),
  // The computer player: quick play seats it after this wait with nobody else (0 = never); its pause
  // before acting, on top of waiting for the last shot's balls to stop (COMPUTER_WAITS_FOR_BALLS).
  COMPUTER_QUICK_WAIT_S: withDefault(z.coerce.number({ error: 'must be a number of seconds' }).min(0, 'must be 0 or more'), 20),
  COMPUTER_PAUSE_MS: withDefault(z.coerce.number({ error: 'must be a number of milliseconds' }).int('must be an integer').min(0, 'must be 0 or more').max(60000, 'must be at most 60000'), 900),
  COMPUTER_WAITS_FOR_BALLS: withDefault(z.enum(['true', 'false']).transform((v) => v === 'true'), 'true'),
  MAPBOX_TOKEN: opt(z.string()),
  // Accounts: Argon2id cost (OWASP minimum m=19 MiB, t=2, p=1) and auth rate limits.
  ARGON2_MEMORY_KIB: withDefault(z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(8192, 'must be at least 8192 KiB'), 19456),
  ARGON2_TIME_COST: withDefault(z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1'), 2),
  ARGON2_PARALLELISM: withDefault(z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1'), 1),
  AUTH_RATE_WINDOW_S: withDefault(seconds, 900),
  AUTH_RATE_LIMIT_PER_IP: withDefault(z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1'), 100),
  AUTH_RATE_LIMIT_PER_ACCOUNT: withDefault(z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1'), 10),
  // Social rate limits, per signed-in user over one window: friend requests sent, challenges made.
  SOCIAL_RATE_WINDOW_S: withDefault(seconds, 600),
  FRIEND_REQUESTS_PER_WINDOW: withDefault(z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1'), 20),
  CHALLENGES_PER_WINDOW: withDefault(z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1'), 10),
  RATE_LIMIT_REDIS_PREFIX: withDefault(z.string().min(1), 'dojopool:rl:'),
});

export type Env = z.infer<typeof envSchema>;

export type Config = Env & {
  /** Absolute data directory (PGlite files, generated keys). */
  dataDir: string;
  /** Absolute path of the built client, served at /. */
  clientDist: string;
  /** PGlite: on disk in `dir`, else in memory (from `template`, a dumped data directory, when given: tests). */
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dir?: string; template?: Blob };
};

export class ConfigError extends Error {
  constructor(readonly variable: string, readonly problem: string, readonly value?: string) {
    super(`invalid configuration: ${variable} ${problem}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment (default process.env). Throws ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const raw = env[variable];
    throw new ConfigError(variable, issue.message.replace(/^Invalid input: /, ''), raw);
  }
  const e = parsed.data;
  // Relative paths are taken from where the user ran npm (INIT_CWD), not the workspace folder npm cd's into.
  const base = env.INIT_CWD && existsSync(env.INIT_CWD) ? env.INIT_CWD : process.cwd();
  const dataDir = resolve(base, e.DATA_DIR);
  const clientDist = e.CLIENT_DIST ? resolve(base, e.CLIENT_DIST) : resolve(repoRoot, 'client', 'dist');
  return {
    ...e,
    dataDir,
    clientDist,
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dir: resolve(dataDir, 'pglite') },
  };
}
