// Direct messages between friends and clan chat: stored, paginated (newest last), delivered live to
// every connection of the recipients (muted conversations still arrive, flagged muted, and raise no
// alert), unread counts per conversation, read marks, mutes, and reports of a message or a user.
import { Router } from 'express';
import { z } from 'zod';
import { SOCIAL_LIMITS } from '@dojopool/shared';
import { clanMemberIds, membershipOf, roleIn } from '../../db/clans.ts';
import { areFriends, blockedEitherWay } from '../../db/friends.ts';
import { clanConversation, conversations, dmConversation, dmKey, history, insertMessage, insertReport, isMuted, markRead, messageById, setMuted } from '../../db/messages.ts';
import { deliver } from '../../services/social-live.ts';
import type { RouterFactory } from '../api.ts';
import { authOf, requireAuth } from '../auth.ts';
import { HttpError, notFound } from '../errors.ts';
import { parseBody, parseParams, parseQuery, validationError } from '../validate.ts';
import { messageId, messageLimiter, messageText, messageView, pageQuery, publicUser, userById, userIdParam } from './social-common.ts';

const sendBody = z.strictObject({ text: messageText });
const muteBody = z.strictObject({ muted: z.boolean({ error: 'must be a boolean' }) });
const readBody = z.strictObject({ upTo: messageId.optional() });
const clanParam = z.object({ id: z.uuid('must be a UUID') });
const reportBody = z.strictObject({
  userId: z.uuid('must be a UUID').optional(),
  messageId: messageId.optional(),
  reason: z.string().trim().min(1, 'must not be empty').max(SOCIAL_LIMITS.reportReasonLength, `must be at most ${SOCIAL_LIMITS.reportReasonLength} characters`),
});

