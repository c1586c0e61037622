// The computer player: given the engine's table snapshot and its seat, it decides what a person's
// client would send next — a ball-in-hand placement, a stroke (with the call the game needs), or a
// rule choice. It generates candidate strokes (ghost-ball aim at every legal target and pocket, a few
// speeds and tip offsets; safeties and push outs when the level knows them), plays each through the
// engine's own applyShot (the same strike → simulate → summarize → judge → settle the room runs), and
// scores the resulting table: a won rack, keeping the table with an easy next shot, or leaving the
// opponent nothing. The chosen stroke then gets the level's aim and speed error. Pure and seeded:
// the same snapshot, seat, level and seed give the same decision.
//
// Why the snapshot (not a GameState): it is what the room holds per intent and carries the balls, the
// table size and the rules state together, so the chooser can run the engine exactly as the room will.
import type { TableSnapshot } from '../match/engine.ts';
import { applyPlace, applyShot, tableOf } from '../match/engine.ts';
import { canPlaceBall } from '../physics/rack.ts';
import { seededRandom } from '../physics/random.ts';
import type { Table } from '../physics/table.ts';
import type { PocketId } from '../physics/types.ts';
import { MAX_SHOT_SPEED, ProtocolError, normaliseAngle, parseShot, type ShotIntent } from '../protocol/index.ts';
import { legalTargetsEight } from '../rules/eight-ball.ts';
import { shotProblem } from '../rules/game.ts';
import { gameDef } from '../rules/registry.ts';
import type { GameState, OptionId, Seat } from '../rules/types.ts';
import { LEVEL_SPECS, isBotLevel, type BotLevel, type LevelSpec } from './levels.ts';

export type BotDecision = {
  place?: { x: number; y: number };
  shot?: ShotIntent;
  choose?: string;
};

export type BotOptions = { level: BotLevel; seed: number };

type Ball = { id: number; x: number; y: number; pocketed: boolean };
type Candidate = { intent: ShotIntent; score: number; nominal: number };
type PairAim = { target: number; pocket: PocketId; px: number; py: number; quality: number };

const DEG = Math.PI / 180;
/** Score scale: a won rack dwarfs everything; keeping the table beats any safety. */
const WIN = 10_000;
const KEEP = 300;
const POSITION = 200;
const FOUL = -260;
const LEAVE = -200;

const other = (s: Seat): Seat => (s === 0 ? 1 : 0);

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** The middle of a pocket's mouth (between its cushion noses): where a potted ball is aimed. */
function pocketAims(table: Table): { id: PocketId; x: number; y: number; side: boolean }[] {
  return table.pockets.map((p) => ({ id: p.id, x: (p.noses[0].x + p.noses[1].x) / 2, y: (p.noses[0].y + p.noses[1].y) / 2, side: p.id === 'TM' || p.id === 'BM' }));
}
const AIMS = new Map<Table, ReturnType<typeof pocketAims>>();
function aimsOf(table: Table) {
  let a = AIMS.get(table);
  if (!a) AIMS.set(table, (a = pocketAims(table)));
  return a;
}

/** No ball but the excluded ones within `clear` of the segment a→b. */
function pathClear(balls: readonly Ball[], ax: number, ay: number, bx: number, by: number, skipA: number, skipB: number, clear: number): boolean {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  for (const b of balls) {
    if (b.pocketed || b.id === skipA || b.id === skipB) continue;
    let t = len2 > 0 ? ((b.x - ax) * dx + (b.y - ay) * dy) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const ex = ax + t * dx - b.x;
    const ey = ay + t * dy - b.y;
    if (ex * ex + ey * ey < clear * clear) return false;
  }
  return true;
}

/** Balls `seat` may legally hit first (8-ball 3.4 / its group / the 8; rotation games the lowest, 6.2). */
function legalTargets(state: GameState, seat: Seat): number[] {
  if (state.onTable.length === 0) return [];
  if (gameDef(state.game).groups) return legalTargetsEight(state, seat);
  return [state.onTable[0]!];
}

/**
 * How makeable a direct pot of `target` into each pocket is from the cue ball at (cx, cy): a rough
 * probability from the cut angle and the two distances, 0 when a path is blocked, the cut is beyond
 * 80°, or a side pocket is approached too steeply.
 */
