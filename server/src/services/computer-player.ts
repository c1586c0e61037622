// The computer player for match rooms: decisions come from the shared chooser (shared/src/bot) run in
// one worker thread per process, so a room never blocks the event loop while the computer thinks
// (the strongest level takes up to ~50 ms a decision; other rooms' shots, aims and patches keep
// flowing meanwhile). The worker is started with the match services and warms up (a fresh thread's
// first decisions run cold code); it says when it is ready. Each request has a deadline (longer while
// the worker is still starting); a request that misses it, or a worker that fails, is decided in the
// calling thread instead (bounded by the chooser's own work budget). A worker that errors or exits is
// replaced on the next request; a slow one is kept (its late answer is ignored).
import { Worker } from 'node:worker_threads';
import { chooseShot, type BotDecision, type BotLevel, type Seat, type TableSnapshot } from '@dojopool/shared';
import type { Logger } from '../log.ts';

type Waiting = { resolve: (v: { decision: BotDecision; ms: number; inline: boolean }) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

export class ComputerPlayer {
  private worker: Worker | null = null;
  private waiting = new Map<number, Waiting>();
  private nextId = 1;
  private closed = false;
  private ready = false;

  constructor(
    private readonly log: Logger,
    private readonly deadlineMs = 2000,
    private readonly startDeadlineMs = 30_000,
  ) {}

  /** Starts the worker now, so it has booted and warmed up before the first match needs it. */
  warm(): void {
    if (!this.closed) this.start();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // The boot file registers the TypeScript loader in the worker thread, then loads computer-worker.ts.
    const w = new Worker(new URL('./computer-worker-boot.mjs', import.meta.url));
    w.unref();
    w.on('message', (m: { id: number; ready?: boolean; decision?: BotDecision; error?: string; ms: number }) => {
      if (m.ready) {
        this.ready = true;
        this.log.info({ warmUpMs: Math.round(m.ms) }, 'computer player worker ready');
        return;
      }
      const p = this.waiting.get(m.id);
      if (!p) return;
      this.waiting.delete(m.id);
      clearTimeout(p.timer);
      if (m.error || !m.decision) p.reject(new Error(m.error ?? 'no decision'));
      else p.resolve({ decision: m.decision, ms: m.ms, inline: false });
    });
    const fail = (err: Error) => {
      if (this.worker !== w) return;
      this.worker = null;
      this.ready = false;
      for (const [, p] of this.waiting) {
        clearTimeout(p.timer);
        p.reject(err);
      }
      this.waiting.clear();
    };
    w.on('error', (err) => {
      this.log.error({ err }, 'computer player worker failed');
      fail(err);
    });
    w.on('exit', (code) => fail(new Error(`computer player worker exited with ${code}`)));
    this.worker = w;
    return w;
  }

  /** The decision for `seat` at this table; never rejects (falls back to deciding in this thread). */
  async decide(snapshot: TableSnapshot, seat: Seat, level: BotLevel, seed: number): Promise<{ decision: BotDecision; ms: number; inline: boolean }> {
    if (!this.closed) {
      try {
        return await new Promise((resolve, reject) => {
          const id = this.nextId++;
          const ms = this.ready ? this.deadlineMs : this.startDeadlineMs;
          const timer = setTimeout(() => {
            this.waiting.delete(id);
            reject(new Error(`no decision within ${ms} ms`));
          }, ms);
          this.waiting.set(id, { resolve, reject, timer });
          this.start().postMessage({ id, snapshot, seat, level, seed });
        });
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'computer player worker unavailable: deciding in the room thread');
      }
    }
    const t0 = performance.now();
    const decision = chooseShot(snapshot, seat, { level, seed });
    return { decision, ms: performance.now() - t0, inline: true };
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate().catch(() => {});
  }
}
