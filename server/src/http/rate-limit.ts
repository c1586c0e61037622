// Rate limits for the auth routes (express-rate-limit 8): one per client IP and one per account named in
// the body (login, username or email), so neither a single address nor a botnet aimed at one account
// gets unlimited guesses. Counters live in Redis (rate-limit-redis) when REDIS_URL is set, so every
// process shares them; in memory otherwise. A limited request gets 429, Retry-After and our error shape.
//
// While Redis is away the limits still hold, counted in this process's memory (RedisOrMemoryStore),
// and a warning is logged once per outage. Neither alternative is better: answering 503 would lock
// every player out of login because of a counter store, and passing unlimited would open the door to
// password guessing for as long as Redis is down. An error from Redis that is not an outage is our bug
// and answers 500.
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit, type IncrementResponse, type Options, type Store } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import type { Logger } from '../log.ts';
import { dependencyDown, outageLogFields, tagDependency } from '../services/dependency-errors.ts';
import type { AppContext } from './context.ts';
import { HttpError } from './errors.ts';

/** Redis-shared counters, falling back to per-process counters while Redis is away. */
export class RedisOrMemoryStore implements Store {
  readonly prefix: string;
  readonly localKeys = false;
  private readonly memory = new MemoryStore();
  private degraded = false;

  constructor(
    private readonly redis: RedisStore,
    private readonly name: string,
    private readonly log: Logger,
    /** Told each time this store starts or stops counting in the process (for /readyz). */
    private readonly onMode: (name: string, local: boolean) => void = () => {},
  ) {
    this.prefix = redis.prefix;
  }

  init(options: Options) {
    this.memory.init(options);
    // rate-limit-redis loads its script here; if Redis is away now, increment() loads it later.
    void Promise.resolve(this.redis.init?.(options)).catch((e) => this.fellBack(e));
  }

  /** Runs fn on Redis; on an outage, logs once and runs fallback on the memory store instead. */
  private async either<T>(fn: (s: RedisStore) => Promise<T>, fallback: (s: MemoryStore) => Promise<T> | T): Promise<T> {
    try {
      const r = await fn(this.redis);
      if (this.degraded) {
        this.degraded = false;
        this.onMode(this.name, false);
        this.log.info({ limiter: this.name }, 'rate limit store back: counting in redis again');
      }
      return r;
    } catch (e) {
      this.fellBack(e);
      return fallback(this.memory);
    }
  }

  private fellBack(e: unknown) {
    if (dependencyDown(tagDependency(e, 'redis')) !== 'redis') throw e;
    if (!this.degraded) {
      this.log.warn({ limiter: this.name, ...outageLogFields(e) }, 'rate limit store unavailable: counting in this process until redis is back');
      this.onMode(this.name, true);
    }
    this.degraded = true;
  }

  increment(key: string): Promise<IncrementResponse> {
    return this.either((s) => s.increment(key), (m) => m.increment(key));
  }
  decrement(key: string): Promise<void> {
    return this.either((s) => s.decrement(key), (m) => m.decrement(key));
  }
  resetKey(key: string): Promise<void> {
    return this.either((s) => s.resetKey(key), (m) => m.resetKey(key));
  }
}

/** Per app: the limiters counting in this process because Redis is away. */
const countingLocally = new WeakMap<AppContext, Set<string>>();

/**
 * Where the auth and social rate limits count, for /readyz: in Redis (shared by every process), in
 * this process because Redis is away (each process then allows its own quota: say so), or in this
 * process because there is no Redis.
 */
export function rateLimitMode(ctx: AppContext): string {
  if (!ctx.redis) return 'in this process (no REDIS_URL)';
  const local = [...(countingLocally.get(ctx) ?? [])].sort();
  return local.length ? `in this process until redis is back: ${local.join(', ')}` : 'in redis, shared by every process';
}

function store(ctx: AppContext, name: string): Store | undefined {
  const redis = ctx.redis;
  if (!redis) return undefined; // express-rate-limit's MemoryStore, one per limiter
  const shared = new RedisStore({
    prefix: `${ctx.config.RATE_LIMIT_REDIS_PREFIX}${name}:`,
    sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as any,
  });
  return new RedisOrMemoryStore(shared, name, ctx.log, (n, local) => {
    let set = countingLocally.get(ctx);
    if (!set) countingLocally.set(ctx, (set = new Set()));
    if (local) set.add(n);
    else set.delete(n);
  });
}

function limiter(ctx: AppContext, name: string, limit: number, key: (req: Request) => string | null, windowMs = ctx.config.AUTH_RATE_WINDOW_S * 1000): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: name,
    store: store(ctx, name),
    // The store itself falls back to memory while Redis is away; any other store error is a bug (500).
    passOnStoreError: false,
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

/**
 * Per signed-in user limits on social actions that reach another person (a friend request, a
 * challenge), so nobody can flood someone's notifications. Mounted after requireAuth.
 */
export function socialLimiters(ctx: AppContext): { friendRequests: RequestHandler; challenges: RequestHandler } {
  const windowMs = ctx.config.SOCIAL_RATE_WINDOW_S * 1000;
  const user = (req: Request) => ((req as any).auth?.userId as string | undefined) ?? null;
  return {
    friendRequests: limiter(ctx, 'friend-requests', ctx.config.FRIEND_REQUESTS_PER_WINDOW, user, windowMs),
    challenges: limiter(ctx, 'challenges', ctx.config.CHALLENGES_PER_WINDOW, user, windowMs),
  };
}
