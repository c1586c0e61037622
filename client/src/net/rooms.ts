// The Colyseus client (same origin) and the ways into a match room: quick play, a private table,
// by code or link, as a spectator, or through the ranked queue. Each seat's key (from 'welcome') is
// kept in sessionStorage by room id, so a reload — or a server restart that restored the match —
// rejoins the same seat with joinById(roomId, { name, seatKey, token }).
import { Client, type Room } from '@colyseus/sdk';
import { accessToken } from './api.ts';

export type MatchRoom = Room<any, any>;
export type Welcome = { role: 'player' | 'spectator'; seat?: 0 | 1; matchId: string; seatKey?: string };
export type GameKind = '8ball' | '9ball';

let client: Client | null = null;
/**
 * Same origin in production (the game server serves this bundle). Under `vite dev` the room's
 * WebSocket is not proxied, so talk to the game server directly (VITE_SERVER_URL, else :2567).
 */
export function colyseus(): Client {
  const dev = import.meta.env.DEV ? `${location.protocol}//${location.hostname}:2567` : null;
  client ??= new Client((import.meta.env.VITE_SERVER_URL as string | undefined) || dev || location.origin);
  return client;
}

const seatKeyName = (roomId: string) => `dojopool.seat.${roomId}`;
export function rememberSeatKey(roomId: string, seatKey: string) {
  try {
    sessionStorage.setItem(seatKeyName(roomId), seatKey);
  } catch {
    /* storage unavailable */
  }
}
export function seatKeyFor(roomId: string): string | undefined {
  try {
    return sessionStorage.getItem(seatKeyName(roomId)) ?? undefined;
  } catch {
    return undefined;
  }
}

const NAME_KEY = 'dojopool.guestName';
export function guestName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}
export function setGuestName(n: string) {
  try {
    localStorage.setItem(NAME_KEY, n);
  } catch {
    /* ignore */
  }
}

async function identity(name: string) {
  const token = await accessToken();
  return token ? { token, name } : { name };
}

export async function quickPlay(game: GameKind, name: string): Promise<MatchRoom> {
  return colyseus().joinOrCreate('match', { game, mode: 'casual', quick: true, ...(await identity(name)) });
}

export async function createPrivate(game: GameKind, name: string, raceTo = 1): Promise<MatchRoom> {
  return colyseus().create('match', { game, mode: 'casual', private: true, raceTo, ...(await identity(name)) });
}

/** A table against the server's computer player at `level` (casual, never rated). */
export async function playComputer(game: GameKind, name: string, level: string, raceTo = 1): Promise<MatchRoom> {
  return colyseus().create('match', { game, mode: 'casual', opponent: 'computer', level, raceTo, ...(await identity(name)) });
}

/** Joins a table by its id (a private table's id is its 6-character code) — as a player or a spectator. */
export async function joinTable(roomId: string, name: string, spectate: boolean): Promise<MatchRoom> {
  const id = await identity(name || (spectate ? 'spectator' : ''));
  if (spectate) return colyseus().joinById(roomId, { ...id, spectate: true });
  const seatKey = seatKeyFor(roomId);
  return colyseus().joinById(roomId, { ...id, ...(seatKey ? { seatKey } : {}) });
}

export type QueueHandle = { cancel(): void; done: Promise<MatchRoom> };

/** Waits in the ranked queue; resolves with the match room once paired. */
export async function rankedQueue(game: GameKind, onWaiting: (n: number) => void): Promise<QueueHandle> {
  const token = await accessToken();
  if (!token) throw new Error('log in to play ranked');
  const queue = await colyseus().joinOrCreate('ranked_queue', { token, game });
  let cancelled = false;
  const done = new Promise<MatchRoom>((resolve, reject) => {
    queue.onStateChange((s: any) => onWaiting(Number(s?.waiting ?? 0)));
    queue.onMessage('paired', async (msg: { reservation: any }) => {
      try {
        const room = await colyseus().consumeSeatReservation(msg.reservation);
        void queue.leave();
        resolve(room);
      } catch (e) {
        reject(e);
      }
    });
    queue.onMessage('error', (e: { message?: string }) => reject(new Error(e?.message ?? 'queue error')));
    queue.onLeave(() => {
      if (cancelled) reject(new Error('left the queue'));
    });
  });
  return {
    cancel() {
      cancelled = true;
      void queue.leave();
    },
    done,
  };
}
