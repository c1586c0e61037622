// Property test: thousands of random, well-formed shots (seeded PRNG, no Math.random) through whole
// matches of every game in the registry (GAME_KINDS). judge/choose/timeFoul never throw on
// well-formed input, every rack ends with exactly one winner, and the state stays consistent: no
// ball both pocketed and on the table (except re-spots: 8 via 3.3(e)/(f), 9 via 2.6, 10 via 9.9),
// groups fixed once assigned (3.4), turn always 0|1, consecutive fouls ≤ 2 in three-foul games unless
// the rack was lost (6.14), the offered options are the pending choices or 'push-out' exactly when a
// push out is available, state JSON-serialisable.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { seededRandom } from '../src/physics/random.ts';
import type { PocketId } from '../src/physics/types.ts';
import {
  applyRuling, choose, concede, createMatch, fullRack, GAME_KINDS, gameDef, judge, legalTargetsEight, nextRack, RuleError, timeFoul,
  type GameKind, type GameState, type MatchState, type Ruling, type ShotSummary,
} from '../src/rules/index.ts';
import { POCKET_IDS } from '../src/rules/types.ts';

const mulberry32 = seededRandom;
type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const pocket = (rng: Rng): PocketId => pick(rng, POCKET_IDS);

function randomShot(rng: Rng, s: GameState): ShotSummary {
  const balls = s.onTable;
  const def = gameDef(s.game);
  const targets = def.lowestFirst ? [Math.min(...balls)] : legalTargetsEight(s);
  const first = rng() < 0.06 ? null : rng() < 0.8 ? pick(rng, targets) : pick(rng, balls);
  const pocketed: { ball: number; pocket: PocketId }[] = [];
  const off: number[] = [];
  if (first !== null) {
    const p = s.isBreak ? 0.12 : 0.1;
    for (const b of balls) {
      const boost = b === first ? 0.35 : 0;
      if (rng() < p + boost) pocketed.push({ ball: b, pocket: pocket(rng) });
      else if (rng() < 0.005) off.push(b);
    }
    for (let i = pocketed.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [pocketed[i], pocketed[j]] = [pocketed[j], pocketed[i]];
    }
  }
  const scratch = rng() < 0.07;
  if (scratch) pocketed.splice(Math.floor(rng() * (pocketed.length + 1)), 0, { ball: 0, pocket: pocket(rng) });
  const shot: ShotSummary = {
    firstContact: first,
    pocketed,
    cushionAfterContact: first !== null && rng() < 0.8,
    objectBallsToCushion: first === null ? Math.floor(rng() * 2) : Math.floor(rng() * (Math.min(balls.length, 7) + 1)),
  };
  if (off.length) shot.ballsOffTable = off;
  if (!scratch && rng() < 0.01) shot.cueBallOffTable = true;
  if (def.callRule === 'money-ball' && rng() < 0.9) {
    // Call the 8 when on it (usually the pocket it drops in), otherwise sometimes a random ball.
    const eight = pocketed.find((p) => p.ball === 8);
    if (targets.length === 1 && targets[0] === 8) shot.called = { ball: 8, pocket: eight && rng() < 0.85 ? eight.pocket : pocket(rng) };
    else if (rng() < 0.3) {
      const made = pocketed.find((p) => p.ball !== 0 && p.ball !== 8);
      shot.called = made && rng() < 0.7 ? { ...made } : { ball: pick(rng, balls), pocket: pocket(rng) };
    }
  }
  if (def.callRule === 'every-shot' && !s.isBreak) {
    // Call a ball and a pocket (often what dropped, sometimes the money ball, any ball on the table:
    // combinations are allowed), or safety.
    const made = pocketed.filter((p) => p.ball !== 0);
    if (rng() < 0.1) shot.safety = true;
    else if (made.length && rng() < 0.6) shot.called = { ...pick(rng, made) };
    else shot.called = { ball: rng() < 0.2 ? def.moneyBall : pick(rng, balls), pocket: pocket(rng) };
  }
  if (s.pushOutAvailable && rng() < 0.3) {
    shot.pushOut = true;
    delete shot.called;
    delete shot.safety;
  }
  return shot;
}

