// Helpers for driving match rooms with the real client SDK, as a browser would.
import { Client, type Room } from '@colyseus/sdk';
import { gameDef } from '@dojopool/shared';
import { http } from './server.ts';

export type Msg = { type: string; body: any };

/** A joined room plus every message it received, in order. */
export class Seat {
  messages: Msg[] = [];
  client!: Client;
  constructor(readonly room: Room<any>) {
    for (const type of ['welcome', 'shot', 'error', 'aim', 'chat', 'started', 'finished', 'timeout', 'paired', 'queue', 'computer_countdown']) {
      room.onMessage(type, (body: any) => this.messages.push({ type, body }));
    }
  }
  get state(): any {
    return this.room.state;
  }
  of(type: string) {
    return this.messages.filter((m) => m.type === type).map((m) => m.body);
  }
  /** Waits for a message of `type` after index `from` (default: any new one from now). */
  async next(type: string, from = this.messages.length, timeoutMs = 8000): Promise<any> {
    const t0 = Date.now();
    for (;;) {
      const m = this.messages.slice(from).find((x) => x.type === type);
      if (m) return m.body;
      if (Date.now() - t0 > timeoutMs) throw new Error(`no ${type} message within ${timeoutMs} ms (got ${this.messages.slice(from).map((x) => x.type).join(',')})`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  /** Sends an intent and returns the error it was answered with (or null within `ms`). */
  async expectError(type: string, body: unknown, ms = 400): Promise<any> {
    const from = this.messages.length;
    this.room.send(type, body);
    const t0 = Date.now();
    while (Date.now() - t0 < ms * 10) {
      const e = this.messages.slice(from).find((x) => x.type === 'error');
      if (e) return e.body;
      await new Promise((r) => setTimeout(r, 10));
    }
    return null;
  }
}

export async function waitFor(cond: () => boolean, timeoutMs = 8000, what = 'condition'): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Polls an asynchronous check every `everyMs` until it holds; throws `what` after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, timeoutMs: number, what: string, everyMs = 100): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(what);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function join(url: string, how: 'joinOrCreate' | 'create' | 'joinById', arg: any, options: any = {}): Promise<Seat> {
  const client = new Client(url);
  const room: Room<any> = how === 'joinById' ? await client.joinById(arg, options) : await (client as any)[how](arg, options);
  const seat = new Seat(room);
  seat.client = client;
  await waitFor(() => room.state !== undefined && (room.state as any).phase !== undefined, 5000, 'initial state');
  return seat;
}

/** Joins `roomId` through `url`, retrying every `gapMs` while the cluster has no listing for it yet (`tries` retries). */
export async function joinRetrying(url: string, roomId: string, options: Record<string, unknown>, tries = 60, gapMs = 250): Promise<Seat> {
  for (let i = 0; ; i++) {
    try {
      return await join(url, 'joinById', roomId, options);
    } catch (e) {
      if (i >= tries) throw e;
      await sleep(gapMs);
    }
  }
}

/** The stroke that sends the cue ball at ball `id` (straight at its centre). */
export function aimAt(state: any, id: number): number {
  const cue = state.balls.find((b: any) => b.id === 0);
  const t = state.balls.find((b: any) => b.id === id);
  return Math.atan2(t.y - cue.y, t.x - cue.x);
}

/** Simulates a network drop (no consent): closes the socket with 4010 and turns auto-reconnection off. */
export function dropConnection(seat: Seat) {
  (seat.room as any).reconnection.enabled = false;
  (seat.room as any).connection.close(4010, 'simulated drop');
}

/** Reconnects a dropped seat with its reconnection token; the returned Seat wraps the new room. */
export async function reconnect(seat: Seat): Promise<Seat> {
  const room: Room<any> = await seat.client.reconnect(seat.room.reconnectionToken);
  const s = new Seat(room);
  s.client = seat.client;
  await waitFor(() => room.state !== undefined && (room.state as any).phase !== undefined, 5000, 'state after reconnect');
  return s;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Plays `seat`'s turn simply: the first option if a choice is pending, else a shot at the lowest ball. */
export function playTurn(state: any, me: Seat) {
  const opts = Array.from(state.options as string[]).filter((o) => o !== 'push-out'); // a push out is a shot, not a choice
  if (opts.length) {
    me.room.send('choose', { option: opts[0] });
    return 'choose';
  }
  const onTable = state.balls.filter((x: any) => x.id !== 0 && !x.pocketed);
  const rotation = gameDef(state.game).lowestFirst;
  const target = rotation || state.openTable ? Math.min(...onTable.map((x: any) => x.id)) : pickGroupBall(state, onTable);
  // Games that call every shot (10-ball) name the target and a pocket after the break.
  const call = gameDef(state.game).callRule === 'every-shot' && !state.isBreak ? { called: { ball: target, pocket: 'TR' } } : {};
  me.room.send('shot', { angle: aimAt(state, target), speed: state.isBreak ? 9 : 2.5, ...call });
  return 'shot';
}

function pickGroupBall(state: any, onTable: any[]): number {
  const group = state.players[state.turn]?.group;
  const mine = onTable.filter((b: any) => (group === 'solids' ? b.id < 8 : group === 'stripes' ? b.id > 8 : b.id !== 8));
  const eight = onTable.filter((b: any) => b.id === 8);
  return (mine.length ? mine : eight.length ? eight : onTable)[0].id;
}

/**
 * Polls GET /api/matches/:id every 50 ms until `pred` holds (the room writes behind): `tries` polls,
 * about 15 s by default (a loaded CI machine); more for what waits on a lease.
 */
export async function pollMatch(url: string, id: string, pred: (m: any) => boolean, what = 'the expected state', tries = 300): Promise<any> {
  let rec: any;
  for (let i = 0; i < tries; i++) {
    rec = await http(url, 'GET', `/api/matches/${id}`);
    if (rec.status === 200 && pred(rec.body)) return rec.body;
    await sleep(50);
  }
  throw new Error(`match ${id} never reached ${what}: ${JSON.stringify(rec?.body)?.slice(0, 300)}`);
}
