// Queries on the clan aggregate: clans, members with roles, pending applications and invites, the clan
// rating (the mean of its top five members' ratings) and the leaderboard. Membership changes run in
// a transaction that locks the clan row first, so the member cap and the one-leader rule hold under
// concurrent joins. Which role may do what is decided in shared/protocol/social.ts.
import { SOCIAL_LIMITS, type ClanRole } from '@dojopool/shared';
import { sql, type Transaction } from 'kysely';
import type { Db } from './index.ts';
import type { Database } from './schema.ts';

type Tx = Transaction<Database>;

export class DuplicateClanError extends Error {
  constructor(readonly field: 'name' | 'tag') {
    super(`clan ${field} already taken`);
    this.name = 'DuplicateClanError';
  }
}

function duplicateField(e: unknown): 'name' | 'tag' | null {
  const err = e as { code?: string; constraint?: string; message?: string; detail?: string };
  if (err?.code !== '23505') return null;
  const text = `${err.constraint ?? ''} ${err.message ?? ''} ${err.detail ?? ''}`;
  if (text.includes('clans_name_lower_idx')) return 'name';
  if (text.includes('clans_tag_lower_idx')) return 'tag';
  return null;
}

/** The clan's rating: the mean of the exact ratings of its best `clanRatingTop` members. */
const ratingSql = (clanId: unknown) => sql<number | null>`(SELECT avg(r) FROM (SELECT u.rating AS r FROM clan_members cm JOIN users u ON u.id = cm.user_id
  WHERE cm.clan_id = ${clanId} ORDER BY u.rating DESC LIMIT ${SOCIAL_LIMITS.clanRatingTop}) top)`;

export async function membershipOf(db: Db | Tx, userId: string) {
  return db.selectFrom('clan_members').select(['clan_id', 'role', 'joined_at']).where('user_id', '=', userId).executeTakeFirst();
}

export async function roleIn(db: Db | Tx, clanId: string, userId: string): Promise<ClanRole | null> {
  const r = await db.selectFrom('clan_members').select('role').where('clan_id', '=', clanId).where('user_id', '=', userId).executeTakeFirst();
  return r?.role ?? null;
}

export type ClanCreateOutcome = { ok: true; id: string } | { ok: false; reason: 'in_a_clan' };

export async function createClan(db: Db, leaderId: string, input: { name: string; tag: string; open: boolean; description?: string }): Promise<ClanCreateOutcome> {
  try {
    return await db.transaction().execute(async (tx) => {
      await tx.selectFrom('users').select('id').where('id', '=', leaderId).forUpdate().execute();
      if (await membershipOf(tx, leaderId)) return { ok: false as const, reason: 'in_a_clan' as const };
      const clan = await tx.insertInto('clans').values({ name: input.name, tag: input.tag, open: input.open, description: input.description ?? '' }).returning('id').executeTakeFirstOrThrow();
      await tx.insertInto('clan_members').values({ clan_id: clan.id, user_id: leaderId, role: 'leader' }).execute();
      await tx.deleteFrom('clan_requests').where('user_id', '=', leaderId).execute();
      return { ok: true as const, id: clan.id };
    });
  } catch (e) {
    const f = duplicateField(e);
    if (f) throw new DuplicateClanError(f);
    throw e;
  }
}

export async function updateClan(db: Db, clanId: string, patch: { name?: string; tag?: string; open?: boolean; description?: string }) {
  try {
    await db.updateTable('clans').set(patch).where('id', '=', clanId).execute();
  } catch (e) {
    const f = duplicateField(e);
    if (f) throw new DuplicateClanError(f);
    throw e;
  }
}

export async function findClan(db: Db, clanId: string) {
  return db.selectFrom('clans').selectAll().select(ratingSql(sql.ref('clans.id')).as('rating')).where('id', '=', clanId).executeTakeFirst();
}

export async function clanMembers(db: Db | Tx, clanId: string) {
  return db
    .selectFrom('clan_members')
    .innerJoin('users', 'users.id', 'clan_members.user_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.rating', 'clan_members.role', 'clan_members.joined_at'])
    .where('clan_members.clan_id', '=', clanId)
    .orderBy(sql`CASE clan_members.role WHEN 'leader' THEN 0 WHEN 'officer' THEN 1 ELSE 2 END`)
    .orderBy('users.rating', 'desc')
    .execute();
}