const FULL: Record<GameKind, number[]> = Object.fromEntries(GAME_KINDS.map((k) => [k, fullRack(k)])) as Record<GameKind, number[]>;
const stats = { shots: 0, racks: 0, matches: 0, choices: 0, timeFouls: 0, threeFoulLosses: 0, respots: 0, reracks: 0, wins: [0, 0], pushOutOffers: 0, uncalledOptions: 0 };

function checkRuling(prev: GameState, r: Ruling, shot: ShotSummary | null, label: string): void {
  const s = r.state;
  assert.ok(s.turn === 0 || s.turn === 1, `${label}: turn is a seat`);
  assert.is(r.nextPlayer, s.turn, `${label}: nextPlayer = turn`);
  assert.ok([null, 'table', 'kitchen'].includes(r.ballInHand), `${label}: ballInHand`);
  assert.equal(JSON.parse(JSON.stringify(s)), s, `${label}: JSON round trip`);
  assert.is(r.rackOver, s.rackOver);
  assert.is(r.winner, s.winner);
  assert.is(s.rackOver, s.winner !== null, `${label}: rack over iff a winner`);
  if (s.rackOver) assert.ok(s.winner === 0 || s.winner === 1, `${label}: one winner`);
  // Table bookkeeping: previous table minus what dropped or left, plus re-spots; or a fresh rack.
  const sorted = [...s.onTable].sort((a, b) => a - b);
  assert.equal(s.onTable, sorted, `${label}: onTable sorted`);
  assert.is(new Set(s.onTable).size, s.onTable.length, `${label}: onTable unique`);
  if (r.rerack) {
    assert.equal(s.onTable, FULL[s.game], `${label}: re-rack`);
    assert.ok(s.isBreak);
    assert.equal(s.groups, [null, null]);
    stats.reracks++;
  } else if (!s.rackOver) {
    const gone = new Set([...(shot?.pocketed ?? []).map((p) => p.ball), ...(shot?.ballsOffTable ?? [])]);
    const expected = prev.onTable.filter((b) => !gone.has(b));
    for (const b of r.respot ?? []) if (!expected.includes(b)) expected.push(b);
    expected.sort((a, b) => a - b);
    assert.equal(s.onTable, expected, `${label}: onTable = before − pocketed − off + respot`);
    for (const p of shot?.pocketed ?? []) {
      if (p.ball !== 0 && s.onTable.includes(p.ball)) assert.ok(r.respot?.includes(p.ball), `${label}: ball ${p.ball} both pocketed and on the table`);
    }
    if (r.respot) stats.respots++;
    // The money ball stays up while the rack lives (the 8 only off while its 3.3(e)/(f) choice is pending).
    const money = gameDef(s.game).moneyBall;
    assert.ok(s.onTable.includes(money) || s.pending?.kind.startsWith('eight-on-break'), `${label}: ${money} on the table`);
  }
  // Groups: consistent, and fixed once assigned (until a re-rack).
  if (gameDef(s.game).groups) {
    assert.is(s.open, s.groups[0] === null, `${label}: open iff no groups`);
    assert.is(s.groups[0] === null, s.groups[1] === null, `${label}: both or neither`);
    if (s.groups[0]) assert.is.not(s.groups[0], s.groups[1]);
    if (prev.groups[0] && !r.rerack) assert.equal(s.groups, prev.groups, `${label}: groups fixed`);
  } else {
    assert.equal(s.groups, [null, null]);
    if (!s.rackOver) assert.ok(s.fouls[0] <= 2 && s.fouls[1] <= 2, `${label}: fouls ≤ 2 (${s.fouls})`);
    if (s.rackOver && r.foul && prev.fouls[prev.turn] === 2) stats.threeFoulLosses++;
  }
  // What the ruling offers (defect 10): the pending choices, else 'push-out' exactly when one is allowed.
  if (s.pending) {
    assert.is(s.pending.player, s.turn, `${label}: the chooser is to act`);
    assert.equal(r.options, s.pending.options);
    if (s.pending.kind === 'uncalled-pocket') stats.uncalledOptions++;
  } else if (s.pushOutAvailable && !s.rackOver) {
    assert.ok(gameDef(s.game).pushOut, `${label}: push out only where the game has one`);
    assert.equal(r.options, ['push-out'], `${label}: push out offered`);
    stats.pushOutOffers++;
  } else assert.is(r.options, undefined, `${label}: nothing offered`);
}

