// The computer player (shared/src/bot): over thousands of seeded positions in every game — random
// scatters with every kind of rules state (ball in hand anywhere or behind the head string, open or
// assigned 8-ball groups, on the money ball, push out available, pending choices) and positions
// reached by bots playing real racks — every decision is one the room accepts: a choice among the
// offered options, a legal ball-in-hand place, a finite stroke inside the protocol's ranges that the
// engine plays. A ball in the jaws with the cue ball lined up is potted by every level above
// beginner; the same seed gives the same decision.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BOT_LEVELS, chooseShot, type BotDecision, type BotLevel } from '../src/bot/index.ts';
import { applyChoose, applyPlace, applyShot, newTable, rackSeed, tableOf, type TableSnapshot } from '../src/match/engine.ts';
import { canPlaceBall } from '../src/physics/rack.ts';
import { seededRandom } from '../src/physics/random.ts';
import { MAX_SHOT_SPEED, MAX_TIP_OFFSET, parseShot } from '../src/protocol/index.ts';
import { GAME_KINDS, gameDef, fullRack } from '../src/rules/registry.ts';
import type { GameKind, GameState, Group, Seat } from '../src/rules/types.ts';

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

/** Checks one decision against what the room would accept; returns the table after it. */
function checkDecision(s: TableSnapshot, seat: Seat, d: BotDecision, where: string): TableSnapshot {
  const cur = s.match.current;
  if (cur.pending) {
    assert.ok(d.choose !== undefined && !d.shot && !d.place, `${where}: a pending choice is answered with a choice`);
    assert.ok((cur.pending.options as string[]).includes(d.choose!), `${where}: ${d.choose} is offered`);
    return applyChoose(s, seat, d.choose!).snapshot;
  }
  assert.ok(d.shot, `${where}: a shot`);
  if (d.place) {
    assert.ok(cur.ballInHand, `${where}: places only with ball in hand`);
    const ok = canPlaceBall(tableOf(s.tableSize), s.balls, d.place.x, d.place.y, cur.ballInHand!);
    assert.ok(ok.ok, `${where}: placement legal (${JSON.stringify(d.place)} ${ok.ok ? '' : ok.reason})`);
    s = applyPlace(s, seat, d.place.x, d.place.y);
  }
  const shot = d.shot!;
  for (const k of ['angle', 'speed', 'side', 'vertical'] as const) {
    const v = shot[k];
    if (v !== undefined) assert.ok(Number.isFinite(v), `${where}: ${k} finite (${v})`);
  }
  assert.ok(shot.speed > 0 && shot.speed <= MAX_SHOT_SPEED, `${where}: speed in range ${shot.speed}`);
  assert.ok(Math.hypot(shot.side ?? 0, shot.vertical ?? 0) <= MAX_TIP_OFFSET, `${where}: tip offset in range`);
  assert.equal(parseShot(shot), { side: 0, vertical: 0, ...shot }, `${where}: the parser accepts the stroke unchanged`);
  return applyShot(s, seat, shot).snapshot; // throws on anything the engine refuses (calls, push outs)
}

