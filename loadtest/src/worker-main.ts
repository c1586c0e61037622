// Entry of a forked generator process: waits for its configuration, runs its bots (worker.ts), and
// exits once it has sent its result.
import { runWorker, type ToCoordinator, type ToWorker } from './worker.ts';

const send = (m: ToCoordinator) => process.send!(m, () => m.type === 'result' && setTimeout(() => process.exit(0), 200));
// The coordinator going away (Ctrl-C, a crash) must not leave bots running.
process.on('disconnect', () => process.exit(0));
process.once('message', (first: ToWorker) => {
  if (first.type !== 'config') return;
  void runWorker(first.config, send, (h) => process.on('message', (m: ToWorker) => h(m)));
});
