// The table model: what the table shows and lets a viewer do, as pure functions of the room's synced
// state, the viewer's role and the shot being animated. Play, spectate and replay read the same model;
// renderers only draw it.
//
// Outcome hiding: the server sends a shot's broadcast first and its ruling (turn, score, tray, clock,
// foul) in the state patch right after. The OutcomeGate holds what the HUD shows at the moment the
// shot began until the balls come to rest (or the viewer skips), then releases the latest state.
import { FOUL_RULE, FOUL_TEXT } from '@dojopool/shared/rules/common.ts';
import type { FoulCode } from '@dojopool/shared/rules/types.ts';
import { pendingChoices, pushOutOffered } from '../views/choices.ts';

export type HudPlayer = { name: string; group: string; fouls: number; connected: boolean; rating: number; computer?: string };
/** Everything of the room state the HUD shows: a plain copy, so it can be held while a shot plays. */
export type HudState = {
  phase: string;
  game: string;
  mode: string;
  raceTo: number;
  rack: number;
  turn: number;
  winner: number;
  score: number[];
  players: HudPlayer[];
  tray: { id: number; pocketed: boolean }[];
  ballInHand: string;
  foul: string;
  reason: string;
  shotSeq: number;
  options: string[];
  pushOutAvailable: boolean;
  isBreak: boolean;
  openTable: boolean;
  shotClock: number;
  shotClockS: number;
  spectators: number;
  privateCode: string;
  matchId: string;
};

type StateLike = {
  phase: string; game: string; mode: string; raceTo: number; rack: number; turn: number; winner: number;
  score: Iterable<number>; players: Iterable<HudPlayer | undefined>; balls: Iterable<{ id: number; pocketed: boolean }>;
  ballInHand: string; foul: string; reason: string; shotSeq: number; options: Iterable<string>; pushOutAvailable: boolean;
  isBreak: boolean; openTable: boolean; shotClock: number; shotClockS: number; spectators: number; privateCode: string; matchId: string;
};

export function hudOf(s: StateLike): HudState {
  return {
    phase: s.phase, game: s.game, mode: s.mode, raceTo: s.raceTo, rack: s.rack, turn: s.turn, winner: s.winner,
    score: Array.from(s.score),
    players: Array.from(s.players, (p) => ({ name: p?.name ?? '', group: p?.group ?? '', fouls: p?.fouls ?? 0, connected: !!p?.connected, rating: p?.rating ?? 0, computer: p?.computer ?? '' })),
    tray: Array.from(s.balls, (b) => ({ id: b.id, pocketed: b.pocketed })).filter((b) => b.id > 0).sort((a, b) => a.id - b.id),
    ballInHand: s.ballInHand, foul: s.foul, reason: s.reason, shotSeq: s.shotSeq, options: Array.from(s.options),
    pushOutAvailable: s.pushOutAvailable, isBreak: s.isBreak, openTable: s.openTable, shotClock: s.shotClock,
    shotClockS: s.shotClockS, spectators: s.spectators, privateCode: s.privateCode, matchId: s.matchId,
  };
}

/**
 * Holds the HUD at the state a shot began in until the balls rest. Things that are not the shot's
 * outcome (spectator count, connection flags, names) still update while it plays.
 */
export class OutcomeGate<T = HudState> {
  private latest: T | null = null;
  private held: T | null = null;

  constructor(private readonly live: (held: T, latest: T) => T = (h) => h) {}

  /** A new synced state arrived. */
  state(s: T): void {
    this.latest = s;
  }
  /** A shot began animating: hold what is shown now. */
  shotStarted(): void {
    if (this.latest && !this.held) this.held = this.latest;
  }
  /** The balls came to rest (or the viewer skipped): show the latest state again. */
  rested(): void {
    this.held = null;
  }
  get holding(): boolean {
    return this.held !== null;
  }
  /** What the HUD shows now. */
  shown(): T | null {
    if (this.held && this.latest) return this.live(this.held, this.latest);
    return this.latest;
  }
}

