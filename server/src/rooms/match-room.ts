// The match room: two seats, a bounded number of read-only spectators, the server the only judge. A
// thin adapter: it checks who may do what (seat, turn, phase), hands every intent to the shared table
// engine (strike → simulate → summarize → judge → apply), mirrors the result into the synced state,
// broadcasts the shot so every client animates the same trajectory, and hands every write to the match
// lifecycle (services/match-lifecycle.ts), which stores it, finishes or aborts the match and announces it.
//
// What a client may ask for is parsed by shared parseJoinOptions (a whitelist: casual tables only).
// Ranked, tournament and restored rooms are made by the server with a single-use ticket
// (services/room-tickets.ts), so nothing internal can be forged from client options.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { CloseCode, matchMaker, Room, ServerError, type Client } from '@colyseus/core';
import {
  applyChoose,
  applyConcedeRack,
  applyForfeit,
  applyPlace,
  applyShot,
  applyTimeout,
  AIM_RELAY_MIN_MS,
  displayRating,
  finishedMatch,
  isGameKind,
  isRatedMatch,
  newTable,
  parseAim,
  parseChat,
  parseChoose,
  parsePlace,
  parseShot,
  ProtocolError,
  rackSeed,
  ROOM_LIMITS,
  type BotLevel,
  type ErrorCode,
  type ServerMessages,
  type ServerMessageType,
  type GameKind,
  type MatchMode,
  type Ruling,
  type Seat,
  type TableSnapshot,
  type ChatMessage,
  type LiveTableMetadata,
} from '@dojopool/shared';
import { MatchStateSchema, PlayerSchema } from '@dojopool/shared/state/match-state.ts';
import type { ShotRow } from '../db/matches.ts';
import type { Logger } from '../log.ts';
import { metrics } from '../metrics.ts';
import type { TournamentLink } from '../services/match-events.ts';
import type { MatchSettings, MatchWriter } from '../services/match-lifecycle.ts';
import { redeemTicket, type RoomSpec } from '../services/room-tickets.ts';
import { NO_SHOW_REASON } from '../services/tournaments.ts';
import { authenticateJoin, clientOptions, joinError, type MatchAuth } from './match-auth.ts';
import { NEVER_MS, pumpPatches, stopPumping } from './patch-pump.ts';
import { roomServices } from './room-services.ts';
import { enteredMatchRoom, leftRoom } from '../services/presence.ts';
import { shotMessage, syncMatchState } from './sync-state.ts';

export type { MatchAuth } from './match-auth.ts';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CHAT_LIMIT = { count: 5, windowMs: 10_000 };
const CHAT_HISTORY = 50;
/**
 * Colyseus refuses every new seat reservation (a player's rejoin included) once clients + pending
 * reservations reach maxClients, so maxClients is only a memory backstop far above what the room lets
 * in: onJoin enforces the two seats and the spectator cap itself, and spectators never take a seat.
 */
const RESERVATION_BACKSTOP = 1000;

export function privateCode(): string {
  const bytes = randomBytes(6);
  let s = '';
  for (const b of bytes) s += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return s;
}

const hashKey = (k: string) => createHash('sha256').update(k).digest('base64url');

function fail(code: ErrorCode, message: string): never {
  throw new ProtocolError(code, message);
}

type Seated = { userId: string | null; name: string; rating: number; keyHash: string; sessionId: string | null; computer?: BotLevel };
/** The level the computer plays at when quick play falls back to it. */
const QUICK_COMPUTER_LEVEL: BotLevel = 'casual';
const computerName = (level: BotLevel) => `Computer (${level})`;
type Opts = { game: GameKind; raceTo: number; shotClockS: number; reconnectS: number; breakRule: 'alternate' | 'winner'; callAllShots: boolean; private: boolean; quick: boolean };

export class MatchRoom extends Room<{ state: MatchStateSchema }> {
  override state = new MatchStateSchema();
  override maxClients = 2 + ROOM_LIMITS.spectators + RESERVATION_BACKSTOP;
  // State changes come in bursts (a shot, a choice) and each commit sends its patch at once (see
  // commit()); the periodic patch only carries the rest (connection flags, spectator count, a cue
  // ball being placed), at 10 Hz from the process's one patch pump (patch-pump.ts), not a timer per room.
  override patchRate = NEVER_MS;
  // A person's client sends aim at most 10 Hz and a stroke only after the balls have stopped; scripted
  // clients (tests, bots) may shoot as fast as the server answers, ~45 intents a second. A socket past
  // this is flooding and is cut (a drop: the seat is held for the reconnection window like any other).
  override maxMessagesPerSecond = 120;

  private log!: Logger;
  private writer!: MatchWriter;
  private matchId: string = randomUUID();
  private mode: MatchMode = 'casual';
  private tournament: TournamentLink | null = null;
  private rated = false;
  private snap: TableSnapshot | null = null;
  private seats: (Seated | null)[] = [null, null];
  private spectators = new Set<string>();
  private opts!: Opts;
  private reservedFor: [string, string] | null = null;
  private finishing = false;
  private patchScheduled = false;
  private clockTimer: { clear(): void } | null = null;
  /** What was left on the clock of the player to act when it was paused (they dropped); null: a fresh clock. */
  private clockLeftMs: number | null = null;
  /** The cue ball placed with ball in hand and not yet stored: stored once, with the stroke that follows. */
  private pendingPlace: { seat: Seat; rack: number; intent: { x: number; y: number }; snapshot: TableSnapshot } | null = null;
  private lastAim = new Map<string, number>();
  private chatTimes = new Map<string, number[]>();
  /** The last CHAT_HISTORY chat lines, sent to whoever joins so a reload keeps the conversation. */
  private chatHistory: ChatMessage[] = [];
  /** Whether the live-tables listing shows this table: every table but a private one a player made. */
  private listed = true;
  private restoreTimer: { clear(): void } | null = null;
  /** Tournament rooms: the reserved seats must be taken within this, or the absent player loses by walkover. */
  private noShowTimer: { clear(): void } | null = null;
  /** The seat the server's computer player holds (services/computer-player.ts), if any. */
  private computer: { seat: Seat; level: BotLevel } | null = null;
  /** The table (its seq) the computer is acting on, so one table gets one decision. */
  private computerFor = -1;
  private computerTimer: { clear(): void } | null = null;
  /** Quick play: the countdown to the computer taking the empty seat. */
  private quickTimer: { clear(): void } | null = null;

