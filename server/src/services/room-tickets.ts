// Server-internal room creation. What only the server may decide about a match room (seats reserved for
// the players the ranked queue or a tournament paired, a match to restore) never travels in room
// options a client could forge: the server stores the spec under a random, single-use ticket in the
// presence (Redis when configured, so a room created on another process reads it too) and creates the
// room with `{ ticket }`. The room redeems it exactly once (hdel is atomic), within a short expiry; a
// guessed, replayed or expired ticket is refused.
import { randomBytes } from 'node:crypto';
import type { Presence } from '@colyseus/core';
import type { GameKind } from '@dojopool/shared';
import type { TournamentLink } from './match-events.ts';

const KEY = (ticket: string) => `dojopool:room-ticket:${ticket}`;
const TICKET_RE = /^[A-Za-z0-9_-]{43}$/;
export const TICKET_TTL_S = 60;

export type RoomSpec =
  | { kind: 'ranked'; game: GameKind; raceTo: number; reservedFor: [string, string] }
  | { kind: 'tournament'; game: GameKind; raceTo: number; reservedFor: [string, string]; tournament: TournamentLink; rated: boolean; /** A reserved seat not taken within this loses by walkover. */ noShowS: number }
  | { kind: 'restore'; matchId: string };

/**
 * Runs `create(ticket)` with a fresh ticket for `spec` and removes the ticket afterwards whether or not
 * the room redeemed it. The expiry inside the ticket refuses a stale one; Redis also expires the key
 * (the local presence's expiry does not cover hashes, and the ticket is removed here anyway).
 */
export async function withTicket<T>(presence: Presence, spec: RoomSpec, create: (ticket: string) => Promise<T>, nowMs = Date.now()): Promise<T> {
  const ticket = randomBytes(32).toString('base64url');
  await presence.hset(KEY(ticket), 'spec', JSON.stringify({ spec, exp: nowMs + TICKET_TTL_S * 1000 }));
  if (typeof (presence as { pub?: unknown }).pub === 'object') await presence.expire(KEY(ticket), TICKET_TTL_S);
  try {
    return await create(ticket);
  } finally {
    await presence.hdel(KEY(ticket), 'spec');
  }
}

/** The spec behind a ticket, once; null for an unknown, used or expired ticket. */
export async function redeemTicket(presence: Presence, ticket: unknown, nowMs = Date.now()): Promise<RoomSpec | null> {
  if (typeof ticket !== 'string' || !TICKET_RE.test(ticket)) return null;
  const raw = await presence.hget(KEY(ticket), 'spec');
  if (!raw) return null;
  const mine = await presence.hdel(KEY(ticket), 'spec');
  if (!mine) return null; // redeemed concurrently by another room
  const { spec, exp } = JSON.parse(raw) as { spec: RoomSpec; exp: number };
  return exp > nowMs ? spec : null;
}