function pairAims(table: Table, balls: readonly Ball[], cx: number, cy: number, target: number): PairAim[] {
  const R = table.ballRadius;
  const t = balls.find((b) => b.id === target);
  if (!t || t.pocketed) return [];
  const out: PairAim[] = [];
  for (const p of aimsOf(table)) {
    let ux = p.x - t.x;
    let uy = p.y - t.y;
    const d2 = Math.hypot(ux, uy);
    if (d2 < 1e-9) continue;
    ux /= d2;
    uy /= d2;
    if (p.side && Math.abs(uy) < 0.55) continue; // a side pocket only takes balls from across the table
    const gx = t.x - 2 * R * ux;
    const gy = t.y - 2 * R * uy;
    const vx = gx - cx;
    const vy = gy - cy;
    const d1 = Math.hypot(vx, vy);
    if (d1 < 1e-6) continue;
    const cos = (vx * ux + vy * uy) / d1;
    if (cos < Math.cos(80 * DEG)) continue;
    if (!pathClear(balls, cx, cy, gx, gy, 0, target, 2 * R * 0.98)) continue;
    if (!pathClear(balls, t.x, t.y, p.x, p.y, 0, target, 2 * R * 0.98)) continue;
    const quality = Math.pow(cos, 1.5) * Math.exp(-0.3 * d1 - 0.25 * d2);
    out.push({ target, pocket: p.id, px: p.x, py: p.y, quality });
  }
  return out;
}

/** The best direct pot for the player to shoot, 0–1 (ball in hand counts as a good shot). */
function tableQuality(snap: TableSnapshot, seat: Seat): number {
  const state = snap.match.current;
  if (state.ballInHand) return 0.85;
  const cue = snap.balls.find((b) => b.id === 0);
  if (!cue || cue.pocketed) return 0.85;
  const table = tableOf(snap.tableSize);
  let best = 0;
  for (const t of legalTargets(state, seat)) for (const a of pairAims(table, snap.balls, cue.x, cue.y, t)) if (a.quality > best) best = a.quality;
  return best;
}

/** The call a stroke at `target` toward `pocket` needs under the game's call rule. */
function callFor(state: GameState, target: number, pocket: PocketId): Pick<ShotIntent, 'called'> {
  const def = gameDef(state.game);
  if (state.isBreak) return {};
  if (def.callRule === 'every-shot' || (def.callRule === 'money-ball' && (target === def.moneyBall || state.options.callAllShots))) return { called: { ball: target, pocket } };
  return {};
}

/** Nearest pocket to a ball (for calls on safeties that might drop the money ball). */
function nearestPocket(table: Table, b: Ball): PocketId {
  let best: PocketId = 'TL';
  let bd = Infinity;
  for (const p of aimsOf(table)) {
    const d = Math.hypot(p.x - b.x, p.y - b.y);
    if (d < bd) (bd = d), (best = p.id);
  }
  return best;
}

class Search {
  sims = 0;
  /** Physics events simulated so far: the deterministic measure of work the level's budget caps. */
  events = 0;
  constructor(
    readonly spec: LevelSpec,
    readonly seat: Seat,
    readonly rand: () => number,
  ) {}

