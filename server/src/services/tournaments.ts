// Tournaments (issue 14): what hosts and players do to an event, and what the platform does for them.
// Postgres is the source of truth: the event row holds the shared Bracket JSON, and every change to an
// event locks that row first, so changes are serialised whichever process (REST, a match room's finish,
// the tournament room) makes them. The bracket logic itself is shared/brackets; this module maps
// accounts to participants, decides who may do what, and keeps rooms in step:
// - a match's finish advances the bracket inside the match's own finish transaction (onFinishHook),
//   so it happens exactly once, also when the finish is retried or replayed after a restart;
// - every ready bracket match gets one match room, made by the server with its two players' seats
//   reserved (pump: claim the match in a transaction, then create the room, then record its id);
// - after every committed change, a 'changed' message on the presence tells the event's live room.
import { matchMaker } from '@colyseus/core';
import {
  BracketError,
  correctResult,
  createBracket,
  displayRating,
  finalOutcome,
  isComplete,
  placements,
  readyMatches,
  reportResult,
  standings,
  startMatch,
  type Bracket,
  type BracketFormat,
  type BracketMatch,
  type GameKind,
  type RaceToInput,
  type ResultInput,
} from '@dojopool/shared';
import type { Transaction } from 'kysely';
import * as store from '../db/tournaments.ts';
import { findVenue } from '../db/venues.ts';
import type { Db } from '../db/index.ts';
import type { FinishInput, FinishResult } from '../db/matches.ts';
import type { Database } from '../db/schema.ts';
import type { TournamentFormat, TournamentStatus } from '../db/schema-tournaments.ts';
import { HttpError } from '../http/errors.ts';
import type { Logger } from '../log.ts';
import { asDependencyDown, outageLogFields } from './dependency-errors.ts';
import { withTicket } from './room-tickets.ts';
import { notify } from './social-live.ts';

export const TOURNAMENT_CHANNEL = 'dojopool:tournament-changed';
/** A match finished this way is a walkover (the absent player never took the seat). */
export const NO_SHOW_REASON = 'no-show';
const DELETED = 'deleted player';
/** A claimed match whose room was not recorded within this time is made again (its maker died). */
const STALE_CLAIM_MS = 30_000;

/** A refusal with an HTTP status and a code; REST answers it in the one error shape, rooms as `error`. */
export class TournamentError extends HttpError {
  constructor(status: number, code: string, message: string, fields?: Record<string, string>) {
    super(status, code, message, fields);
    this.name = 'TournamentError';
  }
}
const fail = (status: number, code: string, message: string): never => {
  throw new TournamentError(status, code, message);
};

export const FORMATS: Record<TournamentFormat, BracketFormat> = {
  single_elimination: 'single-elimination',
  double_elimination: 'double-elimination',
  round_robin: 'round-robin',
  groups_knockout: 'groups-knockout',
};

export type EventOptions = {
  raceTo: number | RaceToInput;
  thirdPlace: boolean;
  grandFinalReset: boolean;
  groups: number | null;
  advancePerGroup: number | null;
  seeding: 'rating' | 'manual';
};

export type CreateInput = {
  name: string;
  format: TournamentFormat;
  game: GameKind;
  maxPlayers: number;
  startsAt: Date | null;
  checkInMinutes: number | null;
  noShowS: number;
  rated: boolean;
  venueId: string | null;
  options: EventOptions;
};

export type Actor = { userId: string; roles: string[] };
/** The open room of a match a host just decided, and who lost it there. */
type Closing = { roomId: string; loserId: string | null };

type Deps = { db: Db; log: Logger };

function bracketOptions(o: EventOptions) {
  return {
    raceTo: o.raceTo,
    thirdPlace: o.thirdPlace,
    grandFinalReset: o.grandFinalReset,
    ...(o.groups !== null ? { groups: o.groups } : {}),
    ...(o.advancePerGroup !== null ? { advancePerGroup: o.advancePerGroup } : {}),
    seeding: o.seeding,
  };
}

function bracketError(e: unknown): never {
  if (e instanceof BracketError) {
    const status = ['unknown_match'].includes(e.code) ? 404 : ['bad_options', 'bad_participants', 'bad_winner', 'bad_score'].includes(e.code) ? 400 : 409;
    throw new TournamentError(status, e.code, e.message);
  }
  throw e;
}

const isHost = (t: store.TournamentRow, a: Actor) => t.host_id === a.userId || a.roles.includes('admin');