  /** Sends one client a message whose shape shared/protocol defines (checked at compile time). */
  private tell<T extends ServerMessageType>(client: Client, type: T, message: ServerMessages[T]): void {
    client.send(type, message);
  }

  /** Broadcasts a message whose shape shared/protocol defines. */
  private announce<T extends ServerMessageType>(type: T, message: ServerMessages[T], options?: { except?: Client }): void {
    this.broadcast(type, message, options);
  }

  static override async onAuth(token: string | undefined, options: unknown): Promise<MatchAuth> {
    return authenticateJoin(token, options);
  }

  override async onCreate(options: unknown) {
    pumpPatches(this); // a table refused here is disposed by Colyseus all the same, and onDispose stops it
    const services = roomServices();
    this.log = services.log.child({ room: 'match', roomId: this.roomId });
    const raw = (options ?? {}) as Record<string, unknown>;
    let spec: RoomSpec | null = null;
    if (raw.ticket !== undefined) {
      spec = await redeemTicket(matchMaker.presence, raw.ticket);
      if (!spec) throw joinError(403, 'bad_options', 'this table cannot be created from these options');
    }
    if (spec?.kind === 'restore') {
      await this.restore(spec.matchId);
      this.registerHandlers();
      return;
    }
    const o = spec ? null : clientOptions(options);
    const game = spec ? spec.game : (o!.game ?? '8ball');
    if (!isGameKind(game)) throw joinError(400, 'bad_options', 'unknown game');
    this.mode = spec ? spec.kind : 'casual';
    this.tournament = spec?.kind === 'tournament' ? spec.tournament : null;
    const vsComputer = o?.opponent === 'computer';
    this.rated = isRatedMatch(this.mode, spec?.kind === 'tournament' && spec.rated, vsComputer);
    this.reservedFor = spec ? spec.reservedFor : null;
    this.opts = {
      game,
      raceTo: spec ? spec.raceTo : (o!.raceTo ?? 1),
      shotClockS: o?.shotClockS ?? services.config.SHOT_CLOCK_S,
      reconnectS: o?.reconnectS ?? services.config.RECONNECT_WINDOW_S,
      breakRule: o?.breakRule ?? 'alternate',
      callAllShots: o?.callAllShots === true,
      private: !!spec || o!.private === true || vsComputer,
      quick: o?.quick === true,
    };
    if (o?.private) {
      this.roomId = privateCode();
      this.state.privateCode = this.roomId;
    }
    this.log = services.log.child({ room: 'match', roomId: this.roomId, matchId: this.matchId });
    this.writer = services.lifecycle.writer(this.matchId, this.log);
    if (this.opts.private) await this.setPrivate(true);
    this.listed = !(o?.private === true);
    await this.publishListing();
    Object.assign(this.state, { matchId: this.matchId, game, mode: this.mode, raceTo: this.opts.raceTo, shotClockS: this.opts.shotClockS, phase: 'waiting' });
    this.state.score.push(0, 0);
    if (vsComputer) this.seatComputer(1, o!.level ?? 'casual');
    this.registerHandlers();
    if (spec?.kind === 'tournament') {
      this.noShowTimer = this.clock.setTimeout(() => void this.onNoShow(spec.noShowS), spec.noShowS * 1000);
      // Colyseus disposes an empty room after any refused join (a stranger, a spectator who left): a
      // tournament table waits for its reserved players until the no-show timer decides.
      this.autoDispose = false;
    }
    this.log.info({ game, mode: this.mode, raceTo: this.opts.raceTo, private: this.opts.private, computer: this.computer?.level }, 'match room created');
  }

  /**
   * The tournament host decided this table's bracket match (a disqualification, a result entered by
   * hand); called by the tournament service through remoteRoomCall. Nobody has played: the table
   * closes. Being played: the loser the host named forfeits (the bracket keeps the host's result).
   */
  decidedByTournament(loserId: string | null, reason: string) {
    if (this.mode !== 'tournament') return;
    if (this.state.phase === 'waiting') {
      this.noShowTimer?.clear();
      this.noShowTimer = null;
      this.state.phase = 'finished';
      this.state.reason = reason;
      this.announce('closed', { reason });
      void this.disconnect();
      return;
    }
    const seat = this.seats.findIndex((s) => s && loserId && s.userId === loserId);
    if (this.state.phase === 'playing' && seat !== -1) this.act(seat as Seat, 'forfeit', { host: true }, reason);
  }

