// Queries on friend edges. Two rows per pair, one per direction, in Nakama's states: a request is
// (me → them, invite_sent) with (them → me, invite_received); accepting makes both 'friend'; a block is
// the blocker's row alone. Every change to a pair runs in one transaction that first locks both user
// rows, so two requests crossing each other cannot both insert.
import type { FriendState } from '@dojopool/shared';
import { sql, type Transaction } from 'kysely';
import type { Db } from './index.ts';
import type { Database } from './schema.ts';

type Tx = Transaction<Database>;

async function lockPair(tx: Tx, a: string, b: string) {
  await tx.selectFrom('users').select('id').where('id', 'in', [a, b]).orderBy('id').forUpdate().execute();
}

async function rowOf(db: Db | Tx, userId: string, otherId: string): Promise<FriendState | null> {
  const r = await db.selectFrom('friendships').select('state').where('user_id', '=', userId).where('other_id', '=', otherId).executeTakeFirst();
  return r?.state ?? null;
}

/** My state towards `other` and theirs towards me. */
export async function pairStates(db: Db, me: string, other: string): Promise<{ mine: FriendState | null; theirs: FriendState | null }> {
  const rows = await db
    .selectFrom('friendships')
    .select(['user_id', 'state'])
    .where((eb) => eb.or([eb.and([eb('user_id', '=', me), eb('other_id', '=', other)]), eb.and([eb('user_id', '=', other), eb('other_id', '=', me)])]))
    .execute();
  return { mine: rows.find((r) => r.user_id === me)?.state ?? null, theirs: rows.find((r) => r.user_id === other)?.state ?? null };
}

/** Either blocked the other. */
export async function blockedEitherWay(db: Db, a: string, b: string): Promise<boolean> {
  const s = await pairStates(db, a, b);
  return s.mine === 'blocked' || s.theirs === 'blocked';
}

export async function areFriends(db: Db, a: string, b: string): Promise<boolean> {
  return (await rowOf(db, a, b)) === 'friend';
}

export async function listFriends(db: Db, me: string) {
  return db
    .selectFrom('friendships')
    .innerJoin('users', 'users.id', 'friendships.other_id')
    .select(['users.id', 'users.username', 'users.display_name', 'friendships.state', 'friendships.updated_at'])
    .where('friendships.user_id', '=', me)
    .orderBy('users.username')
    .execute();
}

export type RequestOutcome = 'requested' | 'accepted' | 'already_friends' | 'already_requested' | 'you_blocked' | 'they_blocked';

/** Sends a request, or accepts theirs when they already asked. */
export async function requestFriend(db: Db, me: string, other: string): Promise<RequestOutcome> {
  return db.transaction().execute(async (tx) => {
    await lockPair(tx, me, other);
    const mine = await rowOf(tx, me, other);
    const theirs = await rowOf(tx, other, me);
    if (theirs === 'blocked') return 'they_blocked';
    if (mine === 'blocked') return 'you_blocked';
    if (mine === 'friend') return 'already_friends';
    if (mine === 'invite_sent') return 'already_requested';
    if (mine === 'invite_received') {
      await setBoth(tx, me, other, 'friend', 'friend');
      return 'accepted';
    }
    await setBoth(tx, me, other, 'invite_sent', 'invite_received');
    return 'requested';
  });
}

async function setBoth(tx: Tx, a: string, b: string, aState: FriendState, bState: FriendState) {
  await tx
    .insertInto('friendships')
    .values([
      { user_id: a, other_id: b, state: aState },
      { user_id: b, other_id: a, state: bState },
    ])
    .onConflict((oc) => oc.columns(['user_id', 'other_id']).doUpdateSet({ state: sql`excluded.state`, updated_at: sql`now()` }))
    .execute();
}