async function lockOwn(trx: Db, id: string, actor: Actor): Promise<store.TournamentRow> {
  const t = await store.lockTournament(trx, id);
  if (!t) fail(404, 'not_found', 'no such tournament');
  if (!isHost(t!, actor)) fail(403, 'not_host', 'only the host of this tournament may do that');
  return t!;
}

async function lockRunning(trx: Db, id: string, actor: Actor): Promise<{ t: store.TournamentRow; b: Bracket }> {
  const t = await lockOwn(trx, id, actor);
  if (t.status !== 'running' || !t.bracket) fail(409, t.status === 'finished' ? 'finished' : 'not_started', `the tournament is ${t.status}`);
  return { t, b: store.parseJson<Bracket>(t.bracket) };
}

export class TournamentService {
  constructor(private readonly deps: Deps) {}

  /**
   * A host decided a match whose room is open: nobody seated yet, the room closes; being played, the
   * loser (a disqualified player) forfeits it. The bracket already has the host's result.
   */
  private async closeDecidedRooms(rooms: Closing[], reason: string) {
    for (const r of rooms) {
      try {
        await matchMaker.remoteRoomCall(r.roomId, 'decidedByTournament', [r.loserId, reason]);
      } catch (err) {
        this.deps.log.warn({ err, roomId: r.roomId }, 'could not tell a decided match room');
      }
    }
  }

  private get db() {
    return this.deps.db;
  }

  // ---- hosts and players ------------------------------------------------------------------------

  async create(hostId: string, input: CreateInput): Promise<string> {
    // The options are checked by building the largest bracket they allow: a host learns at once that
    // four groups of a 6-player event cannot work, not when starting it.
    try {
      const field = Array.from({ length: input.maxPlayers }, (_, i) => ({ id: `p${i + 1}`, name: `p${i + 1}`, seed: i + 1 }));
      createBracket(FORMATS[input.format], field, { ...bracketOptions(input.options), seeding: 'manual' });
    } catch (e) {
      bracketError(e);
    }
    if (input.venueId && !(await findVenue(this.db, input.venueId)))
      throw new TournamentError(400, 'validation_failed', 'invalid venueId', { venueId: 'no such venue' });
    return store.insertTournament(this.db, { ...input, hostId, options: input.options as unknown as Record<string, unknown> });
  }

