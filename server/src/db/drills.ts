// Practice drill scores (migration 0041): one row per account and drill, the best run kept.
import { sql } from 'kysely';
import type { Db } from './index.ts';

export type DrillScore = { drill: string; best: number; runs: number; bestAt: Date };

/** Records a run's score: runs + 1, best = the higher of the two (best_at moves only when it rises). */
export async function recordDrillRun(db: Db, userId: string, drill: string, score: number): Promise<DrillScore> {
  const row = await db
    .insertInto('drill_scores')
    .values({ user_id: userId, drill, best: score, runs: 1 })
    .onConflict((oc) =>
      oc.columns(['user_id', 'drill']).doUpdateSet({
        runs: sql`drill_scores.runs + 1`,
        best_at: sql`CASE WHEN excluded.best > drill_scores.best THEN now() ELSE drill_scores.best_at END`,
        best: sql`GREATEST(drill_scores.best, excluded.best)`,
        updated_at: sql`now()`,
      }),
    )
    .returning(['drill', 'best', 'runs', 'best_at'])
    .executeTakeFirstOrThrow();
  return { drill: row.drill, best: row.best, runs: row.runs, bestAt: row.best_at };
}

export async function drillScores(db: Db, userId: string): Promise<DrillScore[]> {
  const rows = await db.selectFrom('drill_scores').select(['drill', 'best', 'runs', 'best_at']).where('user_id', '=', userId).orderBy('drill').execute();
  return rows.map((r) => ({ drill: r.drill, best: r.best, runs: r.runs, bestAt: r.best_at }));
}
