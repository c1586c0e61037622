// One timer for every bot of a generator process. Thousands of bots with a Node timer each (an aim
// batch every 300 ms, a watchdog per stroke) make Node's timer phase the generator's busiest code, and
// once it falls behind it starves the sockets: processTimers keeps running timers that fell due while
// it ran, so a broadcast waits in the socket for hundreds of milliseconds and the generator, not the
// server, is what the latency figures measure. The wheel keeps callbacks in slots of `slotMs`; one
// interval runs the slots that are due when it fires and then returns to the event loop, so a late
// turn costs one bounded batch and the sockets are read between batches. A callback never runs before
// its time and at most one slot (plus the loop's own delay) after it.
export type WheelEntry = { cancelled: boolean; readonly f: () => void };

export class Wheel {
  private slots = new Map<number, WheelEntry[]>();
  /** The last slot run; entries for it or earlier go to the next slot. */
  private done: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private count = 0;

  constructor(
    readonly slotMs = 10,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.done = Math.floor(this.now() / slotMs);
  }

  /** Runs `f` in `ms` milliseconds (never earlier); cancel with `cancel`. */
  after(ms: number, f: () => void): WheelEntry {
    const now = this.now();
    // Idle until now (no timer): nothing waits in the slots gone by, so start from the present one.
    if (!this.timer) this.done = Math.max(this.done, Math.floor(now / this.slotMs));
    const at = now + Math.max(0, ms);
    const e: WheelEntry = { cancelled: false, f };
    const slot = Math.max(Math.ceil(at / this.slotMs), this.done + 1);
    let list = this.slots.get(slot);
    if (!list) this.slots.set(slot, (list = []));
    list.push(e);
    this.count++;
    if (!this.timer) {
      this.timer = setInterval(() => this.run(), this.slotMs);
      this.timer.unref?.();
    }
    return e;
  }

  cancel(e: WheelEntry | null | undefined): void {
    if (e && !e.cancelled) (e.cancelled = true), this.count--;
  }

  /** Entries waiting (not cancelled). */
  get size(): number {
    return this.count;
  }

  /** Runs every slot due now, once; what they schedule (even for now) goes to later slots. */
  run(): void {
    const upTo = Math.floor(this.now() / this.slotMs);
    const due: WheelEntry[][] = [];
    for (let s = this.done + 1; s <= upTo; s++) {
      const list = this.slots.get(s);
      if (list) (due.push(list), this.slots.delete(s));
    }
    this.done = Math.max(this.done, upTo);
    for (const list of due)
      for (const e of list) {
        if (e.cancelled) continue;
        e.cancelled = true;
        this.count--;
        try {
          e.f();
        } catch (err) {
          console.error('loadtest: a scheduled callback threw', err);
        }
      }
    if (this.count === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
      this.slots.clear();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.slots.clear();
    this.count = 0;
  }
}
