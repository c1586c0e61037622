// Queries on messages: direct conversations (keyed by the unordered pair) and clan chat, paginated by
// id (newest last), read marks and mutes per conversation, unread counts, reports, and what admins do
// (delete a message, suspend an account), each written to the moderation log in the same transaction.
import { sql } from 'kysely';
import type { Db } from './index.ts';

export const dmKey = (a: string, b: string) => (a < b ? `${a}:${b}` : `${b}:${a}`);
export const dmConversation = (otherId: string) => `dm:${otherId}`;
export const clanConversation = (clanId: string) => `clan:${clanId}`;

const messageColumns = ['messages.id', 'messages.sender_id', 'messages.recipient_id', 'messages.clan_id', 'messages.text', 'messages.created_at', 'users.username', 'users.display_name'] as const;

export type MessageRow = Awaited<ReturnType<typeof history>>[number];

export async function insertMessage(db: Db, m: { from: string; to?: string; clanId?: string; text: string }): Promise<MessageRow> {
  const row = await db
    .insertInto('messages')
    .values({ sender_id: m.from, recipient_id: m.to ?? null, clan_id: m.clanId ?? null, dm_key: m.to ? dmKey(m.from, m.to) : null, text: m.text })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await messageById(db, row.id))!;
}

export async function messageById(db: Db, id: string) {
  return db.selectFrom('messages').leftJoin('users', 'users.id', 'messages.sender_id').select([...messageColumns, 'messages.deleted_at', 'messages.dm_key']).where('messages.id', '=', id).executeTakeFirst();
}

/** One page of a conversation, oldest first, with ids below `before` when given. Deleted messages are left out. */
export async function history(db: Db, where: { dmKey: string } | { clanId: string }, before: string | undefined, limit: number) {
  let q = db.selectFrom('messages').leftJoin('users', 'users.id', 'messages.sender_id').select([...messageColumns]).where('messages.deleted_at', 'is', null);
  q = 'dmKey' in where ? q.where('messages.dm_key', '=', where.dmKey) : q.where('messages.clan_id', '=', where.clanId);
  if (before !== undefined) q = q.where('messages.id', '<', before);
  const rows = await q.orderBy('messages.id', 'desc').limit(limit).execute();
  return rows.reverse();
}

export async function markRead(db: Db, userId: string, conversation: string, upToId: string | number) {
  await db
    .insertInto('conversation_marks')
    .values({ user_id: userId, conversation, last_read_id: upToId })
    .onConflict((oc) => oc.columns(['user_id', 'conversation']).doUpdateSet({ last_read_id: sql`GREATEST(conversation_marks.last_read_id, excluded.last_read_id)` }))
    .execute();
}

export async function setMuted(db: Db, userId: string, conversation: string, muted: boolean) {
  await db
    .insertInto('conversation_marks')
    .values({ user_id: userId, conversation, muted })
    .onConflict((oc) => oc.columns(['user_id', 'conversation']).doUpdateSet({ muted }))
    .execute();
}

export async function isMuted(db: Db, userId: string, conversation: string): Promise<boolean> {
  const r = await db.selectFrom('conversation_marks').select('muted').where('user_id', '=', userId).where('conversation', '=', conversation).executeTakeFirst();
  return r?.muted === true;
}

/**
 * The user's conversations: each direct partner they exchanged messages with and their clan, with the
 * last message id, unread count (others' messages after the read mark) and mute.
 */