  /**
   * A tournament table whose reserved seats were not both taken in time. One player is there: the
   * match is stored with the absent player in the other seat and that player forfeits it (reason
   * NO_SHOW_REASON: the bracket records a walkover; nobody's rating changes, no rack was played).
   * Nobody is there: the match is stored and closed without a result, and the host decides.
   */
  private async onNoShow(noShowS: number) {
    this.noShowTimer = null;
    if (this.state.phase !== 'waiting' || !this.reservedFor) return;
    const present = this.seats.filter((s) => s !== null).map((s) => s!.userId);
    const absent = this.reservedFor.filter((u) => !present.includes(u));
    const rows = await roomServices()
      .database.db.selectFrom('users')
      .select(['id', 'username', 'display_name', 'rating'])
      .where('id', 'in', absent)
      .execute()
      .catch(() => []);
    if (this.state.phase !== 'waiting') return; // both arrived meanwhile
    const now = this.seats.filter((x) => x !== null).map((x) => x!.userId);
    if (now.length !== present.length || now.some((u) => !present.includes(u))) {
      // Someone sat down or left while the names were read: decide again on what is there now.
      this.noShowTimer = this.clock.setTimeout(() => void this.onNoShow(noShowS), 0);
      return;
    }
    for (const uid of absent) {
      const u = rows.find((r) => r.id === uid);
      const seat = this.seats[0] === null ? 0 : 1;
      this.seats[seat] = { userId: uid, name: u?.display_name || u?.username || 'absent player', rating: u?.rating ?? 0, keyHash: '', sessionId: null };
      while (this.state.players.length < 2) this.state.players.push(new PlayerSchema());
      Object.assign(this.state.players[seat], { userId: uid, name: this.seats[seat]!.name, connected: false, rating: u ? displayRating(u.rating) : 0 });
    }
    this.rated = false;
    const names = absent.map((uid) => this.seats.find((s) => s?.userId === uid)!.name).join(' and ');
    this.log.info({ absent, noShowS }, 'reserved seat(s) not taken in time');
    await this.startMatch();
    if (absent.length === 1) {
      const seat = this.seats.findIndex((s) => s?.userId === absent[0]) as Seat;
      this.act(seat, 'forfeit', { noShow: true }, `${NO_SHOW_REASON}: ${names} did not take the seat within ${noShowS} s (walkover)`);
      return;
    }
    const reason = `${NO_SHOW_REASON}: neither ${names} took a seat within ${noShowS} s: match closed without a result`;
    this.stopTimer();
    this.state.phase = 'finished';
    this.state.reason = reason;
    this.state.shotClock = 0;
    this.autoDispose = false;
    this.writer
      .abort(reason, { roomId: this.roomId, game: this.opts.game, mode: this.mode, tournament: this.tournament, players: this.seats.map((s, i) => ({ seat: i as Seat, userId: s!.userId, name: s!.name })) })
      .catch(() => {})
      .finally(() => {
        this.autoDispose = true;
        if (this.clients.length === 0) void this.disconnect();
      });
  }

  private registerHandlers() {
    const refuse = (client: Client, type: string, e: unknown) => {
      if (e instanceof ProtocolError) this.tell(client, 'error', { code: e.code, message: e.message, intent: type });
      else {
        this.log.error({ err: e, intent: type }, 'intent failed');
        this.tell(client, 'error', { code: 'bad_message', message: 'the server could not handle that message', intent: type });
      }
    };
    // Synchronous unless the handler is not: the aim (most of all messages) costs no promise and no
    // microtask on its way through.
    const guard = (type: string, fn: (client: Client, msg: unknown) => void | Promise<void>) =>
      this.onMessage(type, (client, msg) => {
        try {
          const r = fn(client, msg);
          if (r) r.catch((e) => refuse(client, type, e));
        } catch (e) {
          refuse(client, type, e);
        }
      });
    guard('shot', (c, m) => this.onShot(c, m));
    guard('place', (c, m) => this.onPlace(c, m));
    guard('choose', (c, m) => this.onChoose(c, m));
    guard('concede', (c, m) => this.onConcede(c, m));
    guard('aim', (c, m) => this.onAim(c, m));
    guard('chat', (c, m) => this.onChat(c, m));
    this.onMessage('*', (client, type) => {
      this.tell(client, 'error', { code: 'bad_message', message: `unknown message type ${JSON.stringify(String(type)).slice(0, 40)}`, intent: String(type) });
    });
  }

  // ---- joining, seats, reconnection ----------------------------------------------------------

  override onJoin(client: Client, options: unknown) {
    const auth = client.auth as MatchAuth;
    // Server-made reservations (the ranked queue) pass no options; a client's are parsed by the whitelist.
    const o = clientOptions(options);
    if (o.spectate) {
      if (this.spectators.size >= ROOM_LIMITS.spectators) throw joinError(409, 'spectators_full', `this table has its ${ROOM_LIMITS.spectators} spectators: try again later`);
      this.spectators.add(client.sessionId);
      this.state.spectators = this.spectators.size;
      this.tell(client, 'welcome', { role: 'spectator', matchId: this.matchId, serverNow: Date.now() });
      enteredMatchRoom({ db: roomServices().database.db, log: this.log }, auth.userId, this.roomId, this.matchId, 'spectator');
      this.tellChatHistory(client);
      return;
    }
    // Taking a seat back: an account by its user id, a guest by the seat key it was given. This also
    // takes the seat over from a socket the server still thinks is alive (a reload that was quicker
    // than the drop): the old socket is closed and loses nothing.
    const keyHash = o.seatKey ? hashKey(o.seatKey) : null;
    for (const seat of [0, 1] as const) {
      const s = this.seats[seat];
      if (!s) continue;
      if ((auth.userId && s.userId === auth.userId) || (keyHash && s.keyHash === keyHash)) {
        const previous = s.sessionId ? this.clients.getById(s.sessionId) : undefined;
        if (previous && previous.sessionId !== client.sessionId) {
          (previous as any).userData = { seat: null, replaced: true };
          previous.leave(4009, 'the seat was taken over by a new connection');
        }
        this.seatClient(client, seat, null);
        return;
      }
    }
    if (o.seatKey && this.state.phase !== 'waiting') throw joinError(403, 'bad_seat_key', 'that seat key does not match a seat at this table');
    if (this.state.phase !== 'waiting') throw joinError(409, 'table_full', 'both seats are taken: join with spectate: true to watch');
    if (this.reservedFor) {
      if (!auth.userId) throw joinError(401, 'needs_account', 'this table is for the paired accounts: log in');
      if (!this.reservedFor.includes(auth.userId)) throw joinError(403, 'reserved', 'this table is reserved for the players the matchmaker paired');
    }
    const seat = this.seats[0] === null ? 0 : this.seats[1] === null ? 1 : -1;
    if (seat === -1) throw joinError(409, 'table_full', 'both seats are taken: join with spectate: true to watch');
    const seatKey = randomBytes(18).toString('base64url');
    this.seats[seat] = { userId: auth.userId, name: auth.name, rating: auth.rating, keyHash: hashKey(seatKey), sessionId: null };
    this.seatClient(client, seat as Seat, seatKey);
    if (this.seats[0] && this.seats[1]) {
      this.stopQuickCountdown();
      void this.startMatch();
    } else {
      void this.publishListing();
      this.startQuickCountdown();
    }
  }