export async function clanMemberIds(db: Db, clanId: string): Promise<string[]> {
  return (await db.selectFrom('clan_members').select('user_id').where('clan_id', '=', clanId).execute()).map((r) => r.user_id);
}

export async function clanRequests(db: Db, clanId: string) {
  return db
    .selectFrom('clan_requests')
    .innerJoin('users', 'users.id', 'clan_requests.user_id')
    .select(['users.id', 'users.username', 'users.display_name', 'clan_requests.kind', 'clan_requests.created_at'])
    .where('clan_requests.clan_id', '=', clanId)
    .orderBy('clan_requests.created_at')
    .execute();
}

/** The last finished matches any current member played. */
export async function clanRecentMatches(db: Db, clanId: string, limit = 10) {
  return db
    .selectFrom('matches')
    .select(['matches.id', 'matches.game', 'matches.mode', 'matches.score', 'matches.winner_seat', 'matches.finished_at'])
    .where('matches.status', '=', 'finished')
    .where(({ exists, selectFrom }) => exists(selectFrom('match_players').innerJoin('clan_members', 'clan_members.user_id', 'match_players.user_id').select('match_players.seat').whereRef('match_players.match_id', '=', 'matches.id').where('clan_members.clan_id', '=', clanId)))
    .orderBy('matches.finished_at', 'desc')
    .limit(limit)
    .execute();
}

export async function matchPlayers(db: Db, matchIds: string[]) {
  if (matchIds.length === 0) return [];
  return db.selectFrom('match_players').select(['match_id', 'seat', 'user_id', 'name', 'result']).where('match_id', 'in', matchIds).execute();
}

export async function clanLeaderboard(db: Db, limit: number, offset: number) {
  return db
    .selectFrom('clans')
    .select(['clans.id', 'clans.name', 'clans.tag', 'clans.open'])
    .select(ratingSql(sql.ref('clans.id')).as('rating'))
    .select((eb) => eb.selectFrom('clan_members').select(sql<string>`count(*)`.as('n')).whereRef('clan_members.clan_id', '=', 'clans.id').as('members'))
    .orderBy('rating', (ob) => ob.desc().nullsLast())
    .orderBy('clans.name')
    .limit(limit)
    .offset(offset)
    .execute();
}

async function lockClan(tx: Tx, clanId: string): Promise<boolean> {
  return !!(await tx.selectFrom('clans').select('id').where('id', '=', clanId).forUpdate().executeTakeFirst());
}

async function memberCount(tx: Tx, clanId: string): Promise<number> {
  const r = await tx.selectFrom('clan_members').select(sql<string>`count(*)`.as('n')).where('clan_id', '=', clanId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export type JoinOutcome = 'joined' | 'applied' | 'already_applied' | 'in_a_clan' | 'full' | 'no_clan';

/**
 * The user asks to join: an open clan (or one that invited them) takes them at once; an invite-only
 * clan records an application.
 */
export async function joinClan(db: Db, clanId: string, userId: string): Promise<JoinOutcome> {
  return db.transaction().execute(async (tx) => {
    if (!(await lockClan(tx, clanId))) return 'no_clan';
    await tx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
    if (await membershipOf(tx, userId)) return 'in_a_clan';
    const clan = await tx.selectFrom('clans').select('open').where('id', '=', clanId).executeTakeFirstOrThrow();
    const req = await tx.selectFrom('clan_requests').select('kind').where('clan_id', '=', clanId).where('user_id', '=', userId).executeTakeFirst();
    if (clan.open || req?.kind === 'invite') {
      if ((await memberCount(tx, clanId)) >= SOCIAL_LIMITS.clanMemberCap) return 'full';
      await tx.insertInto('clan_members').values({ clan_id: clanId, user_id: userId, role: 'member' }).execute();
      await tx.deleteFrom('clan_requests').where('user_id', '=', userId).execute();
      return 'joined';
    }
    if (req) return 'already_applied';
    await tx.insertInto('clan_requests').values({ clan_id: clanId, user_id: userId, kind: 'application', invited_by: null }).execute();
    return 'applied';
  });
}

export type InviteOutcome = 'invited' | 'joined' | 'already_invited' | 'in_a_clan' | 'full';

/** An officer invites a user; a user who had applied is taken in at once. */
export async function inviteToClan(db: Db, clanId: string, userId: string, by: string): Promise<InviteOutcome> {
  return db.transaction().execute(async (tx) => {
    await lockClan(tx, clanId);
    await tx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
    if (await membershipOf(tx, userId)) return 'in_a_clan';
    const req = await tx.selectFrom('clan_requests').select('kind').where('clan_id', '=', clanId).where('user_id', '=', userId).executeTakeFirst();
    if (req?.kind === 'application') {
      if ((await memberCount(tx, clanId)) >= SOCIAL_LIMITS.clanMemberCap) return 'full';
      await tx.insertInto('clan_members').values({ clan_id: clanId, user_id: userId, role: 'member' }).execute();
      await tx.deleteFrom('clan_requests').where('user_id', '=', userId).execute();
      return 'joined';
    }
    if (req) return 'already_invited';
    await tx.insertInto('clan_requests').values({ clan_id: clanId, user_id: userId, kind: 'invite', invited_by: by }).execute();
    return 'invited';
  });
}

/** Declines an invite, withdraws an application, or refuses one: true if there was one. */
export async function dropClanRequest(db: Db, clanId: string, userId: string): Promise<boolean> {
  const r = await db.deleteFrom('clan_requests').where('clan_id', '=', clanId).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function pendingRequest(db: Db, clanId: string, userId: string) {
  return db.selectFrom('clan_requests').select(['kind']).where('clan_id', '=', clanId).where('user_id', '=', userId).executeTakeFirst();
}

/** Sets a member's role; 'leader' hands the clan over (the old leader becomes an officer). */
export async function setClanRole(db: Db, clanId: string, leaderId: string, userId: string, role: ClanRole): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    await lockClan(tx, clanId);
    if ((await roleIn(tx, clanId, leaderId)) !== 'leader') return false;
    if (!(await roleIn(tx, clanId, userId))) return false;
    if (role === 'leader') await tx.updateTable('clan_members').set({ role: 'officer' }).where('clan_id', '=', clanId).where('user_id', '=', leaderId).execute();
    await tx.updateTable('clan_members').set({ role }).where('clan_id', '=', clanId).where('user_id', '=', userId).execute();
    return true;
  });
}

