// The shot clock is synced as a deadline in the server's epoch milliseconds. Browsers' clocks can be
// off by seconds or minutes, so the client estimates the offset (server − client) from the deadlines
// it sees: the server arms the clock at `now + (shotClockS + extraS)·1000`, extraS being the duration
// of the shot that just ended (0 otherwise); the welcome message also carries the server's clock
// (`serverNow`) when the client joins, so the countdown is right before the first deadline is armed.
// Every bias (network latency, a patch arriving late) makes an observation too small, so the estimate
// is the largest of the recent observations.
const WINDOW = 6;

export class ClockSkew {
  private obs: number[] = [];

  /** Records a freshly armed deadline seen at client time `nowMs`. */
  observe(deadlineMs: number, shotClockS: number, extraS: number, nowMs: number): void {
    if (!(deadlineMs > 0) || !(shotClockS > 0)) return;
    this.obs.push(deadlineMs - (shotClockS + Math.max(0, extraS)) * 1000 - nowMs);
    if (this.obs.length > WINDOW) this.obs.shift();
  }

  /** Records the server's clock `serverNowMs` as read at client time `nowMs` (the welcome's serverNow). */
  observeServerTime(serverNowMs: number, nowMs: number): void {
    if (!(serverNowMs > 0)) return;
    this.obs.push(serverNowMs - nowMs);
    if (this.obs.length > WINDOW) this.obs.shift();
  }

  /** Estimated server − client clock offset, ms (0 before any observation). */
  get offsetMs(): number {
    return this.obs.length ? Math.max(...this.obs) : 0;
  }

  /** Whole seconds left on a deadline at client time `nowMs`; −1 when no clock runs. */
  secondsLeft(deadlineMs: number, nowMs: number): number {
    if (!(deadlineMs > 0)) return -1;
    return Math.max(0, Math.ceil((deadlineMs - (nowMs + this.offsetMs)) / 1000));
  }
}
