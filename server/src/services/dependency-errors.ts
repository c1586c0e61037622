// Telling "a dependency is away" apart from our bug or bad input. Postgres (pg), the embedded PGlite and
// Redis (ioredis) fail in many shapes when they are down, restarting or unreachable; dependencyDown()
// recognises those shapes so that REST answers 503 with a code (and rooms refuse a join as
// 'unavailable') instead of 401 or 500, and so that an outage is logged at warn, not as our error.

export type Dependency = 'database' | 'redis';

/** Seconds a client is told to wait before retrying while a dependency is away. */
export const DEPENDENCY_RETRY_AFTER_S = 5;

// Socket-level errno codes from node:net/dns: the other end is not there (or not reachable now).
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENOTFOUND', 'EAI_AGAIN']);

// SQLSTATEs that mean the server is not serving us, not that our statement was wrong
// (https://www.postgresql.org/docs/15/errcodes-appendix.html): class 08 connection exception,
// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or in recovery),
// 57P05 idle_session_timeout, 53300 too_many_connections, 25006 read_only_sql_transaction (a
// standby answering during a failover).
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '57P05', '53300', '25006']);

// Messages of pg and pg-pool when a connection is lost, times out or the pool is gone.
const PG_MESSAGES = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /is not queryable/i,
  /Cannot use a pool after calling end/i,
  /^Query read timeout/i,
];
// PGlite closed (or crashed: its WASM aborted), and Kysely's driver after destroy().
const PGLITE_MESSAGES = [/^PGlite is closed/i, /PGlite instance is already closed/i, /driver has already been destroyed/i];
// ioredis: the connection is closed or gave up retrying, or the server cannot serve yet.
const REDIS_MESSAGES = [/^Connection is closed/i, /max retries per request/i, /Stream isn't writeable/i, /^LOADING /, /^MASTERDOWN /, /^CLUSTERDOWN /, /^TRYAGAIN /];

const TAG = Symbol.for('dojopool.dependency');

/**
 * Marks an error as coming from a dependency the call site knows (e.g. the rate limiter's Redis store),
 * so a bare socket error such as ECONNREFUSED is attributed to it rather than to the database.
 */
export function tagDependency<E>(err: E, dependency: Dependency): E {
  if (err && typeof err === 'object') (err as Record<symbol, unknown>)[TAG] = dependency;
  return err;
}

function classify(err: unknown, depth: number): Dependency | null {
  if (!err || typeof err !== 'object' || depth > 4) return null;
  const e = err as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; errors?: unknown; [TAG]?: Dependency };
  if (err instanceof DependencyDownError) return err.dependency;
  const code = typeof e.code === 'string' ? e.code : '';
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' ? e.message : '';
  let found: Dependency | null = null;
  if (name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.some((re) => re.test(message))) found = 'redis';
  else if (PGLITE_MESSAGES.some((re) => re.test(message))) found = 'database';
  // A WASM trap can only come from PGlite here (argon2 is native): the embedded database crashed.
  else if (name === 'RuntimeError' && /Aborted|unreachable|out of bounds/i.test(message)) found = 'database';
  else if (/^08[0-9A-Z]{3}$/.test(code) || SQLSTATES.has(code)) found = 'database';
  else if (SOCKET_CODES.has(code) || PG_MESSAGES.some((re) => re.test(message))) found = 'database';
  if (found) return e[TAG] ?? found;
  // pg reports a dual-stack connect failure as an AggregateError; libraries wrap with `cause`.
  if (Array.isArray(e.errors)) for (const inner of e.errors) {
    const d = classify(inner, depth + 1);
    if (d) return e[TAG] ?? d;
  }
  const fromCause = classify(e.cause, depth + 1);
  return fromCause ? (e[TAG] ?? fromCause) : null;
}

/**
 * Which dependency an error says is away ('database' for Postgres or PGlite, 'redis'), or null when
 * the error is anything else: our bug, bad input, a constraint violation, a wrong token.
 */
export function dependencyDown(err: unknown): Dependency | null {
  return classify(err, 0);
}

/**
 * The REST answer to an outage: 503 { error: { code: 'database_unavailable' | 'redis_unavailable',
 * message } } with retry-after. It has HttpError's fields (status, code, headers), and the Express
 * error handler answers it like one; it does not extend HttpError so that http/errors.ts can import
 * this module without an import cycle.
 */
export class DependencyDownError extends Error {
  readonly status = 503;
  readonly code: `${Dependency}_unavailable`;
  readonly fields = undefined;
  readonly headers: Record<string, string> = { 'retry-after': String(DEPENDENCY_RETRY_AFTER_S) };
  constructor(readonly dependency: Dependency, options?: { cause?: unknown }) {
    super(`the ${dependency} is briefly unavailable; retry in ${DEPENDENCY_RETRY_AFTER_S} s`, options);
    this.name = 'DependencyDownError';
    this.code = `${dependency}_unavailable`;
  }
}

/** The 503 for an outage error, or null if the error is not an outage. */
export function asDependencyDown(err: unknown): DependencyDownError | null {
  if (err instanceof DependencyDownError) return err;
  const d = dependencyDown(err);
  return d ? new DependencyDownError(d, { cause: err }) : null;
}

/** What to log about an outage error: short, without a stack (it is not our bug). */
export function outageLogFields(err: unknown): { dependency: Dependency | null; errCode?: string; errMessage: string } {
  const root = err instanceof DependencyDownError && err.cause !== undefined ? err.cause : err;
  const e = root as { code?: unknown; message?: unknown };
  return {
    dependency: dependencyDown(err),
    ...(typeof e?.code === 'string' ? { errCode: e.code } : {}),
    errMessage: typeof e?.message === 'string' ? e.message.slice(0, 200) : String(root).slice(0, 200),
  };
}
