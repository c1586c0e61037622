// The ranked queue: account holders wait here and are paired by rating, the acceptable gap widening
// the longer they wait. A pair gets a private, reserved match room and a seat reservation each.
import { matchMaker, Room, ServerError, type Client } from '@colyseus/core';
import { schema, t, type SchemaType } from '@colyseus/schema';
import type { Logger } from '../log.ts';
import { MatchRoom, type MatchAuth } from './match-room.ts';
import { roomServices } from './room-services.ts';

const QueueState = schema({ waiting: t.uint16().default(0) }, 'QueueState');
type QueueState = SchemaType<typeof QueueState>;

/** Rating gap accepted after waiting `waitedMs`: 100 at once, +50 every 5 s, at most 800. */
export function ratingWindow(waitedMs: number): number {
  return Math.min(800, 100 + 50 * Math.floor(waitedMs / 5000));
}

type Waiting = { client: Client; userId: string; rating: number; since: number; game: '8ball' | '9ball'; raceTo: number };

export class RankedQueueRoom extends Room<{ state: QueueState }> {
  override state = new QueueState();
  override maxClients = 1000;
  private queue: Waiting[] = [];
  private log!: Logger;
  private pairing = false;

  static override async onAuth(token: string | undefined, options: { token?: string }) {
    const auth = (await MatchRoom.onAuth(token, { ...(options ?? {}), mode: 'ranked' })) as MatchAuth;
    if (!auth.userId) throw new ServerError(401, 'the ranked queue needs an account');
    return auth;
  }

  override onCreate() {
    this.log = roomServices().log.child({ room: 'ranked_queue', roomId: this.roomId });
    this.setSimulationInterval(() => void this.pair(), 1000);
    this.onMessage('*', (client) => client.send('error', { code: 'bad_message', message: 'the queue takes no messages; wait to be paired' }));
  }

  override onJoin(client: Client, options: { game?: string; raceTo?: number }) {
    const auth = client.auth as MatchAuth;
    const game = options?.game === '9ball' ? '9ball' : options?.game === '8ball' || options?.game === undefined ? '8ball' : null;
    if (!game) throw new ServerError(400, "game must be '8ball' or '9ball'");
    const raceTo = options?.raceTo ?? 3;
    if (!Number.isInteger(raceTo) || raceTo < 1 || raceTo > 21) throw new ServerError(400, 'raceTo must be an integer 1–21');
    if (this.queue.some((w) => w.userId === auth.userId)) throw new ServerError(409, 'you are already queued');
    this.queue.push({ client, userId: auth.userId!, rating: auth.rating, since: Date.now(), game, raceTo });
    this.state.waiting = this.queue.length;
    void this.pair();
  }

  override onLeave(client: Client) {
    this.queue = this.queue.filter((w) => w.client.sessionId !== client.sessionId);
    this.state.waiting = this.queue.length;
  }

  /** Pairs the longest-waiting players first with the closest rating inside both windows. */
  private async pair() {
    if (this.pairing) return;
    this.pairing = true;
    try {
      const now = Date.now();
      const byWait = [...this.queue].sort((a, b) => a.since - b.since);
      const taken = new Set<string>();
      for (const a of byWait) {
        if (taken.has(a.userId)) continue;
        let best: Waiting | null = null;
        for (const b of byWait) {
          if (b === a || taken.has(b.userId) || b.game !== a.game || b.raceTo !== a.raceTo) continue;
          const gap = Math.abs(a.rating - b.rating);
          if (gap > Math.min(ratingWindow(now - a.since), ratingWindow(now - b.since))) continue;
          if (!best || gap < Math.abs(a.rating - best.rating)) best = b;
        }
        if (!best) continue;
        taken.add(a.userId).add(best.userId);
        await this.seat(a, best);
      }
      this.queue = this.queue.filter((w) => !taken.has(w.userId));
      this.state.waiting = this.queue.length;
    } finally {
      this.pairing = false;
    }
  }

  private async seat(a: Waiting, b: Waiting) {
    try {
      const room = await matchMaker.createRoom('match', { game: a.game, mode: 'ranked', raceTo: a.raceTo, reservedFor: [a.userId, b.userId] });
      for (const w of [a, b]) {
        const reservation = await matchMaker.reserveSeatFor(room, { mode: 'ranked' }, w.client.auth);
        w.client.send('paired', { reservation, opponentRating: Math.round((w === a ? b : a).rating) });
      }
      this.log.info({ roomId: room.roomId, gap: Math.round(Math.abs(a.rating - b.rating)) }, 'ranked pair seated');
    } catch (e) {
      this.log.error({ err: e }, 'could not seat a ranked pair');
    }
  }
}
