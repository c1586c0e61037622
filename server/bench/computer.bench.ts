// What the computer player costs a room's process: for a few hundred positions from real racks, the
// event loop's delay while the computer decides — in the worker thread (what the room does) and, for
// comparison, in the room's own thread (what the worker avoids) — and the decision time itself.
//   cd server && nice -n 10 node --import tsx bench/computer.bench.ts   (also: npm run bench -w @dojopool/server -- computer)
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { applyChoose, applyPlace, applyShot, chooseShot, GAME_KINDS, newTable, rackSeed, type Seat, type TableSnapshot } from '@dojopool/shared';
import { createLogger } from '../src/log.ts';
import { ComputerPlayer } from '../src/services/computer-player.ts';

function positions(perGame: number): TableSnapshot[] {
  const out: TableSnapshot[] = [];
  for (const game of GAME_KINDS) {
    for (let r = 0; out.length < perGame * (GAME_KINDS.indexOf(game) + 1); r++) {
      let s = newTable({ matchId: `cb-${game}-${r}`, game, players: ['A', 'B'], raceTo: 1 });
      while (s.match.winner === null && out.length < perGame * (GAME_KINDS.indexOf(game) + 1)) {
        const cur = s.match.current;
        const seat = (cur.pending?.player ?? cur.turn) as Seat;
        out.push(s);
        const d = chooseShot(s, seat, { level: 'club', seed: s.seq });
        if (d.choose) s = applyChoose(s, seat, d.choose).snapshot;
        else {
          if (d.place) s = applyPlace(s, seat, d.place.x, d.place.y);
          s = applyShot(s, seat, d.shot!).snapshot;
        }
      }
    }
  }
  return out;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

export async function runComputerBench(): Promise<void> {
  const snaps = positions(100);
  const seatOf = (s: TableSnapshot) => (s.match.current.pending?.player ?? s.match.current.turn) as Seat;
  const player = new ComputerPlayer(createLogger({ level: 'silent' }));
  await player.decide(snaps[0]!, seatOf(snaps[0]!), 'strong', 1); // start the worker
  for (const mode of ['worker', 'inline'] as const) {
    const h = monitorEventLoopDelay({ resolution: 1 });
    // A 1 ms timer stands in for the room's other work (other tables' shots, aims, patches).
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    h.enable();
    const think: number[] = [];
    const t0 = performance.now();
    for (const [i, s] of snaps.entries()) {
      if (mode === 'worker') think.push((await player.decide(s, seatOf(s), 'strong', rackSeed(s.matchId, i))).ms);
      else {
        const a = performance.now();
        chooseShot(s, seatOf(s), { level: 'strong', seed: rackSeed(s.matchId, i) });
        think.push(performance.now() - a);
        await new Promise((r) => setImmediate(r));
      }
    }
    const wall = performance.now() - t0;
    h.disable();
    clearInterval(timer);
    console.log(
      `computer (strong) ${mode.padEnd(6)}: ${snaps.length} decisions, think median ${pct(think, 50).toFixed(1)} ms p99 ${pct(think, 99).toFixed(1)} ms; ` +
        `event-loop delay p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, max ${(h.max / 1e6).toFixed(1)} ms; 1 ms timer ran ${ticks} times in ${wall.toFixed(0)} ms`,
    );
  }
  await player.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await runComputerBench();
