// The match room: two seats, any number of read-only spectators, the server the only judge. A thin
// adapter: it checks who may do what (seat, turn, phase), hands every intent to the shared table engine
// (strike → simulate → summarize → judge → apply), mirrors the result into the synced state, broadcasts
// the shot so every client animates the same trajectory, and queues every action for the database.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { CloseCode, Room, ServerError, type Client } from '@colyseus/core';
import {
  applyChoose,
  applyConcedeRack,
  applyForfeit,
  applyPlace,
  applyShot,
  applyTimeout,
  AIM_BROADCAST_INTERVAL_MS,
  displayRating,
  finishedMatch,
  newTable,
  parseAim,
  parseChat,
  parseChoose,
  parsePlace,
  parseShot,
  ProtocolError,
  type ErrorCode,
  type JoinOptions,
  type Ruling,
  type Seat,
  type TableSnapshot,
} from '@dojopool/shared';
import { MatchStateSchema, PlayerSchema } from '@dojopool/shared/state/match-state.ts';
import * as store from '../db/matches.ts';
import { authenticateAccess } from '../http/auth.ts';
import type { Logger } from '../log.ts';
import { PersistQueue } from '../services/persist-queue.ts';
import { roomServices } from './room-services.ts';
import { shotMessage, syncMatchState } from './sync-state.ts';

export type MatchAuth = { userId: string | null; name: string; rating: number };

type Mode = 'casual' | 'ranked' | 'tournament';

export type MatchRoomOptions = JoinOptions & {
  /** Internal (matchmaker/restorer only): accounts allowed in the two seats. */
  reservedFor?: [string, string];
  /** Internal: restore this unfinished match from its shot log. */
  restoreMatchId?: string;
  tournamentId?: string;
};

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const NAME_RE = /^[\p{L}\p{N} _.\-]{1,24}$/u;
const CHAT_LIMIT = { count: 5, windowMs: 10_000 };
const MAX_RACE = 21;

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

type Seated = { userId: string | null; name: string; rating: number; keyHash: string; sessionId: string | null };

export class MatchRoom extends Room<{ state: MatchStateSchema }> {
  override state = new MatchStateSchema();
  override maxClients = 202; // two seats and up to 200 spectators
  // State changes come in bursts (a shot, a placement) and each commit sends its patch at once (see
  // commit()); the periodic patch only carries the rest (connection flags, spectator count), so it
  // can run at 10 Hz: half the timer work of the default 20 Hz across hundreds of tables.
  override patchRate = 100;

  private log!: Logger;
  private queue!: PersistQueue;
  private matchId: string = randomUUID();
  private mode: Mode = 'casual';
  private snap: TableSnapshot | null = null;
  private seats: (Seated | null)[] = [null, null];
  private spectators = new Set<string>();
  private opts!: { game: '8ball' | '9ball'; raceTo: number; shotClockS: number; reconnectS: number; breakRule: 'alternate' | 'winner'; callAllShots: boolean; private: boolean; quick: boolean };
  private reservedFor: [string, string] | null = null;
  private created = false;
  private finishing = false;
  private patchScheduled = false;
  private clockTimer: { clear(): void } | null = null;
  private lastAim = new Map<string, number>();
  private chatTimes = new Map<string, number[]>();
  private forfeitTimers: ({ clear(): void } | null)[] = [null, null];