  // ---- the computer player ---------------------------------------------------------------------

  /** The computer takes `seat`: it never connects, leaves or drops; its moves come from the worker. */
  private seatComputer(seat: Seat, level: BotLevel) {
    this.computer = { seat, level };
    this.seats[seat] = { userId: null, name: computerName(level), rating: 0, keyHash: '', sessionId: null, computer: level };
    while (this.state.players.length < 2) this.state.players.push(new PlayerSchema());
    Object.assign(this.state.players[seat], { userId: '', name: computerName(level), rating: 0, connected: true, computer: level });
  }

  /**
   * Quick play (never ranked: ranked tables are made by the queue, not quick play): a lone player sees a
   * countdown (state.computerAt and a 'computer_countdown' message) after which the computer takes the
   * empty seat. A second person sitting down first, or the lone player leaving, cancels it.
   */
  private startQuickCountdown() {
    const waitS = roomServices().config.COMPUTER_QUICK_WAIT_S;
    if (!this.opts.quick || this.mode !== 'casual' || this.computer || waitS <= 0 || this.quickTimer) return;
    const at = Date.now() + waitS * 1000;
    this.state.computerAt = at;
    this.announce('computer_countdown', { at, seconds: waitS, level: QUICK_COMPUTER_LEVEL });
    this.quickTimer = this.clock.setTimeout(() => this.onQuickCountdownOver(), waitS * 1000);
    this.log.info({ waitS }, 'quick play: the computer joins unless someone does first');
  }

  private stopQuickCountdown() {
    this.quickTimer?.clear();
    this.quickTimer = null;
    this.state.computerAt = 0;
  }

  private onQuickCountdownOver() {
    this.quickTimer = null;
    this.state.computerAt = 0;
    if (this.state.phase !== 'waiting') return;
    const free = this.seats[0] === null ? 0 : this.seats[1] === null ? 1 : -1;
    if (free === -1 || !this.seats[free === 0 ? 1 : 0]) return; // full, or nobody left to play
    this.seatComputer(free as Seat, QUICK_COMPUTER_LEVEL);
    this.log.info({ level: QUICK_COMPUTER_LEVEL }, 'quick play: nobody came, the computer takes the seat');
    void this.startMatch();
  }

  /**
   * When the computer is to act: after the last shot's balls have stopped (clients are animating it)
   * and a short pause, it asks the worker for a decision and plays it through the same paths as a
   * person's intents. The table may move on meanwhile (a time foul, a concession): then the decision
   * is dropped. Its shot clock runs like anyone's, so a computer that never answers is time-fouled.
   */
  private scheduleComputer(afterS = 0) {
    const c = this.computer;
    if (!c || !this.snap || this.state.phase !== 'playing' || this.snap.match.winner !== null || this.toAct() !== c.seat) return;
    const seq = this.snap.seq;
    if (this.computerFor === seq) return;
    this.computerFor = seq;
    const { config } = roomServices();
    const waitMs = (config.COMPUTER_WAITS_FOR_BALLS ? afterS * 1000 : 0) + config.COMPUTER_PAUSE_MS;
    this.computerTimer?.clear();
    this.computerTimer = this.clock.setTimeout(() => void this.computerMove(seq), waitMs);
  }

  private async computerMove(seq: number) {
    this.computerTimer = null;
    const c = this.computer!;
    if (!this.snap || this.snap.seq !== seq || this.state.phase !== 'playing' || this.toAct() !== c.seat) return;
    const { decision, ms, inline } = await roomServices().computer.decide(this.snap, c.seat, c.level, rackSeed(this.matchId, seq));
    if (!this.snap || this.snap.seq !== seq || this.state.phase !== 'playing' || this.toAct() !== c.seat) return;
    try {
      if (decision.choose !== undefined) this.choose(c.seat, decision.choose);
      else {
        if (decision.place) this.place(c.seat, decision.place.x, decision.place.y);
        if (decision.shot) {
          this.announce('aim', { seat: c.seat, angle: decision.shot.angle });
          this.shoot(c.seat, parseShot(decision.shot));
        }
      }
      this.log.debug({ level: c.level, thinkMs: Math.round(ms * 100) / 100, inline }, 'computer moved');
    } catch (e) {
      // Never expected (the chooser only returns what the engine accepts); the shot clock covers it.
      this.log.error({ err: e, decision }, 'the computer player\'s move was refused');
    }
  }

  private seatClient(client: Client, seat: Seat, seatKey: string | null) {
    const s = this.seats[seat]!;
    s.sessionId = client.sessionId;
    (client as any).userData = { seat };
    while (this.state.players.length < 2) this.state.players.push(new PlayerSchema());
    const p = this.state.players[seat];
    p.userId = s.userId ?? '';
    p.name = s.name;
    p.rating = s.userId ? displayRating(s.rating) : 0;
    p.connected = true;
    // The seat key is private to this client: it lets a guest take the seat back after a reload or a restart.
    this.tell(client, 'welcome', { role: 'player', seat, matchId: this.matchId, serverNow: Date.now(), ...(seatKey ? { seatKey } : {}) });
    enteredMatchRoom({ db: roomServices().database.db, log: this.log }, s.userId, this.roomId, this.matchId, 'player');
    this.tellChatHistory(client);
    this.onSeatBack();
  }