  /** The value of a table after a stroke, to `seat`. */
  score(snap: TableSnapshot, intent: ShotIntent, target?: number): { value: number; firstContactDir?: number } {
    this.sims++;
    let out;
    try {
      out = applyShot(snap, this.seat, intent);
    } catch (e) {
      if (e instanceof ProtocolError) return { value: -Infinity };
      throw e;
    }
    this.events += out.result.events.length;
    const me = this.seat;
    const m = out.snapshot.match;
    let value: number;
    if (m.winner !== null) value = m.winner === me ? 10 * WIN : -10 * WIN;
    else if (out.ruling.rackOver) value = out.ruling.winner === me ? WIN : -WIN;
    else {
      const cur = m.current;
      if (cur.pending) value = cur.pending.player === me ? KEEP : -60;
      else if (cur.turn === me) value = KEEP + POSITION * tableQuality(out.snapshot, me);
      else if (out.ruling.foul) value = FOUL - (gameDef(cur.game).threeFoulRule ? 150 * cur.fouls[me] : 0);
      else {
        const q = tableQuality(out.snapshot, other(me));
        value = LEAVE * q;
        // 6.14: an opponent on two fouls loses the rack on a third, so hard leaves gain more.
        if (gameDef(cur.game).threeFoulRule && cur.fouls[other(me)] === 2) value += 150 * (1 - q);
      }
      if (out.ruling.pushOut) {
        // A push out hands the opponent the choice to shoot or pass back: a middling leave is best.
        const q = tableQuality({ ...out.snapshot, match: { ...m, current: { ...cur, ballInHand: null } } }, other(me));
        value = out.ruling.foul ? FOUL : -120 * Math.abs(q - 0.35) - 30;
      }
    }
    // The object ball's direction right after the cue ball first touches it: for the throw correction.
    let firstContactDir: number | undefined;
    if (target !== undefined) for (const e of out.result.events) {
      if (e.type !== 'ball') continue;
      if ((e.a === 0 && e.b === target) || (e.b === 0 && e.a === target)) {
        const after = out.result.at(e.t + 1e-4).find((b) => b.id === target);
        if (after && after.vx !== undefined && Math.hypot(after.vx, after.vy ?? 0) > 1e-3) firstContactDir = Math.atan2(after.vy ?? 0, after.vx);
      }
      break;
    }
    return { value, firstContactDir };
  }

  /** The level's budget is used up: generate no more candidates (the best ones came first). */
  get spent(): boolean {
    return this.events >= this.spec.eventBudget;
  }

  /** Adds the level's stroke error (a person misses the line and the pace by a little). */
  noisy(intent: ShotIntent, rand: () => number): ShotIntent {
    const angle = normaliseAngle(intent.angle + gaussian(rand) * this.spec.aimSigmaDeg * DEG);
    const speed = clampSpeed(intent.speed * (1 + gaussian(rand) * this.spec.speedSigma));
    return { ...intent, angle, speed };
  }
}

function clampSpeed(v: number): number {
  return Math.min(Math.max(v, 0.3), MAX_SHOT_SPEED);
}

const SPINS: { side: number; vertical: number }[] = [
  { side: 0, vertical: -0.2 }, // about stun at the object ball over a typical distance
  { side: 0, vertical: 0.35 },
  { side: 0, vertical: -0.45 },
  { side: 0.25, vertical: 0.1 },
];

/** Pot candidates from the cue ball's position in `snap`. */
function potCandidates(s: Search, snap: TableSnapshot): Candidate[] {
  const state = snap.match.current;
  const table = tableOf(snap.tableSize);
  const R = table.ballRadius;
  const cue = snap.balls.find((b) => b.id === 0)!;
  const pairs: PairAim[] = [];
  for (const t of legalTargets(state, s.seat)) pairs.push(...pairAims(table, snap.balls, cue.x, cue.y, t));
  pairs.sort((a, b) => b.quality - a.quality);
  const out: Candidate[] = [];
  for (const p of pairs.slice(0, s.spec.pairs)) {
    if (s.spent) break;
    const t = snap.balls.find((b) => b.id === p.target)!;
    const d1 = Math.hypot(t.x - cue.x, t.y - cue.y);
    const d2 = Math.hypot(p.px - t.x, p.py - t.y);
    const dist = d1 + d2;
    const speeds = [1.0 + 0.9 * dist, 0.6 + 0.45 * dist, 2.2 + 1.6 * dist].slice(0, s.spec.speeds).map(clampSpeed);
    const call = callFor(state, p.target, p.pocket);
    for (const speed of speeds) {
      for (const spin of SPINS.slice(0, s.spec.spins)) {
        if (s.spent && out.length > 0) break;
        // Ghost-ball aim along the line to the pocket, rotated by `skew` (the throw correction).
        const aimAt = (skew: number) => {
          const base = Math.atan2(p.py - t.y, p.px - t.x) + skew;
          const gx = t.x - 2 * R * Math.cos(base);
          const gy = t.y - 2 * R * Math.sin(base);
          return Math.atan2(gy - cue.y, gx - cue.x);
        };
        const intent: ShotIntent = { angle: aimAt(0), speed, side: spin.side, vertical: spin.vertical, ...call };
        const first = s.score(snap, intent, p.target);
        out.push({ intent, score: first.value * (first.value > 0 ? p.quality ** 0.3 : 1), nominal: first.value });
        if (s.spec.throwCorrection && first.value < KEEP && first.firstContactDir !== undefined) {
          const want = Math.atan2(p.py - t.y, p.px - t.x);
          const err = normaliseAngle(first.firstContactDir - want);
          if (Math.abs(err) < 0.15) {
            const fixed: ShotIntent = { ...intent, angle: aimAt(-err) };
            const second = s.score(snap, fixed);
            out.push({ intent: fixed, score: second.value * (second.value > 0 ? p.quality ** 0.3 : 1), nominal: second.value });
          }
        }
      }
    }
  }
  return out;
}

