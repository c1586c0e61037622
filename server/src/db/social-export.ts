// The social part of a user's data export: friend edges, clan membership and pending requests, the
// messages they sent, challenges, notifications, reports they filed. On erasure the foreign keys do the
// rest (migrations/0030): edges, memberships, requests, marks, challenges and notifications go with the
// user; messages they sent stay for the other side with the sender emptied (like match participations);
// direct messages sent to them go; a clan they led gets a new leader when next read (repairLeadership).
import type { Db } from './index.ts';

export async function exportSocial(db: Db, userId: string) {
  const [friends, clan, clanRequests, messages, challenges, notifications, reports] = await Promise.all([
    db.selectFrom('friendships').innerJoin('users', 'users.id', 'friendships.other_id').select(['users.id', 'users.username', 'friendships.state', 'friendships.updated_at']).where('friendships.user_id', '=', userId).execute(),
    db.selectFrom('clan_members').innerJoin('clans', 'clans.id', 'clan_members.clan_id').select(['clans.id', 'clans.name', 'clans.tag', 'clan_members.role', 'clan_members.joined_at']).where('clan_members.user_id', '=', userId).executeTakeFirst(),
    db.selectFrom('clan_requests').select(['clan_id', 'kind', 'created_at']).where('user_id', '=', userId).execute(),
    db.selectFrom('messages').select(['id', 'recipient_id', 'clan_id', 'text', 'created_at', 'deleted_at']).where('sender_id', '=', userId).orderBy('id').execute(),
    db.selectFrom('challenges').selectAll().where((eb) => eb.or([eb('from_id', '=', userId), eb('to_id', '=', userId)])).orderBy('created_at').execute(),
    db.selectFrom('notifications').select(['id', 'kind', 'data', 'created_at', 'read_at']).where('user_id', '=', userId).orderBy('created_at').execute(),
    db.selectFrom('reports').select(['id', 'reported_user_id', 'message_id', 'reason', 'created_at']).where('reporter_id', '=', userId).orderBy('created_at').execute(),
  ]);
  return {
    friends: friends.map((f) => ({ userId: f.id, username: f.username, state: f.state, since: f.updated_at })),
    clan: clan ? { id: clan.id, name: clan.name, tag: clan.tag, role: clan.role, joinedAt: clan.joined_at } : null,
    clanRequests: clanRequests.map((r) => ({ clanId: r.clan_id, kind: r.kind, createdAt: r.created_at })),
    messagesSent: messages.map((m) => ({ id: String(m.id), toUserId: m.recipient_id, clanId: m.clan_id, text: m.text, createdAt: m.created_at, deletedByModerator: m.deleted_at !== null })),
    challenges: challenges.map((c) => ({ id: c.id, fromId: c.from_id, toId: c.to_id, game: c.game, raceTo: c.race_to, status: c.status, roomId: c.room_id, createdAt: c.created_at, expiresAt: c.expires_at })),
    notifications: notifications.map((n) => ({ id: n.id, kind: n.kind, data: n.data, createdAt: n.created_at, readAt: n.read_at })),
    reportsFiled: reports.map((r) => ({ id: r.id, userId: r.reported_user_id, messageId: r.message_id === null ? null : String(r.message_id), reason: r.reason, createdAt: r.created_at })),
  };
}
