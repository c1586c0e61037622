// The shot log stores each snapshot without its growing history, plus what the action added
// (db/match-state.ts). Played matches of every game are encoded row by row as the match writer does and
// decoded back at every row, exactly; rows written whole by an older version are read as before; a gap
// in the log is found, not papered over. On PGlite and Postgres, a match logged through the writer and
// loaded as a restore would load it comes back exactly, also after a restore started a new writer.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyChoose, applyPlace, applyShot, chooseShot, GAME_KINDS, newTable, type GameKind, type TableSnapshot } from '@dojopool/shared';
import { createMatch, loadLiveMatch } from '../src/db/matches.ts';
import { decodeStates, encodeState, isWhole } from '../src/db/match-state.ts';
import { MatchLifecycle } from '../src/services/match-lifecycle.ts';
import { dbTargets } from './helpers/db.ts';
import { announce } from './helpers/env.ts';

const MATCH_ID = '00000000-0000-4000-8000-00000000abcd';
const plain = (s: unknown) => JSON.parse(JSON.stringify(s));

/**
 * Every snapshot of a computer-against-computer match, opening table first; or from `start` on (not
 * repeated); until the match is over or `stop` says so.
 */
function play(game: GameKind, raceTo: number, matchId = MATCH_ID, start?: TableSnapshot, stop = (_: TableSnapshot) => false): TableSnapshot[] {
  let s = start ?? newTable({ matchId, game, players: ['A', 'B'], raceTo });
  const out = start ? [] : [s];
  for (let i = s.seq; i < 3000 && s.match.winner === null && !stop(s); i++) {
    const seat = s.match.current.turn;
    const d = chooseShot(s, seat, { level: 'club', seed: i });
    if (d.choose !== undefined) out.push((s = applyChoose(s, seat, d.choose).snapshot));
    if (d.place) out.push((s = applyPlace(s, seat, d.place.x, d.place.y)));
    if (d.shot) out.push((s = applyShot(s, seat, d.shot).snapshot));
  }
  assert.ok(s.match.winner !== null || stop(s), `${game} match finished`);
  return out;
}

/**
 * The rows the match writer would store: the first whole, each later one relative to the one before,
 * its balls in the row's own column (left out of the state unless `ballsInState`).
 */
function encodeAll(snaps: TableSnapshot[], ballsInState = false) {
  return snaps.map((s, i) => ({ seq: s.seq, balls: plain(s.balls), state: plain(encodeState(s, i === 0 ? null : snaps[i - 1]!, !ballsInState)) as unknown }));
}

test('every game: decoding the stored rows gives back each snapshot exactly, at a fraction of the bytes', () => {
  for (const game of GAME_KINDS) {
    const snaps = play(game, 3);
    const rows = encodeAll(snaps);
    assert.ok(snaps.at(-1)!.racks.length >= 3, `${game}: several racks`);
    // Also where a row's balls column does not hold the snapshot's (then they stay in the state).
    const rowsWithBalls = encodeAll(snaps, true).map((r) => ({ ...r, balls: [] }));
    for (let i = 0; i < rows.length; i++) {
      const { snapshot, gapAt } = decodeStates(rows.slice(0, i + 1));
      assert.is(gapAt, null);
      assert.equal(snapshot, plain(snaps[i]), `${game}: row ${i} decodes to its snapshot`);
      assert.equal(decodeStates(rowsWithBalls.slice(0, i + 1)).snapshot, plain(snaps[i]));
    }
    assert.ok(isWhole(rows[0]!.state), 'the first row is whole');
    assert.ok(rows.slice(1).every((r) => !isWhole(r.state)), 'every later row stores a part');
    const whole = snaps.reduce((n, s) => n + JSON.stringify(s).length, 0);
    const stored = rows.reduce((n, r) => n + JSON.stringify(r.state).length, 0);
    console.log(`  [match-state] ${game} race to 3: ${rows.length} rows, states ${Math.round(whole / 1024)} KB whole, ${Math.round(stored / 1024)} KB stored`);
    assert.ok(stored < whole / 5, `${game}: stored ${stored} bytes against ${whole} whole`);
  }
});

test('rows stored whole by an older version are read as before, and parts after them add to their history', () => {
  const snaps = play('9ball', 3);
  const cut = Math.floor(snaps.length / 2);
  // The older version stored every row whole; this one continues after a restore from the last of them.
  const rows = [...snaps.slice(0, cut).map((s) => ({ seq: s.seq, balls: plain(s.balls), state: plain(s) })), ...encodeAll(snaps.slice(cut - 1)).slice(1)];
  assert.equal(decodeStates(rows.slice(0, cut)).snapshot, plain(snaps[cut - 1]));
  const { snapshot, gapAt } = decodeStates(rows);
  assert.is(gapAt, null);
  assert.equal(snapshot, plain(snaps.at(-1)));
});