/** Safeties: a range of hit fractions on each legal target at soft paces, scored by what they leave. */
function safetyCandidates(s: Search, snap: TableSnapshot): Candidate[] {
  const state = snap.match.current;
  const table = tableOf(snap.tableSize);
  const R = table.ballRadius;
  const def = gameDef(state.game);
  const cue = snap.balls.find((b) => b.id === 0)!;
  const targets = legalTargets(state, s.seat)
    .map((id) => snap.balls.find((b) => b.id === id)!)
    .sort((a, b) => Math.hypot(a.x - cue.x, a.y - cue.y) - Math.hypot(b.x - cue.x, b.y - cue.y))
    .slice(0, 3);
  const out: Candidate[] = [];
  for (const t of targets) {
    const d = Math.hypot(t.x - cue.x, t.y - cue.y);
    if (d < 2 * R) continue;
    const base = Math.atan2(t.y - cue.y, t.x - cue.x);
    const call: Partial<ShotIntent> = def.callRule === 'every-shot' ? { safety: true } : t.id === def.moneyBall || state.options.callAllShots ? { called: { ball: t.id, pocket: nearestPocket(table, t) } } : {};
    for (const frac of [-0.8, -0.4, 0, 0.4, 0.8]) {
      if (s.spent) break;
      const angle = normaliseAngle(base + Math.asin(Math.min(0.95, (frac * 2 * R) / d)));
      for (const speed of [0.7 + 0.3 * d, 1.4 + 0.6 * d, 2.5 + 0.8 * d]) {
        const intent: ShotIntent = { angle, speed: clampSpeed(speed), side: 0, vertical: 0, ...call };
        const v = s.score(snap, intent).value;
        out.push({ intent, score: v, nominal: v });
      }
    }
  }
  return out;
}

/** Push outs (9-ball 2.4, 10-ball 9.4): soft rolls in eight directions. */
function pushOutCandidates(s: Search, snap: TableSnapshot): Candidate[] {
  const out: Candidate[] = [];
  for (let k = 0; k < 8; k++) {
    if (s.spent) break;
    for (const speed of [0.8, 1.6]) {
      const intent: ShotIntent = { angle: normaliseAngle((k * Math.PI) / 4 + 0.2), speed, side: 0, vertical: 0, pushOut: true };
      const v = s.score(snap, intent).value;
      out.push({ intent, score: v, nominal: v });
    }
  }
  return out;
}

/** The best stroke from the table as it is (the cue ball already placed). */
function bestStroke(s: Search, snap: TableSnapshot): Candidate | null {
  const state = snap.match.current;
  let cands = potCandidates(s, snap);
  const bestPot = cands.reduce((m, c) => Math.max(m, c.score), -Infinity);
  if (s.spec.safeties && bestPot < KEEP + 40) cands = cands.concat(safetyCandidates(s, snap));
  if (s.spec.safeties && state.pushOutAvailable && bestPot < KEEP) cands = cands.concat(pushOutCandidates(s, snap));
  cands = cands.filter((c) => Number.isFinite(c.score));
  if (cands.length === 0) return null;
  cands.sort((a, b) => b.score - a.score);
  // The best few again with the level's own stroke error: a pot that only drops when struck perfectly
  // loses to a safer one.
  if (s.spec.robustTop > 0 && s.spec.robustSamples > 0) {
    for (const c of cands.slice(0, s.spec.robustTop)) {
      if (s.spent) break;
      let sum = c.nominal;
      for (let i = 0; i < s.spec.robustSamples; i++) sum += s.score(snap, s.noisy(c.intent, s.rand)).value;
      c.score = sum / (s.spec.robustSamples + 1);
    }
    cands.sort((a, b) => b.score - a.score);
  }
  return cands[0]!;
}

