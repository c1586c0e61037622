// Moderation for admins: the reports queue, deleting a message (soft: it disappears from every history
// while its text is kept in the moderation log), suspending and reinstating an account (a suspended
// account's tokens are refused by requireAuth and room joins), and the moderation log itself.
import { Router } from 'express';
import { z } from 'zod';
import { adminDeleteMessage, listReports, messageById, moderationLog, setSuspended } from '../../db/messages.ts';
import { deliver } from '../../services/social-live.ts';
import type { RouterFactory } from '../api.ts';
import { authOf, requireAuth, requireRole } from '../auth.ts';
import { HttpError, notFound } from '../errors.ts';
import { parseBody, parseParams, parseQuery, uuidParam } from '../validate.ts';
import { messageId } from './social-common.ts';

const reasonBody = z.strictObject({ reason: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters').optional() });
const messageParam = z.object({ id: messageId });
const limitQuery = z.strictObject({ limit: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1').max(200, 'must be at most 200').optional() });

export const moderationRouter: RouterFactory = (ctx) => {
  const router = Router();
  const db = ctx.database.db;
  const admin = [requireAuth(ctx), requireRole('admin')];
  const log = (req: unknown) => (req as any).log ?? ctx.log;

  router.get('/admin/reports', ...admin, async (req, res) => {
    const q = parseQuery(limitQuery, req);
    const rows = await listReports(db, q.limit ?? 50);
    res.json({
      reports: rows.map((r) => ({
        id: r.id,
        reporterId: r.reporter_id,
        userId: r.reported_user_id,
        messageId: r.message_id === null ? null : String(r.message_id),
        message: r.message_id === null ? null : { text: r.deleted_at ? null : r.text, senderId: r.sender_id, deleted: r.deleted_at !== null },
        reason: r.reason,
        createdAt: r.created_at,
        resolvedAt: r.resolved_at,
      })),
    });
  });

  router.delete('/admin/messages/:id', ...admin, async (req, res) => {
    const { id } = parseParams(messageParam, req);
    const { reason } = parseBody(reasonBody, req);
    const me = authOf(req);
    const m = await messageById(db, id);
    if (!(await adminDeleteMessage(db, me.userId, id, reason ?? ''))) throw notFound('no such message');
    log(req).info({ by: me.userId, messageId: id }, 'message deleted by an admin');
    // Connected readers drop it from their view.
    const readers = m?.recipient_id ? [m.recipient_id, m.sender_id] : [];
    if (m?.clan_id) readers.push(...(await db.selectFrom('clan_members').select('user_id').where('clan_id', '=', m.clan_id).execute()).map((r) => r.user_id));
    await Promise.all(readers.filter((u): u is string => !!u).map((u) => deliver(u, 'message', { id, deleted: true })));
    res.status(204).end();
  });

  router.post('/admin/users/:id/suspend', ...admin, async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    const { reason } = parseBody(reasonBody, req);
    const me = authOf(req);
    if (id === me.userId) throw new HttpError(409, 'cannot_suspend_self', 'you cannot suspend yourself');
    if (!(await setSuspended(db, me.userId, id, true, reason ?? ''))) throw notFound('no such user');
    log(req).info({ by: me.userId, userId: id }, 'account suspended');
    res.json({ user: { id, suspended: true } });
  });

  router.delete('/admin/users/:id/suspend', ...admin, async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    const { reason } = parseBody(reasonBody, req);
    const me = authOf(req);
    if (!(await setSuspended(db, me.userId, id, false, reason ?? ''))) throw notFound('no such user');
    log(req).info({ by: me.userId, userId: id }, 'account reinstated');
    res.json({ user: { id, suspended: false } });
  });

  router.get('/admin/moderation-log', ...admin, async (req, res) => {
    const q = parseQuery(limitQuery, req);
    const rows = await moderationLog(db, q.limit ?? 50);
    res.json({
      entries: rows.map((r) => ({ id: String(r.id), adminId: r.admin_id, action: r.action, userId: r.target_user_id, messageId: r.message_id === null ? null : String(r.message_id), detail: r.detail, createdAt: r.created_at })),
    });
  });

  return router;
};
