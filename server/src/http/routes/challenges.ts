// Notifications (kept for users who are offline, marked read) and challenges. A challenge goes to a
// friend or clan mate, never across a block, and expires after SOCIAL_LIMITS.challengeTtlS. Accepting
// makes a new private casual table and hands both players its room id. Challenges are casual only: a
// player who picks their own opponent is exactly what rating farming needs, so isRatedMatch (shared/
// ratings) keeps rated play to the ranked queue (and rated tournaments), and a ranked challenge is refused.
import { matchMaker } from '@colyseus/core';
import { GAME_KINDS, ROOM_LIMITS, SOCIAL_LIMITS } from '@dojopool/shared';
import { Router } from 'express';
import { z } from 'zod';
import { membershipOf } from '../../db/clans.ts';
import { areFriends, blockedEitherWay } from '../../db/friends.ts';
import { findChallenge, insertChallenge, listNotifications, markAllNotificationsRead, markNotificationRead, pendingBetween, pendingChallenges, setChallengeRoom, settleChallenge, unreadNotifications } from '../../db/notifications.ts';
import { findUserByUsername } from '../../db/users.ts';
import { notificationView, notify } from '../../services/social-live.ts';
import type { RouterFactory } from '../api.ts';
import { socialLimiters } from '../rate-limit.ts';
import { authOf, requireAuth } from '../auth.ts';
import { HttpError, notFound } from '../errors.ts';
import { parseBody, parseParams, parseQuery, uuidParam } from '../validate.ts';
import { publicUser, userById, usernameField } from './social-common.ts';

const listQuery = z.strictObject({
  unread: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1').max(100, 'must be at most 100').optional(),
  before: z.iso.datetime({ error: 'must be an ISO date-time', offset: true }).optional(),
});
const challengeBody = z.strictObject({
  username: usernameField,
  game: z.enum(GAME_KINDS, { error: `must be one of ${GAME_KINDS.join(', ')}` }).optional(),
  raceTo: z.number({ error: 'must be a number' }).int('must be an integer').min(ROOM_LIMITS.raceTo.min, `must be at least ${ROOM_LIMITS.raceTo.min}`).max(ROOM_LIMITS.raceTo.max, `must be at most ${ROOM_LIMITS.raceTo.max}`).optional(),
  mode: z.literal('casual', { error: 'challenges are casual: rated play is the ranked queue, where nobody picks their opponent' }).optional(),
});

type ChallengeRow = NonNullable<Awaited<ReturnType<typeof findChallenge>>>;
const challengeView = (c: Omit<ChallengeRow, 'expired'>, now = Date.now()) => ({
  id: c.id,
  fromId: c.from_id,
  toId: c.to_id,
  game: c.game,
  raceTo: c.race_to,
  mode: 'casual' as const,
  status: c.status === 'pending' && new Date(c.expires_at).getTime() <= now ? 'expired' : c.status,
  roomId: c.room_id,
  createdAt: c.created_at,
  expiresAt: c.expires_at,
});

