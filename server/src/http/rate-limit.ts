// Rate limits for the auth routes (express-rate-limit 8): one per client IP and one per account named in
// the body (login, username or email), so neither a single address nor a botnet aimed at one account
// gets unlimited guesses. Counters live in Redis (rate-limit-redis) when REDIS_URL is set, so every
// process shares them; in memory otherwise. A limited request gets 429, Retry-After and our error shape.
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import type { AppContext } from './context.ts';
import { HttpError } from './errors.ts';

function store(ctx: AppContext, name: string): Store | undefined {
  const redis = ctx.redis;
  if (!redis) return undefined; // express-rate-limit's MemoryStore, one per limiter
  return new RedisStore({
    prefix: `${ctx.config.RATE_LIMIT_REDIS_PREFIX}${name}:`,
    sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as any,
  });
}

function limiter(ctx: AppContext, name: string, limit: number, key: (req: Request) => string | null): RequestHandler {
  const windowMs = ctx.config.AUTH_RATE_WINDOW_S * 1000;
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: name,
    store: store(ctx, name),
    // Availability over strictness: if Redis is down the request goes through (and is logged).
    passOnStoreError: true,
    skip: (req) => key(req) === null,
    keyGenerator: (req) => key(req) ?? 'none',
    handler: (req, _res, next) => {
      const reset = (req as any).rateLimit?.resetTime as Date | undefined;
      const retryS = Math.max(1, Math.ceil(reset ? (reset.getTime() - Date.now()) / 1000 : windowMs / 1000));
      ((req as any).log ?? ctx.log).warn({ limiter: name }, 'rate limited');
      next(new HttpError(429, 'rate_limited', `too many requests; retry in ${retryS} s`, undefined, { 'retry-after': String(retryS) }));
    },
  });
}

const clientIp = (req: Request) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');

/** The account a request names in its body, lower-cased, or null. */
function accountOf(req: Request): string | null {
  const b = req.body as Record<string, unknown> | undefined;
  if (!b || typeof b !== 'object') return null;
  for (const k of ['login', 'username', 'email']) {
    const v = b[k];
    if (typeof v === 'string' && v.length > 0) return v.trim().toLowerCase().slice(0, 320);
  }
  return null;
}

export type AuthLimiters = { perIp: RequestHandler; perAccount: RequestHandler };

export function authLimiters(ctx: AppContext): AuthLimiters {
  return {
    perIp: limiter(ctx, 'auth-ip', ctx.config.AUTH_RATE_LIMIT_PER_IP, clientIp),
    perAccount: limiter(ctx, 'auth-account', ctx.config.AUTH_RATE_LIMIT_PER_ACCOUNT, accountOf),
  };
}
