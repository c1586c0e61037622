// Room protocol: the intents a client may send to a match room (IntentMap), every message the match
// room and the ranked queue send back (ServerMessages), and the validation of every intent's shape and
// ranges. Used by the server (authoritative checks, typed sends) and the browser client (to build
// intents and read replies). Units are the physics contract's: metres from the centre of the playing
// surface, angle 0 along +x (head spot → foot spot), speed m/s, tip offsets as fractions of R.
import type { AchievementId } from '../achievements/achievements.ts';
import type { PocketId } from '../physics/types.ts';
import type { GameKind, Seat } from '../rules/types.ts';
import { AIM_MAX_SAMPLES, type AimIntent, type AimMessage } from './aim.ts';

export * from './aim.ts';

export const MAX_SHOT_SPEED = 12; // m/s: a professional break; beyond it the room refuses the stroke
export const MAX_TIP_OFFSET = 0.9; // fraction of R the room accepts; physics miscues beyond ~0.5
export const MAX_CHAT_LENGTH = 280;

export type MatchMode = 'casual' | 'ranked' | 'tournament';

// What a client may send when joining a match room: ClientJoinOptions and parseJoinOptions in join.ts.

export type ShotIntent = {
  angle: number;
  speed: number;
  side?: number;
  vertical?: number;
  called?: { ball: number; pocket: PocketId };
  pushOut?: boolean;
  /** 10-ball: the shooter calls safety instead of a ball and pocket (WPA 9.6). */
  safety?: boolean;
};
export type PlaceIntent = { x: number; y: number };
export type ChatIntent = { text: string };
export type ChooseIntent = { option: string };
/** Concede the rack (races longer than one rack) or the whole match (the default). */
export type ConcedeIntent = { scope?: 'rack' | 'match' };

export type IntentMap = {
  shot: ShotIntent;
  place: PlaceIntent;
  aim: AimIntent;
  chat: ChatIntent;
  choose: ChooseIntent;
  concede: ConcedeIntent | undefined;
};
export type IntentType = keyof IntentMap;

export type ErrorCode =
  | 'bad_message'
  | 'spectator'
  | 'not_your_turn'
  | 'wrong_phase'
  | 'out_of_range'
  | 'bad_placement'
  | 'rule_violation'
  | 'rate_limited'
  | 'not_seated';

// ---- server → client ------------------------------------------------------------------------------

/**
 * Sent to the joining client only. A player's seat key is private: it reclaims the seat after a
 * restart. `serverNow` is the server's clock when sent (epoch ms): clients read the synced shot-clock
 * deadline against it.
 */
export type WelcomeMessage =
  | { role: 'player'; seat: Seat; matchId: string; serverNow: number; seatKey?: string }
  | { role: 'spectator'; matchId: string; serverNow: number };

/** Broadcast when the second seat fills and the first rack is racked. */
export type StartedMessage = { matchId: string; players: [string, string]; breaker: Seat };

/**
 * Broadcast after every simulated shot: the stroke and the positions it started from. Every client
 * re-simulates the trajectory with the shared deterministic physics, so the events need not travel.
 */
export type ShotMessage = {
  seq: number;
  seat: Seat;
  stroke: { angle: number; speed: number; side: number; vertical: number; miscue: boolean };
  /** Positions (and the cue ball's initial motion) the simulation started from; pocketed balls marked. */
  start: { id: number; x: number; y: number; vx?: number; vy?: number; wx?: number; wy?: number; wz?: number; pocketed?: boolean }[];
  /** Simulated seconds until every ball is at rest. */
  duration: number;
  /** What the shooter announced with the stroke, for everyone watching. */
  called?: { ball: number; pocket: PocketId };
  safety?: true;
  pushOut?: true;
  foul: string | null;
  reason: string;
};

export type RatingChange = { seat: Seat; before: number; after: number };
export type UnlockedAchievements = { seat: Seat; ids: AchievementId[] };

/**
 * Broadcast when the match is decided. With `pending: true` the result is not stored yet (the
 * database is briefly away): ratings and achievements are empty, and a second `finished` without
 * `pending` follows once it is stored.
 */
export type FinishedMessage = {
  matchId: string;
  winner: Seat;
  score: [number, number];
  forfeit: boolean;
  reason: string;
  pending?: boolean;
  ratings: RatingChange[];
  achievements: UnlockedAchievements[];
};

