// The root pino logger. Secrets are redacted here, once, for every child logger (per request, per room):
// authorization and cookie headers, and any password, token or refreshToken field at any depth we log.
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

export function createLogger(opts: { level: string; pretty?: boolean }, destination?: DestinationStream): Logger {
  const base: pino.LoggerOptions = {
    level: opts.level,
    base: { service: 'dojopool' },
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (destination) return pino(base, destination);
  if (opts.pretty) return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true } } });
  return pino(base);
}