/** Where to put the cue ball with ball in hand: behind the ghost ball of the easiest pots. */
function placements(table: Table, snap: TableSnapshot, seat: Seat, area: 'table' | 'kitchen', count: number): { x: number; y: number }[] {
  const R = table.ballRadius;
  const state = snap.match.current;
  const others = snap.balls.filter((b) => b.id !== 0);
  const scored: { x: number; y: number; q: number }[] = [];
  const consider = (x: number, y: number) => {
    if (!canPlaceBall(table, snap.balls, x, y, area).ok) return;
    let q = 0;
    for (const t of legalTargets(state, seat)) for (const a of pairAims(table, others, x, y, t)) q = Math.max(q, a.quality);
    scored.push({ x, y, q });
  };
  for (const id of legalTargets(state, seat)) {
    const t = snap.balls.find((b) => b.id === id);
    if (!t || t.pocketed) continue;
    for (const p of aimsOf(table)) {
      const base = Math.atan2(p.y - t.y, p.x - t.x);
      const gx = t.x - 2 * R * Math.cos(base);
      const gy = t.y - 2 * R * Math.sin(base);
      for (const d of [0.2, 0.35, 0.55]) for (const phi of [0, 12, -12, 25, -25]) consider(gx - d * Math.cos(base + phi * DEG), gy - d * Math.sin(base + phi * DEG));
    }
  }
  if (area === 'kitchen' || scored.length === 0) {
    const xMax = area === 'kitchen' ? table.headStringX - 0.01 : table.length / 2 - 2 * R;
    for (let i = 0; i <= 4; i++) for (let j = 0; j <= 4; j++) consider(-table.length / 2 + 2 * R + ((xMax + table.length / 2 - 2 * R) * i) / 4, -table.width / 2 + 2 * R + ((table.width - 4 * R) * j) / 4);
  }
  scored.sort((a, b) => b.q - a.q);
  return scored.slice(0, count).map(({ x, y }) => ({ x, y }));
}

/** The break: from behind the head string, full on the apex ball at the level's break speed. */
function breakShot(snap: TableSnapshot, spec: LevelSpec, rand: () => number): BotDecision {
  const table = tableOf(snap.tableSize);
  const balls = snap.balls;
  const apex = balls.filter((b) => b.id !== 0 && !b.pocketed).reduce((m, b) => (b.x < m.x ? b : m));
  const state = snap.match.current;
  let place: { x: number; y: number } | undefined;
  let cx = balls.find((b) => b.id === 0)!.x;
  let cy = balls.find((b) => b.id === 0)!.y;
  if (state.ballInHand) {
    const y = (rand() - 0.5) * 0.3 * table.width;
    for (const py of [y, 0, 0.2, -0.2]) {
      const px = table.headStringX - 0.02;
      if (canPlaceBall(table, balls, px, py, state.ballInHand).ok) {
        place = { x: px, y: py };
        cx = px;
        cy = py;
        break;
      }
    }
  }
  const angle = Math.atan2(apex.y - cy, apex.x - cx) + gaussian(rand) * spec.aimSigmaDeg * 0.5 * DEG;
  const speed = clampSpeed(spec.breakSpeed * (1 + gaussian(rand) * spec.speedSigma * 0.5));
  return { ...(place ? { place } : {}), shot: { angle: normaliseAngle(angle), speed, side: 0, vertical: -0.1 } };
}

