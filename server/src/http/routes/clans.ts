// Clans: create (name and tag unique in any letter case), open or invite-only, apply/invite/accept,
// roles (leader, officer, member; what each may do is CLAN_PERMISSIONS in shared/protocol/social.ts),
// the leader hands over before leaving, a member cap, the clan page (members with ratings and, for
// members, presence; clan rating = mean of the top five; recent matches) and the clan leaderboard.
import { clanMay, displayRating, SOCIAL_LIMITS, type ClanRole } from '@dojopool/shared';
import { Router } from 'express';
import { z } from 'zod';
import {
  clanLeaderboard,
  clanMembers,
  clanRecentMatches,
  clanRequests,
  createClan,
  disbandClan,
  DuplicateClanError,
  findClan,
  inviteToClan,
  joinClan,
  leaveClan,
  matchPlayers,
  dropClanRequest,
  pendingRequest,
  removeClanMember,
  repairLeadership,
  roleIn,
  setClanRole,
  updateClan,
} from '../../db/clans.ts';
import { blockedEitherWay } from '../../db/friends.ts';
import { findUserByUsername } from '../../db/users.ts';
import { presencesOf } from '../../services/presence.ts';
import { notify } from '../../services/social-live.ts';
import type { RouterFactory } from '../api.ts';
import { authOf, requireAuth } from '../auth.ts';
import { HttpError, notFound } from '../errors.ts';
import { parseBody, parseParams, parseQuery } from '../validate.ts';
import { publicUser, userById, usernameField } from './social-common.ts';

const { clanNameLength: N, clanTagLength: T } = SOCIAL_LIMITS;
const name = z
  .string()
  .trim()
  .min(N.min, `must be at least ${N.min} characters`)
  .max(N.max, `must be at most ${N.max} characters`)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, 'may only contain letters, digits, spaces, _ . and -, starting with a letter or digit');
const tag = z
  .string()
  .trim()
  .min(T.min, `must be at least ${T.min} characters`)
  .max(T.max, `must be at most ${T.max} characters`)
  .regex(/^[\p{L}\p{N}]+$/u, 'may only contain letters and digits');
const description = z.string().trim().max(280, 'must be at most 280 characters').refine((s) => !/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(s), 'must not contain control characters');
const createBody = z.strictObject({ name, tag, open: z.boolean({ error: 'must be a boolean' }).optional(), description: description.optional() });
const patchBody = z
  .strictObject({ name: name.optional(), tag: tag.optional(), open: z.boolean({ error: 'must be a boolean' }).optional(), description: description.optional() })
  .refine((b) => Object.keys(b).length > 0, { message: 'send at least one of name, tag, open, description', path: ['name'] });
const idParam = z.object({ id: z.uuid('must be a UUID') });
const memberParam = z.object({ id: z.uuid('must be a UUID'), userId: z.uuid('must be a UUID') });
const roleBody = z.strictObject({ role: z.enum(['leader', 'officer', 'member'], { error: 'must be leader, officer or member' }) });
const inviteBody = z.strictObject({ username: usernameField });
const boardQuery = z.strictObject({
  limit: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1').max(100, 'must be at most 100').optional(),
  offset: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be at least 0').max(100000, 'must be at most 100000').optional(),
});

const rating = (r: number | string | null) => (r === null ? null : displayRating(Number(r)));
const duplicate = (e: DuplicateClanError) => new HttpError(409, `${e.field}_taken`, `a clan with this ${e.field} exists (names and tags are compared in any letter case)`, { [e.field]: 'is taken' });