  private seatOf(client: Client): Seat | null {
    const s = (client as any).userData?.seat;
    return s === 0 || s === 1 ? s : null;
  }

  override async onDrop(client: Client) {
    const seat = this.seatOf(client);
    if (seat === null) {
      this.dropSpectator(client);
      return;
    }
    if (this.state.phase === 'finished' || this.seats[seat]?.sessionId !== client.sessionId) return;
    this.state.players[seat].connected = false;
    this.seats[seat]!.sessionId = null;
    this.log.info({ seat, windowS: this.opts.reconnectS }, 'player dropped; holding the seat');
    if (this.toAct() === seat) this.pauseClock();
    try {
      await this.allowReconnection(client, this.opts.reconnectS);
    } catch {
      this.onReconnectionWindowPassed(seat);
    }
  }

  override onReconnect(client: Client) {
    const seat = this.seatOf(client);
    if (seat === null) return;
    this.seats[seat]!.sessionId = client.sessionId;
    this.state.players[seat].connected = true;
    this.log.info({ seat }, 'player reconnected');
    this.onSeatBack();
  }

  override onLeave(client: Client, code?: number) {
    const uid = (client.auth as MatchAuth | undefined)?.userId ?? null; // presence: cleared unless the account is still here on another socket
    if (!this.clients.some((c) => c.sessionId !== client.sessionId && (c.auth as MatchAuth | undefined)?.userId === uid)) leftRoom({ db: roomServices().database.db, log: this.log }, uid, this.roomId);
    const seat = this.seatOf(client);
    if (seat === null) {
      this.dropSpectator(client);
      return;
    }
    if (this.seats[seat]?.sessionId !== client.sessionId) return; // a socket that no longer holds the seat
    if (this.state.phase === 'waiting') return this.openSeat(seat);
    if (this.state.phase === 'playing' && code === CloseCode.CONSENTED && !roomServices().draining()) {
      this.state.players[seat].connected = false;
      this.seats[seat]!.sessionId = null;
      this.act(seat, 'forfeit', {}, `${this.seats[seat]!.name} left the table and forfeits the match`);
    }
  }

  /** Nobody has played yet: a seat whose player left simply opens again. */
  private openSeat(seat: Seat) {
    if (this.computer?.seat === seat) return;
    this.seats[seat] = null;
    if (!this.seats[0] && !this.seats[1]) this.stopQuickCountdown();
    this.state.players[seat].connected = false;
    this.state.players[seat].name = '';
    this.state.players[seat].userId = '';
    void this.publishListing();
  }

  private dropSpectator(client: Client) {
    if (this.spectators.delete(client.sessionId)) this.state.spectators = this.spectators.size;
  }

  /**
   * The reconnection wait for a dropped socket ran out. A seat taken back meanwhile by joining again
   * (a reload: joinById with the seat key or the account's token) is never forfeited.
   */
  private onReconnectionWindowPassed(seat: Seat) {
    if (this.computer?.seat === seat) return; // the computer never leaves
    if (!this.seats[seat] || this.seats[seat]!.sessionId) return; // taken back another way (or opened)
    if (this.state.phase === 'waiting') return this.openSeat(seat);
    if (this.state.phase !== 'playing' || !this.snap) return;
    // A server going down drops every client: that is nobody's forfeit. The match stays live in the
    // database and the restarted server restores it for both players to rejoin.
    if (roomServices().draining()) return;
    this.log.info({ seat }, 'reconnection window passed: forfeit');
    this.act(seat, 'forfeit', {}, `${this.seats[seat]!.name} did not come back in time and forfeits the match`);
  }

  // ---- the match ----------------------------------------------------------------------------

  private async startMatch() {
    this.noShowTimer?.clear();
    this.noShowTimer = null;
    if (this.mode === 'tournament') this.autoDispose = true;
    const players: [string, string] = [this.seats[0]!.name, this.seats[1]!.name];
    this.snap = newTable({ matchId: this.matchId, game: this.opts.game, players, raceTo: this.opts.raceTo, breakRule: this.opts.breakRule, callAllShots: this.opts.callAllShots });
    this.state.phase = 'playing';
    const { lifecycle } = roomServices();
    // Queued first, before anything awaits: an intent handled meanwhile appends behind its match row.
    this.writer
      .create({
        id: this.matchId,
        game: this.opts.game,
        mode: this.mode,
        raceTo: this.opts.raceTo,
        roomId: this.roomId,
        privateCode: this.state.privateCode || null,
        settings: {
          owner: lifecycle.owner,
          tableSize: this.snap.tableSize,
          shotClockS: this.opts.shotClockS,
          reconnectS: this.opts.reconnectS,
          breakRule: this.opts.breakRule,
          callAllShots: this.opts.callAllShots,
          seatKeys: this.seats.map((s) => s!.keyHash),
          tournament: this.tournament,
          tournamentRated: this.mode === 'tournament' && this.rated,
          computer: this.computer,
        },
        players: this.seats.map((s, i) => ({ seat: i as Seat, userId: s!.userId, name: s!.name, computer: s!.computer ?? null })),
        opening: this.snap,
      })
      .catch(() => {});
    this.syncState(null);
    this.armClock();
    this.scheduleComputer();
    this.announce('started', { matchId: this.matchId, players, breaker: this.snap.match.current.turn });
    this.log.info({ players }, 'match started');
    await this.setPrivate(true); // a full table leaves quick matchmaking; spectators still join by id
    await this.publishListing();
  }

  private requireSeat(client: Client): Seat {
    if (this.spectators.has(client.sessionId)) fail('spectator', 'spectators watch read-only');
    const seat = this.seatOf(client);
    if (seat === null) fail('not_seated', 'you have no seat at this table');
    if (this.state.phase !== 'playing' || !this.snap) fail('wrong_phase', this.state.phase === 'waiting' ? 'the match has not started: waiting for an opponent' : 'the match is over');
    return seat;
  }

