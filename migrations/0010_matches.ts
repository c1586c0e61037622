// 0010: matches. A match row per room, its two participants, an append-only shot log (the full replay and
// what a restarted server restores an unfinished match from), per-player statistics, and unlocked
// achievements. Never edit once applied; add a new migration.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('matches')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('game', 'text', (c) => c.notNull().check(sql`game IN ('8ball', '9ball')`))
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode IN ('casual', 'ranked', 'tournament')`))
    .addColumn('race_to', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('live').check(sql`status IN ('live', 'finished', 'aborted')`))
    .addColumn('room_id', 'text')
    .addColumn('private_code', 'text')
    .addColumn('settings', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('winner_seat', 'smallint')
    .addColumn('score', 'jsonb')
    .addColumn('forfeit', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('result_reason', 'text')
    .addColumn('final_state', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await sql`CREATE INDEX matches_live_idx ON matches (created_at) WHERE status = 'live'`.execute(db);
  await sql`CREATE INDEX matches_finished_idx ON matches (finished_at DESC) WHERE status = 'finished'`.execute(db);

  await db.schema
    .createTable('match_players')
    .addColumn('match_id', 'uuid', (c) => c.notNull().references('matches.id').onDelete('cascade'))
    .addColumn('seat', 'smallint', (c) => c.notNull().check(sql`seat IN (0, 1)`))
    // Null for guests and for accounts erased since: the row stays so the opponent's history is intact.
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rating_before', 'double precision')
    .addColumn('rating_after', 'double precision')
    .addColumn('result', 'text', (c) => c.check(sql`result IN ('win', 'loss')`))
    .addColumn('racks_won', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('match_players_pk', ['match_id', 'seat'])
    .execute();
  await sql`CREATE INDEX match_players_user_idx ON match_players (user_id, match_id)`.execute(db);

  await db.schema
    .createTable('match_shots')
    .addColumn('match_id', 'uuid', (c) => c.notNull().references('matches.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('rack', 'integer', (c) => c.notNull())
    .addColumn('seat', 'smallint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('intent', 'jsonb', (c) => c.notNull())
    .addColumn('summary', 'jsonb')
    .addColumn('ruling', 'jsonb')
    .addColumn('balls', 'jsonb', (c) => c.notNull())
    .addColumn('match_state', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('match_shots_pk', ['match_id', 'seq'])
    .execute();

  await db.schema
    .createTable('player_stats')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('matches_played', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('match_wins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rack_wins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('match_win_streak', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('user_achievements')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('achievement_id', 'text', (c) => c.notNull())
    .addColumn('match_id', 'uuid', (c) => c.references('matches.id').onDelete('set null'))
    .addColumn('unlocked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('user_achievements_pk', ['user_id', 'achievement_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_achievements').execute();
  await db.schema.dropTable('player_stats').execute();
  await db.schema.dropTable('match_shots').execute();
  await db.schema.dropTable('match_players').execute();
  await db.schema.dropTable('matches').execute();
}
