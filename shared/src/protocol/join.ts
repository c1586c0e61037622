// Joining a match room: the limits a room accepts (configuration must agree with them), the options a
// client may send (one whitelist, parsed by parseJoinOptions), and join errors with a code, like intent
// errors. Colyseus carries a join error as an HTTP-like status and a message; the message is
// "<code>: <text>" so that every client can read the code with parseJoinError.
import { BOT_LEVELS, isBotLevel, type BotLevel } from '../bot/levels.ts';
import { GAME_KINDS, isGameKind } from '../rules/registry.ts';
import type { GameKind } from '../rules/types.ts';

/** What a room accepts; the server's configuration (SHOT_CLOCK_S, RECONNECT_WINDOW_S) is checked against the same ranges. */
export const ROOM_LIMITS = {
  raceTo: { min: 1, max: 21 },
  shotClockS: { min: 1, max: 600 },
  reconnectS: { min: 1, max: 600 },
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
  /** Create a table against the server's computer player (always casual, never rated). */
  opponent?: 'computer';
  /** The computer's level (with opponent: 'computer'; default 'casual'). */
  level?: BotLevel;
};

/** A join or create request the room refuses, with the code the client sees. */
export class JoinRefusal extends Error {
  constructor(readonly code: JoinErrorCode, message: string, readonly status = 400) {
    super(message);
    this.name = 'JoinRefusal';
  }
}

const NAME_RE = /^[\p{L}\p{N} _.\-]{1,24}$/u;
const SEAT_KEY_RE = /^[A-Za-z0-9_-]{16,64}$/;

function bad(key: string, what: string): never {
  throw new JoinRefusal('bad_options', `${key} ${what}`);
}
const bool = (o: Record<string, unknown>, k: string): boolean | undefined => {
  const v = o[k];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') bad(k, 'must be true or false');
  return v;
};
const int = (o: Record<string, unknown>, k: string, r: { min: number; max: number }): number | undefined => {
  const v = o[k];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < r.min || v > r.max) bad(k, `must be an integer ${r.min}–${r.max}`);
  return v;
};
const str = (o: Record<string, unknown>, k: string, max: number): string | undefined => {
  const v = o[k];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length > max) bad(k, `must be a string of at most ${max} characters`);
  return v;
};

const ALLOWED = new Set(['game', 'mode', 'raceTo', 'spectate', 'token', 'name', 'private', 'quick', 'seatKey', 'shotClockS', 'reconnectS', 'breakRule', 'callAllShots', 'opponent', 'level']);

/**
 * The one parser of what a client may ask of a match room (create, join, joinById, joinOrCreate). Unknown
 * keys are refused by name — in particular anything only the server sets (reserved seats, restores,
 * tournaments): those never travel in client options at all. Ranked and tournament play are refused
 * with their own codes, since those tables are made by the ranked queue and the tournament service.
 */
export function parseJoinOptions(raw: unknown): ClientJoinOptions {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new JoinRefusal('bad_options', 'options must be an object');
  const o = raw as Record<string, unknown>;
  if (o.mode === 'ranked') throw new JoinRefusal('ranked_via_queue', 'ranked matches are made by the ranked queue: join the ranked_queue room', 403);
  if (o.mode === 'tournament') throw new JoinRefusal('tournament_via_service', 'tournament matches are made by the tournament service for the paired players', 403);
  for (const k of Object.keys(o)) if (!ALLOWED.has(k)) bad(JSON.stringify(k).slice(0, 40), 'is not an option a client may set');
  const out: ClientJoinOptions = {};
  if (o.mode !== undefined) {
    if (o.mode !== 'casual') bad('mode', "must be 'casual'");
    out.mode = 'casual';
  }
  if (o.game !== undefined) {
    if (!isGameKind(o.game)) bad('game', `must be one of ${GAME_KINDS.map((g) => `'${g}'`).join(', ')}`);
    out.game = o.game;
  }
  const raceTo = int(o, 'raceTo', ROOM_LIMITS.raceTo);
  if (raceTo !== undefined) out.raceTo = raceTo;
  const shotClockS = int(o, 'shotClockS', ROOM_LIMITS.shotClockS);
  if (shotClockS !== undefined) out.shotClockS = shotClockS;
  const reconnectS = int(o, 'reconnectS', ROOM_LIMITS.reconnectS);
  if (reconnectS !== undefined) out.reconnectS = reconnectS;
  for (const k of ['spectate', 'private', 'quick', 'callAllShots'] as const) {
    const v = bool(o, k);
    if (v !== undefined) out[k] = v;
  }
  if (o.breakRule !== undefined) {
    if (o.breakRule !== 'alternate' && o.breakRule !== 'winner') bad('breakRule', "must be 'alternate' or 'winner'");
    out.breakRule = o.breakRule;
  }
  if (o.opponent !== undefined) {
    if (o.opponent !== 'computer') bad('opponent', "must be 'computer'");
    if (o.quick === true || o.spectate === true) bad('opponent', 'cannot be combined with quick or spectate');
    out.opponent = 'computer';
  }
  if (o.level !== undefined) {
    if (out.opponent !== 'computer') bad('level', "is only for opponent: 'computer'");
    if (!isBotLevel(o.level)) bad('level', `must be one of ${BOT_LEVELS.map((l) => `'${l}'`).join(', ')}`);
    out.level = o.level;
  }
  const token = str(o, 'token', 4096);
  if (token) out.token = token;
  const name = str(o, 'name', 64);
  if (name !== undefined) {
    const trimmed = name.trim();
    if (trimmed && !NAME_RE.test(trimmed)) bad('name', 'must be 1–24 letters, digits, spaces, _ . or -');
    if (trimmed) out.name = trimmed;
  }
  const seatKey = str(o, 'seatKey', 64);
  if (seatKey !== undefined) {
    if (!SEAT_KEY_RE.test(seatKey)) throw new JoinRefusal('bad_seat_key', 'seatKey is malformed');
    out.seatKey = seatKey;
  }
  return out;
}
