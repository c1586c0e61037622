// The Colyseus client (same origin) and the ways into a match room: quick play, a private table,
// by code or link, as a spectator, or through the ranked queue. Each seat's key (from 'welcome') is
// kept in sessionStorage by room id, so a reload — or a server restart that restored the match —
// rejoins the same seat with joinById(roomId, { name, seatKey, token }). Rooms are typed by their
// synced state; their messages by shared/protocol's ServerMessages (onServerMessage) and IntentMap
// (sendIntent).
import { Client, type Room } from '@colyseus/sdk';
import type { ClientJoinOptions, IntentMap, IntentType, MatchRoomMessageType, QueueRoomMessageType, QueueStatusMessage, ServerMessages } from '@dojopool/shared/protocol/index.ts';
import type { GameKind } from '@dojopool/shared/rules/types.ts';
import type { MatchStateSchema } from '@dojopool/shared/state/match-state.ts';
import { accessToken } from './api.ts';

export type MatchRoom = Room<MatchStateSchema>;
/** The ranked queue's synced state (its schema lives with the server's queue room). */
export type QueueRoom = Room<unknown, { waiting: number }>;

/** room.onMessage for a message the server sends, its payload typed from ServerMessages. */
export function onServerMessage<K extends MatchRoomMessageType>(room: MatchRoom, type: K, cb: (msg: ServerMessages[K]) => void): () => void;
export function onServerMessage<K extends QueueRoomMessageType>(room: QueueRoom, type: K, cb: (msg: ServerMessages[K]) => void): () => void;
export function onServerMessage(room: MatchRoom | QueueRoom, type: string, cb: (msg: never) => void): () => void {
  return room.onMessage(type, cb);
}

/** room.send for an intent, its payload typed from IntentMap. */
export function sendIntent<K extends IntentType>(room: MatchRoom, type: K, payload: IntentMap[K]): void {
  room.send(type, payload);
}

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
  const options: ClientJoinOptions = { game, mode: 'casual', quick: true, ...(await identity(name)) };
  return colyseus().joinOrCreate<MatchStateSchema>('match', options);
}

export async function createPrivate(game: GameKind, name: string, raceTo = 1): Promise<MatchRoom> {
  const options: ClientJoinOptions = { game, mode: 'casual', private: true, raceTo, ...(await identity(name)) };
  return colyseus().create<MatchStateSchema>('match', options);
}

/** A table against the server's computer player at `level` (casual, never rated). */
export async function playComputer(game: GameKind, name: string, level: string, raceTo = 1): Promise<MatchRoom> {
  return colyseus().create('match', { game, mode: 'casual', opponent: 'computer', level, raceTo, ...(await identity(name)) });
}

/** Joins a table by its id (a private table's id is its 6-character code) — as a player or a spectator. */
export async function joinTable(roomId: string, name: string, spectate: boolean): Promise<MatchRoom> {
  const id = await identity(name || (spectate ? 'spectator' : ''));
  const seatKey = seatKeyFor(roomId);
  const options: ClientJoinOptions = spectate ? { ...id, spectate: true } : { ...id, ...(seatKey ? { seatKey } : {}) };
  return colyseus().joinById<MatchStateSchema>(roomId, options);
}

export type QueueHandle = { cancel(): void; done: Promise<MatchRoom> };

/** What the lobby shows while waiting: the queue's size, and (once the queue reports it) the wait and rating window. */
export type QueueStatus = { waiting: number } & Partial<Omit<QueueStatusMessage, 'waiting'>>;

/** Waits in the ranked queue; resolves with the match room once paired. */
export async function rankedQueue(game: GameKind, onStatus: (s: QueueStatus) => void): Promise<QueueHandle> {
  const token = await accessToken();
  if (!token) throw new Error('log in to play ranked');
  const queue: QueueRoom = await colyseus().joinOrCreate<{ waiting: number }>('ranked_queue', { token, game });
  let cancelled = false;
  let last: QueueStatus = { waiting: 0 };
  const report = (s: QueueStatus) => onStatus((last = { ...last, ...s }));
  const done = new Promise<MatchRoom>((resolve, reject) => {
    queue.onStateChange((s) => report({ waiting: Number(s?.waiting ?? 0) }));
    onServerMessage(queue, 'queue', (m) => report(m));
    onServerMessage(queue, 'paired', async (msg) => {
      try {
        const room = await colyseus().consumeSeatReservation<MatchStateSchema>(msg.reservation);
        void queue.leave();
        resolve(room);
      } catch (e) {
        reject(e);
      }
    });
    onServerMessage(queue, 'error', (e) => reject(new Error(e.message || e.code)));
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
