// Boots the computer player's worker thread: the TypeScript loader (tsx) is registered in this thread
// too, then the worker module runs. Plain JavaScript so the worker starts without a loader.
import { register } from 'tsx/esm/api';

register();
await import('./computer-worker.ts');
