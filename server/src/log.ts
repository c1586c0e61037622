// The root pino logger. Secrets are redacted here, once, for every child logger (per request, per room):
// authorization and cookie headers, and any password, token or refreshToken field at any depth we log.
import pino, { type Logger, type DestinationStream } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'cookie',
  'password',
  'token',
  'refreshToken',
  'accessToken',
  'secret',
  '*.password',
  '*.token',
  '*.refreshToken',
  '*.accessToken',
  '*.secret',
  '*.newPassword',
  '*.authorization',
  '*.cookie',
  '*.*.password',
  '*.*.token',
  '*.*.refreshToken',
  '*.*.accessToken',
  'options.token',
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
