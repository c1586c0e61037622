// Ordered, retried writes for one match. Rooms push each write (match created, action appended,
// match finished) and go on; the queue runs them one after another, retrying with capped exponential
// back-off while the database is briefly away, so nothing is lost while the process lives. Errors that
// retrying cannot fix (a constraint or data error) are logged and dropped so they cannot block the rest.
import type { Logger } from '../log.ts';
import { metrics } from '../metrics.ts';

const PERMANENT_SQLSTATE = /^(22|23|42)/; // data exception, integrity violation, syntax/undefined object

/** An error that retrying cannot fix (e.g. finishing a match whose row was never written). */
export class PermanentWriteError extends Error {
  readonly permanent = true;
}

export function isPermanent(err: unknown): boolean {
  if (err instanceof PermanentWriteError) return true;
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && PERMANENT_SQLSTATE.test(code);
}

export class PersistQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private size = 0;
  private closed = false;

  constructor(
    private readonly log: Logger,
    private readonly backoff = { baseMs: 100, maxMs: 5000 },
  ) {}

  get pending(): number {
    return this.size;
  }

  /** Queues `op`; resolves with its result once it has succeeded (or rejects if it failed permanently). */
  push<T>(what: string, op: () => Promise<T>): Promise<T> {
    this.size++;
    const run = async (): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await op();
        } catch (err) {
          if (isPermanent(err)) {
            metrics.writesFailed.inc();
            this.log.error({ err, what, attempt }, 'write failed permanently');
            throw err;
          }
          if (this.closed) {
            // The owner gave up waiting (the process is stopping) and keeps the write elsewhere (the spool).
            this.log.warn({ what, attempt, err: (err as Error).message }, 'write not done before close');
            throw err;
          }
          metrics.writeRetries.inc();
          const delay = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** Math.min(attempt - 1, 10));
          this.log.warn({ what, attempt, retryInMs: delay, err: (err as Error).message }, 'write failed; retrying');
          await new Promise((r) => setTimeout(r, delay));
        }
      }
    };
    const p = this.tail.then(run, run);
    this.tail = p.then(
      () => this.size--,
      () => this.size--,
    );
    return p;
  }

  /** Waits until every queued write has been done, or `timeoutMs` has passed. True when drained. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs)));
    const done = (async () => {
      while (this.size > 0) await this.tail;
      return true;
    })();
    const ok = await Promise.race([done, timeout]);
    clearTimeout(timer);
    return ok;
  }

  /** Stops retrying (used when the process is going away and the caller has waited long enough). */
  close() {
    this.closed = true;
  }
}
