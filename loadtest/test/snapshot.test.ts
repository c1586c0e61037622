// The bots decide from the table rebuilt out of the synced state (src/snapshot.ts), not from the room's
// own snapshot. Played through whole matches of every game: the room's state is mirrored exactly as
// the room does it (server/src/rooms/sync-state.ts, float32 positions and all), the bot's decision is
// made from the rebuilt table, and the real engine then applies it to the room's real snapshot — it
// must accept every one (a refusal is what the room would answer with an `error`). The rules fields
// the chooser reads must come back equal.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyChoose, applyPlace, applyShot, chooseShot, GAME_KINDS, newTable, type Seat, type TableSnapshot } from '@dojopool/shared';
import { MatchStateSchema, PlayerSchema } from '@dojopool/shared/state/match-state.ts';
import { syncMatchState } from '../../server/src/rooms/sync-state.ts';
import { snapshotOf } from '../src/snapshot.ts';

function mirror(s: TableSnapshot): MatchStateSchema {
  const st = new MatchStateSchema();
  Object.assign(st, { matchId: s.matchId, phase: 'playing', game: s.match.game, raceTo: s.match.raceTo });
  st.players.push(new PlayerSchema({ name: 'a' }), new PlayerSchema({ name: 'b' }));
  st.score.push(0, 0);
  syncMatchState(st, s, null);
  return st;
}

for (const game of GAME_KINDS) {
  test(`${game}: every decision made from the synced state is one the engine accepts`, () => {
    let decisions = 0;
    let matches = 0;
    for (let m = 0; m < 4; m++) {
      let s = newTable({ matchId: `load-${game}-${m}`, game, players: ['a', 'b'], raceTo: 2 });
      for (let step = 0; step < 400 && s.match.winner === null; step++) {
        const cur = s.match.current;
        const seat = (cur.pending?.player ?? cur.turn) as Seat;
        const rebuilt = snapshotOf(mirror(s));
        const rc = rebuilt.match.current;
        const where = `${game} match ${m} action ${s.seq}`;
        assert.is(rc.turn, seat, `${where}: turn`);
        assert.equal(rc.onTable, cur.onTable, `${where}: balls on the table`);
        assert.equal(rc.groups, cur.groups, `${where}: groups`);
        assert.is(rc.open, cur.open, `${where}: open table`);
        assert.is(rc.isBreak, cur.isBreak, `${where}: break`);
        assert.is(rc.ballInHand, cur.ballInHand, `${where}: ball in hand`);
        assert.is(rc.pushOutAvailable, cur.pushOutAvailable, `${where}: push out`);
        assert.equal(rc.pending?.options ?? null, cur.pending?.options ?? null, `${where}: pending options`);
        const d = chooseShot(rebuilt, seat, { level: 'beginner', seed: m * 1000 + step });
        decisions++;
        try {
          if (d.choose !== undefined) s = applyChoose(s, seat, d.choose).snapshot;
          else {
            assert.ok(d.shot, `${where}: a stroke`);
            if (d.place) s = applyPlace(s, seat, d.place.x, d.place.y);
            s = applyShot(s, seat, d.shot!).snapshot;
          }
        } catch (e) {
          assert.unreachable(`${where}: the engine refused ${JSON.stringify(d)}: ${(e as Error).message}`);
        }
      }
      if (s.match.winner !== null) matches++;
    }
    assert.ok(decisions > 40, `${game}: ${decisions} decisions`);
    assert.ok(matches >= 3, `${game}: ${matches} of 4 matches played to the end`);
  });
}

test.run();
