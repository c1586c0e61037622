// 0041: practice drill scores. Per account and drill (shared/src/practice/drills.ts DRILLS as of this
// migration): the best run's score (stages made, checked by the server re-simulating the run's
// strokes), how many runs were submitted, and when the best was set. Erased with the account.
// Never edit once applied.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('drill_scores')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('drill', 'text', (c) => c.notNull().check(sql`drill IN ('straight', 'cut', 'position')`))
    .addColumn('best', 'integer', (c) => c.notNull().check(sql`best >= 0`))
    .addColumn('runs', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('best_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('drill_scores_pk', ['user_id', 'drill'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('drill_scores').execute();
}