export async function conversations(db: Db, userId: string, clanId: string | null) {
  const dms = await sql<{ other_id: string; username: string | null; display_name: string | null; last_id: string; unread: string; muted: boolean | null }>`
    SELECT c.other_id, u.username, u.display_name, c.last_id,
      (SELECT count(*) FROM messages m WHERE m.dm_key = c.dm_key AND m.recipient_id = ${userId} AND m.deleted_at IS NULL
        AND m.id > COALESCE(k.last_read_id, 0)) AS unread,
      k.muted
    FROM (SELECT dm_key, CASE WHEN sender_id = ${userId} THEN recipient_id ELSE sender_id END AS other_id, max(id) AS last_id
          FROM messages WHERE (sender_id = ${userId} OR recipient_id = ${userId}) AND dm_key IS NOT NULL AND deleted_at IS NULL
          GROUP BY dm_key, 2) c
    LEFT JOIN users u ON u.id = c.other_id
    LEFT JOIN conversation_marks k ON k.user_id = ${userId} AND k.conversation = 'dm:' || c.other_id::text
    WHERE c.other_id IS NOT NULL
    ORDER BY c.last_id DESC`.execute(db);
  let clan: { last_id: string | null; unread: string; muted: boolean | null } | null = null;
  if (clanId) {
    const r = await sql<{ last_id: string | null; unread: string; muted: boolean | null }>`
      SELECT (SELECT max(id) FROM messages WHERE clan_id = ${clanId} AND deleted_at IS NULL) AS last_id,
        (SELECT count(*) FROM messages m WHERE m.clan_id = ${clanId} AND m.deleted_at IS NULL AND m.sender_id IS DISTINCT FROM ${userId}
          AND m.id > COALESCE((SELECT last_read_id FROM conversation_marks WHERE user_id = ${userId} AND conversation = ${clanConversation(clanId)}), 0)) AS unread,
        (SELECT muted FROM conversation_marks WHERE user_id = ${userId} AND conversation = ${clanConversation(clanId)}) AS muted`.execute(db);
    clan = r.rows[0] ?? null;
  }
  return { dms: dms.rows, clan };
}

export async function insertReport(db: Db, r: { reporter: string; userId: string | null; messageId: string | null; reason: string }) {
  return db.insertInto('reports').values({ reporter_id: r.reporter, reported_user_id: r.userId, message_id: r.messageId, reason: r.reason }).returning(['id', 'created_at']).executeTakeFirstOrThrow();
}

export async function listReports(db: Db, limit: number) {
  return db
    .selectFrom('reports')
    .leftJoin('messages', 'messages.id', 'reports.message_id')
    .select(['reports.id', 'reports.reporter_id', 'reports.reported_user_id', 'reports.message_id', 'reports.reason', 'reports.created_at', 'reports.resolved_at', 'messages.text', 'messages.sender_id', 'messages.deleted_at'])
    .orderBy('reports.created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Soft-deletes a message; its text is kept in the moderation log. False when it is gone already. */
export async function adminDeleteMessage(db: Db, adminId: string, messageId: string, reason: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const m = await tx.selectFrom('messages').select(['id', 'sender_id', 'text', 'recipient_id', 'clan_id']).where('id', '=', messageId).where('deleted_at', 'is', null).forUpdate().executeTakeFirst();
    if (!m) return false;
    await tx.updateTable('messages').set({ deleted_at: sql`now()` } as any).where('id', '=', messageId).execute();
    await tx.updateTable('reports').set({ resolved_at: sql`now()` } as any).where('message_id', '=', messageId).where('resolved_at', 'is', null).execute();
    await tx
      .insertInto('moderation_log')
      .values({ admin_id: adminId, action: 'delete_message', target_user_id: m.sender_id, message_id: m.id, detail: JSON.stringify({ text: m.text, recipientId: m.recipient_id, clanId: m.clan_id, reason }) } as any)
      .execute();
    return true;
  });
}

/** Suspends or reinstates an account (with the moderation log entry); false when there is no such user. */
export async function setSuspended(db: Db, adminId: string, userId: string, suspended: boolean, reason: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('users')
      .set({ suspended_at: suspended ? sql`now()` : null } as any)
      .where('id', '=', userId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await tx.insertInto('moderation_log').values({ admin_id: adminId, action: suspended ? 'suspend' : 'unsuspend', target_user_id: userId, message_id: null, detail: JSON.stringify({ reason }) } as any).execute();
    return true;
  });
}

export async function moderationLog(db: Db, limit: number) {
  return db.selectFrom('moderation_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
