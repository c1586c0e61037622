// The ranked queue: account holders wait here and are paired by rating, the acceptable gap widening
// the longer they wait. A pair gets a reserved ranked match room (made with a server-only ticket, so
// no client can make one) and a seat reservation each. Every second each waiting player is told how
// long they have waited and the rating window they are matched within.
import { matchMaker, Room, type Client } from '@colyseus/core';
import { schema, t, type SchemaType } from '@colyseus/schema';
import { GAME_KINDS, isGameKind, ROOM_LIMITS, type GameKind, type ServerMessages, type ServerMessageType } from '@dojopool/shared';
import type { Logger } from '../log.ts';
import { metrics } from '../metrics.ts';
import { withTicket } from '../services/room-tickets.ts';
import { authenticateJoin, joinError, type MatchAuth } from './match-auth.ts';
import { roomServices } from './room-services.ts';
import { enteredQueue, leftRoom } from '../services/presence.ts';

const QueueState = schema({ waiting: t.uint16().default(0) }, 'QueueState');
type QueueState = SchemaType<typeof QueueState>;

/** Rating gap accepted after waiting `waitedMs`: 100 at once, +50 every 5 s, at most 800. */
export function ratingWindow(waitedMs: number): number {
  return Math.min(800, 100 + 50 * Math.floor(waitedMs / 5000));
}

const DEFAULT_RACE = 3;
type Waiting = { client: Client; userId: string; rating: number; since: number; game: GameKind; raceTo: number };

/** What a client may send when joining the queue: game, raceTo, the token (and a name, ignored); nothing else. */
function queueOptions(raw: unknown): { game: GameKind; raceTo: number } {
  const o = (raw ?? {}) as Record<string, unknown>;
  if (typeof o !== 'object' || Array.isArray(o)) throw joinError(400, 'bad_options', 'options must be an object');
  for (const k of Object.keys(o)) if (!['game', 'raceTo', 'token', 'name'].includes(k)) throw joinError(400, 'bad_options', `${JSON.stringify(k).slice(0, 40)} is not an option of the ranked queue`);
  const game = o.game ?? GAME_KINDS[0];
  if (!isGameKind(game)) throw joinError(400, 'bad_options', `game must be one of ${GAME_KINDS.join(', ')}`);
  const raceTo = o.raceTo ?? DEFAULT_RACE;
  const r = ROOM_LIMITS.raceTo;
  if (typeof raceTo !== 'number' || !Number.isInteger(raceTo) || raceTo < r.min || raceTo > r.max) throw joinError(400, 'bad_options', `raceTo must be an integer ${r.min}–${r.max}`);
  return { game, raceTo };
}

export class RankedQueueRoom extends Room<{ state: QueueState }> {
  override state = new QueueState();
  override maxClients = 1000;
  override maxMessagesPerSecond = 5;
  private queue: Waiting[] = [];
  private log!: Logger;
  private pairing = false;

  /** Sends one client a message whose shape shared/protocol defines (checked at compile time). */
  private tell<T extends ServerMessageType>(client: Client, type: T, message: ServerMessages[T]): void {
    client.send(type, message);
  }

  /** Broadcasts a message whose shape shared/protocol defines. */
  private announce<T extends ServerMessageType>(type: T, message: ServerMessages[T], options?: { except?: Client }): void {
    this.broadcast(type, message, options);
  }

  static override async onAuth(token: string | undefined, options: unknown) {
    const o = (options ?? {}) as Record<string, unknown>;
    queueOptions(o);
    return authenticateJoin(token, { token: o.token }, { accountOnly: 'the ranked queue needs an account: log in' });
  }

  override onCreate() {
    this.log = roomServices().log.child({ room: 'ranked_queue', roomId: this.roomId });
    this.setSimulationInterval(() => void this.tick(), 1000);
    this.onMessage('*', (client) => this.tell(client, 'error', { code: 'bad_message', message: 'the queue takes no messages; wait to be paired' }));
  }

  override onJoin(client: Client, options: unknown) {
    const auth = client.auth as MatchAuth;
    const { game, raceTo } = queueOptions(options);
    if (this.queue.some((w) => w.userId === auth.userId)) throw joinError(409, 'already_seated', 'you are already queued');
    const w = { client, userId: auth.userId!, rating: auth.rating, since: Date.now(), game, raceTo };
    this.queue.push(w);
    this.state.waiting = this.queue.length;
    this.status(w, w.since);
    enteredQueue({ db: roomServices().database.db, log: this.log }, auth.userId, this.roomId);
    void this.pair();
  }

  override onLeave(client: Client) {
    leftRoom({ db: roomServices().database.db, log: this.log }, (client.auth as MatchAuth | undefined)?.userId ?? null, this.roomId);
    this.queue = this.queue.filter((w) => w.client.sessionId !== client.sessionId);
    this.state.waiting = this.queue.length;
  }

  private status(w: Waiting, now: number) {
    this.tell(w.client, 'queue', { waiting: this.queue.length, waitedS: Math.floor((now - w.since) / 1000), window: ratingWindow(now - w.since), game: w.game, raceTo: w.raceTo });
  }

  private async tick() {
    const now = Date.now();
    for (const w of this.queue) this.status(w, now);
    await this.pair();
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
      const room = await withTicket(matchMaker.presence, { kind: 'ranked', game: a.game, raceTo: a.raceTo, reservedFor: [a.userId, b.userId] }, (ticket) => matchMaker.createRoom('match', { ticket }));
      const pairedAt = Date.now();
      for (const w of [a, b]) metrics.rankedQueueWaitSeconds.observe({ game: w.game }, (pairedAt - w.since) / 1000);
      for (const w of [a, b]) {
        const reservation = await matchMaker.reserveSeatFor(room, {}, w.client.auth);
        this.tell(w.client, 'paired', { reservation, opponentRating: Math.round((w === a ? b : a).rating) });
      }
      this.log.info({ roomId: room.roomId, gap: Math.round(Math.abs(a.rating - b.rating)) }, 'ranked pair seated');
    } catch (e) {
      this.log.error({ err: e }, 'could not seat a ranked pair');
    }
  }
}