  /** Verifies the access token (accounts) or accepts a guest name (casual play only). */
  static override async onAuth(token: string | undefined, options: MatchRoomOptions): Promise<MatchAuth> {
    const o = options ?? {};
    const bearer = token || (typeof o.token === 'string' ? o.token : undefined);
    const mode = o.mode ?? 'casual';
    if (bearer) {
      try {
        // Signature, expiry, and the account's session state (deleted accounts and logout-all fail).
        const { config, database } = roomServices();
        const claims = await authenticateAccess(config, database, bearer);
        const user = await database.db.selectFrom('users').select(['rating', 'display_name']).where('id', '=', claims.userId).executeTakeFirst();
        if (!user) throw new Error('account no longer exists');
        return { userId: claims.userId, name: user.display_name || claims.username, rating: user.rating };
      } catch (e) {
        throw new ServerError(401, `invalid access token: ${(e as Error).message}`);
      }
    }
    if (mode !== 'casual' && !o.spectate) throw new ServerError(401, `${mode} play needs an account: log in and join with your access token`);
    const name = typeof o.name === 'string' ? o.name.trim() : o.spectate ? 'spectator' : '';
    if (!NAME_RE.test(name)) throw new ServerError(400, 'guests need a display name of 1–24 letters, digits, spaces, _ . or -');
    return { userId: null, name, rating: 0 };
  }

  override async onCreate(options: MatchRoomOptions) {
    const services = roomServices();
    this.log = services.log.child({ room: 'match', roomId: this.roomId });
    this.queue = new PersistQueue(this.log);
    const o = options ?? {};
    if (o.restoreMatchId) {
      await this.restore(o.restoreMatchId);
      this.registerHandlers();
      return;
    }
    const game = o.game ?? '8ball';
    if (game !== '8ball' && game !== '9ball') throw new ServerError(400, "game must be '8ball' or '9ball'");
    const mode = o.mode ?? 'casual';
    if (!['casual', 'ranked', 'tournament'].includes(mode)) throw new ServerError(400, "mode must be 'casual', 'ranked' or 'tournament'");
    const raceTo = o.raceTo ?? 1;
    if (!Number.isInteger(raceTo) || raceTo < 1 || raceTo > MAX_RACE) throw new ServerError(400, `raceTo must be an integer 1–${MAX_RACE}`);
    const shotClockS = o.shotClockS ?? services.config.SHOT_CLOCK_S;
    if (typeof shotClockS !== 'number' || !(shotClockS >= 1 && shotClockS <= 600)) throw new ServerError(400, 'shotClockS must be 1–600');
    const reconnectS = o.reconnectS ?? services.config.RECONNECT_WINDOW_S;
    if (typeof reconnectS !== 'number' || !(reconnectS >= 1 && reconnectS <= 600)) throw new ServerError(400, 'reconnectS must be 1–600');
    this.mode = mode;
    this.opts = {
      game,
      raceTo,
      shotClockS,
      reconnectS,
      breakRule: o.breakRule === 'winner' ? 'winner' : 'alternate',
      callAllShots: o.callAllShots === true,
      private: o.private === true || !!o.reservedFor,
      quick: o.quick === true,
    };
    this.reservedFor = o.reservedFor ?? null;
    if (o.private) {
      this.roomId = privateCode();
      this.state.privateCode = this.roomId;
    }
    this.log = services.log.child({ room: 'match', roomId: this.roomId, matchId: this.matchId });
    this.queue = new PersistQueue(this.log);
    if (this.opts.private) await this.setPrivate(true);
    await this.setMetadata({ game, mode, raceTo, quick: this.opts.quick, seatsOpen: 2 } as any);
    Object.assign(this.state, { matchId: this.matchId, game, mode, raceTo, shotClockS, phase: 'waiting' });
    this.state.score.push(0, 0);
    this.registerHandlers();
    this.log.info({ game, mode, raceTo, private: this.opts.private }, 'match room created');
  }

  private registerHandlers() {
    const guard = (type: string, fn: (client: Client, msg: unknown) => void | Promise<void>) =>
      this.onMessage(type, async (client, msg) => {
        try {
          await fn(client, msg);
        } catch (e) {
          if (e instanceof ProtocolError) client.send('error', { code: e.code, message: e.message, intent: type });
          else {
            this.log.error({ err: e, intent: type }, 'intent failed');
            client.send('error', { code: 'bad_message', message: 'the server could not handle that message', intent: type });
          }
        }
      });
    guard('shot', (c, m) => this.onShot(c, m));
    guard('place', (c, m) => this.onPlace(c, m));
    guard('choose', (c, m) => this.onChoose(c, m));
    guard('concede', (c, m) => this.onConcede(c, m));
    guard('aim', (c, m) => this.onAim(c, m));
    guard('chat', (c, m) => this.onChat(c, m));
    this.onMessage('*', (client, type) => {
      client.send('error', { code: 'bad_message', message: `unknown message type ${JSON.stringify(String(type)).slice(0, 40)}`, intent: String(type) });
    });
  }