export const challengesRouter: RouterFactory = (ctx) => {
  const router = Router();
  const db = ctx.database.db;
  const auth = requireAuth(ctx);
  const limits = socialLimiters(ctx);

  router.get('/notifications', auth, async (req, res) => {
    const q = parseQuery(listQuery, req);
    const me = authOf(req);
    const rows = await listNotifications(db, me.userId, { unreadOnly: q.unread === 'true', limit: q.limit ?? 50, before: q.before ? new Date(q.before) : undefined });
    res.json({ notifications: rows.map(notificationView), unread: await unreadNotifications(db, me.userId) });
  });

  router.post('/notifications/read-all', auth, async (req, res) => {
    res.json({ marked: await markAllNotificationsRead(db, authOf(req).userId) });
  });

  router.post('/notifications/:id/read', auth, async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    if (!(await markNotificationRead(db, authOf(req).userId, id))) throw notFound('no such notification');
    res.status(204).end();
  });

  router.get('/challenges', auth, async (req, res) => {
    const rows = await pendingChallenges(db, authOf(req).userId);
    res.json({ challenges: rows.map((c) => challengeView(c)) });
  });

  router.post('/challenges', auth, limits.challenges, async (req, res) => {
    const body = parseBody(challengeBody, req);
    const me = authOf(req);
    const other = await findUserByUsername(db, body.username);
    if (other && other.id === me.userId) throw new HttpError(400, 'self', 'you cannot challenge yourself', { username: 'is you' });
    if (!other || other.suspended_at) throw notFound('no such user');
    if (await blockedEitherWay(db, me.userId, other.id)) throw new HttpError(403, 'blocked', 'you cannot challenge this user');
    const [friends, mine, theirs] = await Promise.all([areFriends(db, me.userId, other.id), membershipOf(db, me.userId), membershipOf(db, other.id)]);
    if (!friends && !(mine && theirs && mine.clan_id === theirs.clan_id)) throw new HttpError(403, 'not_friends', 'you can challenge friends and clan mates');
    if (await pendingBetween(db, me.userId, other.id)) throw new HttpError(409, 'already_challenged', 'you already have a pending challenge to this player');
    const c = await insertChallenge(db, { from: me.userId, to: other.id, game: body.game ?? '8ball', raceTo: body.raceTo ?? 3, ttlS: SOCIAL_LIMITS.challengeTtlS });
    const from = await userById(db, me.userId);
    const view = challengeView(c);
    await notify(db, other.id, 'challenge', { challenge: view, from: publicUser(from!) });
    res.status(201).json({ challenge: view });
  });

  router.post('/challenges/:id/accept', auth, async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    const me = authOf(req);
    const c = await findChallenge(db, id);
    if (!c || c.to_id !== me.userId) throw notFound('no such challenge');
    if (c.status !== 'pending') throw new HttpError(409, `challenge_${c.status}`, `this challenge was ${c.status}`);
    if (c.expired) throw new HttpError(410, 'challenge_expired', 'this challenge expired');
    if (await blockedEitherWay(db, c.from_id, c.to_id)) throw new HttpError(403, 'blocked', 'you cannot play this user');
    if (!(await settleChallenge(db, id, 'accepted'))) throw new HttpError(409, 'challenge_settled', 'this challenge was settled or expired meanwhile');
    let roomId: string;
    try {
      const room = await matchMaker.createRoom('match', { game: c.game, raceTo: c.race_to, private: true, mode: 'casual' });
      roomId = room.roomId;
    } catch (e) {
      ((req as any).log ?? ctx.log).error({ err: e, challengeId: id }, 'could not make the challenge table');
      await db.updateTable('challenges').set({ status: 'pending' }).where('id', '=', id).execute();
      throw new HttpError(503, 'unavailable', 'the table could not be made right now: try again', undefined, { 'retry-after': '2' });
    }
    await setChallengeRoom(db, id, roomId);
    const by = await userById(db, me.userId);
    const view = { ...challengeView({ ...c, status: 'accepted', room_id: roomId }), status: 'accepted' as const };
    await notify(db, c.from_id, 'challenge_accepted', { challenge: view, by: publicUser(by!), roomId });
    ((req as any).log ?? ctx.log).info({ challengeId: id, roomId }, 'challenge accepted');
    res.json({ roomId, challenge: view });
  });

  router.delete('/challenges/:id', auth, async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    const me = authOf(req);
    const c = await findChallenge(db, id);
    if (!c || (c.to_id !== me.userId && c.from_id !== me.userId)) throw notFound('no such challenge');
    const declining = c.to_id === me.userId;
    if (!(await settleChallenge(db, id, declining ? 'declined' : 'cancelled'))) throw new HttpError(409, 'challenge_settled', c.expired ? 'this challenge expired' : `this challenge was ${c.status}`);
    if (declining) {
      const by = await userById(db, me.userId);
      await notify(db, c.from_id, 'challenge_declined', { challengeId: id, by: publicUser(by!) });
    }
    res.status(204).end();
  });

  return router;
};