/** A random position with a random (consistent) rules state for `game`. */
function randomPosition(game: GameKind, rng: Rng, i: number): { snap: TableSnapshot; seat: Seat } {
  const seat: Seat = rng() < 0.5 ? 0 : 1;
  const snap = newTable({ matchId: `pos-${game}-${i}`, game, players: ['A', 'B'], raceTo: 1, breaker: seat });
  const table = tableOf(snap.tableSize);
  const def = gameDef(game);
  const R = table.ballRadius;
  let onTable = fullRack(game).filter(() => rng() < 0.55);
  if (def.groups && !onTable.includes(8)) onTable.push(8);
  if (onTable.length === 0) onTable = [def.moneyBall];
  onTable.sort((a, b) => a - b);
  const balls: TableSnapshot['balls'] = [];
  const placed = (x: number, y: number) => canPlaceBall(table, balls.filter((b) => !b.pocketed), x, y, 'table').ok;
  for (const id of [0, ...fullRack(game)]) {
    if (id !== 0 && !onTable.includes(id)) {
      balls.push({ id, x: 0, y: 0, pocketed: true });
      continue;
    }
    for (let k = 0; k < 200; k++) {
      // Some balls hug a cushion or sit near a pocket, where the edge cases are.
      const edge = rng() < 0.25;
      const x = (rng() - 0.5) * (table.length - 2.2 * R) * (edge ? 1 : 0.9);
      const y = edge ? (rng() < 0.5 ? -1 : 1) * (table.width / 2 - R - 0.001) : (rng() - 0.5) * (table.width - 2.2 * R);
      const c = balls.find((b) => b.id === 0);
      if (placed(x, y) && (!c || Math.hypot(c.x - x, c.y - y) >= 2 * R)) {
        balls.push({ id, x, y, pocketed: false });
        break;
      }
    }
    if (!balls.some((b) => b.id === id)) balls.push({ id, x: 0, y: 0, pocketed: id !== 0 });
  }
  // The cue ball's own overlap check (canPlaceBall ignores ball 0): keep object balls off it.
  const cue = balls.find((b) => b.id === 0)!;
  if (cue.pocketed) Object.assign(cue, { x: table.headSpot.x, y: table.headSpot.y, pocketed: false });
  const live = balls.filter((b) => b.id !== 0 && !b.pocketed).map((b) => b.id);
  const state: GameState = { ...snap.match.current, turn: seat, isBreak: false, onTable: live, shotCount: 5, fouls: [Math.floor(rng() * 3) as 0, Math.floor(rng() * 3) as 0] };
  state.fouls[seat] = Math.min(state.fouls[seat], 2);
  const r = rng();
  state.ballInHand = r < 0.3 ? 'table' : r < 0.4 ? 'kitchen' : null;
  if (def.groups) {
    const g: Group = rng() < 0.5 ? 'solids' : 'stripes';
    if (rng() < 0.6) {
      state.groups = seat === 0 ? [g, g === 'solids' ? 'stripes' : 'solids'] : [g === 'solids' ? 'stripes' : 'solids', g];
      state.open = false;
    }
    state.options = { ...state.options, callAllShots: rng() < 0.2 };
  }
  if (def.pushOut && rng() < 0.2) state.pushOutAvailable = true;
  if (rng() < 0.1) {
    type Kind = NonNullable<GameState['pending']>['kind'];
    const kinds: Kind[] = def.pushOut ? (def.callRule === 'every-shot' ? ['push-out', 'uncalled-pocket'] : ['push-out']) : ['illegal-break', 'eight-on-break', 'eight-on-break-foul'];
    const kind = pick(rng, kinds);
    const options = kind === 'illegal-break' ? ['accept-table', 'rerack', 'rerack-opponent-breaks'] : kind.startsWith('eight') ? ['spot-eight', 'rebreak'] : ['shoot', 'pass-back'];
    state.pending = { kind, player: seat, options: options as never, ballInHand: kind === 'illegal-break' && rng() < 0.5 ? 'kitchen' : null };
    state.ballInHand = null;
    state.pushOutAvailable = false;
    if (kind.startsWith('eight')) {
      // The 8 waits off the table until the choice (3.3(e)/(f)).
      state.onTable = state.onTable.filter((b) => b !== 8);
      const eight = balls.find((b) => b.id === 8)!;
      eight.pocketed = true;
    }
  }
  return { snap: { ...snap, balls, match: { ...snap.match, current: state } }, seat };
}

test('thousands of random positions in every game: every decision is accepted by the room and the engine', () => {
  for (const game of GAME_KINDS) {
    const rng = seededRandom(0xb07 + game.length);
    for (let i = 0; i < 1200; i++) {
      const { snap, seat } = randomPosition(game, rng, i);
      // Mostly the cheap levels (the search is the same code at every level), every tenth the strongest.
      const level: BotLevel = i % 10 === 0 ? 'strong' : BOT_LEVELS[i % 3]!;
      const d = chooseShot(snap, seat, { level, seed: i });
      checkDecision(snap, seat, d, `${game} #${i} ${level}`);
    }
  }
});

test('positions from real racks (bots of every level playing each other) in every game: every decision is accepted', () => {
  let decisions = 0;
  for (const game of GAME_KINDS) {
    for (let r = 0; r < 12; r++) {
      const levels: [BotLevel, BotLevel] = [BOT_LEVELS[r % 4]!, BOT_LEVELS[(r + 1) % 4]!];
      let s = newTable({ matchId: `rack-${game}-${r}`, game, players: ['A', 'B'], raceTo: 2, breaker: (r % 2) as Seat });
      for (let n = 0; n < 400 && s.match.winner === null; n++) {
        const cur = s.match.current;
        const seat = (cur.pending?.player ?? cur.turn) as Seat;
        const notMine = chooseShot(s, seat === 0 ? 1 : 0, { level: levels[0], seed: n });
        assert.equal(notMine, {}, 'nothing to do when it is not its turn');
        const d = chooseShot(s, seat, { level: levels[seat], seed: rackSeed(s.matchId, s.seq) });
        s = checkDecision(s, seat, d, `${game} rack ${r} action ${n}`);
        decisions++;
      }
      assert.ok(s.match.winner !== null, `${game} rack ${r} finishes`);
    }
  }
  assert.ok(decisions > 500, `enough decisions (${decisions})`);
});