/** Broadcast when the shot clock of the player to act ran out (a time foul, or the default choice taken). */
export type TimeoutMessage = { seat: Seat };

export type ChatMessage = { seat: Seat; name: string; text: string; at: number };

/** An intent the room refused (or, from the ranked queue, a message it does not take). */
export type ErrorMessage = { code: ErrorCode; message: string; intent?: string };

/** A seat reservation as the matchmaker issues it (the SDK's consumeSeatReservation takes it). */
export type SeatReservation = { name: string; sessionId: string; roomId: string; processId?: string; publicAddress?: string; reconnectionToken?: string; devMode?: boolean };

/** Ranked queue → one waiting player: a match room holds a seat for you. */
export type PairedMessage = { reservation: SeatReservation; opponentRating: number };

/** Ranked queue → each waiting player on joining and every second: how many wait, how long you have, the rating gap accepted now, what you queued for. */
export type QueueStatusMessage = { waiting: number; waitedS: number; window: number; game: GameKind; raceTo: number };

/** Quick play with one player seated: the computer takes the empty seat at `at` (epoch ms) unless someone comes first. */
export type ComputerCountdownMessage = { at: number; seconds: number; level: string };

/** A tournament table closed before anyone played: the host decided its match (a disqualification, a result entered by hand). */
export type ClosedMessage = { reason: string };

// ---- the tournament room ----------------------------------------------------------------------------

/** Host controls a client sends to the tournament room (the same actions as the REST routes). */
export type TournamentControls = {
  start: { seeds?: string[] };
  pause: { reason?: string };
  resume: { reason?: string };
  disqualify: { playerId: string; reason: string };
  result: { matchId: string; winnerId: string; score?: [number, number]; walkover?: boolean; reason: string };
};
export type TournamentControl = keyof TournamentControls;

/** Sent to the joining client: the host of the event (or an admin) gets the controls. */
export type TournamentWelcomeMessage = { role: 'host' | 'viewer'; tournamentId: string };

/**
 * A bracket match has its match room: sent to its two players first, then to everyone else watching.
 * The two players take their reserved seats with joinById(roomId, { token }); anyone else may spectate.
 */
export type MatchReadyMessage = {
  matchId: string;
  roomId: string;
  round: number;
  bracket: string;
  raceTo: number;
  players: ({ id: string; username: string } | null)[];
};

/** A host control was done; the event's new state follows in the synced state. */
export type ControlDoneMessage = { type: TournamentControl };
/** A host control (or an unknown message) was refused; codes as the REST routes answer them. */
export type ControlErrorMessage = { code: string; message: string; intent?: string };
/** The event is over. */
export type TournamentFinishedMessage = { winnerId: string | null };

/** Every message a room sends to clients, by type. */
export type ServerMessages = {
  welcome: WelcomeMessage;
  started: StartedMessage;
  shot: ShotMessage;
  finished: FinishedMessage;
  timeout: TimeoutMessage;
  aim: AimMessage;
  chat: ChatMessage;
  error: ErrorMessage;
  paired: PairedMessage;
  queue: QueueStatusMessage;
  computer_countdown: ComputerCountdownMessage;
  closed: ClosedMessage;
  tournament_welcome: TournamentWelcomeMessage;
  match_ready: MatchReadyMessage;
  control_done: ControlDoneMessage;
  control_error: ControlErrorMessage;
  tournament_finished: TournamentFinishedMessage;
};
export type ServerMessageType = keyof ServerMessages;
/** What the match room sends (a client registers a handler for each). */
export const MATCH_ROOM_MESSAGES = ['welcome', 'started', 'shot', 'finished', 'timeout', 'aim', 'chat', 'error', 'computer_countdown', 'closed'] as const satisfies readonly ServerMessageType[];
export type MatchRoomMessageType = (typeof MATCH_ROOM_MESSAGES)[number];
/** What the ranked queue sends. */
export const QUEUE_ROOM_MESSAGES = ['paired', 'queue', 'error'] as const satisfies readonly ServerMessageType[];
export type QueueRoomMessageType = (typeof QUEUE_ROOM_MESSAGES)[number];
/** What the tournament room sends. */
export const TOURNAMENT_ROOM_MESSAGES = ['tournament_welcome', 'match_ready', 'control_done', 'control_error', 'tournament_finished'] as const satisfies readonly ServerMessageType[];
export type TournamentRoomMessageType = (typeof TOURNAMENT_ROOM_MESSAGES)[number];

export class ProtocolError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