/** Takes or declines what the rules offer (3.3(d)–(f), 2.4 / 9.4, 9.7). */
function chooseOption(snap: TableSnapshot, seat: Seat): string {
  const p = snap.match.current.pending!;
  const has = (o: OptionId) => p.options.includes(o);
  switch (p.kind) {
    case 'illegal-break':
      return p.ballInHand && has('accept-table') ? 'accept-table' : has('rerack') ? 'rerack' : p.options[0]!;
    case 'eight-on-break':
    case 'eight-on-break-foul':
      return has('spot-eight') ? 'spot-eight' : p.options[0]!;
    case 'push-out':
    case 'uncalled-pocket': {
      // Shoot when the table as it lies offers a good pot, else make the other player shoot it.
      const asShooter: TableSnapshot = { ...snap, match: { ...snap.match, current: { ...snap.match.current, pending: null, turn: seat } } };
      return tableQuality(asShooter, seat) >= 0.35 ? 'shoot' : 'pass-back';
    }
  }
  return p.options[0]!;
}

/** A stroke that is always accepted: straight at a legal target, with the call the game needs. */
function fallbackShot(snap: TableSnapshot, seat: Seat): ShotIntent {
  const state = snap.match.current;
  const table = tableOf(snap.tableSize);
  const cue = snap.balls.find((b) => b.id === 0)!;
  const id = legalTargets(state, seat)[0];
  const t = snap.balls.find((b) => b.id === id && !b.pocketed);
  const angle = t ? Math.atan2(t.y - cue.y, t.x - cue.x) : 0;
  const def = gameDef(state.game);
  const intent: ShotIntent = { angle: normaliseAngle(angle), speed: 2, side: 0, vertical: 0 };
  if (!state.isBreak && t) {
    if (def.callRule === 'every-shot') intent.safety = true;
    else if (t.id === def.moneyBall || state.options.callAllShots) intent.called = { ball: t.id, pocket: nearestPocket(table, t) };
  }
  return intent;
}

/** A stroke exactly as the room's parser and rules accept it, or null. */
function accepted(state: GameState, intent: ShotIntent): ShotIntent | null {
  try {
    const parsed = parseShot(intent);
    if (shotProblem(state, parsed)) return null;
    if (parsed.called && !state.onTable.includes(parsed.called.ball)) return null;
    return parsed;
  } catch {
    return null;
  }
}

/**
 * What `seat` does next at this table: `choose` when the rules wait for its choice, otherwise a
 * `shot` (preceded by `place` with ball in hand). `{}` when it is not this seat's turn or the match
 * is over.
 */
export function chooseShot(snap: TableSnapshot, seat: Seat, opts: BotOptions): BotDecision {
  if (!isBotLevel(opts.level)) throw new Error(`unknown bot level ${JSON.stringify(opts.level)}`);
  const spec = LEVEL_SPECS[opts.level];
  const rand = seededRandom((opts.seed >>> 0) ^ 0x9e3779b9);
  const m = snap.match;
  if (m.winner !== null) return {};
  const state = m.current;
  if (state.pending) return state.pending.player === seat ? { choose: chooseOption(snap, seat) } : {};
  if (state.turn !== seat) return {};
  if (state.isBreak) {
    const d = breakShot(snap, spec, rand);
    const okShot = d.shot && accepted(state, d.shot);
    return okShot ? { ...d, shot: okShot } : { ...(d.place ? { place: d.place } : {}), shot: fallbackShot(snap, seat) };
  }
  const table = tableOf(snap.tableSize);
  const s = new Search(spec, seat, rand);
  let place: { x: number; y: number } | undefined;
  let best: Candidate | null = null;
  if (state.ballInHand) {
    for (const p of placements(table, snap, seat, state.ballInHand, spec.placements)) {
      if (place && s.spent) break;
      const c = bestStroke(s, applyPlace(snap, seat, p.x, p.y));
      if (c && (!best || c.score > best.score)) (best = c), (place = p);
    }
    if (!place) {
      const cue = snap.balls.find((b) => b.id === 0)!;
      if (!canPlaceBall(table, snap.balls, cue.x, cue.y, state.ballInHand).ok) place = placements(table, snap, seat, state.ballInHand, 1)[0];
    }
  } else best = bestStroke(s, snap);
  const after = place ? applyPlace(snap, seat, place.x, place.y) : snap;
  const shot = (best && accepted(state, s.noisy(best.intent, rand))) ?? fallbackShot(after, seat);
  return place ? { place, shot } : { shot };
}