function playRack(rng: Rng, match: MatchState, label: string): MatchState {
  let m = match;
  for (let n = 0; n < 2000; n++) {
    const s = m.current;
    if (s.rackOver) {
      stats.racks++;
      stats.wins[s.winner!]++;
      assert.throws(() => judge(s, randomShot(rng, { ...s, rackOver: false })), (e: unknown) => e instanceof RuleError && e.code === 'rack-over');
      return m;
    }
    let r: Ruling;
    let shot: ShotSummary | null = null;
    const where = `${label} shot ${n}`;
    try {
      if (s.pending) {
        r = choose(s, s.pending.player, pick(rng, s.pending.options));
        stats.choices++;
      } else if (rng() < 0.02) {
        r = timeFoul(s);
        stats.timeFouls++;
      } else if (rng() < 0.002) {
        r = concede(s, s.turn);
      } else {
        shot = randomShot(rng, s);
        r = judge(s, shot);
        stats.shots++;
      }
    } catch (e) {
      throw new Error(`${where}: threw ${(e as Error).message} on state ${JSON.stringify(s)} shot ${JSON.stringify(shot)}`);
    }
    checkRuling(s, r, shot, where);
    m = applyRuling(m, r);
  }
  throw new Error(`${label}: rack did not finish in 2000 actions`);
}

for (const game of GAME_KINDS) {
  test(`property: ${game} matches end with exactly one winner and a consistent state`, () => {
    const rng = mulberry32(gameDef(game).moneyBall);
    for (let i = 0; i < 300; i++) {
      const raceTo = 1 + Math.floor(rng() * 5);
      let m = createMatch({ game, players: ['Al', 'Bo'], raceTo, breakRule: rng() < 0.5 ? 'alternate' : 'winner', breaker: rng() < 0.5 ? 0 : 1, gameOptions: { callAllShots: rng() < 0.3, breakScratchKitchen: rng() < 0.3 } });
      for (let rack = 0; m.winner === null; rack++) {
        m = playRack(rng, m, `${game} match ${i} rack ${rack}`);
        const total = m.score[0] + m.score[1];
        assert.is(total, m.racks.length);
        assert.ok(m.score[0] <= raceTo && m.score[1] <= raceTo);
        if (m.winner === null) m = nextRack(m);
      }
      assert.is(m.score[m.winner], raceTo, 'the match winner reached the race');
      assert.ok(m.score[m.winner === 0 ? 1 : 0] < raceTo, 'exactly one player reached the race');
      stats.matches++;
    }
  });
}

test('property: the generator exercised the interesting paths', () => {
  assert.ok(stats.shots > 5000, `shots ${stats.shots}`);
  assert.ok(stats.racks > 500, `racks ${stats.racks}`);
  assert.ok(stats.choices > 50, `choices ${stats.choices}`);
  assert.ok(stats.respots > 20, `respots ${stats.respots}`);
  assert.ok(stats.reracks > 5, `reracks ${stats.reracks}`);
  assert.ok(stats.threeFoulLosses > 0, `three-foul losses ${stats.threeFoulLosses}`);
  assert.ok(stats.wins[0] > 0 && stats.wins[1] > 0);
  assert.ok(stats.pushOutOffers > 20, `push out offers ${stats.pushOutOffers}`);
  assert.ok(stats.uncalledOptions > 20, `9.7 options ${stats.uncalledOptions}`);
});

test.run();