  // ---- joining, seats, reconnection ----------------------------------------------------------

  override onJoin(client: Client, options: MatchRoomOptions) {
    const auth = client.auth as MatchAuth;
    const o = options ?? {};
    if (o.spectate) {
      this.spectators.add(client.sessionId);
      this.state.spectators = this.spectators.size;
      client.send('welcome', { role: 'spectator', matchId: this.matchId });
      return;
    }
    // Reclaiming a seat: an account by its user id, a guest by the seat key it was given.
    const keyHash = typeof o.seatKey === 'string' ? hashKey(o.seatKey) : null;
    for (const seat of [0, 1] as const) {
      const s = this.seats[seat];
      if (!s || s.sessionId) continue;
      if ((auth.userId && s.userId === auth.userId) || (keyHash && s.keyHash === keyHash)) {
        this.seatClient(client, seat, null);
        return;
      }
    }
    if (this.state.phase !== 'waiting') throw new ServerError(409, 'the table is full: join with spectate: true to watch');
    if (auth.userId && this.seats.some((s) => s?.userId === auth.userId)) throw new ServerError(409, 'you already have a seat at this table');
    if (this.reservedFor && (!auth.userId || !this.reservedFor.includes(auth.userId))) throw new ServerError(403, 'this table is reserved for the players the matchmaker paired');
    const seat = this.seats[0] === null ? 0 : this.seats[1] === null ? 1 : -1;
    if (seat === -1) throw new ServerError(409, 'the table is full: join with spectate: true to watch');
    const seatKey = randomBytes(18).toString('base64url');
    this.seats[seat] = { userId: auth.userId, name: auth.name, rating: auth.rating, keyHash: hashKey(seatKey), sessionId: null };
    this.seatClient(client, seat as Seat, seatKey);
    if (this.seats[0] && this.seats[1]) void this.startMatch();
    else void this.setMetadata({ ...(this.metadata as object), seatsOpen: 1 } as any);
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
    this.forfeitTimers[seat]?.clear();
    this.forfeitTimers[seat] = null;
    // The seat key is private to this client: it lets a guest reclaim the seat after a server restart.
    client.send('welcome', { role: 'player', seat, matchId: this.matchId, ...(seatKey ? { seatKey } : {}) });
    if (this.state.phase === 'playing') this.armClock();
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
    if (this.state.phase === 'finished') return;
    this.state.players[seat].connected = false;
    this.seats[seat]!.sessionId = null;
    this.log.info({ seat, windowS: this.opts.reconnectS }, 'player dropped; holding the seat');
    if (this.state.turn === seat) this.pauseClock();
    try {
      await this.allowReconnection(client, this.opts.reconnectS);
    } catch {
      this.onSeatAbandoned(seat);
    }
  }

  override onReconnect(client: Client) {
    const seat = this.seatOf(client);
    if (seat === null) return;
    const s = this.seats[seat]!;
    s.sessionId = client.sessionId;
    this.state.players[seat].connected = true;
    this.log.info({ seat }, 'player reconnected');
    if (this.state.phase === 'playing') this.armClock();
  }

