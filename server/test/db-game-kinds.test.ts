// The database's matches.game check and the game registry (GAME_KINDS) must agree, on PGlite and on
// Postgres (DATABASE_URL): adding a game to shared/src/rules/registry.ts without a migration that
// widens the check (like migrations/0011_matches_game_kinds.ts) fails here, and so does a check that
// accepts a kind the registry no longer has. Checked both ways: the kinds read from the constraint's
// definition, and by storing a match of every kind (and refusing an unknown one).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GAME_KINDS } from '@dojopool/shared';
import { createMatch } from '../src/db/matches.ts';
import { dbTargets } from './helpers/db.ts';
import { announce } from './helpers/env.ts';

/** The string literals of the check constraint on matches.game, as the database reports it. */
async function acceptedKinds(db: Parameters<typeof createMatch>[0]): Promise<string[]> {
  const r = await sql<{ def: string }>`
    select pg_get_constraintdef(c.oid) as def
    from pg_constraint c join pg_class t on t.oid = c.conrelid
    where t.relname = 'matches' and c.contype = 'c' and c.conname = 'matches_game_check'`.execute(db);
  assert.is(r.rows.length, 1, 'one check on matches.game');
  return [...r.rows[0].def.matchAll(/'([^']*)'/g)].map((m) => m[1]).sort();
}

const targets = await dbTargets();
for (const target of targets) {
  test(`${target.name}: matches.game accepts exactly the registry's GAME_KINDS`, async () => {
    announce('db-game-kinds', target.name);
    const { handle, dispose } = await target.create();
    try {
      const db = handle.db;
      assert.equal(await acceptedKinds(db), [...GAME_KINDS].sort(), 'the check lists the registry\'s kinds: a new game needs a migration');
      for (const game of GAME_KINDS) {
        const id = randomUUID();
        await createMatch(db, { id, game, mode: 'casual', raceTo: 1, roomId: `r-${game}`, privateCode: null, settings: {}, players: [{ seat: 0, userId: null, name: 'Al' }, { seat: 1, userId: null, name: 'Bo' }] });
        const row = await db.selectFrom('matches').select('game').where('id', '=', id).executeTakeFirstOrThrow();
        assert.is(row.game, game);
      }
      let refused: unknown = null;
      try {
        await sql`insert into matches (id, game, mode, race_to) values (${randomUUID()}, 'snooker', 'casual', 1)`.execute(db);
      } catch (e) {
        refused = e;
      }
      assert.ok(refused, 'an unknown game is refused by the database');
      assert.match(String((refused as Error).message), /matches_game_check/);
    } finally {
      await dispose();
    }
  });
}

test.run();
