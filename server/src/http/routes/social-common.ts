// What the social routers share: the public view of a user, message text validation, the per-user
// message rate limit (in Redis when configured, so every process counts together), and the user
// lookups every route starts with.
import type { PublicUser, SocialMessage } from '@dojopool/shared';
import { SOCIAL_LIMITS } from '@dojopool/shared';
import type { Request, RequestHandler } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import { z } from 'zod';
import type { Db } from '../../db/index.ts';
import type { MessageRow } from '../../db/messages.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../errors.ts';

export const publicUser = (u: { id: string; username: string; display_name: string | null }): PublicUser => ({ id: u.id, username: u.username, displayName: u.display_name });

export function messageView(m: MessageRow): SocialMessage {
  return {
    id: String(m.id),
    from: m.sender_id && m.username ? { id: m.sender_id, username: m.username, displayName: m.display_name } : null,
    to: m.recipient_id,
    clanId: m.clan_id,
    text: m.text,
    createdAt: new Date(m.created_at).toISOString(),
  };
}

// No control characters but newline and tab, no bidi overrides or isolates (they disguise text).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export const messageText = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(SOCIAL_LIMITS.messageLength, `must be at most ${SOCIAL_LIMITS.messageLength} characters`)
  .refine((s) => !CONTROL.test(s), 'must not contain control or direction-override characters');

export const usernameField = z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters');

export const userIdParam = z.object({ userId: z.uuid('must be a UUID') });
export const messageId = z.string().regex(/^[1-9][0-9]{0,17}$/, 'must be a message id');

export const pageQuery = z.strictObject({
  before: messageId.optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(SOCIAL_LIMITS.historyPageMax, `must be at most ${SOCIAL_LIMITS.historyPageMax}`)
    .optional(),
});

export async function userById(db: Db, id: string) {
  return db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', '=', id).executeTakeFirst();
}

/** Sending messages: `messagesPerWindow` per user per `messageWindowS`, counted across processes. */
export function messageLimiter(ctx: AppContext): RequestHandler {
  const redis = ctx.redis;
  const store: Store | undefined = redis
    ? new RedisStore({ prefix: `${ctx.config.RATE_LIMIT_REDIS_PREFIX}social-messages:`, sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as any })
    : undefined;
  const windowMs = SOCIAL_LIMITS.messageWindowS * 1000;
  return rateLimit({
    windowMs,
    limit: SOCIAL_LIMITS.messagesPerWindow,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: 'social-messages',
    store,
    passOnStoreError: true,
    keyGenerator: (req: Request) => req.auth?.userId ?? 'anonymous',
    handler: (req, _res, next) => {
      const reset = (req as any).rateLimit?.resetTime as Date | undefined;
      const retryS = Math.max(1, Math.ceil(reset ? (reset.getTime() - Date.now()) / 1000 : windowMs / 1000));
      next(new HttpError(429, 'rate_limited', `you are sending messages too fast; retry in ${retryS} s`, undefined, { 'retry-after': String(retryS) }));
    },
  });
}