const POCKETS = new Set(['TL', 'TM', 'TR', 'BL', 'BM', 'BR']);

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ProtocolError('bad_message', `${what} must be an object`);
  return v as Record<string, unknown>;
}
function num(o: Record<string, unknown>, key: string, min: number, max: number, optional = false): number | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ProtocolError('bad_message', `${key} must be a finite number`);
  if (v < min || v > max) throw new ProtocolError('out_of_range', `${key} must be between ${min} and ${max}`);
  return v;
}

/** Normalises an angle to (−π, π]. */
export function normaliseAngle(a: number): number {
  let x = a % (2 * Math.PI);
  if (x > Math.PI) x -= 2 * Math.PI;
  if (x <= -Math.PI) x += 2 * Math.PI;
  return x;
}

export function parseShot(v: unknown): ShotIntent {
  const o = obj(v, 'shot');
  const angle = normaliseAngle(num(o, 'angle', -1e3, 1e3)!);
  const speed = num(o, 'speed', 0.05, MAX_SHOT_SPEED)!;
  const side = num(o, 'side', -MAX_TIP_OFFSET, MAX_TIP_OFFSET, true) ?? 0;
  const vertical = num(o, 'vertical', -MAX_TIP_OFFSET, MAX_TIP_OFFSET, true) ?? 0;
  if (Math.hypot(side, vertical) > MAX_TIP_OFFSET) throw new ProtocolError('out_of_range', `tip offset must be within ${MAX_TIP_OFFSET} of the ball's radius`);
  const shot: ShotIntent = { angle, speed, side, vertical };
  if (o.called !== undefined && o.called !== null) {
    const c = obj(o.called, 'called');
    if (!Number.isInteger(c.ball) || (c.ball as number) < 1 || (c.ball as number) > 15) throw new ProtocolError('bad_message', 'called.ball must be an object ball number 1–15');
    if (typeof c.pocket !== 'string' || !POCKETS.has(c.pocket)) throw new ProtocolError('bad_message', 'called.pocket must be one of TL, TM, TR, BL, BM, BR');
    shot.called = { ball: c.ball as number, pocket: c.pocket as PocketId };
  }
  if (o.pushOut !== undefined) {
    if (typeof o.pushOut !== 'boolean') throw new ProtocolError('bad_message', 'pushOut must be a boolean');
    if (o.pushOut) shot.pushOut = true;
  }
  if (o.safety !== undefined) {
    if (typeof o.safety !== 'boolean') throw new ProtocolError('bad_message', 'safety must be a boolean');
    if (o.safety) shot.safety = true;
  }
  return shot;
}

export function parsePlace(v: unknown): PlaceIntent {
  const o = obj(v, 'place');
  return { x: num(o, 'x', -10, 10)!, y: num(o, 'y', -10, 10)! };
}

export function parseAim(v: unknown): AimIntent {
  const o = obj(v, 'aim');
  const angle = normaliseAngle(num(o, 'angle', -1e3, 1e3)!);
  if (o.trail === undefined) return { angle };
  if (!Array.isArray(o.trail) || o.trail.length > AIM_MAX_SAMPLES - 1) throw new ProtocolError('bad_message', `trail must be an array of at most ${AIM_MAX_SAMPLES - 1} angles`);
  const trail = o.trail.map((a, i) => {
    if (typeof a !== 'number' || !Number.isFinite(a) || Math.abs(a) > 1e3) throw new ProtocolError('out_of_range', `trail[${i}] must be an angle in radians`);
    return normaliseAngle(a);
  });
  return { angle, trail };
}

export function parseChat(v: unknown): ChatIntent {
  const o = obj(v, 'chat');
  if (typeof o.text !== 'string') throw new ProtocolError('bad_message', 'text must be a string');
  // Control characters are dropped; the rest is shown as text by clients, never as HTML.
  const text = o.text.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (text.length === 0) throw new ProtocolError('bad_message', 'text must not be empty');
  if (text.length > MAX_CHAT_LENGTH) throw new ProtocolError('out_of_range', `text must be at most ${MAX_CHAT_LENGTH} characters`);
  return { text };
}

export function parseChoose(v: unknown): ChooseIntent {
  const o = obj(v, 'choose');
  if (typeof o.option !== 'string' || o.option.length > 40) throw new ProtocolError('bad_message', 'option must be a string');
  return { option: o.option };
}
export * from './join.ts';
export * from './social.ts';
export * from './rest.ts';
