// 0040: matches against the computer player. A participant row may be the computer: `computer` holds
// its level ('beginner' … 'strong', shared/src/bot/levels.ts as of this migration), and such a row never
// has an account. Its win/loss record per level is read from these rows (db/matches.ts computerRecord),
// so nothing else is stored. Never edit once applied.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('match_players')
    .addColumn('computer', 'text', (c) => c.check(sql`computer IS NULL OR (user_id IS NULL AND computer IN ('beginner', 'casual', 'club', 'strong'))`))
    .execute();
  await sql`CREATE INDEX match_players_computer_idx ON match_players (computer) WHERE computer IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS match_players_computer_idx`.execute(db);
  await db.schema.alterTable('match_players').dropColumn('computer').execute();
}