export const messagesRouter: RouterFactory = (ctx) => {
  const router = Router();
  const db = ctx.database.db;
  const auth = requireAuth(ctx);
  const limit = messageLimiter(ctx);

  /** The clan the user belongs to, which must be `clanId`. */
  async function requireMember(userId: string, clanId: string) {
    if (!(await db.selectFrom('clans').select('id').where('id', '=', clanId).executeTakeFirst())) throw notFound('no such clan');
    if (!(await roleIn(db, clanId, userId))) throw new HttpError(403, 'not_member', 'only members read and write clan chat');
  }

  router.get('/messages', auth, async (req, res) => {
    const me = authOf(req);
    const clan = await membershipOf(db, me.userId);
    const c = await conversations(db, me.userId, clan?.clan_id ?? null);
    res.json({
      conversations: c.dms.map((d) => ({
        user: d.username ? publicUser({ id: d.other_id, username: d.username, display_name: d.display_name }) : null,
        userId: d.other_id,
        lastMessageId: String(d.last_id),
        unread: Number(d.unread),
        muted: d.muted === true,
      })),
      clan: clan && c.clan ? { clanId: clan.clan_id, lastMessageId: c.clan.last_id === null ? null : String(c.clan.last_id), unread: Number(c.clan.unread), muted: c.clan.muted === true } : null,
    });
  });

  router.get('/messages/:userId', auth, async (req, res) => {
    const { userId } = parseParams(userIdParam, req);
    const q = parseQuery(pageQuery, req);
    const me = authOf(req);
    if (!(await userById(db, userId))) throw notFound('no such user');
    const rows = await history(db, { dmKey: dmKey(me.userId, userId) }, q.before, q.limit ?? SOCIAL_LIMITS.historyPage);
    res.json({ messages: rows.map(messageView) });
  });

  router.post('/messages/:userId', auth, limit, async (req, res) => {
    const { userId } = parseParams(userIdParam, req);
    const { text } = parseBody(sendBody, req);
    const me = authOf(req);
    if (userId === me.userId) throw new HttpError(400, 'self', 'you cannot message yourself');
    if (!(await userById(db, userId))) throw notFound('no such user');
    if (await blockedEitherWay(db, me.userId, userId)) throw new HttpError(403, 'blocked', 'you cannot message this user');
    if (!(await areFriends(db, me.userId, userId))) throw new HttpError(403, 'not_friends', 'you can only message friends');
    const m = messageView(await insertMessage(db, { from: me.userId, to: userId, text }));
    await markRead(db, me.userId, dmConversation(userId), m.id);
    const muted = await isMuted(db, userId, dmConversation(me.userId));
    await Promise.all([deliver(userId, 'message', { ...m, muted }), deliver(me.userId, 'message', { ...m, muted: false })]);
    res.status(201).json({ message: m });
  });

  router.post('/messages/:userId/read', auth, async (req, res) => {
    const { userId } = parseParams(userIdParam, req);
    const { upTo } = parseBody(readBody, req);
    const me = authOf(req);
    const last = await db.selectFrom('messages').select((eb) => eb.fn.max('id').as('id')).where('dm_key', '=', dmKey(me.userId, userId)).executeTakeFirst();
    const to = upTo ?? (last?.id ? String(last.id) : '0');
    await markRead(db, me.userId, dmConversation(userId), to);
    res.status(204).end();
  });

  router.put('/messages/:userId/mute', auth, async (req, res) => {
    const { userId } = parseParams(userIdParam, req);
    const { muted } = parseBody(muteBody, req);
    if (!(await userById(db, userId))) throw notFound('no such user');
    await setMuted(db, authOf(req).userId, dmConversation(userId), muted);
    res.json({ muted });
  });

  // ---- clan chat ----

  router.get('/clans/:id/messages', auth, async (req, res) => {
    const { id } = parseParams(clanParam, req);
    const q = parseQuery(pageQuery, req);
    await requireMember(authOf(req).userId, id);
    const rows = await history(db, { clanId: id }, q.before, q.limit ?? SOCIAL_LIMITS.historyPage);
    res.json({ messages: rows.map(messageView) });
  });

  router.post('/clans/:id/messages', auth, limit, async (req, res) => {
    const { id } = parseParams(clanParam, req);
    const { text } = parseBody(sendBody, req);
    const me = authOf(req);
    await requireMember(me.userId, id);
    const m = messageView(await insertMessage(db, { from: me.userId, clanId: id, text }));
    await markRead(db, me.userId, clanConversation(id), m.id);
    const members = await clanMemberIds(db, id);
    await Promise.all(members.map(async (uid) => deliver(uid, 'message', { ...m, muted: uid !== me.userId && (await isMuted(db, uid, clanConversation(id))) })));
    res.status(201).json({ message: m });
  });

  router.post('/clans/:id/messages/read', auth, async (req, res) => {
    const { id } = parseParams(clanParam, req);
    const { upTo } = parseBody(readBody, req);
    const me = authOf(req);
    await requireMember(me.userId, id);
    const last = await db.selectFrom('messages').select((eb) => eb.fn.max('id').as('id')).where('clan_id', '=', id).executeTakeFirst();
    await markRead(db, me.userId, clanConversation(id), upTo ?? (last?.id ? String(last.id) : '0'));
    res.status(204).end();
  });

  router.put('/clans/:id/messages/mute', auth, async (req, res) => {
    const { id } = parseParams(clanParam, req);
    const { muted } = parseBody(muteBody, req);
    const me = authOf(req);
    await requireMember(me.userId, id);
    await setMuted(db, me.userId, clanConversation(id), muted);
    res.json({ muted });
  });

  // ---- reports ----

  router.post('/reports', auth, async (req, res) => {
    const body = parseBody(reportBody, req);
    const me = authOf(req);
    if (!body.userId && !body.messageId) throw validationError({ userId: 'send userId or messageId' });
    let reported = body.userId ?? null;
    if (body.messageId) {
      const m = await messageById(db, body.messageId);
      // A message is reported by someone who could read it: its recipient, or a member of its clan.
      const canRead = m && !m.deleted_at && (m.recipient_id === me.userId || m.sender_id === me.userId || (m.clan_id && (await roleIn(db, m.clan_id, me.userId))));
      if (!canRead) throw notFound('no such message');
      if (reported && reported !== m.sender_id) throw validationError({ userId: 'is not the sender of that message' });
      reported = m.sender_id;
    } else if (!(await userById(db, reported!))) throw notFound('no such user');
    if (reported === me.userId) throw new HttpError(400, 'self', 'you cannot report yourself');
    const r = await insertReport(db, { reporter: me.userId, userId: reported, messageId: body.messageId ?? null, reason: body.reason });
    ((req as any).log ?? ctx.log).info({ reportId: r.id, by: me.userId, userId: reported, messageId: body.messageId }, 'report filed');
    res.status(201).json({ report: { id: r.id, createdAt: r.created_at } });
  });

  return router;
};
