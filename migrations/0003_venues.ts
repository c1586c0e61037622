// 0003: venues. Pool halls with a position; "venues near me" is served by a GiST index on
// ll_to_earth(lat, lon) (cube + earthdistance, created by db/migrate.ts before migrations run).
// Never edit once applied.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('venues')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull().check(sql`lat BETWEEN -90 AND 90`))
    .addColumn('lon', 'double precision', (c) => c.notNull().check(sql`lon BETWEEN -180 AND 180`))
    .addColumn('tables', 'integer', (c) => c.notNull().check(sql`tables >= 0`))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE INDEX venues_earth_idx ON venues USING gist (ll_to_earth(lat, lon))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('venues').execute();
}
