// 0011: the matches.game check accepts 10-ball. 0010 created `CHECK (game IN ('8ball', '9ball'))`
// (Postgres names a column check <table>_<column>_check); this replaces it with the kinds of the
// game registry (shared/src/rules/registry.ts) as of this migration. The list is written out, not
// imported from the registry: a migration is frozen once applied, and importing would silently change
// what it means. server/test/db-game-kinds.test.ts fails when GAME_KINDS and the database disagree,
// so a new game needs a new migration like this one. Never edit once applied.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE matches DROP CONSTRAINT matches_game_check`.execute(db);
  await sql`ALTER TABLE matches ADD CONSTRAINT matches_game_check CHECK (game IN ('8ball', '9ball', '10ball'))`.execute(db);
}

// Fails (and leaves the check as it is) while 10-ball matches are stored: going down must not drop them.
export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE matches DROP CONSTRAINT matches_game_check`.execute(db);
  await sql`ALTER TABLE matches ADD CONSTRAINT matches_game_check CHECK (game IN ('8ball', '9ball'))`.execute(db);
}
