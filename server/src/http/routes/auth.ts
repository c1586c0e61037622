// Registration, login (with optional TOTP), refresh-token rotation, logout, and two-factor enrolment.
// Wrong login and wrong password answer the same 401; passwords and tokens are never logged.
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { Router } from 'express';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import { z } from 'zod';
import { createSession, revokeAllSessions, revokeSessionByToken, rotateSession } from '../../db/sessions.ts';
import {
  bumpTokenVersion,
  claimTotpStep,
  createUser,
  disableTotp,
  DuplicateUserError,
  enableTotp,
  findUserById,
  findUserByLogin,
  setPendingTotp,
  useRecoveryCode,
  type UserRow,
} from '../../db/users.ts';
import { passwordHasher } from '../../services/passwords.ts';
import { newRefreshToken, sha256, tokenService } from '../../services/tokens.ts';
import type { RouterFactory } from '../api.ts';
import { authOf, requireAuth } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { authLimiters } from '../rate-limit.ts';
import { parseBody } from '../validate.ts';
import { privateUser } from './me.ts';

const TOTP_ISSUER = 'DojoPool';
const RECOVERY_CODE_COUNT = 10;

export const username = z
  .string()
  .min(3, 'must be 3–24 characters')
  .max(24, 'must be 3–24 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'may only contain letters, digits, _ and -');
export const email = z.string().trim().max(254, 'must be at most 254 characters').pipe(z.email('must be an email address'));
export const password = z.string().min(10, 'must be at least 10 characters').max(1024, 'must be at most 1024 characters');

const registerSchema = z.strictObject({ username, email, password });
const loginSchema = z.strictObject({
  login: z.string().trim().min(1, 'is required').max(254, 'must be at most 254 characters'),
  password: z.string().min(1, 'is required').max(1024, 'must be at most 1024 characters'),
  totp: z.string().trim().max(32, 'must be at most 32 characters').optional(),
  recoveryCode: z.string().trim().max(32, 'must be at most 32 characters').optional(),
});
const refreshSchema = z.strictObject({ refreshToken: z.string().min(1, 'is required').max(256, 'must be at most 256 characters') });
const codeSchema = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, 'must be a 6-digit code') });
const disableSchema = z.strictObject({
  password: z.string().min(1, 'is required').max(1024),
  code: z.string().trim().min(1, 'is required').max(32, 'must be at most 32 characters'),
});

const invalidCredentials = () => new HttpError(401, 'invalid_credentials', 'wrong login or password');
const reqLog = (req: Request, ctx: AppContext) => ((req as any).log ?? ctx.log) as AppContext['log'];

/** A recovery code: 10 base32 characters in two groups (50 bits), e.g. "k7q2m-x9tfa". */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  let s = '';
  for (let i = 0; i < 10; i++) s += alphabet[bytes[i]! % 32];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}
const normaliseRecoveryCode = (c: string) => c.trim().toLowerCase().replace(/[^a-z0-9]/g, '').replace(/^(.{5})(.{5})$/, '$1-$2');

/** TOTP with ±1 step of clock drift, and each step usable once. */
async function checkTotp(ctx: AppContext, user: UserRow, code: string): Promise<boolean> {
  if (!user.totp_secret || !/^\d{6}$/.test(code)) return false;
  const r = await verifyTotp({ secret: user.totp_secret, token: code, epochTolerance: 30 }).catch(() => null);
  if (!r || !r.valid) return false;
  const step = (r as { timeStep?: number }).timeStep;
  if (typeof step !== 'number') return false;
  return claimTotpStep(ctx.database.db, user.id, step);
}

/** A second factor: a TOTP code, or a recovery code (single use). */
async function checkSecondFactor(ctx: AppContext, user: UserRow, code: string): Promise<boolean> {
  if (/^\d{6}$/.test(code.trim())) return checkTotp(ctx, user, code.trim());
  const norm = normaliseRecoveryCode(code);
  if (!/^[a-z0-9]{5}-[a-z0-9]{5}$/.test(norm)) return false;
  return useRecoveryCode(ctx.database.db, user.id, sha256(norm));
}