  async register(id: string, userId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const t = await store.lockTournament(trx, id);
      if (!t) fail(404, 'not_found', 'no such tournament');
      if (t!.status !== 'registering') fail(409, 'registration_closed', 'registration is closed: the tournament has started');
      const players = await store.tournamentPlayers(trx, id);
      if (players.some((p) => p.userId === userId)) fail(409, 'already_registered', 'you are already registered');
      if (players.length >= t!.max_players) fail(409, 'full', `the tournament is full (${t!.max_players} players)`);
      await store.insertPlayer(trx, id, userId);
    });
    await this.changed(id);
  }

  async unregister(id: string, userId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const t = await store.lockTournament(trx, id);
      if (!t) fail(404, 'not_found', 'no such tournament');
      if (t!.status !== 'registering') fail(409, 'registration_closed', 'the tournament has started: ask the host to withdraw you');
      if (!(await store.deletePlayer(trx, id, userId))) fail(404, 'not_registered', 'you are not registered');
    });
    await this.changed(id);
  }

  async checkIn(id: string, userId: string, now = new Date()): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const t = await store.lockTournament(trx, id);
      if (!t) fail(404, 'not_found', 'no such tournament');
      if (t!.status !== 'registering') fail(409, 'registration_closed', 'the tournament has started');
      if (t!.check_in_minutes === null) fail(409, 'no_check_in', 'this tournament has no check-in: registered players play');
      if (t!.starts_at && now.getTime() < new Date(t!.starts_at).getTime() - t!.check_in_minutes! * 60_000)
        fail(409, 'check_in_closed', `check-in opens ${t!.check_in_minutes} minutes before the start`);
      if (!(await store.updatePlayer(trx, id, userId, { checked_in: true }))) fail(404, 'not_registered', 'register before checking in');
    });
    await this.changed(id);
  }

  /** Fixes the field (checked-in players when there is a check-in), seeds it and creates the bracket. */
  async start(id: string, actor: Actor, seeds?: string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const t = await lockOwn(trx, id, actor);
      if (t.status !== 'registering') fail(409, 'already_started', `the tournament is ${t.status}`);
      const options = store.parseJson<EventOptions>(t.options);
      let players = await store.tournamentPlayers(trx, id);
      if (t.check_in_minutes !== null) players = players.filter((p) => p.checkedIn);
      if (players.length < 2) fail(409, 'too_few_players', `${players.length} player(s) ${t.check_in_minutes !== null ? 'checked in' : 'registered'}: at least 2 are needed`);
      let field: { id: string; name: string; rating?: number; seed?: number }[];
      if (options.seeding === 'manual') {
        const ids = new Set(players.map((p) => p.userId));
        if (!seeds || seeds.length !== ids.size || new Set(seeds).size !== seeds.length || seeds.some((s) => !ids.has(s)))
          throw new TournamentError(400, 'validation_failed', 'manual seeding: send seeds, every playing player id once, best first', { seeds: 'must list every playing player once' });
        field = seeds.map((s, i) => ({ id: s, name: players.find((p) => p.userId === s)!.username, seed: i + 1 }));
      } else {
        field = players.map((p) => ({ id: p.userId, name: p.username, rating: p.rating }));
      }
      let bracket: Bracket;
      try {
        bracket = createBracket(FORMATS[t.format], field, bracketOptions(options));
      } catch (e) {
        bracketError(e);
      }
      if (t.check_in_minutes !== null) await store.dropUncheckedPlayers(trx, id);
      for (const p of bracket!.participants) await store.updatePlayer(trx, id, p.id, { seed: p.seed });
      await store.markMatchesDone(trx, id, bracket!.matches.filter((m) => m.status === 'done').map((m) => m.id));
      await store.updateTournament(trx, id, { status: 'running', bracket: bracket!, started_at: new Date() });
      await store.insertAudit(trx, id, { by: actor.userId, action: 'start', reason: `${field.length} players` });
    });
    await this.pump(id);
    await this.ensureRoom(id);
  }

  async setPaused(id: string, actor: Actor, paused: boolean, reason: string | null): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const { t } = await lockRunning(trx, id, actor);
      if (t.paused === paused) fail(409, paused ? 'already_paused' : 'not_paused', paused ? 'the tournament is already paused' : 'the tournament is not paused');
      await store.updateTournament(trx, id, { paused });
      await store.insertAudit(trx, id, { by: actor.userId, action: paused ? 'pause' : 'resume', reason });
    });
    await this.pump(id);
  }

  /** The player's ready or live match and every later one becomes a walkover for the opponent. */
  async disqualify(id: string, actor: Actor, playerId: string, reason: string): Promise<void> {
    const closing = await this.db.transaction().execute(async (trx) => {
      const { t, b } = await lockRunning(trx, id, actor);
      if (!b.participants.some((p) => p.id === playerId)) fail(404, 'not_a_player', 'that account does not play in this tournament');
      if (!(await store.updatePlayer(trx, id, playerId, { disqualified: true }))) fail(404, 'not_a_player', 'that account does not play in this tournament');
      await store.insertAudit(trx, id, { by: actor.userId, action: 'disqualify', playerId, reason });
      return (await this.commitBracket(trx, t, b, null)).closing;
    });
    await this.closeDecidedRooms(closing, `disqualified by the host: ${reason}`);
    await this.pump(id);
  }

  /** A host's result: a walkover, a dispute settled, or a correction of a decided match. */
  async enterResult(id: string, actor: Actor, matchId: string, r: { winnerId: string; score?: [number, number]; walkover?: boolean; reason: string }): Promise<void> {
    const closing = await this.db.transaction().execute(async (trx) => {
      const { t, b } = await lockRunning(trx, id, actor);
      const m = b.matches.find((x) => x.id === matchId);
      if (!m) fail(404, 'unknown_match', `no match ${matchId} in this bracket`);
      const input: ResultInput = { winner: r.winnerId, ...(r.score ? { score: r.score } : {}), ...(r.walkover ? { walkover: true } : {}) };
      let next: Bracket;
      try {
        next = m!.status === 'done' ? correctResult(b, matchId, input) : reportResult(b, matchId, input);
      } catch (e) {
        bracketError(e);
      }
      await store.insertAudit(trx, id, { by: actor.userId, action: m!.status === 'done' ? 'correct_result' : 'enter_result', matchId, playerId: r.winnerId, reason: r.reason });
      return (await this.commitBracket(trx, t, next!, null)).closing;
    });
    await this.closeDecidedRooms(closing, `result entered by the host: ${r.reason}`);
    await this.pump(id);
  }

  // ---- results from match rooms (inside the match's finish / abort transaction) -------------------

  /** Lifecycle finish hook: the match's result advances the bracket in the same transaction. */
  readonly onFinish = async (trx: Transaction<Database>, f: FinishInput, result: FinishResult): Promise<void> => {
    const link = await linkOf(trx, f.matchId);
    if (!link) return;
    const t = await store.lockTournament(trx, link.tournamentId);
    if (!t || t.status !== 'running' || !t.bracket) return;
    const b = store.parseJson<Bracket>(t.bracket);
    const m = b.matches.find((x) => x.id === link.bracketMatchId);
    const winnerId = result.players.find((p) => p.seat === f.finished.winner)?.userId ?? null;
    if (!m || (m.status !== 'live' && m.status !== 'ready') || !winnerId) {
      // Decided meanwhile (a host's result, a disqualification): the room's result is kept with the
      // match, the bracket keeps the host's.
      await store.insertAudit(trx, t.id, { by: null, action: 'result_ignored', matchId: link.bracketMatchId, reason: `match ${f.matchId} finished after the bracket match was decided` });
      await store.moveMatchRoom(trx, t.id, link.bracketMatchId, ['creating', 'room', 'host', 'done'], { match_id: f.matchId });
      return;
    }
    const racks = (uid: string | null) => f.score[result.players.find((p) => p.userId === uid)?.seat ?? 0] ?? 0;
    const slotScore: [number, number] = [racks(m.slots[0].playerId), racks(m.slots[1].playerId)];
    const w = m.slots[0].playerId === winnerId ? 0 : 1;
    let input: ResultInput;
    if (f.finished.forfeit && f.reason.startsWith(NO_SHOW_REASON)) input = { winner: winnerId, walkover: true };
    else if (f.finished.forfeit) {
      // A concession (or leaving) gives the opponent the race: the racks still to play are conceded.
      input = { winner: winnerId, score: slotScore.map((r, i) => (i === w ? Math.max(r, m.raceTo) : Math.min(r, m.raceTo - 1))) as [number, number] };
    } else input = { winner: winnerId, score: slotScore };
    let next: Bracket;
    try {
      next = reportResult(b, m.id, input);
    } catch (e) {
      if (!(e instanceof BracketError)) throw e;
      // Never roll the match's own finish back over a bracket refusal: the host enters the result.
      this.deps.log.warn({ err: e, tournamentId: t.id, bracketMatchId: m.id }, 'bracket refused a match result');
      await store.insertAudit(trx, t.id, { by: null, action: 'result_refused', matchId: m.id, reason: e.message });
      await store.moveMatchRoom(trx, t.id, m.id, ['creating', 'room'], { state: 'host', room_id: null, match_id: f.matchId });
      return;
    }
    await store.moveMatchRoom(trx, t.id, m.id, ['creating', 'room', 'host'], { state: 'done', match_id: f.matchId });
    if (input.walkover) await store.insertAudit(trx, t.id, { by: null, action: 'walkover', matchId: m.id, playerId: winnerId, reason: f.reason });
    const { unlocked } = await this.commitBracket(trx, t, next, f.matchId);
    for (const u of unlocked) {
      const seat = result.players.find((p) => p.userId === u.userId)?.seat;
      const entry = result.achievements.find((a) => a.seat === seat);
      if (entry) entry.ids.push(...(u.ids as typeof entry.ids));
    }
  };

  /** Lifecycle abort hook: neither player showed (or came back): the host decides this match. */
  readonly onAbort = async (trx: Transaction<Database>, matchId: string, reason: string): Promise<void> => {
    const link = await linkOf(trx, matchId);
    if (!link) return;
    const t = await store.lockTournament(trx, link.tournamentId);
    if (!t || t.status !== 'running') return;
    if (await store.moveMatchRoom(trx, t.id, link.bracketMatchId, ['creating', 'room'], { state: 'host', room_id: null, match_id: matchId }))
      await store.insertAudit(trx, t.id, { by: null, action: 'match_aborted', matchId: link.bracketMatchId, reason });
  };

  /**
   * Stores a new bracket: decided matches of disqualified players' opponents first (walkovers, until
   * none is left), then the finished event and its champion's achievements. Returns what it unlocked,
   * and the open rooms of matches decided here (to tell once the transaction has committed).
   */
  private async commitBracket(trx: Db, t: store.TournamentRow, b: Bracket, matchId: string | null): Promise<{ unlocked: { userId: string; ids: string[] }[]; closing: Closing[] }> {
    const dq = new Set((await store.tournamentPlayers(trx, t.id)).filter((p) => p.disqualified).map((p) => p.userId));
    for (let changed = true; changed; ) {
      changed = false;
      for (const m of b.matches) {
        if (m.status !== 'ready' && m.status !== 'live') continue;
        const [a, c] = [m.slots[0].playerId!, m.slots[1].playerId!];
        if (!dq.has(a) && !dq.has(c)) continue;
        b = reportResult(b, m.id, { winner: dq.has(a) ? c : a, walkover: true });
        await store.insertAudit(trx, t.id, { by: null, action: 'walkover', matchId: m.id, playerId: dq.has(a) ? c : a, reason: 'opponent disqualified' });
        changed = true;
      }
    }
    const done = b.matches.filter((m) => m.status === 'done');
    // Rooms of matches decided here (a host's result, a disqualification) are told after the commit.
    const closing: Closing[] = [];
    for (const r of await store.matchRooms(trx, t.id)) {
      const m = done.find((x) => x.id === r.bracketMatchId);
      if (m && r.state === 'room' && r.roomId) closing.push({ roomId: r.roomId, loserId: m.result?.loserId ?? null });
    }
    await store.markMatchesDone(trx, t.id, done.map((m) => m.id));
    const unlocked: { userId: string; ids: string[] }[] = [];
    if (isComplete(b)) {
      const outcome = finalOutcome(b);
      const winnerId = outcome?.championId ?? placements(b)[0]?.playerId ?? null;
      await store.updateTournament(trx, t.id, { bracket: b, status: 'finished', winner_id: winnerId, finished_at: new Date() });
      if (outcome?.finalMatchId) {
        const ids = ['champion'];
        if (outcome.format === 'double-elimination' && !outcome.bracketReset && outcome.championLosses === 0) ids.push('undefeated-champion');
        const got = await store.grantAchievements(trx, outcome.championId, ids, matchId);
        if (got.length) unlocked.push({ userId: outcome.championId, ids: got });
      }
      await store.insertAudit(trx, t.id, { by: null, action: 'finish', playerId: winnerId });
    } else {
      await store.updateTournament(trx, t.id, { bracket: b });
    }
    return { unlocked, closing };
  }

  // ---- rooms --------------------------------------------------------------------------------------

  /**
   * Gives every ready bracket match its match room (once: the claim is a row inserted under the event's
   * lock), makes again the rooms whose maker died before recording them or that are gone with no live
   * match to restore, and tells the event's live room. Safe to call from anywhere, any number of times.
   */
  async pump(id: string): Promise<void> {
    try {
      const claims = await this.db.transaction().execute(async (trx) => {
        const t = await store.lockTournament(trx, id);
        if (!t || t.status !== 'running' || t.paused || !t.bracket) return [];
        let b = store.parseJson<Bracket>(t.bracket);
        const rows = new Map((await store.matchRooms(trx, id)).map((r) => [r.bracketMatchId, r]));
        const out: BracketMatch[] = [];
        for (const m of readyMatches(b)) {
          if (rows.has(m.id)) continue;
          b = startMatch(b, m.id);
          await store.insertMatchRoom(trx, id, m.id);
          out.push(m);
        }
        const now = Date.now();
        for (const r of rows.values()) {
          const m = b.matches.find((x) => x.id === r.bracketMatchId);
          if (!m || m.status !== 'live') continue;
          const stale = r.state === 'creating' && now - r.claimedAt.getTime() > STALE_CLAIM_MS;
          const gone = r.state === 'room' && r.roomId !== null && !(await roomExists(r.roomId)) && !(await store.liveMatchFor(trx, id, m.id));
          if ((stale || gone) && (await store.moveMatchRoom(trx, id, m.id, [r.state], { state: 'creating', room_id: null, claimed_at: new Date() }, r.roomId))) out.push(m);
        }
        if (out.length) await store.updateTournament(trx, id, { bracket: b });
        return out.map((m) => ({ m, t }));
      });
      for (const { m, t } of claims) await this.makeRoom(t, m);
    } catch (e) {
      // Retried by the live room's reconcile and by the next result; an outage is not our bug.
      if (asDependencyDown(e)) this.deps.log.warn({ ...outageLogFields(e), tournamentId: id }, 'could not start the ready tournament matches: dependency unavailable');
      else this.deps.log.error({ err: e, tournamentId: id }, 'could not start the ready tournament matches');
    }
    await this.changed(id);
  }

  private async makeRoom(t: store.TournamentRow, m: BracketMatch) {
    const reservedFor: [string, string] = [m.slots[0].playerId!, m.slots[1].playerId!];
    try {
      const room = await withTicket(
        matchMaker.presence,
        { kind: 'tournament', game: t.game as GameKind, raceTo: m.raceTo, reservedFor, tournament: { tournamentId: t.id, bracketMatchId: m.id }, rated: t.rated, noShowS: t.no_show_s },
        (ticket) => matchMaker.createRoom('match', { ticket }),
      );
      await store.moveMatchRoom(this.db, t.id, m.id, ['creating'], { state: 'room', room_id: room.roomId }, null);
      this.deps.log.info({ tournamentId: t.id, bracketMatchId: m.id, roomId: room.roomId }, 'tournament match room created');
      await this.notifyReady(t, m, room.roomId, reservedFor);
    } catch (e) {
      this.deps.log.error({ err: e, tournamentId: t.id, bracketMatchId: m.id }, 'could not create a tournament match room (retried later)');
    }
  }

  /**
   * Tells both players, on their per-user channel (the `me` room, and stored for later), that their
   * match has its table: a player who is not watching the event still hears it. Best effort: the
   * tournament room announces it too, and the room exists whatever happens here.
   */
  private async notifyReady(t: store.TournamentRow, m: BracketMatch, roomId: string, players: [string, string]) {
    try {
      const names = new Map((await store.tournamentPlayers(this.db, t.id)).map((p) => [p.userId, p.username]));
      for (const [i, uid] of players.entries()) {
        const opponent = players[1 - i]!;
        await notify(this.db, uid, 'tournament_match_ready', {
          tournamentId: t.id,
          tournamentName: t.name,
          matchId: m.id,
          roomId,
          round: m.round,
          raceTo: m.raceTo,
          opponent: { id: opponent, username: names.get(opponent) ?? DELETED },
        });
      }
    } catch (e) {
      this.deps.log.warn({ err: e, tournamentId: t.id, bracketMatchId: m.id }, 'could not notify the players of a ready match');
    }
  }

  /** Makes the event's live room unless it exists (on any process); the room reloads from the database. */
  async ensureRoom(id: string): Promise<void> {
    try {
      const found = await matchMaker.findOneRoomAvailable('tournament', { tournamentId: id });
      if (!found) await matchMaker.createRoom('tournament', { tournamentId: id });
    } catch (e) {
      this.deps.log.error({ err: e, tournamentId: id }, 'could not create the tournament room');
    }
  }

  /** After a restart: every running event gets its room back, and its matches theirs (pump). */
  async restore(): Promise<number> {
    const ids = await store.runningTournamentIds(this.db);
    for (const id of ids) {
      await this.pump(id);
      await this.ensureRoom(id);
    }
    if (ids.length) this.deps.log.info({ running: ids.length }, 'running tournaments restored');
    return ids.length;
  }

  /** Tells the event's live room (on whichever process) to reload from the database. */
  async changed(id: string): Promise<void> {
    // The change is committed whatever happens here: the room also reloads every few seconds.
    try {
      await matchMaker.presence.publish(TOURNAMENT_CHANNEL, { tournamentId: id });
    } catch (err) {
      this.deps.log.warn({ err, tournamentId: id }, 'could not publish tournament change');
    }
  }

  // ---- reads -----------------------------------------------------------------------------------------

  async list(o: { status?: TournamentStatus; limit: number; offset: number }) {
    const rows = await store.listTournaments(this.db, o);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      format: r.format,
      game: r.game,
      status: r.status,
      paused: r.paused,
      maxPlayers: r.max_players,
      players: r.players ?? 0,
      startsAt: r.starts_at ? new Date(r.starts_at).toISOString() : null,
      host: r.host_id ? { id: r.host_id, username: r.host_username ?? '' } : null,
      winnerId: r.winner_id,
    }));
  }

  /** The event as REST and the live room show it (see README "Tournaments"). */
  async view(id: string): Promise<TournamentView | null> {
    const t = await store.findTournament(this.db, id);
    if (!t) return null;
    const [players, rooms, audit] = await Promise.all([store.tournamentPlayers(this.db, id), store.matchRooms(this.db, id), store.auditTrail(this.db, id)]);
    const options = store.parseJson<EventOptions>(t.options);
    const b = t.bracket ? store.parseJson<Bracket>(t.bracket) : null;
    // Names are today's usernames; a participant whose account was erased since is "deleted player"
    // (the stored bracket keeps only the id that matters for the pairings).
    const names = new Map(players.map((p) => [p.userId, p.username]));
    const nameOf = (uid: string) => names.get(uid) ?? DELETED;
    const who = (uid: string | null) => (uid ? { id: uid, username: nameOf(uid) } : null);
    const byId = new Map(rooms.map((r) => [r.bracketMatchId, r]));
    return {
      id: t.id,
      name: t.name,
      format: t.format,
      game: t.game,
      raceTo: options.raceTo,
      status: t.status,
      paused: t.paused,
      hostId: t.host_id,
      maxPlayers: t.max_players,
      startsAt: t.starts_at ? new Date(t.starts_at).toISOString() : null,
      checkInMinutes: t.check_in_minutes,
      noShowS: t.no_show_s,
      rated: t.rated,
      venueId: t.venue_id,
      options: { thirdPlace: options.thirdPlace, grandFinalReset: options.grandFinalReset, groups: options.groups, advancePerGroup: options.advancePerGroup, seeding: options.seeding },
      players: players.map((p) => ({ id: p.userId, username: p.username, seed: p.seed, checkedIn: p.checkedIn, disqualified: p.disqualified })),
      matches: b ? b.matches.filter((m) => m.status !== 'skipped' && !m.slots.some((s) => s.bye)).map((m) => matchView(m, byId.get(m.id), who)) : [],
      standings: b ? standingsView(b) : null,
      winnerId: t.winner_id,
      audit,
      bracket: b && { ...b, participants: b.participants.map((p) => ({ ...p, name: nameOf(p.id), rating: p.rating === null ? null : displayRating(p.rating) })) },
    };
  }
}

