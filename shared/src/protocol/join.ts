// Joining a match room: the limits a room accepts (configuration must agree with them), the options a
// client may send (one whitelist, parsed by parseJoinOptions), and join errors with a code, like intent
// errors. Colyseus carries a join error as an HTTP-like status and a message; the message is
// "<code>: <text>" so that every client can read the code with parseJoinError.
import type { GameKind } from '../rules/types.ts';

/** What a room accepts; the server's configuration (SHOT_CLOCK_S, RECONNECT_WINDOW_S) is checked against the same ranges. */
export const ROOM_LIMITS = {
  raceTo: { min: 1, max: 21 },
  shotClockS: { min: 5, max: 600 },
  reconnectS: { min: 5, max: 600 },
  /** Read-only watchers per table; the two seats never count against it. */
  spectators: 200,
} as const;

export type JoinErrorCode =
  /** An option is unknown, malformed or out of range (the message names it). */
  | 'bad_options'
  /** A guest asked for something that needs an account (ranked, tournament, or a seat reserved for accounts). */
  | 'needs_account'
  /** The access token is missing, expired, forged or signed out. */
  | 'unauthorized'
  /** Ranked matches are made only by the ranked queue. */
  | 'ranked_via_queue'
  /** Tournament matches are made only by the tournament service. */
  | 'tournament_via_service'
  /** The table's seats are reserved for other players. */
  | 'reserved'
  /** Both seats are taken: watch instead. */
  | 'table_full'
  /** This account already sits at the table (in another tab). */
  | 'already_seated'
  /** The table has as many spectators as it takes. */
  | 'spectators_full'
  /** The seat key does not match a held seat. */
  | 'bad_seat_key'
  /** The room or match does not exist (any more). */
  | 'not_found'
  /** A dependency (database, Redis) is briefly away: retry. */
  | 'unavailable'
  /** The server is shutting down: retry on another process or shortly. */
  | 'shutting_down';

export type JoinError = { code: JoinErrorCode | 'unknown'; message: string };

const JOIN_ERROR_RE = /^([a-z_]+): ([\s\S]*)$/;

export function formatJoinError(code: JoinErrorCode, message: string): string {
  return `${code}: ${message}`;
}

/** Reads the code back from a join error's message (an error from elsewhere in Colyseus is 'unknown'). */
export function parseJoinError(message: string): JoinError {
  const m = JOIN_ERROR_RE.exec(message ?? '');
  return m ? { code: m[1] as JoinErrorCode, message: m[2]! } : { code: 'unknown', message: message ?? '' };
}

/** The options a client may send when creating or joining a match room; nothing else is accepted. */
export type ClientJoinOptions = {
  game?: GameKind;
  /** Clients only ever ask for casual play; ranked and tournament rooms are made by the server. */
  mode?: 'casual';
  raceTo?: number;
  spectate?: boolean;
  token?: string;
  name?: string;
  private?: boolean;
  quick?: boolean;
  seatKey?: string;
  shotClockS?: number;
  reconnectS?: number;
  breakRule?: 'alternate' | 'winner';
  callAllShots?: boolean;
};
