// Friends (Nakama's states: friend, invite_sent, invite_received, blocked), blocking, user search that
// hides whoever blocked the searcher, and appearing offline. A friend's presence comes with the list;
// changes arrive live in the `me` room.
import type { FriendState, SocialPresence } from '@dojopool/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/index.ts';
import { acceptFriend, blockUser, listFriends, maySeePresence, removeFriend, requestFriend, searchUsers, unblockUser } from '../../db/friends.ts';
import { findUserByUsername } from '../../db/users.ts';
import { deliver, notify } from '../../services/social-live.ts';
import { presenceOf, presencesOf, setHidden } from '../../services/presence.ts';
import type { RouterFactory } from '../api.ts';
import { socialLimiters } from '../rate-limit.ts';
import { authOf, requireAuth } from '../auth.ts';
import { HttpError, notFound } from '../errors.ts';
import { parseBody, parseParams, parseQuery } from '../validate.ts';
import { publicUser, userById, userIdParam, usernameField } from './social-common.ts';

const requestBody = z.strictObject({ username: usernameField });
const searchQuery = z.strictObject({ q: z.string().trim().min(1, 'must not be empty').max(32, 'must be at most 32 characters') });
const presenceBody = z.strictObject({ appearOffline: z.boolean({ error: 'must be a boolean' }) });

/** After a pair's relation changed: each side learns what it may now see of the other. */
export async function refreshPairPresence(db: Db, a: string, b: string) {
  const offline: SocialPresence = { status: 'offline' };
  await Promise.all([
    (async () => deliver(b, 'presence', { userId: a, presence: (await maySeePresence(db, b, a)) ? await presenceOf(a) : offline }))(),
    (async () => deliver(a, 'presence', { userId: b, presence: (await maySeePresence(db, a, b)) ? await presenceOf(b) : offline }))(),
  ]);
}

export const friendsRouter: RouterFactory = (ctx) => {
  const router = Router();
  const db = ctx.database.db;
  const auth = requireAuth(ctx);
  const limits = socialLimiters(ctx);
  const log = (req: unknown) => (req as any).log ?? ctx.log;

  router.get('/friends', auth, async (req, res) => {
    const rows = await listFriends(db, authOf(req).userId);
    const presence = await presencesOf(rows.filter((r) => r.state === 'friend').map((r) => r.id));
    res.json({
      friends: rows.map((r) => ({ user: publicUser(r), state: r.state, ...(r.state === 'friend' ? { presence: presence.get(r.id) } : {}) })),
    });
  });

  router.post('/friends', auth, limits.friendRequests, async (req, res) => {
    const { username } = parseBody(requestBody, req);
    const me = authOf(req);
    const other = await findUserByUsername(db, username);
    if (other && other.id === me.userId) throw new HttpError(400, 'self', 'you cannot befriend yourself', { username: 'is you' });
    if (!other || other.suspended_at) throw notFound('no such user');
    const outcome = await requestFriend(db, me.userId, other.id);
    switch (outcome) {
      case 'they_blocked':
        throw notFound('no such user'); // a user who blocked you cannot be found by you
      case 'you_blocked':
        throw new HttpError(409, 'blocked', 'you blocked this user: unblock them first');
      case 'already_friends':
        throw new HttpError(409, 'already_friends', 'you are already friends');
      case 'already_requested':
        throw new HttpError(409, 'already_requested', 'you already sent this user a request');
    }
    const mine = await userById(db, me.userId);
    if (outcome === 'requested') await notify(db, other.id, 'friend_request', { from: publicUser(mine!) });
    else {
      await notify(db, other.id, 'friend_accepted', { by: publicUser(mine!) });
      await refreshPairPresence(db, me.userId, other.id);
    }
    log(req).info({ userId: me.userId, otherId: other.id, outcome }, 'friend request');
    const state: FriendState = outcome === 'requested' ? 'invite_sent' : 'friend';
    res.status(outcome === 'requested' ? 201 : 200).json({ friend: { user: publicUser(other), state } });
  });

  router.post('/friends/:userId/accept', auth, async (req, res) => {
    const { userId } = parseParams(userIdParam, req);
    const me = authOf(req);
    const other = await userById(db, userId);
    if (!other) throw notFound('no such user');
    if (!(await acceptFriend(db, me.userId, userId))) throw new HttpError(409, 'no_request', 'this user has not sent you a friend request');
    const mine = await userById(db, me.userId);
    await notify(db, userId, 'friend_accepted', { by: publicUser(mine!) });
    await refreshPairPresence(db, me.userId, userId);
    res.json({ friend: { user: publicUser(other), state: 'friend', presence: await presenceOf(userId) } });
  });

  router.delete('/friends/:userId', auth, async (req, res) => {
    const { userId } = parseParams(userIdParam, req);
    const me = authOf(req);
    const was = await removeFriend(db, me.userId, userId);
    if (!was) throw notFound('no friendship or request with this user');
    if (was === 'friend') await refreshPairPresence(db, me.userId, userId);
    res.status(204).end();
  });

  router.post('/friends/:userId/block', auth, async (req, res) => {
    const { userId } = parseParams(userIdParam, req);
    const me = authOf(req);
    if (userId === me.userId) throw new HttpError(400, 'self', 'you cannot block yourself');
    const other = await userById(db, userId);
    if (!other) throw notFound('no such user');
    await blockUser(db, me.userId, userId);
    await refreshPairPresence(db, me.userId, userId);
    log(req).info({ userId: me.userId, blocked: userId }, 'user blocked');
    res.json({ friend: { user: publicUser(other), state: 'blocked' } });
  });

  router.delete('/friends/:userId/block', auth, async (req, res) => {
    const { userId } = parseParams(userIdParam, req);
    if (!(await unblockUser(db, authOf(req).userId, userId))) throw notFound('you have not blocked this user');
    res.status(204).end();
  });

  router.get('/users/search', auth, async (req, res) => {
    const { q } = parseQuery(searchQuery, req);
    const rows = await searchUsers(db, authOf(req).userId, q, 20);
    res.json({ users: rows.map(publicUser) });
  });

  router.get('/presence', auth, async (req, res) => {
    const me = authOf(req);
    const u = await db.selectFrom('users').select('appear_offline').where('id', '=', me.userId).executeTakeFirstOrThrow();
    res.json({ appearOffline: u.appear_offline, presence: await presenceOf(me.userId) });
  });

  router.put('/presence', auth, async (req, res) => {
    const { appearOffline } = parseBody(presenceBody, req);
    const me = authOf(req);
    await db.updateTable('users').set({ appear_offline: appearOffline }).where('id', '=', me.userId).execute();
    await setHidden(db, me.userId, appearOffline);
    res.json({ appearOffline, presence: await presenceOf(me.userId) });
  });

  return router;
};