/** The non-outcome fields that stay live while a shot plays. */
export function liveWhileHolding(held: HudState, latest: HudState): HudState {
  return {
    ...held,
    spectators: latest.spectators,
    players: held.players.map((p, i) => ({ ...p, connected: latest.players[i]?.connected ?? p.connected, name: latest.players[i]?.name || p.name })),
  };
}

export type Banner = { kind: 'foul' | 'rack' | 'info'; title: string; text: string; why: string | null };

/**
 * The banner after a ruling, in plain words: "Foul" with what happened (no "Foul:" prefix twice,
 * no rule number — that is the `why` detail), or the end of a rack. Null when there is nothing to announce.
 */
export function rulingBanner(before: Pick<HudState, 'rack' | 'score'> | null, after: Pick<HudState, 'foul' | 'reason' | 'rack' | 'score' | 'winner'>): Banner | null {
  const reason = plainReason(after.reason);
  if (after.foul) {
    const code = after.foul as FoulCode;
    const what = FOUL_TEXT[code] ?? after.foul.replace(/-/g, ' ');
    const rule = FOUL_RULE[code];
    // The title says what the foul was; the text goes on from there (other fouls of the same shot,
    // who has ball in hand) without repeating it.
    let text = reason;
    if (text.toLowerCase().startsWith(what.toLowerCase())) text = text.slice(what.length).replace(/^\s*(?:,|—|-)\s*/, '');
    return { kind: 'foul', title: `Foul: ${what}`, text: capitalise(text.trim()), why: rule ? `WPA world standardized rules ${rule}: ${capitalise(what)}.` : null };
  }
  const rackOver = before !== null && (after.rack > before.rack || sum(after.score) > sum(before.score));
  if (rackOver || /wins the rack|wins the match/.test(reason)) return { kind: 'rack', title: after.winner >= 0 ? 'Match over' : 'Rack over', text: reason, why: null };
  return null;
}

/** A ruling's reason without a leading "Foul:" (the banner title says it) and without rule numbers in parentheses. */
export function plainReason(reason: string): string {
  return reason.replace(/^\s*foul:\s*/i, '').replace(/\s*\((?:rule\s*)?\d+(?:\.\d+)*(?:\([a-z]\))?(?:,\s*\d+(?:\.\d+)*)*\)/gi, '').trim();
}

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);

/** What the viewer may do right now. Spectators and players waiting for the other get nothing. */
export type Allowed = {
  aim: boolean;
  /** Ball in hand: the cue ball may be dragged to a new spot (a press on it), besides shooting from where it is. */
  place: boolean;
  choose: string[];
  pushOut: boolean;
  /** The player's controls (spin, power) are shown at all. */
  controls: boolean;
  concede: boolean;
  chat: boolean;
};

export function allowed(v: {
  seat: number | null;
  hud: Pick<HudState, 'phase' | 'turn' | 'winner' | 'ballInHand' | 'options' | 'pushOutAvailable'> | null;
  animating: boolean;
  awaitingShot: boolean;
  cueOnTable: boolean;
}): Allowed {
  const none: Allowed = { aim: false, place: false, choose: [], pushOut: false, controls: false, concede: false, chat: v.seat !== null };
  const s = v.hud;
  if (!s || v.seat === null) return none;
  const seated = s.phase === 'playing' && s.winner < 0;
  const mine = seated && s.turn === v.seat && !v.animating;
  const choices = mine ? pendingChoices(s.options) : [];
  const shoot = mine && !v.awaitingShot && choices.length === 0 && v.cueOnTable;
  return {
    aim: shoot,
    place: shoot && !!s.ballInHand,
    choose: choices,
    pushOut: shoot && pushOutOffered(s.options, s.pushOutAvailable),
    controls: seated,
    concede: seated,
    chat: true,
  };
}
