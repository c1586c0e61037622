// Shared by the social suites: a signed-in user's `me` room that records every live message, and
// small REST shortcuts for befriending.
import { Client, type Room } from '@colyseus/sdk';
import { bearer } from './accounts-helpers.ts';
import { http } from './helpers/server.ts';

export type LiveMsg = { type: string; body: any; at: number };

export class Live {
  messages: LiveMsg[] = [];
  constructor(readonly room: Room<any>) {
    for (const type of ['welcome', 'presence', 'notification', 'message', 'error']) room.onMessage(type, (body: any) => this.messages.push({ type, body, at: Date.now() }));
  }
  /** Waits for a message of `type` matching `pred`, received after index `from`. */
  async next(type: string, pred: (b: any) => boolean = () => true, opts: { from?: number; timeoutMs?: number } = {}): Promise<LiveMsg> {
    const from = opts.from ?? 0;
    const timeoutMs = opts.timeoutMs ?? 5000;
    const t0 = Date.now();
    for (;;) {
      const m = this.messages.slice(from).find((x) => x.type === type && pred(x.body));
      if (m) return m;
      if (Date.now() - t0 > timeoutMs) throw new Error(`no matching ${type} within ${timeoutMs} ms; got ${JSON.stringify(this.messages.slice(from).map((x) => [x.type, x.body])).slice(0, 800)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  /** True if a matching message arrives within `ms` (for asserting that one does not). */
  async arrives(type: string, pred: (b: any) => boolean, from: number, ms: number): Promise<boolean> {
    try {
      await this.next(type, pred, { from, timeoutMs: ms });
      return true;
    } catch {
      return false;
    }
  }
  mark() {
    return this.messages.length;
  }
  private left = false;
  /** Leaves once (a second leave() on a closed room never settles). */
  async leave() {
    if (this.left) return;
    this.left = true;
    await this.room.leave(true).catch(() => {});
  }
}

export async function connectMe(url: string, token: string): Promise<Live> {
  const room = await new Client(url).joinOrCreate('me', { token });
  const live = new Live(room);
  await live.next('welcome');
  return live;
}

/** a asks, b accepts: friends. */
export async function befriend(base: string, a: { accessToken: string }, b: { accessToken: string; username: string; user: { id: string } }, aId: string) {
  const r1 = await http(base, 'POST', '/api/friends', { username: b.username }, bearer(a.accessToken));
  if (r1.status !== 201) throw new Error(`request: ${r1.status} ${r1.text}`);
  const r2 = await http(base, 'POST', `/api/friends/${aId}/accept`, undefined, bearer(b.accessToken));
  if (r2.status !== 200) throw new Error(`accept: ${r2.status} ${r2.text}`);
}