/** Accepts their request; false when there is none. */
export async function acceptFriend(db: Db, me: string, other: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    await lockPair(tx, me, other);
    if ((await rowOf(tx, me, other)) !== 'invite_received') return false;
    await setBoth(tx, me, other, 'friend', 'friend');
    return true;
  });
}

/** Declines, cancels or removes: what the pair's state was (null when there was nothing to undo). */
export async function removeFriend(db: Db, me: string, other: string): Promise<FriendState | null> {
  return db.transaction().execute(async (tx) => {
    await lockPair(tx, me, other);
    const mine = await rowOf(tx, me, other);
    if (mine === null || mine === 'blocked') return null;
    await tx.deleteFrom('friendships').where('user_id', '=', me).where('other_id', '=', other).execute();
    await tx.deleteFrom('friendships').where('user_id', '=', other).where('other_id', '=', me).where('state', '<>', 'blocked').execute();
    return mine;
  });
}

/** Blocks: any friendship or request between the two ends; their own block of me (if any) stays. */
export async function blockUser(db: Db, me: string, other: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await lockPair(tx, me, other);
    await tx
      .insertInto('friendships')
      .values({ user_id: me, other_id: other, state: 'blocked' })
      .onConflict((oc) => oc.columns(['user_id', 'other_id']).doUpdateSet({ state: 'blocked', updated_at: sql`now()` }))
      .execute();
    await tx.deleteFrom('friendships').where('user_id', '=', other).where('other_id', '=', me).where('state', '<>', 'blocked').execute();
  });
}

export async function unblockUser(db: Db, me: string, other: string): Promise<boolean> {
  const r = await db.deleteFrom('friendships').where('user_id', '=', me).where('other_id', '=', other).where('state', '=', 'blocked').executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/**
 * Who sees `userId`'s presence: friends and clan mates, minus anyone either side has blocked.
 */
export async function presenceAudience(db: Db, userId: string): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    SELECT other_id AS id FROM friendships WHERE user_id = ${userId} AND state = 'friend'
    UNION
    SELECT m2.user_id AS id FROM clan_members m1 JOIN clan_members m2 ON m2.clan_id = m1.clan_id
      WHERE m1.user_id = ${userId} AND m2.user_id <> ${userId}
    EXCEPT
    SELECT other_id FROM friendships WHERE user_id = ${userId} AND state = 'blocked'
    EXCEPT
    SELECT user_id FROM friendships WHERE other_id = ${userId} AND state = 'blocked'`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** May `viewer` see `subject`'s presence? (friend or clan mate, no block either way) */
export async function maySeePresence(db: Db, viewer: string, subject: string): Promise<boolean> {
  if (viewer === subject) return true;
  const r = await sql<{ ok: boolean }>`
    SELECT (EXISTS (SELECT 1 FROM friendships WHERE user_id = ${subject} AND other_id = ${viewer} AND state = 'friend')
        OR EXISTS (SELECT 1 FROM clan_members a JOIN clan_members b ON a.clan_id = b.clan_id WHERE a.user_id = ${subject} AND b.user_id = ${viewer}))
      AND NOT EXISTS (SELECT 1 FROM friendships WHERE ((user_id = ${subject} AND other_id = ${viewer}) OR (user_id = ${viewer} AND other_id = ${subject})) AND state = 'blocked') AS ok`.execute(db);
  return r.rows[0]?.ok === true;
}

/** Username search that never shows someone who blocked the searcher. */
export async function searchUsers(db: Db, me: string, prefix: string, limit: number) {
  const like = prefix.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c) + '%';
  return db
    .selectFrom('users')
    .select(['id', 'username', 'display_name'])
    .where(sql<string>`lower(username)`, 'like', like)
    .where('id', '<>', me)
    .where('suspended_at', 'is', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('friendships').select('user_id').whereRef('friendships.user_id', '=', 'users.id').where('friendships.other_id', '=', me).where('friendships.state', '=', 'blocked'))))
    .orderBy('username')
    .limit(limit)
    .execute();
}