  private onShot(client: Client, msg: unknown) {
    const seat = this.requireSeat(client);
    this.shoot(seat, parseShot(msg));
  }

  private shoot(seat: Seat, intent: ReturnType<typeof parseShot>) {
    const t0 = performance.now();
    const out = applyShot(this.snap!, seat, intent);
    const ms = performance.now() - t0;
    metrics.shotSeconds.observe(ms / 1000);
    const message = shotMessage(seat, out);
    this.announce('shot', message);
    this.commit(seat, 'shot', intent, out.snapshot, out.ruling, out.summary, out.result.duration);
    this.log.debug({ seat, seq: message.seq, simMs: Math.round(ms * 100) / 100 }, 'shot');
  }

  /**
   * Ball in hand: the cue ball may be moved as often as the player likes before the stroke, but a move
   * costs neither a database row nor a broadcast: the state changes (the periodic patch shows it) and
   * only the last placement is stored, right before the action that follows it.
   */
  private onPlace(client: Client, msg: unknown) {
    const seat = this.requireSeat(client);
    const { x, y } = parsePlace(msg);
    this.place(seat, x, y);
  }

  private place(seat: Seat, x: number, y: number) {
    const snapshot = applyPlace(this.snap!, seat, x, y);
    this.pendingPlace = { seat, rack: this.snap!.match.rack, intent: { x, y }, snapshot };
    this.snap = snapshot;
    this.syncState(null);
  }

  private onChoose(client: Client, msg: unknown) {
    const seat = this.requireSeat(client);
    this.choose(seat, parseChoose(msg).option);
  }

  private choose(seat: Seat, option: string) {
    const out = applyChoose(this.snap!, seat, option);
    this.commit(seat, 'choose', { option }, out.snapshot, out.ruling, null, 0);
  }

  private onConcede(client: Client, msg: unknown) {
    const seat = this.requireSeat(client);
    const scope = msg && typeof msg === 'object' && (msg as any).scope === 'rack' ? 'rack' : 'match';
    if (scope === 'rack') {
      const out = applyConcedeRack(this.snap!, seat);
      this.commit(seat, 'concede', { scope }, out.snapshot, out.ruling, null, 0);
    } else {
      this.act(seat, 'concede', { scope }, `${this.seats[seat]!.name} concedes the match`);
    }
  }

  private onAim(client: Client, msg: unknown) {
    const seat = this.requireSeat(client);
    if (this.snap!.match.current.turn !== seat) fail('not_your_turn', 'only the player to shoot can aim');
    const aim = parseAim(msg);
    const now = Date.now();
    // One relayed frame per batch (shared/protocol/aim.ts); a client batching faster than the protocol
    // says loses the extra batches, so a flood of aims costs the others nothing.
    if (now - (this.lastAim.get(client.sessionId) ?? 0) < AIM_RELAY_MIN_MS) return;
    this.lastAim.set(client.sessionId, now);
    this.announce('aim', aim.trail ? { seat, angle: aim.angle, trail: aim.trail } : { seat, angle: aim.angle }, { except: client });
  }

  private onChat(client: Client, msg: unknown) {
    if (this.spectators.has(client.sessionId)) fail('spectator', 'spectators watch read-only');
    const seat = this.seatOf(client);
    if (seat === null) fail('not_seated', 'you have no seat at this table');
    const { text } = parseChat(msg);
    const now = Date.now();
    const times = (this.chatTimes.get(client.sessionId) ?? []).filter((t) => now - t < CHAT_LIMIT.windowMs);
    if (times.length >= CHAT_LIMIT.count) fail('rate_limited', `at most ${CHAT_LIMIT.count} chat messages per ${CHAT_LIMIT.windowMs / 1000} s`);
    times.push(now);
    this.chatTimes.set(client.sessionId, times);
    const line: ChatMessage = { seat, name: this.seats[seat]!.name, text, at: now };
    this.chatHistory.push(line);
    if (this.chatHistory.length > CHAT_HISTORY) this.chatHistory.shift();
    this.announce('chat', line);
  }

  private tellChatHistory(client: Client) {
    for (const line of this.chatHistory) this.tell(client, 'chat', line);
  }

  /**
   * The matchmaker's listing of this table (GET /api/live-tables reads it on every process): who sits,
   * their ratings, the score. A full table is private (out of quick matchmaking), so the listing, not
   * the private flag, says whether it is shown.
   */
  private async publishListing() {
    const players = this.seats.map((s) => (s ? { name: s.name, rating: s.userId ? displayRating(s.rating) : null } : null));
    const listing: LiveTableMetadata = {
      game: this.opts.game,
      mode: this.mode,
      raceTo: this.opts.raceTo,
      quick: this.opts.quick,
      seatsOpen: this.seats.filter((s) => !s).length,
      listed: this.listed,
      phase: this.state.phase === 'playing' ? 'playing' : this.state.phase === 'finished' ? 'finished' : 'waiting',
      players,
      score: this.snap ? [this.snap.match.score[0] ?? 0, this.snap.match.score[1] ?? 0] : [0, 0],
    };
    await this.setMetadata(listing as any);
  }

  /** A whole-match forfeit (concession, leaving, gone past the reconnection window). */
  private act(seat: Seat, kind: 'forfeit' | 'concede', intent: object, reason: string) {
    if (!this.snap || this.snap.match.winner !== null) return;
    this.commit(seat, kind, intent, applyForfeit(this.snap, seat), null, null, 0, reason);
  }

