// Queries on notifications (kept until read, so a user who was offline sees them on return) and
// challenges (pending for a few minutes; accepting is a compare-and-set on the pending row, so only one
// accept seats anyone).
import { sql } from 'kysely';
import type { Db } from './index.ts';

export async function insertNotification(db: Db, userId: string, kind: string, data: Record<string, unknown>) {
  return db.insertInto('notifications').values({ user_id: userId, kind, data: JSON.stringify(data) }).returning(['id', 'kind', 'data', 'created_at', 'read_at']).executeTakeFirstOrThrow();
}

export async function listNotifications(db: Db, userId: string, opts: { unreadOnly: boolean; limit: number; before?: Date }) {
  let q = db.selectFrom('notifications').select(['id', 'kind', 'data', 'created_at', 'read_at']).where('user_id', '=', userId);
  if (opts.unreadOnly) q = q.where('read_at', 'is', null);
  if (opts.before) q = q.where('created_at', '<', opts.before);
  return q.orderBy('created_at', 'desc').orderBy('id').limit(opts.limit).execute();
}

export async function unreadNotifications(db: Db, userId: string): Promise<number> {
  const r = await db.selectFrom('notifications').select(sql<string>`count(*)`.as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Marks one read; false when it is not this user's. Reading twice is fine. */
export async function markNotificationRead(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db.updateTable('notifications').set({ read_at: sql`COALESCE(read_at, now())` } as any).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markAllNotificationsRead(db: Db, userId: string): Promise<number> {
  const r = await db.updateTable('notifications').set({ read_at: sql`now()` } as any).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ---- challenges ----

export async function insertChallenge(db: Db, c: { from: string; to: string; game: string; raceTo: number; ttlS: number }) {
  return db
    .insertInto('challenges')
    .values({ from_id: c.from, to_id: c.to, game: c.game as any, race_to: c.raceTo, expires_at: sql`now() + make_interval(secs => ${c.ttlS})` as any })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findChallenge(db: Db, id: string) {
  return db.selectFrom('challenges').selectAll().select(sql<boolean>`expires_at <= now()`.as('expired')).where('id', '=', id).executeTakeFirst();
}

/** Both users' challenges still pending and unexpired. */
export async function pendingChallenges(db: Db, userId: string) {
  return db
    .selectFrom('challenges')
    .selectAll()
    .where((eb) => eb.or([eb('from_id', '=', userId), eb('to_id', '=', userId)]))
    .where('status', '=', 'pending')
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function pendingBetween(db: Db, from: string, to: string): Promise<boolean> {
  return !!(await db.selectFrom('challenges').select('id').where('from_id', '=', from).where('to_id', '=', to).where('status', '=', 'pending').where('expires_at', '>', sql<Date>`now()`).executeTakeFirst());
}

/** pending → status, only while it is pending and unexpired; returns whether this call made the change. */
export async function settleChallenge(db: Db, id: string, status: 'accepted' | 'declined' | 'cancelled'): Promise<boolean> {
  const r = await db.updateTable('challenges').set({ status }).where('id', '=', id).where('status', '=', 'pending').where('expires_at', '>', sql<Date>`now()`).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setChallengeRoom(db: Db, id: string, roomId: string) {
  await db.updateTable('challenges').set({ room_id: roomId }).where('id', '=', id).execute();
}
