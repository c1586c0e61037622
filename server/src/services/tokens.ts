// Access and refresh tokens. Access tokens are short-lived HS256 JWTs (jose) that authenticate both REST
// calls and room joins; the key is JWT_SECRET, or one generated on first start and kept in the data
// directory (mode 0600) so sessions survive a restart. Refresh tokens are opaque random strings; only
// their sha256 is stored (db/sessions.ts).
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';

const ISSUER = 'dojopool';
const AUDIENCE = 'dojopool';

export type AccessClaims = { userId: string; username: string; roles: string[]; tokenVersion: number };

export type TokenService = {
  signAccess(user: { id: string; username: string; roles: string[]; tokenVersion?: number }): Promise<string>;
  /** Verifies signature, issuer, audience and expiry. Throws TokenError (code token_expired or token_invalid). */
  verifyAccess(token: string): Promise<{ userId: string; username: string; roles: string[]; tokenVersion: number }>;
  accessTtlS: number;
};

export class TokenError extends Error {
  constructor(readonly code: 'token_expired' | 'token_invalid', message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

/** Reads the generated key, creating it atomically (O_EXCL) on first start. */
function dataDirSecret(dataDir: string): Uint8Array {
  const file = join(dataDir, 'jwt-secret');
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(48).toString('base64url') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const text = readFileSync(file, 'utf8').trim();
  if (text.length < 32) throw new Error(`${file} holds a key shorter than 32 characters; delete it to generate a new one`);
  return new TextEncoder().encode(text);
}

/**
 * The deployment's generated JWT key, kept in the database (server_secrets): the first process of a
 * cluster creates it, every other one reads the same row, so tokens from one process pass on all.
 */
export async function sharedJwtSecret(db: Db): Promise<string> {
  await db.insertInto('server_secrets').values({ name: 'jwt', value: randomBytes(48).toString('base64url') }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const row = await db.selectFrom('server_secrets').select('value').where('name', '=', 'jwt').executeTakeFirstOrThrow();
  return row.value;
}

/** A fresh service (not memoised): reads or creates the key now. Most callers want tokenService(). */
export function createTokenService(config: Config): TokenService {
  const key = config.JWT_SECRET ? new TextEncoder().encode(config.JWT_SECRET) : dataDirSecret(config.dataDir);
  const ttl = Math.round(config.ACCESS_TOKEN_TTL_S);
  return {
    accessTtlS: ttl,
    async signAccess(user) {
      return new SignJWT({ name: user.username, roles: user.roles, tv: user.tokenVersion ?? 0 })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(user.id)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttl}s`)
        .setJti(randomBytes(9).toString('base64url'))
        .sign(key);
    },
    async verifyAccess(token) {
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096) throw new TokenError('token_invalid', 'access token missing or malformed');
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
        const roles = payload.roles;
        if (typeof payload.sub !== 'string' || typeof payload.name !== 'string' || !Array.isArray(roles) || !roles.every((r) => typeof r === 'string'))
          throw new TokenError('token_invalid', 'access token has unexpected claims');
        return { userId: payload.sub, username: payload.name, roles: roles as string[], tokenVersion: typeof payload.tv === 'number' ? payload.tv : 0 };
      } catch (e) {
        if (e instanceof TokenError) throw e;
        if (e instanceof joseErrors.JWTExpired) throw new TokenError('token_expired', 'access token expired');
        throw new TokenError('token_invalid', 'access token invalid');
      }
    },
  };
}

const services = new Map<string, Promise<TokenService>>();

/** One token service per key source and lifetime (memoised: the rooms and the REST routes share it). */
export function tokenService(config: Config): Promise<TokenService> {
  const id = `${config.JWT_SECRET ? 'secret:' + sha256(config.JWT_SECRET) : 'dir:' + config.dataDir}|${config.ACCESS_TOKEN_TTL_S}`;
  let s = services.get(id);
  if (!s) {
    s = Promise.resolve().then(() => createTokenService(config));
    s.catch(() => services.delete(id));
    services.set(id, s);
  }
  return s;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** An opaque refresh token: 256 random bits. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}