  /** Adopts a new snapshot: mirror to state, persist the action, re-arm the clock, finish if decided. */
  private commit(seat: Seat, kind: ShotRow['kind'], intent: unknown, snapshot: TableSnapshot, ruling: Ruling | null, summary: unknown, durationS: number, reason?: string) {
    const rack = this.snap!.match.rack;
    if (this.pendingPlace) {
      const p = this.pendingPlace;
      this.pendingPlace = null;
      this.writer.append({ seq: p.snapshot.seq, rack: p.rack, seat: p.seat, kind: 'place', intent: p.intent, summary: null, ruling: null, balls: p.snapshot.balls, snapshot: p.snapshot }).catch(() => {});
    }
    const scoreBefore = this.snap!.match.score.join();
    this.snap = snapshot;
    this.syncState(ruling, reason);
    this.schedulePatch();
    if (snapshot.match.score.join() !== scoreBefore || snapshot.match.winner !== null) void this.publishListing();
    this.writer.append({ seq: snapshot.seq, rack, seat, kind, intent, summary, ruling, balls: snapshot.balls, snapshot }).catch(() => {});
    if (snapshot.match.winner !== null) void this.finish(reason ?? ruling?.reason ?? '');
    else {
      this.armClock(durationS);
      this.scheduleComputer(durationS);
    }
  }

  /**
   * Sends the patch as soon as the current handler is done, so the new table reaches every client right
   * behind the shot broadcast. Deferred to a microtask because broadcastPatch() ticks the room clock,
   * and a commit may itself run inside a clock callback (the shot clock): ticking it again from there
   * would run the same expired timer twice.
   */
  private schedulePatch() {
    if (this.patchScheduled) return;
    this.patchScheduled = true;
    queueMicrotask(() => {
      this.patchScheduled = false;
      this.broadcastPatch();
    });
  }

  private syncState(ruling: Ruling | null, reason?: string) {
    syncMatchState(this.state, this.snap!, ruling, reason);
  }

  // ---- shot clock ----------------------------------------------------------------------------

  /** The seat that must act next (a pending choice's chooser, else the shooter). */
  private toAct(): Seat | null {
    if (!this.snap) return null;
    return this.snap.match.current.pending?.player ?? this.snap.match.current.turn;
  }

  private stopTimer() {
    this.clockTimer?.clear();
    this.clockTimer = null;
  }

  /** The player to act went away: keep what is left of their clock for when they are back. */
  private pauseClock() {
    if (this.clockTimer) this.clockLeftMs = Math.max(0, this.state.shotClock - Date.now());
    this.stopTimer();
    this.state.shotClock = 0;
    this.state.shotClockLeftMs = this.clockLeftMs ?? this.opts.shotClockS * 1000;
  }

  /** A new turn or choice: the player to act has shotClockS (after the balls stop rolling) before a time foul. */
  private armClock(extraS = 0) {
    this.clockLeftMs = null;
    this.startClock((this.opts.shotClockS + extraS) * 1000);
  }

  /** A player is back at the table: the clock of the player to act resumes where it was paused. */
  private onSeatBack() {
    if (this.state.phase !== 'playing' || !this.snap || this.clockTimer) return;
    const seat = this.toAct()!;
    if (!this.state.players[seat]?.connected) return;
    this.startClock(this.clockLeftMs ?? this.opts.shotClockS * 1000);
    this.scheduleComputer();
  }

  private startClock(ms: number) {
    this.stopTimer();
    this.state.shotClock = 0;
    if (!this.snap || this.state.phase !== 'playing') return;
    const seat = this.toAct()!;
    if (!this.state.players[seat]?.connected) {
      // Paused while the player to act is away; they get this much when back.
      this.clockLeftMs = ms;
      this.state.shotClockLeftMs = ms;
      return;
    }
    this.clockLeftMs = null;
    this.state.shotClockLeftMs = 0;
    this.state.shotClock = Date.now() + ms;
    this.clockTimer = this.clock.setTimeout(() => this.onClockExpired(), ms);
  }

  private onClockExpired() {
    this.clockTimer = null;
    if (!this.snap || this.state.phase !== 'playing') return;
    const cur = this.snap.match.current;
    try {
      if (cur.pending) {
        // A choice not made in time takes the first option the rules list (accept the table / shoot).
        const out = applyChoose(this.snap, cur.pending.player, cur.pending.options[0]);
        this.commit(cur.pending.player, 'time', { option: cur.pending.options[0], expired: true }, out.snapshot, out.ruling, null, 0);
      } else {
        const out = applyTimeout(this.snap);
        this.commit(cur.turn, 'time', { expired: true }, out.snapshot, out.ruling, null, 0);
      }
      this.announce('timeout', { seat: cur.pending?.player ?? cur.turn });
    } catch (e) {
      this.log.error({ err: e }, 'shot clock expiry failed');
    }
  }

  // ---- finishing, restore, disposal -------------------------------------------------------------

  /**
   * Hands the finish to the lifecycle. Until it is stored the room stays (autoDispose off), even with
   * nobody left in it: a finished match is never lost to a database outage. If the process must stop
   * first, the writer spools it to disk and the next start writes it.
   */
  private async finish(reason: string) {
    if (this.finishing || !this.snap) return;
    this.finishing = true;
    this.stopTimer();
    this.computerTimer?.clear();
    this.autoDispose = false;
    const finished = finishedMatch(this.snap)!;
    const snap = this.snap;
    this.log.info({ winner: finished.winner, score: snap.match.score, forfeit: finished.forfeit }, 'match finished');
    const base = { matchId: this.matchId, winner: finished.winner, score: snap.match.score, forfeit: finished.forfeit, reason };
    // Players should not stare at nothing while the database is away: if the result is not stored
    // within a second, everyone is told the outcome now and the stored result (ratings) follows.
    const slow = this.clock.setTimeout(() => this.announce('finished', { ...base, pending: true, ratings: [], achievements: [] }), 1000);
    try {
      const res = await this.writer.finish({
        finished,
        score: snap.match.score,
        reason,
        finalState: snap,
        rated: this.rated,
        event: { roomId: this.roomId, game: this.opts.game, mode: this.mode, tournament: this.tournament },
      });
      this.announce('finished', {
        ...base,
        pending: false,
        ratings: res.ratings.map((r) => ({ seat: r.seat, before: displayRating(r.before), after: displayRating(r.after) })),
        achievements: res.achievements,
      });
    } catch (e) {
      this.log.error({ err: e }, 'could not record the finished match');
    } finally {
      slow.clear();
      this.autoDispose = true;
      if (this.clients.length === 0) void this.disconnect();
    }
  }