export const clansRouter: RouterFactory = (ctx) => {
  const router = Router();
  const db = ctx.database.db;
  const auth = requireAuth(ctx);

  async function clanOr404(id: string) {
    await repairLeadership(db, id);
    const clan = await findClan(db, id);
    if (!clan) throw notFound('no such clan');
    return clan;
  }

  async function requireRoleFor(clanId: string, userId: string, action: Parameters<typeof clanMay>[1]): Promise<ClanRole> {
    const role = await roleIn(db, clanId, userId);
    if (!clanMay(role, action)) throw new HttpError(403, 'forbidden', role ? `a clan ${role} may not ${action.replace(/[A-Z]/g, (c) => ' ' + c.toLowerCase())}` : 'you are not a member of this clan');
    return role!;
  }

  async function notifyOfficers(clanId: string, kind: 'clan_application', data: Record<string, unknown>) {
    const staff = await db.selectFrom('clan_members').select('user_id').where('clan_id', '=', clanId).where('role', 'in', ['leader', 'officer']).execute();
    await Promise.all(staff.map((s) => notify(db, s.user_id, kind, data)));
  }

  router.post('/clans', auth, async (req, res) => {
    const body = parseBody(createBody, req);
    const me = authOf(req);
    try {
      const r = await createClan(db, me.userId, { name: body.name, tag: body.tag, open: body.open ?? true, description: body.description });
      if (!r.ok) throw new HttpError(409, 'in_a_clan', 'you already belong to a clan: leave it first');
      const clan = await findClan(db, r.id);
      ((req as any).log ?? ctx.log).info({ clanId: r.id, by: me.userId }, 'clan created');
      res.status(201).json({ clan: { id: clan!.id, name: clan!.name, tag: clan!.tag, open: clan!.open, description: clan!.description, rating: rating(clan!.rating), createdAt: clan!.created_at } });
    } catch (e) {
      if (e instanceof DuplicateClanError) throw duplicate(e);
      throw e;
    }
  });

  router.get('/clans/leaderboard', auth, async (req, res) => {
    const q = parseQuery(boardQuery, req);
    const rows = await clanLeaderboard(db, q.limit ?? 50, q.offset ?? 0);
    res.json({ clans: rows.map((c, i) => ({ rank: (q.offset ?? 0) + i + 1, id: c.id, name: c.name, tag: c.tag, open: c.open, rating: rating(c.rating), members: Number(c.members) })) });
  });

  router.get('/clans/:id', auth, async (req, res) => {
    const { id } = parseParams(idParam, req);
    const me = authOf(req);
    const clan = await clanOr404(id);
    const [members, myRole, recent] = await Promise.all([clanMembers(db, id), roleIn(db, id, me.userId), clanRecentMatches(db, id)]);
    // Presence is for clan mates, and never across a block.
    let presence = new Map();
    if (myRole) {
      const blocked = await db
        .selectFrom('friendships')
        .select(['user_id', 'other_id'])
        .where('state', '=', 'blocked')
        .where((eb) => eb.or([eb('user_id', '=', me.userId), eb('other_id', '=', me.userId)]))
        .execute();
      const hidden = new Set(blocked.map((b) => (b.user_id === me.userId ? b.other_id : b.user_id)));
      presence = await presencesOf(members.filter((m) => !hidden.has(m.id)).map((m) => m.id));
    }
    const players = await matchPlayers(db, recent.map((m) => m.id));
    res.json({
      clan: {
        id: clan.id,
        name: clan.name,
        tag: clan.tag,
        open: clan.open,
        description: clan.description,
        rating: rating(clan.rating),
        memberCap: SOCIAL_LIMITS.clanMemberCap,
        createdAt: clan.created_at,
        members: members.map((m) => ({ user: publicUser(m), role: m.role, rating: displayRating(m.rating), joinedAt: m.joined_at, ...(presence.has(m.id) ? { presence: presence.get(m.id) } : {}) })),
        recentMatches: recent.map((m) => ({
          id: m.id,
          game: m.game,
          mode: m.mode,
          score: m.score,
          winnerSeat: m.winner_seat,
          finishedAt: m.finished_at,
          players: players.filter((p) => p.match_id === m.id).sort((a, b) => a.seat - b.seat).map((p) => ({ seat: p.seat, userId: p.user_id, name: p.name, result: p.result })),
        })),
        ...(clanMay(myRole, 'acceptApplication') ? { requests: (await clanRequests(db, id)).map((r) => ({ user: publicUser(r), kind: r.kind, createdAt: r.created_at })) } : {}),
      },
      myRole,
    });
  });

  router.patch('/clans/:id', auth, async (req, res) => {
    const { id } = parseParams(idParam, req);
    const body = parseBody(patchBody, req);
    await clanOr404(id);
    await requireRoleFor(id, authOf(req).userId, 'edit');
    try {
      await updateClan(db, id, body);
    } catch (e) {
      if (e instanceof DuplicateClanError) throw duplicate(e);
      throw e;
    }
    const clan = await findClan(db, id);
    res.json({ clan: { id: clan!.id, name: clan!.name, tag: clan!.tag, open: clan!.open, description: clan!.description, rating: rating(clan!.rating), createdAt: clan!.created_at } });
  });

  router.delete('/clans/:id', auth, async (req, res) => {
    const { id } = parseParams(idParam, req);
    await clanOr404(id);
    const me = authOf(req);
    await requireRoleFor(id, me.userId, 'disband');
    await disbandClan(db, id);
    ((req as any).log ?? ctx.log).info({ clanId: id, by: me.userId }, 'clan disbanded');
    res.status(204).end();
  });

  router.post('/clans/:id/join', auth, async (req, res) => {
    const { id } = parseParams(idParam, req);
    const me = authOf(req);
    const clan = await clanOr404(id);
    const outcome = await joinClan(db, id, me.userId);
    if (outcome === 'no_clan') throw notFound('no such clan');
    if (outcome === 'in_a_clan') throw new HttpError(409, 'in_a_clan', 'you already belong to a clan: leave it first');
    if (outcome === 'full') throw new HttpError(409, 'clan_full', `the clan has its ${SOCIAL_LIMITS.clanMemberCap} members`);
    if (outcome === 'already_applied') throw new HttpError(409, 'already_applied', 'you have already applied to this clan');
    const user = await userById(db, me.userId);
    if (outcome === 'applied') await notifyOfficers(id, 'clan_application', { clan: { id, name: clan.name, tag: clan.tag }, user: publicUser(user!) });
    res.status(outcome === 'joined' ? 200 : 202).json({ status: outcome });
  });

  router.post('/clans/:id/invite', auth, async (req, res) => {
    const { id } = parseParams(idParam, req);
    const { username } = parseBody(inviteBody, req);
    const me = authOf(req);
    const clan = await clanOr404(id);
    await requireRoleFor(id, me.userId, 'invite');
    const user = await findUserByUsername(db, username);
    if (!user || user.suspended_at) throw notFound('no such user');
    if (user.id === me.userId) throw new HttpError(400, 'self', 'you are already in this clan', { username: 'is you' });
    if (await blockedEitherWay(db, me.userId, user.id)) throw new HttpError(403, 'blocked', 'you cannot invite this user');
    const outcome = await inviteToClan(db, id, user.id, me.userId);
    if (outcome === 'in_a_clan') throw new HttpError(409, 'in_a_clan', 'that user already belongs to a clan');
    if (outcome === 'full') throw new HttpError(409, 'clan_full', `the clan has its ${SOCIAL_LIMITS.clanMemberCap} members`);
    if (outcome === 'already_invited') throw new HttpError(409, 'already_invited', 'that user is already invited');
    const by = await userById(db, me.userId);
    await notify(db, user.id, outcome === 'invited' ? 'clan_invite' : 'clan_joined', { clan: { id, name: clan.name, tag: clan.tag }, by: publicUser(by!) });
    res.status(outcome === 'invited' ? 201 : 200).json({ status: outcome, user: publicUser(user) });
  });

  // Declines an invite or withdraws an application (the user), or refuses an application or withdraws
  // an invite (an officer).
  router.delete('/clans/:id/requests/:userId', auth, async (req, res) => {
    const { id, userId } = parseParams(memberParam, req);
    const me = authOf(req);
    await clanOr404(id);
    if (userId !== me.userId) await requireRoleFor(id, me.userId, 'acceptApplication');
    if (!(await pendingRequest(db, id, userId)) || !(await dropClanRequest(db, id, userId))) throw notFound('no pending invite or application');
    res.status(204).end();
  });

  router.patch('/clans/:id/members/:userId', auth, async (req, res) => {
    const { id, userId } = parseParams(memberParam, req);
    const { role } = parseBody(roleBody, req);
    const me = authOf(req);
    const clan = await clanOr404(id);
    await requireRoleFor(id, me.userId, 'setRole');
    if (userId === me.userId) throw new HttpError(409, 'own_role', 'the leader hands over by giving another member the leader role');
    if (!(await roleIn(db, id, userId))) throw notFound('no such member');
    if (!(await setClanRole(db, id, me.userId, userId, role))) throw new HttpError(409, 'conflict', 'the clan changed meanwhile: try again');
    await notify(db, userId, 'clan_role', { clan: { id, name: clan.name, tag: clan.tag }, role });
    const user = await userById(db, userId);
    res.json({ member: { user: publicUser(user!), role } });
  });

  router.delete('/clans/:id/members/:userId', auth, async (req, res) => {
    const { id, userId } = parseParams(memberParam, req);
    const me = authOf(req);
    const clan = await clanOr404(id);
    if (userId === me.userId) throw new HttpError(400, 'self', 'to leave, use POST /api/clans/:id/leave');
    const target = await roleIn(db, id, userId);
    if (!target) throw notFound('no such member');
    if (target === 'leader') throw new HttpError(403, 'forbidden', 'nobody can kick the leader');
    await requireRoleFor(id, me.userId, target === 'officer' ? 'kickOfficer' : 'kickMember');
    if (!(await removeClanMember(db, id, userId))) throw notFound('no such member');
    await notify(db, userId, 'clan_kicked', { clan: { id, name: clan.name, tag: clan.tag } });
    ((req as any).log ?? ctx.log).info({ clanId: id, by: me.userId, userId }, 'clan member kicked');
    res.status(204).end();
  });

  router.post('/clans/:id/leave', auth, async (req, res) => {
    const { id } = parseParams(idParam, req);
    const me = authOf(req);
    await clanOr404(id);
    const outcome = await leaveClan(db, id, me.userId);
    if (outcome === 'not_member') throw new HttpError(409, 'not_member', 'you are not a member of this clan');
    if (outcome === 'leader_must_hand_over') throw new HttpError(409, 'leader_must_hand_over', 'the leader hands the clan to another member (PATCH their role to leader) before leaving');
    res.json({ status: outcome });
  });

  return router;
};
