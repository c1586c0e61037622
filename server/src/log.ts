// The root pino logger. Secrets are redacted here, once, for every child logger (per request, per room):
// authorization and cookie headers, and any password, token or refreshToken field at any depth we log.
// Every line carries the process's public address (`publicAddress`, 'local' for a lone process), and
// rooms and services log through child loggers carrying `roomId` and `matchId`, so one match can be
// followed across the processes that hosted it (created on one, adopted by another).
import pino, { type Logger, type DestinationStream } from 'pino';

// Field names that are secret wherever they appear. pino's redaction (fast-redact) has no "any depth"
// wildcard, so each name is redacted at the top level and under up to MAX_DEPTH wildcard levels
// (e.g. ctx.req.headers.authorization, body.tokens.refresh.token). Objects logged deeper than that are
// not redacted: log small objects, not whole requests or rows.
export const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'password',
  'newPassword',
  'currentPassword',
  'oldPassword',
  'passwordHash',
  'password_hash',
  'token',
  'refreshToken',
  'accessToken',
  'secret',
  'totpSecret',
];
const MAX_DEPTH = 3;

export const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((key) => Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => '*.'.repeat(depth) + key)),
  'res.headers["set-cookie"]',
  'headers["set-cookie"]',
  '*.headers["set-cookie"]',
];

export type { Logger };

/** The address a process is reached at, as its log lines name it. */
export const logAddress = (publicAddress: string | undefined) => publicAddress ?? 'local';

export function createLogger(opts: { level: string; pretty?: boolean; publicAddress?: string }, destination?: DestinationStream): Logger {
  const base: pino.LoggerOptions = {
    level: opts.level,
    base: opts.publicAddress ? { service: 'dojopool', publicAddress: opts.publicAddress } : { service: 'dojopool' },
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (destination) return pino(base, destination);
  if (opts.pretty) return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true } } });
  return pino(base);
}

/** `log`, carrying `publicAddress` unless it already does (a logger made by createLogger does). */
export function withAddress(log: Logger, publicAddress: string | undefined): Logger {
  return log.bindings().publicAddress === undefined ? log.child({ publicAddress: logAddress(publicAddress) }) : log;
}