export type TournamentView = Record<string, unknown> & { id: string; status: TournamentStatus; hostId: string | null; matches: MatchView[] };
export type MatchView = ReturnType<typeof matchView>;

const BRACKET_OF: Record<BracketMatch['section'], string> = {
  winners: 'winners',
  knockout: 'winners',
  losers: 'losers',
  'grand-final': 'final',
  'third-place': 'third_place',
  'round-robin': 'group',
  group: 'group',
};

function matchView(m: BracketMatch, row: store.MatchRoomRow | undefined, who: (uid: string | null) => { id: string; username: string } | null) {
  const status = m.status === 'done' ? 'finished' : m.status === 'live' ? 'live' : m.status;
  return {
    id: m.id,
    round: m.round,
    bracket: BRACKET_OF[m.section],
    group: m.group,
    raceTo: m.raceTo,
    players: [who(m.slots[0].playerId), who(m.slots[1].playerId)],
    status,
    roomId: status === 'live' ? (row?.roomId ?? null) : null,
    needsHost: status === 'live' && row?.state === 'host',
    matchId: row?.matchId ?? null,
    score: m.result?.score ?? null,
    winnerId: m.result?.winnerId ?? null,
    walkover: m.result?.outcome === 'walkover',
  };
}

function standingsView(b: Bracket) {
  const places = placements(b);
  if (b.format === 'round-robin') return { table: standings(b), placements: places };
  if (b.format === 'groups-knockout') return { groups: b.groups.map((g) => ({ group: g.group, name: g.name, table: standings(b, g.group) })), placements: places };
  return { placements: places };
}

async function linkOf(trx: Db, matchId: string): Promise<{ tournamentId: string; bracketMatchId: string } | null> {
  const row = await trx.selectFrom('matches').select(['settings', 'mode']).where('id', '=', matchId).executeTakeFirst();
  if (!row || row.mode !== 'tournament') return null;
  const link = (store.parseJson<Record<string, unknown>>(row.settings).tournament ?? null) as { tournamentId: string; bracketMatchId: string } | null;
  return link && typeof link.tournamentId === 'string' && typeof link.bracketMatchId === 'string' ? link : null;
}

async function roomExists(roomId: string): Promise<boolean> {
  try {
    return !!(await matchMaker.getRoomById(roomId));
  } catch {
    return false;
  }
}

