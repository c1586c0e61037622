// Authentication and authorisation middleware. requireAuth accepts `Authorization: Bearer <access JWT>`,
// verifies it, and checks it against the user row (still exists, token version not bumped by
// logout-all), so roles are always the current ones. requireRole answers 403 when the user lacks every
// listed role. Missing or bad credentials are always 401, a missing role always 403, and a database
// that cannot be asked is 503 database_unavailable: an outage never looks like a bad token.
import type { Request, RequestHandler } from 'express';
import type { Config } from '../config.ts';
import type { DbHandle } from '../db/index.ts';
import { findAuthState } from '../db/users.ts';
import { asDependencyDown } from '../services/dependency-errors.ts';
import { TokenError, tokenService } from '../services/tokens.ts';
import type { AppContext } from './context.ts';
import { HttpError } from './errors.ts';

export type AuthInfo = { userId: string; username: string; roles: string[]; tokenVersion: number };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      auth?: AuthInfo;
    }
  }
}

export function bearerToken(req: Request): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h.trim());
  return m ? m[1]! : null;
}

/**
 * Verifies an access token and checks it against the database (user exists, not logged out everywhere).
 * Rooms may call this instead of the stateless tokenService().verifyAccess when they have the database.
 */
export async function authenticateAccess(config: Config, database: DbHandle, token: string): Promise<AuthInfo> {
  const claims = await (await tokenService(config)).verifyAccess(token);
  const row = await findAuthState(database.db, claims.userId);
  if (!row) throw new TokenError('token_invalid', 'the account no longer exists');
  if (row.token_version !== claims.tokenVersion) throw new TokenError('token_invalid', 'the session was signed out');
  if (row.suspended_at) throw new TokenError('token_invalid', 'the account is suspended');
  return { userId: row.id, username: row.username, roles: row.roles, tokenVersion: row.token_version };
}

export function requireAuth(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req);
    if (!token) return next(new HttpError(401, 'unauthorized', 'authentication required: send Authorization: Bearer <access token>', undefined, { 'www-authenticate': 'Bearer' }));
    try {
      req.auth = await authenticateAccess(ctx.config, ctx.database, token);
      next();
    } catch (e) {
      if (e instanceof TokenError) next(new HttpError(401, e.code, e.message, undefined, { 'www-authenticate': `Bearer error="invalid_token"` }));
      else next(asDependencyDown(e) ?? e);
    }
  };
}

/** Use after requireAuth. Passes when the user has any of the roles. */
export function requireRole(...roles: string[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.auth) return next(new HttpError(401, 'unauthorized', 'authentication required'));
    if (!roles.some((r) => req.auth!.roles.includes(r))) return next(new HttpError(403, 'forbidden', `requires role ${roles.join(' or ')}`));
    next();
  };
}

/** The authenticated user of a request behind requireAuth. */
export function authOf(req: Request): AuthInfo {
  if (!req.auth) throw new HttpError(401, 'unauthorized', 'authentication required');
  return req.auth;
}
