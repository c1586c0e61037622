// 0030: social. Friend edges (two rows per pair, Nakama's states), direct and clan messages with their
// read marks, mutes, reports and the moderation audit trail, account suspension, clans with members and
// pending applications/invites, challenges, and notifications kept for users who are offline. Never
// edit once applied; add a new migration.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('suspended_at', 'timestamptz').addColumn('appear_offline', 'boolean', (c) => c.notNull().defaultTo(false)).execute();

  // One row per direction: (a, b, 'invite_sent') with (b, a, 'invite_received'); both 'friend' once
  // accepted. A block is only the blocker's row ('blocked'); the blocked user's row is removed.
  await db.schema
    .createTable('friendships')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('other_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state IN ('friend', 'invite_sent', 'invite_received', 'blocked')`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('friendships_pk', ['user_id', 'other_id'])
    .addCheckConstraint('friendships_not_self', sql`user_id <> other_id`)
    .execute();
  await sql`CREATE INDEX friendships_other_idx ON friendships (other_id, user_id)`.execute(db);

  await db.schema
    .createTable('clans')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('open', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE UNIQUE INDEX clans_name_lower_idx ON clans (lower(name))`.execute(db);
  await sql`CREATE UNIQUE INDEX clans_tag_lower_idx ON clans (lower(tag))`.execute(db);

  // A player belongs to at most one clan (the primary key on user_id); exactly one leader per clan.
  await db.schema
    .createTable('clan_members')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('clan_id', 'uuid', (c) => c.notNull().references('clans.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('leader', 'officer', 'member')`))
    .addColumn('joined_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE INDEX clan_members_clan_idx ON clan_members (clan_id)`.execute(db);
  await sql`CREATE UNIQUE INDEX clan_members_one_leader_idx ON clan_members (clan_id) WHERE role = 'leader'`.execute(db);

  await db.schema
    .createTable('clan_requests')
    .addColumn('clan_id', 'uuid', (c) => c.notNull().references('clans.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('application', 'invite')`))
    .addColumn('invited_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('clan_requests_pk', ['clan_id', 'user_id'])
    .execute();

  // A direct message has a recipient, a clan message a clan: exactly one of them. Senders erased later
  // leave their messages (sender_id null) so the other side's history still reads.
  await db.schema
    .createTable('messages')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('sender_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('recipient_id', 'uuid', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('clan_id', 'uuid', (c) => c.references('clans.id').onDelete('cascade'))
    // The unordered pair of a direct conversation ('<smaller uuid>:<larger uuid>'), for its index.
    .addColumn('dm_key', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .addCheckConstraint('messages_one_target', sql`(recipient_id IS NOT NULL AND dm_key IS NOT NULL AND clan_id IS NULL) OR (recipient_id IS NULL AND dm_key IS NULL AND clan_id IS NOT NULL)`)
    .execute();
  await sql`CREATE INDEX messages_dm_idx ON messages (dm_key, id) WHERE dm_key IS NOT NULL`.execute(db);
  await sql`CREATE INDEX messages_clan_idx ON messages (clan_id, id) WHERE clan_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX messages_recipient_idx ON messages (recipient_id, id) WHERE recipient_id IS NOT NULL`.execute(db);

  // Per user and conversation ('dm:<userId>' or 'clan:<clanId>'): how far they have read, and a mute.
  await db.schema
    .createTable('conversation_marks')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('conversation', 'text', (c) => c.notNull())
    .addColumn('last_read_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('muted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('conversation_marks_pk', ['user_id', 'conversation'])
    .execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('reporter_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reported_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('message_id', 'bigint', (c) => c.references('messages.id').onDelete('set null'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('resolved_at', 'timestamptz')
    .execute();

  // What an admin did, kept even when the user or message is gone (ids are copied, not referenced).
  await db.schema
    .createTable('moderation_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('admin_id', 'uuid')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_user_id', 'uuid')
    .addColumn('message_id', 'bigint')
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('challenges')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('from_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('to_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('game', 'text', (c) => c.notNull())
    .addColumn('race_to', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status IN ('pending', 'accepted', 'declined', 'cancelled')`))
    .addColumn('room_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX challenges_to_idx ON challenges (to_id, created_at)`.execute(db);
  await sql`CREATE INDEX challenges_from_idx ON challenges (from_id, created_at)`.execute(db);

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .execute();
  await sql`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['notifications', 'challenges', 'moderation_log', 'reports', 'conversation_marks', 'messages', 'clan_requests', 'clan_members', 'clans', 'friendships']) await db.schema.dropTable(t).ifExists().execute();
  await db.schema.alterTable('users').dropColumn('suspended_at').dropColumn('appear_offline').execute();
}
