// The game registry (src/rules/registry.ts) is the one source of game kinds: every kind has a working
// rack, judge and label; an unknown kind fails loudly everywhere instead of falling through to another
// game's judge; and no other file in shared/src spells out a kind.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RACK_GAP } from '../src/physics/constants.ts';
import { rack } from '../src/physics/rack.ts';
import { standardTable } from '../src/physics/table.ts';
import {
  createGame, fullRack, GAME_KINDS, gameDef, gameLabel, GAMES, isGameKind, judge, MAX_BALL, RuleError, validateSummary,
  type GameKind, type GameState, type ShotSummary,
} from '../src/rules/index.ts';

const table = standardTable();
const R = table.ballRadius;
const d = 2 * R + RACK_GAP;
const dx = (d * Math.sqrt(3)) / 2;
const breakShot: ShotSummary = { firstContact: 1, pocketed: [{ ball: 2, pocket: 'TL' }], cushionAfterContact: true, objectBallsToCushion: 4 };

test('the registry lists 8-ball, 9-ball and 10-ball, each entry keyed by its own kind', () => {
  assert.equal([...GAME_KINDS], ['8ball', '9ball', '10ball']);
  for (const k of GAME_KINDS) {
    assert.is(GAMES[k].kind, k);
    assert.is(gameDef(k), GAMES[k]);
    assert.ok(isGameKind(k));
    assert.is(MAX_BALL[k], GAMES[k].balls);
    assert.equal(fullRack(k), Array.from({ length: GAMES[k].balls }, (_, i) => i + 1));
  }
  assert.equal(GAME_KINDS.map(gameLabel), ['8-ball', '9-ball', '10-ball']);
});

for (const kind of GAME_KINDS) {
  test(`${kind}: the rack lays out every ball as the registry says, tight, apex on the foot spot`, () => {
    const def = gameDef(kind);
    for (const seed of [1, 2, 3, 77]) {
      const balls = rack(kind, seed, table);
      assert.equal(balls.map((b) => b.id), Array.from({ length: def.balls + 1 }, (_, i) => i), 'cue ball and object balls 1..n');
      assert.equal({ x: balls[0].x, y: balls[0].y }, table.headSpot);
      const obj = balls.slice(1);
      const apex = obj.reduce((a, b) => (b.x < a.x ? b : a));
      assert.ok(Math.abs(apex.x - table.footSpot.x) < 1e-12 && Math.abs(apex.y - table.footSpot.y) < 1e-12, 'apex on the foot spot');
      const rowCount = (row: number) => obj.filter((b) => Math.abs(b.x - (table.footSpot.x + row * dx)) < 1e-9).length;
      assert.equal(def.rack.rows.map((_, row) => rowCount(row)), [...def.rack.rows], 'rows as laid out');
      for (const [row, k, ball] of def.rack.fixed) {
        const n = def.rack.rows[row];
        const b = balls[ball];
        assert.ok(Math.abs(b.x - (table.footSpot.x + row * dx)) < 1e-12 && Math.abs(b.y - (table.footSpot.y + (k - (n - 1) / 2) * d)) < 1e-12, `ball ${ball} at row ${row} place ${k}`);
      }
      for (let i = 0; i < obj.length; i++) for (let j = i + 1; j < obj.length; j++) assert.ok(Math.hypot(obj[i].x - obj[j].x, obj[i].y - obj[j].y) >= 2 * R, 'no overlap');
    }
    assert.equal(rack(kind, 5, table), rack(kind, 5, table), 'same seed, same rack');
    const layouts = new Set([1, 2, 3, 4, 5, 6].map((s) => rack(kind, s, table).map((b) => `${b.x.toFixed(4)},${b.y.toFixed(4)}`).join(' ')));
    assert.ok(layouts.size > 1, 'the seed shuffles the free balls');
  });

  test(`${kind}: createGame, a break through the registry's judge, a label`, () => {
    const g = createGame(kind, ['Al', 'Bo']);
    assert.equal(g.onTable, fullRack(kind));
    assert.is(g.open, gameDef(kind).groups);
    const r = judge(g, breakShot);
    assert.is(r.foul, null);
    assert.is(r.nextPlayer, 0, 'a legal break with a ball down keeps the breaker at the table');
    assert.is(r.state.game, kind);
    assert.ok(gameLabel(kind).length > 0);
  });
}

test('the 10-ball rack (WPA 9.2): a triangle of ten, the 1 at the apex, the 10 in the middle of the third row', () => {
  const balls = rack('10ball', 9, table);
  assert.ok(Math.abs(balls[1].x - table.footSpot.x) < 1e-12 && Math.abs(balls[1].y - table.footSpot.y) < 1e-12);
  assert.ok(Math.abs(balls[10].x - (table.footSpot.x + 2 * dx)) < 1e-12 && Math.abs(balls[10].y - table.footSpot.y) < 1e-12);
  assert.is(balls.filter((b) => Math.abs(b.x - (table.footSpot.x + 3 * dx)) < 1e-9).length, 4, 'a back row of four');
});

test('an unknown kind fails loudly everywhere, never another game\'s judge', () => {
  const bad = '7ball' as GameKind;
  const badGame = (e: unknown) => e instanceof RuleError && e.code === 'bad-game';
  assert.not.ok(isGameKind('7ball'));
  assert.not.ok(isGameKind('toString'), 'no prototype keys');
  assert.not.ok(isGameKind(9));
  assert.is(gameLabel('7ball'), '7ball');
  assert.throws(() => gameDef(bad), badGame);
  assert.throws(() => createGame(bad, ['Al', 'Bo']), badGame);
  assert.throws(() => rack(bad, 1, table), badGame);
  assert.throws(() => fullRack(bad), badGame);
  assert.throws(() => validateSummary(breakShot, bad, [1, 2, 3]), badGame);
  const state: GameState = { ...createGame('9ball', ['Al', 'Bo']), game: bad };
  assert.throws(() => judge(state, breakShot), (e: unknown) => e instanceof RuleError && e.code === 'bad-state');
});

test('no file in shared/src but the registry spells out a game kind', () => {
  const root = new URL('../src', import.meta.url).pathname;
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const n of readdirSync(dir)) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.ts')) files.push(p);
    }
  };
  walk(root);
  const kinds = new RegExp(`['"\`](${GAME_KINDS.join('|')})['"\`]`);
  const bad = files.filter((f) => !f.endsWith(join('rules', 'registry.ts')) && kinds.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
  assert.equal(bad, []);
});

test.run();
