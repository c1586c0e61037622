// Computer player benchmark: time per decision by level (median, p99) and level-vs-level win rates
// over seeded racks played through the table engine, plus the strongest level's break-and-run rate.
//   cd shared && nice -n 10 node --import tsx bench/bot.bench.ts [--racks 200] [--games 8ball,9ball,10ball]
// Each rack is one race-to-1 match; the breaker alternates by rack number. Deterministic for a seed.
import { applyChoose, applyPlace, applyShot, newTable, rackSeed, type TableSnapshot } from '../src/match/engine.ts';
import { BOT_LEVELS, chooseShot, type BotLevel } from '../src/bot/index.ts';
import type { GameKind, Seat } from '../src/rules/types.ts';

const arg = (name: string, d: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : d;
};
const RACKS = Number(arg('racks', '200'));
const GAMES = arg('games', '8ball,9ball,10ball').split(',') as GameKind[];
const ONLY = arg('only', '');

const times = new Map<BotLevel, number[]>();
const cpuTimes = new Map<BotLevel, number[]>();
let measuring = false;

type RackResult = { winner: Seat; breakAndRun: boolean; actions: number };

/** Plays one race-to-1 match between `levels[0]` (seat 0) and `levels[1]` (seat 1). */
export function playRack(game: GameKind, levels: [BotLevel, BotLevel], seed: number, breaker: Seat): RackResult {
  let s: TableSnapshot = newTable({ matchId: `bench-${game}-${seed}`, game, players: ['A', 'B'], raceTo: 1, breaker });
  let actions = 0;
  let otherActed = false;
  let brokeWithBallDown = false;
  while (s.match.winner === null && actions < 400) {
    const cur = s.match.current;
    const seat = (cur.pending?.player ?? cur.turn) as Seat;
    if (seat !== breaker) otherActed = true;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const d = chooseShot(s, seat, { level: levels[seat], seed: rackSeed(s.matchId, s.seq) });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    if (measuring) {
      let arr = times.get(levels[seat]);
      if (!arr) times.set(levels[seat], (arr = []));
      arr.push(ms);
      let carr = cpuTimes.get(levels[seat]);
      if (!carr) cpuTimes.set(levels[seat], (carr = []));
      carr.push((cpu.user + cpu.system) / 1000);
    }
    actions++;
    if (d.choose) s = applyChoose(s, seat, d.choose).snapshot;
    else {
      if (d.place) s = applyPlace(s, seat, d.place.x, d.place.y);
      if (!d.shot) throw new Error('no decision');
      const wasBreak = cur.isBreak;
      const out = applyShot(s, seat, d.shot);
      if (wasBreak && seat === breaker) brokeWithBallDown = out.summary.pocketed.some((p) => p.ball !== 0) && !out.ruling.foul;
      s = out.snapshot;
    }
  }
  if (s.match.winner === null) throw new Error(`rack ${seed} did not finish in 400 actions`);
  return { winner: s.match.winner, breakAndRun: s.match.winner === breaker && brokeWithBallDown && !otherActed, actions };
}

function pct(xs: number[], p: number) {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.floor((p / 100) * a.length))]!;
}

// Warm-up (the server's worker does the same at start): the first decisions of a process run cold code.
for (const game of GAMES) for (let r = 0; r < 3; r++) playRack(game, ['strong', 'club'], 90 + r, 0);
measuring = true;

const rows: string[] = [];
const pairs: [BotLevel, BotLevel][] = [];
for (let i = 0; i + 1 < BOT_LEVELS.length; i++) pairs.push([BOT_LEVELS[i + 1]!, BOT_LEVELS[i]!]);
for (const [hi, lo] of pairs) {
  if (ONLY && !ONLY.split(',').includes(hi)) continue;
  for (const game of GAMES) {
    let wins = 0;
    for (let r = 0; r < RACKS; r++) {
      // The stronger level sits in seat 0 on even racks and seat 1 on odd ones; seat 0 breaks.
      const swap = r % 2 === 1;
      const res = playRack(game, swap ? [lo, hi] : [hi, lo], 1000 + r, 0);
      if (res.winner === (swap ? 1 : 0)) wins++;
    }
    rows.push(`${hi} vs ${lo}, ${game}: ${wins}/${RACKS} = ${((100 * wins) / RACKS).toFixed(1)} %`);
    console.log(rows[rows.length - 1]);
  }
}
const strong = BOT_LEVELS[BOT_LEVELS.length - 1]!;
if (!ONLY || ONLY.split(',').includes(strong)) {
  for (const game of GAMES) {
    let bnr = 0;
    for (let r = 0; r < RACKS; r++) if (playRack(game, [strong, strong], 5000 + r, 0).breakAndRun) bnr++;
    console.log(`${strong} break and run, ${game}: ${bnr}/${RACKS} = ${((100 * bnr) / RACKS).toFixed(1)} %`);
  }
}
console.log('\ntime per decision, ms (wall; and this process\'s CPU time, which other work on the machine does not inflate):');
for (const level of BOT_LEVELS) {
  const xs = times.get(level);
  const cs = cpuTimes.get(level);
  if (!xs || !cs) continue;
  console.log(`  ${level.padEnd(9)} n=${xs.length}  wall median ${pct(xs, 50).toFixed(2)} p99 ${pct(xs, 99).toFixed(2)} max ${Math.max(...xs).toFixed(2)}  |  cpu median ${pct(cs, 50).toFixed(2)} p99 ${pct(cs, 99).toFixed(2)} max ${Math.max(...cs).toFixed(2)}`);
}
