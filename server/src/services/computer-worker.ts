// The computer player's thinking, off the event loop: a worker thread that runs the shared chooser
// (shared/src/bot) for any room of this process and answers with the decision and how long it took.
import { parentPort } from 'node:worker_threads';
import { chooseShot, type BotLevel, type Seat, type TableSnapshot } from '@dojopool/shared';

export type ComputerRequest = { id: number; snapshot: TableSnapshot; seat: Seat; level: BotLevel; seed: number };

parentPort!.on('message', (req: ComputerRequest) => {
  const t0 = performance.now();
  try {
    const decision = chooseShot(req.snapshot, req.seat, { level: req.level, seed: req.seed });
    parentPort!.postMessage({ id: req.id, decision, ms: performance.now() - t0 });
  } catch (e) {
    parentPort!.postMessage({ id: req.id, error: String((e as Error)?.message ?? e), ms: performance.now() - t0 });
  }
});
