// The computer player's thinking, off the event loop: a worker thread that runs the shared chooser
// (shared/src/bot) for any room of this process and answers with the decision and how long it took.
import { parentPort } from 'node:worker_threads';
import { applyPlace, applyShot, chooseShot, GAME_KINDS, newTable, type BotLevel, type Seat, type TableSnapshot } from '@dojopool/shared';

export type ComputerRequest = { id: number; snapshot: TableSnapshot; seat: Seat; level: BotLevel; seed: number };

const warmStart = performance.now();
// Warm-up: the first decisions in a fresh thread run cold code (several times slower); a few racks'
// opening shots at start make the first real decision as quick as the rest.
for (const game of GAME_KINDS) {
  let s = newTable({ matchId: `warm-up-${game}`, game, players: ['a', 'b'], raceTo: 1 });
  for (let i = 0; i < 4 && s.match.winner === null && !s.match.current.pending; i++) {
    const seat = s.match.current.turn;
    const d = chooseShot(s, seat, { level: 'strong', seed: i });
    if (d.place) s = applyPlace(s, seat, d.place.x, d.place.y);
    if (d.shot) s = applyShot(s, seat, d.shot).snapshot;
  }
}

parentPort!.postMessage({ ready: true, ms: performance.now() - warmStart });

parentPort!.on('message', (req: ComputerRequest) => {
  const t0 = performance.now();
  try {
    const decision = chooseShot(req.snapshot, req.seat, { level: req.level, seed: req.seed });
    parentPort!.postMessage({ id: req.id, decision, ms: performance.now() - t0 });
  } catch (e) {
    parentPort!.postMessage({ id: req.id, error: String((e as Error)?.message ?? e), ms: performance.now() - t0 });
  }
});
