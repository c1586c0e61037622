// 0042: who hosts a live match, and for how long. `owner` is the public address of the process whose
// room plays the match (it was only in settings.owner before, copied here); `lease_until` is how long
// that process may keep it without renewing (renewed every few seconds while the room lives; a process
// that dies stops renewing and another one adopts the match); `lease_epoch` counts the hand-overs, so a
// stale host's writes are refused once another has taken over (a fencing token). `server_secrets`
// holds what every process of one deployment must share, e.g. the generated JWT key. Never edit once applied.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE matches ADD COLUMN owner text`.execute(db);
  await sql`ALTER TABLE matches ADD COLUMN lease_until timestamptz`.execute(db);
  await sql`ALTER TABLE matches ADD COLUMN lease_epoch integer NOT NULL DEFAULT 0`.execute(db);
  await sql`UPDATE matches SET owner = coalesce(settings->>'owner', 'local') WHERE status = 'live'`.execute(db);
  await sql`CREATE INDEX matches_live_lease_idx ON matches (lease_until) WHERE status = 'live'`.execute(db);
  await sql`CREATE TABLE server_secrets (name text PRIMARY KEY, value text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE server_secrets`.execute(db);
  await sql`DROP INDEX matches_live_lease_idx`.execute(db);
  await sql`ALTER TABLE matches DROP COLUMN lease_epoch`.execute(db);
  await sql`ALTER TABLE matches DROP COLUMN lease_until`.execute(db);
  await sql`ALTER TABLE matches DROP COLUMN owner`.execute(db);
}