test('a lost row that added to the history is a gap: the last row still decides the table, the history ends before the gap', () => {
  const snaps = play('8ball', 2);
  const rows = encodeAll(snaps);
  // A row after which the rack in play had one more shot.
  const i = rows.findIndex((r, k) => k > 2 && snaps[k]!.rackShots.length === snaps[k - 1]!.rackShots.length + 1 && snaps[k]!.racks.length === snaps[k - 1]!.racks.length);
  assert.ok(i > 0);
  const broken = [...rows.slice(0, i), ...rows.slice(i + 1)];
  const { snapshot, gapAt } = decodeStates(broken);
  assert.is(gapAt, rows[i + 1]!.seq);
  const last = plain(snaps.at(-1)) as TableSnapshot;
  assert.equal(snapshot!.balls, last.balls);
  assert.equal(snapshot!.match, last.match);
  assert.is(snapshot!.seq, last.seq);
  assert.equal(snapshot!.rackShots, plain(snaps[i - 1]!.rackShots), 'the history as of the row before the gap');
  // A later whole row ends the gap.
  const healed = decodeStates([...broken, { seq: last.seq + 1, balls: last.balls, state: plain({ ...last, seq: last.seq + 1 }) }]);
  assert.is(healed.gapAt, null);
  assert.equal(decodeStates([]), { snapshot: null, gapAt: null });
});

const log = pino({ level: 'silent' });

for (const target of await dbTargets()) {
  test(`[${target.name}] a match logged through the writer loads back exactly, also after a restore started a new writer`, async () => {
    announce('match-state', target.name);
    const t = await target.create();
    try {
      const id = randomUUID();
      await createMatch(t.handle.db, { id, game: '10ball', mode: 'casual', raceTo: 3, roomId: `room-${id.slice(0, 8)}`, privateCode: null, settings: {}, players: [{ seat: 0, userId: null, name: 'A' }, { seat: 1, userId: null, name: 'B' }], leaseMs: 60_000 });
      const lifecycle = new MatchLifecycle({ db: () => t.handle.db, log, events: { publish: async () => {} } as any, spoolDir: '/nonexistent', owner: 'test:1', leaseMs: 60_000 });
      const append = (w: ReturnType<MatchLifecycle['writer']>, s: TableSnapshot) =>
        w.append({ seq: s.seq, rack: s.match.rack, seat: s.match.current.turn, kind: 'shot', intent: {}, summary: null, ruling: null, balls: s.balls, snapshot: s });
      // Past the first rack, then a restore: a new writer continues from the loaded snapshot, and play
      // goes on from that snapshot, as in a restored room.
      const before = play('10ball', 3, id, undefined, (s) => s.racks.length >= 2 || (s.racks.length === 1 && s.rackShots.length >= 2));
      assert.is(before.at(-1)!.match.winner, null);
      const first = lifecycle.writer(id, log);
      for (const s of before) void append(first, s);
      assert.ok(await first.drain(20_000));
      const loaded = await loadLiveMatch(t.handle.db, id);
      assert.is(loaded!.historyGapAt, null);
      assert.equal(loaded!.snapshot, plain(before.at(-1)));
      const second = lifecycle.writer(id, log);
      second.continueFrom(loaded!.snapshot as TableSnapshot);
      const after = play('10ball', 3, id, loaded!.snapshot as TableSnapshot);
      for (const s of after) void append(second, s);
      assert.ok(await second.drain(20_000));
      const again = await loadLiveMatch(t.handle.db, id);
      assert.is(again!.historyGapAt, null);
      assert.equal(again!.snapshot, plain(after.at(-1)));
      assert.ok(after.at(-1)!.racks.length >= 3);
      const stored = await t.handle.db.selectFrom('match_shots').select(['seq', 'match_state']).where('match_id', '=', id).orderBy('seq').execute();
      const whole = stored.filter((r) => isWhole(typeof r.match_state === 'string' ? JSON.parse(r.match_state) : r.match_state)).map((r) => r.seq);
      assert.equal(whole, [before[0]!.seq], 'only the first row is whole');
      first.close();
      second.close();
    } finally {
      await t.dispose();
    }
  });
}

test.run();