test('ball-in-hand placement is always legal, anywhere and behind the head string', () => {
  for (const game of GAME_KINDS) {
    const rng = seededRandom(77 + game.length);
    let placedCount = 0;
    for (let i = 0; i < 300; i++) {
      const { snap, seat } = randomPosition(game, rng, i);
      const area = i % 2 === 0 ? 'table' : 'kitchen';
      const cur = { ...snap.match.current, pending: null, ballInHand: area } as GameState;
      const s = { ...snap, match: { ...snap.match, current: cur } };
      const d = chooseShot(s, seat, { level: BOT_LEVELS[i % 4]!, seed: i });
      if (d.place) {
        placedCount++;
        const ok = canPlaceBall(tableOf(s.tableSize), s.balls, d.place.x, d.place.y, area);
        assert.ok(ok.ok, `${game} #${i}: ${JSON.stringify(d.place)} in ${area}`);
        if (area === 'kitchen') assert.ok(d.place.x <= tableOf(s.tableSize).headStringX);
      }
      checkDecision(s, seat, d, `${game} bih #${i}`);
    }
    assert.ok(placedCount > 250, `${game}: it places the cue ball with ball in hand (${placedCount})`);
  }
});

/** One legal target in the jaws of the top-right corner pocket, the cue ball straight behind it. */
function jawsPosition(game: GameKind, k: number): TableSnapshot {
  const snap = newTable({ matchId: `jaws-${game}-${k}`, game, players: ['A', 'B'], raceTo: 1 });
  const table = tableOf(snap.tableSize);
  const p = table.pockets.find((q) => q.id === (['TR', 'BL', 'TL', 'BR'] as const)[k % 4])!;
  const mx = (p.noses[0].x + p.noses[1].x) / 2;
  const my = (p.noses[0].y + p.noses[1].y) / 2;
  // Along the corner's diagonal into the table, the ball 4 cm out of the mouth, the cue ball 35–60 cm behind.
  const dx = -Math.sign(mx) / Math.SQRT2;
  const dy = -Math.sign(my) / Math.SQRT2;
  const tx = mx + dx * (table.ballRadius + 0.04);
  const ty = my + dy * (table.ballRadius + 0.04);
  const back = 0.35 + 0.05 * (k % 6);
  const target = 1;
  const far = gameDef(game).moneyBall;
  const balls = snap.balls.map((b) =>
    b.id === 0 ? { id: 0, x: tx + dx * back, y: ty + dy * back, pocketed: false } : b.id === target ? { id: target, x: tx, y: ty, pocketed: false } : b.id === far ? { id: far, x: 0, y: 0, pocketed: false } : { ...b, pocketed: true },
  );
  const current: GameState = { ...snap.match.current, isBreak: false, ballInHand: null, onTable: [target, far].sort((a, b) => a - b) };
  return { ...snap, balls, match: { ...snap.match, current } };
}

test('a ball in the jaws with the cue ball lined up: every level above beginner pots it', () => {
  for (const game of GAME_KINDS) {
    for (const level of BOT_LEVELS.slice(1)) {
      for (let k = 0; k < 12; k++) {
        const s = jawsPosition(game, k);
        const d = chooseShot(s, 0, { level, seed: 100 + k });
        assert.ok(d.shot && !d.place && !d.choose);
        const out = applyShot(s, 0, d.shot!);
        assert.ok(out.summary.pocketed.some((p) => p.ball === 1), `${game} ${level} #${k}: the 1 is potted`);
        assert.is(out.ruling.foul, null, `${game} ${level} #${k}: no foul`);
        assert.is(out.snapshot.match.current.turn, 0, `${game} ${level} #${k}: keeps the table`);
      }
    }
  }
});

test('the same seed gives the same decision; a different seed may add different stroke error', () => {
  let differ = 0;
  for (const game of GAME_KINDS) {
    const rng = seededRandom(4242 + game.length);
    for (let i = 0; i < 60; i++) {
      const { snap, seat } = randomPosition(game, rng, i);
      const level = BOT_LEVELS[i % 4]!;
      const a = chooseShot(snap, seat, { level, seed: i });
      const b = chooseShot(structuredClone(snap), seat, { level, seed: i });
      assert.equal(a, b, `${game} #${i}`);
      const c = chooseShot(snap, seat, { level, seed: i + 1 });
      if (JSON.stringify(a) !== JSON.stringify(c)) differ++;
    }
  }
  assert.ok(differ > 60, `stroke error depends on the seed (${differ} of 180 differ)`);
});

test('an unknown level is refused; a finished match or another seat\'s turn gets no decision', () => {
  const s = newTable({ matchId: 'x', game: '9ball', players: ['A', 'B'], raceTo: 1 });
  assert.throws(() => chooseShot(s, 0, { level: 'grandmaster' as BotLevel, seed: 1 }));
  assert.equal(chooseShot(s, 1, { level: 'strong', seed: 1 }), {});
  const done = { ...s, match: { ...s.match, winner: 0 as Seat } };
  assert.equal(chooseShot(done, 0, { level: 'strong', seed: 1 }), {});
  const brk = chooseShot(s, 0, { level: 'strong', seed: 1 });
  assert.ok(brk.shot && brk.shot.speed > 8, 'the break is struck hard');
});

test.run();