  override onLeave(client: Client, code?: number) {
    const seat = this.seatOf(client);
    if (seat === null) {
      this.dropSpectator(client);
      return;
    }
    if (this.seats[seat]?.sessionId !== client.sessionId && code !== CloseCode.CONSENTED) return;
    if (this.state.phase === 'waiting') {
      // Nobody has played yet: the seat simply opens again.
      this.seats[seat] = null;
      this.state.players[seat].connected = false;
      this.state.players[seat].name = '';
      this.state.players[seat].userId = '';
      void this.setMetadata({ ...(this.metadata as object), seatsOpen: this.seats.filter((s) => !s).length } as any);
      return;
    }
    if (this.state.phase === 'playing' && code === CloseCode.CONSENTED && !roomServices().draining()) {
      this.state.players[seat].connected = false;
      this.seats[seat]!.sessionId = null;
      this.act(seat, 'forfeit', {}, (s) => ({ snapshot: applyForfeit(s, seat), ruling: null }), `${this.seats[seat]!.name} left the table and forfeits the match`);
    }
  }

  private dropSpectator(client: Client) {
    if (this.spectators.delete(client.sessionId)) this.state.spectators = this.spectators.size;
  }

  private onSeatAbandoned(seat: Seat) {
    if (this.state.phase !== 'playing' || !this.snap) return;
    // A server going down drops every client: that is nobody's forfeit. The match stays live in the
    // database and the restarted server restores it for both players to rejoin.
    if (roomServices().draining()) return;
    this.log.info({ seat }, 'reconnection window passed: forfeit');
    this.act(seat, 'forfeit', {}, (s) => ({ snapshot: applyForfeit(s, seat), ruling: null }), `${this.seats[seat]!.name} did not come back in time and forfeits the match`);
  }

  // ---- the match ----------------------------------------------------------------------------

  private async startMatch() {
    const players: [string, string] = [this.seats[0]!.name, this.seats[1]!.name];
    this.snap = newTable({ matchId: this.matchId, game: this.opts.game, players, raceTo: this.opts.raceTo, breakRule: this.opts.breakRule, callAllShots: this.opts.callAllShots });
    this.state.phase = 'playing';
    const { config, database } = roomServices();
    const settings = {
      owner: config.PUBLIC_ADDRESS ?? 'local',
      tableSize: this.snap.tableSize,
      shotClockS: this.opts.shotClockS,
      reconnectS: this.opts.reconnectS,
      breakRule: this.opts.breakRule,
      callAllShots: this.opts.callAllShots,
      seatKeys: this.seats.map((s) => s!.keyHash),
    };
    const startSnap = this.snap;
    this.queue
      .push('create match', async () => {
        await store.createMatch(database.db, {
          id: this.matchId,
          game: this.opts.game,
          mode: this.mode,
          raceTo: this.opts.raceTo,
          roomId: this.roomId,
          privateCode: this.state.privateCode || null,
          settings,
          players: this.seats.map((s, i) => ({ seat: i as Seat, userId: s!.userId, name: s!.name })),
        });
        await store.appendShot(database.db, { matchId: this.matchId, seq: 0, rack: 1, seat: startSnap.match.current.turn, kind: 'place', intent: { start: true }, summary: null, ruling: null, balls: startSnap.balls, snapshot: startSnap });
      })
      .then(() => (this.created = true))
      .catch(() => {});
    this.syncState(null);
    this.armClock();
    this.broadcast('started', { matchId: this.matchId, players, breaker: this.snap.match.current.turn });
    this.log.info({ players }, 'match started');
    // Only after the match row is first in the write queue: an intent handled while these await
    // (presence round trips) appends its action behind the row it refers to.
    await this.setPrivate(true); // a full table leaves quick matchmaking; spectators still join by id
    await this.setMetadata({ ...(this.metadata as object), seatsOpen: 0 } as any);
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
    const intent = parseShot(msg);
    const t0 = performance.now();
    const out = applyShot(this.snap!, seat, intent);
    const ms = performance.now() - t0;
    const message = shotMessage(seat, out);
    this.broadcast('shot', message);
    this.commit(seat, 'shot', intent, out.snapshot, out.ruling, out.summary, out.result.duration);
    this.log.debug({ seat, seq: message.seq, events: message.events.length, simMs: Math.round(ms * 100) / 100 }, 'shot');
  }

  private onPlace(client: Client, msg: unknown) {
    const seat = this.requireSeat(client);
    const { x, y } = parsePlace(msg);
    const snapshot = applyPlace(this.snap!, seat, x, y);
    this.commit(seat, 'place', { x, y }, snapshot, null, null, 0, false);
  }

