// Administration: role changes. Body is either { roles: [...] } (replace) or { grant?: [...], revoke?: [...] }.
// An admin cannot remove their own admin role (so the last admin cannot lock everyone out by accident).
import { Router } from 'express';
import { z } from 'zod';
import { findUserById, ROLES, setRoles, type Role } from '../../db/users.ts';
import type { RouterFactory } from '../api.ts';
import { authOf, requireAuth, requireRole } from '../auth.ts';
import { HttpError, notFound } from '../errors.ts';
import { parseBody, parseParams, uuidParam, validationError } from '../validate.ts';

const role = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });
const roleList = z.array(role).max(ROLES.length * 2, 'too many roles');
const rolesBody = z
  .strictObject({ roles: roleList.optional(), grant: roleList.optional(), revoke: roleList.optional() })
  .refine((b) => b.roles !== undefined || b.grant !== undefined || b.revoke !== undefined, { message: 'send roles, or grant and/or revoke', path: ['roles'] })
  .refine((b) => b.roles === undefined || (b.grant === undefined && b.revoke === undefined), { message: 'send either roles or grant/revoke, not both', path: ['roles'] });

const order = (roles: Iterable<Role>) => ROLES.filter((r) => new Set(roles).has(r));

export const adminRouter: RouterFactory = (ctx) => {
  const router = Router();
  const db = ctx.database.db;

  router.post('/admin/users/:id/roles', requireAuth(ctx), requireRole('admin'), async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    const body = parseBody(rolesBody, req);
    const user = await findUserById(db, id);
    if (!user) throw notFound('no such user');
    let next: Role[];
    if (body.roles) next = order(body.roles);
    else {
      const set = new Set(user.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)));
      for (const r of body.grant ?? []) set.add(r);
      for (const r of body.revoke ?? []) set.delete(r);
      next = order(set);
    }
    const me = authOf(req);
    if (id === me.userId && !next.includes('admin')) throw new HttpError(409, 'cannot_demote_self', 'you cannot remove your own admin role; ask another admin');
    if (next.length === 0) throw validationError({ roles: 'a user needs at least one role' });
    const updated = await setRoles(db, id, next);
    ((req as any).log ?? ctx.log).info({ by: me.userId, userId: id, roles: next }, 'roles changed');
    res.json({ user: { id: updated!.id, username: updated!.username, roles: updated!.roles } });
  });

  return router;
};