  private async restore(matchId: string) {
    const { lifecycle, config, log } = roomServices();
    const live = await lifecycle.loadLive(matchId);
    if (!live || !live.snapshot) throw joinError(404, 'not_found', `no unfinished match ${matchId} to restore`);
    // Only the process holding the match's lease hosts it (services/restore-matches.ts claimed it).
    if (live.owner !== null && live.owner !== lifecycle.owner) throw joinError(409, 'not_found', `match ${matchId} is hosted by ${live.owner}`);
    const snap = live.snapshot as TableSnapshot;
    const st = live.settings as Partial<MatchSettings>;
    this.matchId = matchId;
    this.roomId = live.roomId;
    this.mode = live.mode as MatchMode;
    this.tournament = st.tournament ?? null;
    this.rated = st.rated ?? this.mode === 'ranked';
    this.snap = snap;
    this.opts = {
      game: snap.match.game,
      raceTo: snap.match.raceTo,
      shotClockS: st.shotClockS ?? config.SHOT_CLOCK_S,
      reconnectS: st.reconnectS ?? config.RECONNECT_WINDOW_S,
      breakRule: snap.match.breakRule,
      callAllShots: !!st.callAllShots,
      private: true,
      quick: false,
    };
    this.log = log.child({ room: 'match', roomId: this.roomId, matchId });
    this.writer = lifecycle.writer(matchId, this.log);
    this.writer.hold(live.roomId, live.leaseEpoch);
    // The next row stores only what it adds to the log, unless the log had a gap: then it is stored
    // whole, so that later restores start from it.
    if (live.historyGapAt === null) this.writer.continueFrom(snap);
    else this.log.error({ seq: live.historyGapAt }, 'shot log has a gap: the rack history (for achievements) ends before this row');
    const keys = (st.seatKeys ?? []) as string[];
    for (const p of live.players) this.seats[p.seat] = { userId: p.userId, name: p.name, rating: p.rating ?? 0, keyHash: keys[p.seat] ?? '', sessionId: null, ...(p.computer ? { computer: p.computer as BotLevel } : {}) };
    this.computer = st.computer ? { seat: st.computer.seat, level: st.computer.level as BotLevel } : null;
    await this.setPrivate(true);
    // A restored table is listed unless it was a player's private table (its id is then its 6-character code).
    this.listed = live.roomId.length !== 6;
    Object.assign(this.state, { matchId, game: snap.match.game, mode: this.mode, raceTo: snap.match.raceTo, shotClockS: this.opts.shotClockS, phase: 'playing', privateCode: live.roomId.length === 6 ? live.roomId : '' });
    this.state.score.push(0, 0);
    for (const seat of [0, 1] as const) {
      const s = this.seats[seat]!;
      this.state.players.push(new PlayerSchema({ userId: s.userId ?? '', name: s.name, connected: this.computer?.seat === seat, rating: s.userId ? displayRating(s.rating) : 0, computer: s.computer ?? '' }));
    }
    this.syncState(null, 'match restored after a server restart: waiting for both players to rejoin');
    this.clockLeftMs = null;
    this.state.shotClockLeftMs = this.opts.shotClockS * 1000;
    // Both players have the reconnection window to come back. If neither does, the match is closed
    // without a result; if one does, the other forfeits as after any drop.
    this.restoreTimer = this.clock.setTimeout(() => this.onRestoreWindowPassed(), this.opts.reconnectS * 1000);
    this.autoDispose = false;
    this.log.info({ seq: snap.seq, score: snap.match.score }, 'match restored from its shot log');
  }

  private onRestoreWindowPassed() {
    this.restoreTimer = null;
    if (this.state.phase !== 'playing') return;
    const back = ([0, 1] as const).filter((seat) => this.seats[seat]?.sessionId);
    if (back.length === 0) {
      // Neither came back: no result can fairly be given, and nobody's rating changes.
      const reason = 'neither player came back after the restart: match closed without a result';
      this.stopTimer();
      this.state.phase = 'finished';
      this.state.reason = reason;
      this.state.shotClock = 0;
      this.autoDispose = false;
      this.writer
        .abort(reason, { roomId: this.roomId, game: this.opts.game, mode: this.mode, tournament: this.tournament, players: this.seats.map((s, i) => ({ seat: i as Seat, userId: s!.userId, name: s!.name })) })
        .catch(() => {})
        .finally(() => {
          this.autoDispose = true;
          if (this.clients.length === 0) void this.disconnect();
        });
      return;
    }
    this.autoDispose = true;
    for (const seat of [0, 1] as const) if (!back.includes(seat)) this.onReconnectionWindowPassed(seat);
  }

  override async onDispose() {
    stopPumping(this);
    this.stopTimer();
    this.computerTimer?.clear();
    this.quickTimer?.clear();
    this.restoreTimer?.clear();
    this.noShowTimer?.clear();
    if (!this.writer) return;
    // Let queued writes (shots, the finish) reach the database before the room goes away; what cannot
    // be written in time (the database is away while the process stops) is spooled for the next start.
    const drained = await this.writer.drain(roomServices().config.SHUTDOWN_TIMEOUT_S * 500);
    const spooled = this.writer.close();
    if (!drained && !spooled) this.log.error({ pending: this.writer.pending }, 'room disposed with writes still pending');
    this.log.info({ drained, spooled: !!spooled }, 'match room disposed');
  }

  /** For the benchmark and tests: the engine snapshot. */
  get snapshot(): TableSnapshot | null {
    return this.snap;
  }
}