  private onChoose(client: Client, msg: unknown) {
    const seat = this.requireSeat(client);
    const { option } = parseChoose(msg);
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
      this.act(seat, 'concede', { scope }, (s) => ({ snapshot: applyForfeit(s, seat), ruling: null }), `${this.seats[seat]!.name} concedes the match`);
    }
  }

  private onAim(client: Client, msg: unknown) {
    const seat = this.requireSeat(client);
    if (this.snap!.match.current.turn !== seat) fail('not_your_turn', 'only the player to shoot can aim');
    const { angle } = parseAim(msg);
    const now = Date.now();
    // Throttled: at most one aim broadcast per interval per player; extra updates are dropped.
    if (now - (this.lastAim.get(client.sessionId) ?? 0) < AIM_BROADCAST_INTERVAL_MS) return;
    this.lastAim.set(client.sessionId, now);
    this.broadcast('aim', { seat, angle }, { except: client });
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
    this.broadcast('chat', { seat, name: this.seats[seat]!.name, text, at: now });
  }

  /** Runs a whole-match action (forfeit, concession) that has no ruling of its own. */
  private act(seat: Seat, kind: 'forfeit' | 'concede', intent: object, f: (s: TableSnapshot) => { snapshot: TableSnapshot; ruling: Ruling | null }, reason: string) {
    if (!this.snap || this.snap.match.winner !== null) return;
    const { snapshot } = f(this.snap);
    this.commit(seat, kind, intent, snapshot, null, null, 0, true, reason);
  }

  /** Adopts a new snapshot: mirror to state, persist the action, re-arm the clock, finish if decided. */
  private commit(seat: Seat, kind: store.ShotRow['kind'], intent: unknown, snapshot: TableSnapshot, ruling: Ruling | null, summary: unknown, durationS: number, rearm = true, reason?: string) {
    const rack = this.snap!.match.rack;
    this.snap = snapshot;
    this.syncState(ruling, reason);
    this.schedulePatch();
    const db = roomServices().database.db;
    this.queue
      .push(`append ${kind} #${snapshot.seq}`, () =>
        store.appendShot(db, { matchId: this.matchId, seq: snapshot.seq, rack, seat, kind, intent, summary, ruling, balls: snapshot.balls, snapshot }),
      )
      .catch(() => {});
    if (snapshot.match.winner !== null) void this.finish(reason ?? ruling?.reason ?? '');
    else if (rearm) this.armClock(durationS);
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

  private pauseClock() {
    this.clockTimer?.clear();
    this.clockTimer = null;
    this.state.shotClock = 0;
  }

  /** The player to act has shotClockS (after the balls stop rolling) before a time foul. */
  private armClock(extraS = 0) {
    this.pauseClock();
    if (!this.snap || this.state.phase !== 'playing') return;
    const toAct = this.snap.match.current.pending?.player ?? this.snap.match.current.turn;
    if (!this.state.players[toAct]?.connected) return; // paused while the player to act is away
    const ms = (this.opts.shotClockS + extraS) * 1000;
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
      this.broadcast('timeout', { seat: cur.pending?.player ?? cur.turn });
    } catch (e) {
      this.log.error({ err: e }, 'shot clock expiry failed');
    }
  }

  // ---- finishing, restore, disposal -------------------------------------------------------------

  private async finish(reason: string) {
    if (this.finishing || !this.snap) return;
    this.finishing = true;
    this.pauseClock();
    const finished = finishedMatch(this.snap)!;
    const snap = this.snap;
    this.log.info({ winner: finished.winner, score: snap.match.score, forfeit: finished.forfeit }, 'match finished');
    const db = roomServices().database.db;
    try {
      const res = await this.queue.push('finish match', () =>
        store.finishMatch(db, { matchId: this.matchId, mode: this.mode, finished, score: snap.match.score, reason, finalState: snap }),
      );
      this.broadcast('finished', {
        matchId: this.matchId,
        winner: finished.winner,
        score: snap.match.score,
        forfeit: finished.forfeit,
        reason,
        ratings: res.ratings.map((r) => ({ seat: r.seat, before: displayRating(r.before), after: displayRating(r.after) })),
        achievements: res.achievements,
      });
    } catch (e) {
      this.log.error({ err: e }, 'could not record the finished match');
    }
  }

  private async restore(matchId: string) {
    const { database, config } = roomServices();
    const live = (await store.liveMatches(database.db, config.PUBLIC_ADDRESS ?? 'local')).find((m) => m.id === matchId);
    if (!live || !live.snapshot) throw new ServerError(404, `no unfinished match ${matchId} to restore`);
    const snap = live.snapshot as TableSnapshot;
    const st = live.settings as Record<string, any>;
    this.matchId = matchId;
    this.roomId = live.roomId;
    this.mode = live.mode as Mode;
    this.snap = snap;
    this.created = true;
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
    this.log = roomServices().log.child({ room: 'match', roomId: this.roomId, matchId });
    this.queue = new PersistQueue(this.log);
    const keys = (st.seatKeys ?? []) as string[];
    for (const p of live.players) {
      const u = p.userId ? await database.db.selectFrom('users').select(['rating']).where('id', '=', p.userId).executeTakeFirst() : undefined;
      this.seats[p.seat] = { userId: p.userId, name: p.name, rating: u?.rating ?? 0, keyHash: keys[p.seat] ?? '', sessionId: null };
    }
    await this.setPrivate(true);
    Object.assign(this.state, { matchId, game: snap.match.game, mode: this.mode, raceTo: snap.match.raceTo, shotClockS: this.opts.shotClockS, phase: 'playing', privateCode: live.roomId.length === 6 ? live.roomId : '' });
    this.state.score.push(0, 0);
    for (const seat of [0, 1] as const) {
      const s = this.seats[seat]!;
      this.state.players.push(new PlayerSchema({ userId: s.userId ?? '', name: s.name, connected: false, rating: s.userId ? displayRating(s.rating) : 0 }));
    }
    this.syncState(null, 'match restored after a server restart: waiting for both players to rejoin');
    // Each player has the reconnection window to come back; a player who does not forfeits, and if
    // neither does the match is closed without a result.
    for (const seat of [0, 1] as const) {
      this.forfeitTimers[seat] = this.clock.setTimeout(() => this.onRestoreWindowPassed(seat), this.opts.reconnectS * 1000);
    }
    this.autoDispose = false;
    this.log.info({ seq: snap.seq, score: snap.match.score }, 'match restored from its shot log');
  }

  private onRestoreWindowPassed(seat: Seat) {
    this.forfeitTimers[seat] = null;
    if (this.state.phase !== 'playing' || this.state.players[seat].connected) return;
    const other = seat === 0 ? 1 : 0;
    if (!this.state.players[other].connected && !this.forfeitTimers[other]) {
      // Neither came back: no result can fairly be given.
      this.state.phase = 'finished';
      this.state.reason = 'neither player came back after the restart: match closed without a result';
      void this.queue.push('abort match', () => store.abortMatch(roomServices().database.db, this.matchId, this.state.reason)).catch(() => {});
      this.autoDispose = true;
      if (this.clients.length === 0) void this.disconnect();
      return;
    }
    this.onSeatAbandoned(seat);
    this.autoDispose = true;
  }

  override async onDispose() {
    this.pauseClock();
    // Let queued writes (shots, the finish) reach the database before the room goes away.
    const drained = await this.queue.drain(roomServices().config.SHUTDOWN_TIMEOUT_S * 500);
    if (!drained) this.log.error({ pending: this.queue.pending }, 'room disposed with writes still pending');
    this.queue.close();
    this.log.info({ created: this.created }, 'match room disposed');
  }

  /** For the benchmark and tests: the engine snapshot. */
  get snapshot(): TableSnapshot | null {
    return this.snap;
  }
}