export async function removeClanMember(db: Db, clanId: string, userId: string): Promise<boolean> {
  const r = await db.deleteFrom('clan_members').where('clan_id', '=', clanId).where('user_id', '=', userId).where('role', '<>', 'leader').executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export type LeaveOutcome = 'left' | 'disbanded' | 'leader_must_hand_over' | 'not_member';

/** Leaves; the leader may only leave alone (which disbands the clan) and otherwise hands over first. */
export async function leaveClan(db: Db, clanId: string, userId: string): Promise<LeaveOutcome> {
  return db.transaction().execute(async (tx) => {
    await lockClan(tx, clanId);
    const role = await roleIn(tx, clanId, userId);
    if (!role) return 'not_member';
    if (role === 'leader') {
      if ((await memberCount(tx, clanId)) > 1) return 'leader_must_hand_over';
      await tx.deleteFrom('clans').where('id', '=', clanId).execute();
      return 'disbanded';
    }
    await tx.deleteFrom('clan_members').where('clan_id', '=', clanId).where('user_id', '=', userId).execute();
    return 'left';
  });
}

export async function disbandClan(db: Db, clanId: string): Promise<void> {
  await db.deleteFrom('clans').where('id', '=', clanId).execute();
}

/**
 * A clan whose leader's account was erased (the member row went with it) gets its longest-serving
 * officer, else member, as leader; an empty clan is removed. Called before a clan is read or changed.
 */
export async function repairLeadership(db: Db, clanId: string): Promise<void> {
  const has = await db.selectFrom('clan_members').select('user_id').where('clan_id', '=', clanId).where('role', '=', 'leader').executeTakeFirst();
  if (has) return;
  await db.transaction().execute(async (tx) => {
    if (!(await lockClan(tx, clanId))) return;
    if (await tx.selectFrom('clan_members').select('user_id').where('clan_id', '=', clanId).where('role', '=', 'leader').executeTakeFirst()) return;
    const next = await tx
      .selectFrom('clan_members')
      .select('user_id')
      .where('clan_id', '=', clanId)
      .orderBy(sql`CASE role WHEN 'officer' THEN 0 ELSE 1 END`)
      .orderBy('joined_at')
      .limit(1)
      .executeTakeFirst();
    if (!next) await tx.deleteFrom('clans').where('id', '=', clanId).execute();
    else await tx.updateTable('clan_members').set({ role: 'leader' }).where('clan_id', '=', clanId).where('user_id', '=', next.user_id).execute();
  });
}