export const authRouter: RouterFactory = (ctx) => {
  const router = Router();
  const db = ctx.database.db;
  const hasher = passwordHasher(ctx.config);
  const limits = authLimiters(ctx);
  const auth = requireAuth(ctx);
  const refreshTtlS = Math.round(ctx.config.REFRESH_TOKEN_TTL_S);
  // Computes the dummy hash now, so the first login naming no account takes no longer than any other.
  void hasher.verifyDummy('warm-up');

  const meta = (req: Request) => ({ userAgent: req.headers['user-agent'] ?? null, ip: req.ip ?? null });

  /** A new session: an access JWT and the first refresh token of a new family. */
  async function issue(req: Request, user: UserRow) {
    const tokens = await tokenService(ctx.config);
    const refreshToken = newRefreshToken();
    await createSession(db, { userId: user.id, tokenHash: sha256(refreshToken), ttlS: refreshTtlS, ...meta(req) });
    const accessToken = await tokens.signAccess({ id: user.id, username: user.username, roles: user.roles, tokenVersion: user.token_version });
    return { user: privateUser(user), accessToken, refreshToken, expiresInS: tokens.accessTtlS };
  }

  router.post('/auth/register', limits.perIp, limits.perAccount, async (req, res) => {
    const body = parseBody(registerSchema, req);
    const passwordHash = await hasher.hash(body.password);
    let user: UserRow;
    try {
      user = await createUser(db, { username: body.username, email: body.email, passwordHash });
    } catch (e) {
      if (e instanceof DuplicateUserError)
        throw new HttpError(409, e.field === 'username' ? 'username_taken' : 'email_taken', `that ${e.field} is already registered`, { [e.field]: 'is already taken' });
      throw e;
    }
    reqLog(req, ctx).info({ userId: user.id }, 'registered');
    res.status(201).json(await issue(req, user));
  });

  router.post('/auth/login', limits.perIp, limits.perAccount, async (req, res) => {
    const body = parseBody(loginSchema, req);
    const user = await findUserByLogin(db, body.login);
    if (!user) {
      await hasher.verifyDummy(body.password);
      throw invalidCredentials();
    }
    if (!(await hasher.verify(user.password_hash, body.password))) throw invalidCredentials();
    if (user.totp_enabled) {
      const code = body.totp ?? body.recoveryCode;
      if (!code) throw new HttpError(401, 'totp_required', 'this account has two-factor authentication: send totp (or a recoveryCode)');
      if (!(await checkSecondFactor(ctx, user, code))) throw new HttpError(401, 'invalid_totp', 'the two-factor code is wrong or was already used');
    }
    reqLog(req, ctx).info({ userId: user.id }, 'logged in');
    res.json(await issue(req, user));
  });

  router.post('/auth/refresh', limits.perIp, async (req, res) => {
    const body = parseBody(refreshSchema, req);
    const next = newRefreshToken();
    const r = await rotateSession(db, { tokenHash: sha256(body.refreshToken), newTokenHash: sha256(next), ttlS: refreshTtlS, ...meta(req) });
    if (!r.ok) {
      if (r.reason === 'reused') {
        reqLog(req, ctx).warn({ userId: r.userId, familyId: r.familyId }, 'refresh token reused: family revoked');
        throw new HttpError(401, 'refresh_token_reused', 'this refresh token was already used; every session from that login was signed out');
      }
      throw new HttpError(401, 'invalid_refresh_token', 'refresh token unknown, expired or revoked');
    }
    const user = await findUserById(db, r.userId);
    if (!user) throw new HttpError(401, 'invalid_refresh_token', 'refresh token unknown, expired or revoked');
    const tokens = await tokenService(ctx.config);
    const accessToken = await tokens.signAccess({ id: user.id, username: user.username, roles: user.roles, tokenVersion: user.token_version });
    res.json({ user: privateUser(user), accessToken, refreshToken: next, expiresInS: tokens.accessTtlS });
  });

  router.post('/auth/logout', limits.perIp, async (req, res) => {
    const body = parseBody(refreshSchema, req);
    await revokeSessionByToken(db, sha256(body.refreshToken));
    res.status(204).end();
  });

  router.post('/auth/logout-all', auth, async (req, res) => {
    parseBody(z.strictObject({}), req);
    const me = authOf(req);
    const n = await revokeAllSessions(db, me.userId);
    await bumpTokenVersion(db, me.userId);
    reqLog(req, ctx).info({ userId: me.userId, sessions: n }, 'logged out everywhere');
    res.status(204).end();
  });

  // ---- two-factor (TOTP, RFC 6238) ----

  router.post('/auth/2fa/enrol', auth, async (req, res) => {
    parseBody(z.strictObject({}), req);
    const user = await findUserById(db, authOf(req).userId);
    if (!user) throw new HttpError(401, 'token_invalid', 'the account no longer exists');
    if (user.totp_enabled) throw new HttpError(409, 'totp_already_enabled', 'two-factor authentication is already on; disable it first');
    const secret = generateSecret();
    await setPendingTotp(db, user.id, secret);
    res.json({ secret, otpauthUri: generateURI({ issuer: TOTP_ISSUER, label: user.username, secret }) });
  });

  router.post('/auth/2fa/confirm', limits.perIp, auth, async (req, res) => {
    const body = parseBody(codeSchema, req);
    const user = await findUserById(db, authOf(req).userId);
    if (!user) throw new HttpError(401, 'token_invalid', 'the account no longer exists');
    if (user.totp_enabled) throw new HttpError(409, 'totp_already_enabled', 'two-factor authentication is already on');
    if (!user.totp_secret) throw new HttpError(409, 'totp_not_enrolled', 'start with POST /api/auth/2fa/enrol');
    if (!(await checkTotp(ctx, user, body.code))) throw new HttpError(400, 'invalid_totp', 'the code does not match', { code: 'does not match' });
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await enableTotp(db, user.id, codes.map((c) => sha256(c)));
    reqLog(req, ctx).info({ userId: user.id }, 'two-factor enabled');
    res.json({ totpEnabled: true, recoveryCodes: codes });
  });

  router.post('/auth/2fa/disable', limits.perIp, auth, async (req, res) => {
    const body = parseBody(disableSchema, req);
    const user = await findUserById(db, authOf(req).userId);
    if (!user) throw new HttpError(401, 'token_invalid', 'the account no longer exists');
    if (!user.totp_enabled) throw new HttpError(409, 'totp_not_enabled', 'two-factor authentication is not on');
    if (!(await hasher.verify(user.password_hash, body.password))) throw new HttpError(403, 'wrong_password', 'password is wrong', { password: 'is wrong' });
    if (!(await checkSecondFactor(ctx, user, body.code))) throw new HttpError(403, 'invalid_totp', 'the two-factor code is wrong or was already used', { code: 'is wrong or was already used' });
    await disableTotp(db, user.id);
    reqLog(req, ctx).info({ userId: user.id }, 'two-factor disabled');
    res.status(204).end();
  });

  return router;
};
