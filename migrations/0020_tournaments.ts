// 0020: tournaments (issue 14). An event row holding its options and, once started, its bracket (the
// shared Bracket JSON: the one source of who plays whom and who advanced); the registered players; one
// row per bracket match that the server gave a match room (so a room is made exactly once, and found
// again after a restart); and the host's audit trail. Never edit once applied; add a new migration.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tournaments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format IN ('single_elimination', 'double_elimination', 'round_robin', 'groups_knockout')`))
    .addColumn('game', 'text', (c) => c.notNull())
    // Null once the host's account is erased (admins can still run the event).
    .addColumn('host_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('registering').check(sql`status IN ('registering', 'running', 'finished')`))
    .addColumn('paused', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('max_players', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz')
    .addColumn('check_in_minutes', 'integer')
    .addColumn('no_show_s', 'integer', (c) => c.notNull())
    .addColumn('rated', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('venue_id', 'uuid')
    // { raceTo, thirdPlace, grandFinalReset, groups, advancePerGroup, seeding } as the host sent them.
    .addColumn('options', 'jsonb', (c) => c.notNull())
    .addColumn('bracket', 'jsonb')
    .addColumn('winner_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await sql`CREATE INDEX tournaments_status_idx ON tournaments (status, created_at DESC)`.execute(db);

  await db.schema
    .createTable('tournament_players')
    .addColumn('tournament_id', 'uuid', (c) => c.notNull().references('tournaments.id').onDelete('cascade'))
    // An erased account leaves the list; the bracket keeps its id (shown as "deleted player").
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('checked_in', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('seed', 'integer')
    .addColumn('disqualified', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('tournament_players_pk', ['tournament_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('tournament_matches')
    .addColumn('tournament_id', 'uuid', (c) => c.notNull().references('tournaments.id').onDelete('cascade'))
    .addColumn('bracket_match_id', 'text', (c) => c.notNull())
    // creating: claimed, room being made; room: the room exists (room_id); host: no room, the host
    // decides (neither player showed); done: decided.
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state IN ('creating', 'room', 'host', 'done')`))
    .addColumn('room_id', 'text')
    .addColumn('match_id', 'uuid')
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('tournament_matches_pk', ['tournament_id', 'bracket_match_id'])
    .execute();

  await db.schema
    .createTable('tournament_audit')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('tournament_id', 'uuid', (c) => c.notNull().references('tournaments.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // null: the server itself (a no-show, a match closed without a result).
    .addColumn('by', 'uuid')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('match_id', 'text')
    .addColumn('player_id', 'uuid')
    .addColumn('reason', 'text')
    .execute();
  await sql`CREATE INDEX tournament_audit_idx ON tournament_audit (tournament_id, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tournament_audit').execute();
  await db.schema.dropTable('tournament_matches').execute();
  await db.schema.dropTable('tournament_players').execute();
  await db.schema.dropTable('tournaments').execute();
}
