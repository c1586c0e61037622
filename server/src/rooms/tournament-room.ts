// The live tournament room: one per event (`joinOrCreate('tournament', { tournamentId })` finds it),
// open to anyone to watch. It is a view of the database, never the source of truth: it reloads the
// event whenever the tournament service says it changed (presence channel, any process) and every few
// seconds (which also gives ready matches their rooms if a process died or an event was lost), syncs
// the event as JSON, announces each match whose room is ready (to its two players first), and takes
// the host's controls, which go through the same service as REST.
import { matchMaker, Room, type Client } from '@colyseus/core';
import { schema, t, type SchemaType } from '@colyseus/schema';
import { z } from 'zod';
import { ROOM_LIMITS, type MatchReadyMessage, type ServerMessages, type TournamentControl, type TournamentControls, type TournamentRoomMessageType } from '@dojopool/shared';
import { authenticateAccess } from '../http/auth.ts';
import type { Logger } from '../log.ts';
import { TOURNAMENT_CHANNEL, TournamentError, TournamentService, type MatchView, type TournamentView } from '../services/tournaments.ts';
import { asDependencyDown, outageLogFields } from '../services/dependency-errors.ts';
import { TokenError } from '../services/tokens.ts';
import { joinError } from './match-auth.ts';
import { roomServices } from './room-services.ts';

export const TournamentState = schema(
  {
    tournamentId: t.string().default(''),
    status: t.string().default(''),
    paused: t.boolean().default(false),
    /** Bumped on every reload that changed the event. */
    version: t.uint32().default(0),
    /** The event exactly as GET /api/tournaments/:id returns it, as JSON (bracket, standings, audit). */
    event: t.string().default(''),
  },
  'TournamentState',
);
export type TournamentState = SchemaType<typeof TournamentState>;

const RECONCILE_MS = 5000;
type Auth = { userId: string | null; roles: string[] };

const optionsSchema = z.strictObject({ tournamentId: z.uuid(), token: z.string().max(4096).optional() });
const reason = z.string().trim().min(1).max(300);
const score = z.tuple([z.number().int().min(0).max(ROOM_LIMITS.raceTo.max), z.number().int().min(0).max(ROOM_LIMITS.raceTo.max)]);
const controls: { [K in TournamentControl]: z.ZodType<TournamentControls[K]> } = {
  start: z.strictObject({ seeds: z.array(z.uuid()).max(128).optional() }),
  pause: z.strictObject({ reason: reason.optional() }),
  resume: z.strictObject({ reason: reason.optional() }),
  disqualify: z.strictObject({ playerId: z.uuid(), reason }),
  result: z.strictObject({ matchId: z.string().regex(/^[A-Z0-9-]{2,16}$/), winnerId: z.uuid(), score: score.optional(), walkover: z.boolean().optional(), reason }),
};

function parseOptions(raw: unknown) {
  const r = optionsSchema.safeParse(raw ?? {});
  if (!r.success) throw joinError(400, 'bad_options', 'options must be { tournamentId: <uuid>, token? }');
  return r.data;
}

export class TournamentRoom extends Room<{ state: TournamentState }> {
  override state = new TournamentState();
  override maxClients = 2000;
  override maxMessagesPerSecond = 10;
  private log!: Logger;
  private service!: TournamentService;
  private id = '';
  private announced = new Set<string>();
  private hostId = ''; // '' once the host's account is erased: only admins control the event then
  private lastJson = '';
  private refreshing: Promise<void> | null = null;
  private again = false;
  private reconcile: { clear(): void } | null = null;
  private readonly onChanged = (msg: { tournamentId?: string }) => {
    if (msg?.tournamentId === this.id) void this.refresh();
  };

  static override async onAuth(token: string | undefined, options: unknown): Promise<Auth> {
    const o = parseOptions(options);
    const bearer = token || o.token;
    if (!bearer) return { userId: null, roles: [] };
    const { config, database } = roomServices();
    try {
      const a = await authenticateAccess(config, database, bearer);
      return { userId: a.userId, roles: a.roles };
    } catch (e) {
      if (e instanceof TokenError) throw joinError(401, 'unauthorized', `invalid access token: ${e.message}`);
      throw joinError(503, 'unavailable', 'accounts cannot be checked right now: try again in a moment');
    }
  }

  override async onCreate(options: unknown) {
    const services = roomServices();
    this.id = parseOptions(options).tournamentId;
    this.log = services.log.child({ room: 'tournament', roomId: this.roomId, tournamentId: this.id });
    this.service = new TournamentService({ db: services.database.db, log: this.log });
    const view = await this.service.view(this.id);
    if (!view) throw joinError(404, 'not_found', 'no such tournament');
    this.state.tournamentId = this.id;
    this.apply(view);
    // A running event keeps its room (announcements, the reconcile timer) with nobody watching.
    this.autoDispose = view.status !== 'running';
    await matchMaker.presence.subscribe(TOURNAMENT_CHANNEL, this.onChanged);
    this.reconcile = this.clock.setInterval(() => void this.service.pump(this.id).then(() => this.refresh()), RECONCILE_MS);
    for (const [type, schemaOf] of Object.entries(controls)) {
      this.onMessage(type, async (client, msg) => {
        try {
          const auth = client.auth as Auth;
          if (!auth.userId) throw new TournamentError(401, 'unauthorized', 'host controls need an account: join with your token');
          const r = (schemaOf as z.ZodType).safeParse(msg ?? {});
          if (!r.success) throw new TournamentError(400, 'validation_failed', `bad ${type} message`);
          await this.control(type as TournamentControl, { userId: auth.userId, roles: auth.roles }, r.data as any);
          this.tell(client, 'control_done', { type: type as TournamentControl });
        } catch (e) {
          const outage = e instanceof TournamentError ? null : asDependencyDown(e);
          if (e instanceof TournamentError) this.tell(client, 'control_error', { code: e.code, message: e.message, intent: type });
          else if (outage) {
            this.log.warn(outageLogFields(e), 'host control refused: dependency unavailable');
            this.tell(client, 'control_error', { code: outage.code, message: outage.message, intent: type });
          } else {
            this.log.error({ err: e, intent: type }, 'host control failed');
            this.tell(client, 'control_error', { code: 'internal', message: 'the server could not do that', intent: type });
          }
        }
      });
    }
    this.onMessage('*', (client, type) => this.tell(client, 'control_error', { code: 'bad_message', message: `unknown message type ${JSON.stringify(String(type)).slice(0, 40)}` }));
    this.log.info({ status: view.status }, 'tournament room created');
  }

  /** Sends one client a message whose shape shared/protocol defines. */
  private tell<T extends TournamentRoomMessageType>(client: Client, type: T, message: ServerMessages[T]): void {
    client.send(type, message);
  }

  private announce<T extends TournamentRoomMessageType>(type: T, message: ServerMessages[T], options?: { except?: Client[] }): void {
    this.broadcast(type, message, options);
  }

  private async control(type: TournamentControl, actor: { userId: string; roles: string[] }, m: any) {
    switch (type) {
      case 'start':
        return this.service.start(this.id, actor, m.seeds);
      case 'pause':
      case 'resume':
        return this.service.setPaused(this.id, actor, type === 'pause', m.reason ?? null);
      case 'disqualify':
        return this.service.disqualify(this.id, actor, m.playerId, m.reason);
      case 'result':
        return this.service.enterResult(this.id, actor, m.matchId, m);
    }
  }

  override onJoin(client: Client) {
    const auth = client.auth as Auth;
    const isHost = !!auth.userId && (auth.userId === this.hostId || auth.roles.includes('admin'));
    this.tell(client, 'tournament_welcome', { role: isHost ? 'host' : 'viewer', tournamentId: this.id });
    // A player arriving late still hears about their match waiting for them.
    if (!auth.userId || !this.lastJson) return;
    const view = JSON.parse(this.lastJson) as TournamentView;
    for (const m of view.matches) if (m.status === 'live' && m.roomId && m.players.some((p) => p?.id === auth.userId)) this.tell(client, 'match_ready', announcement(m));
  }

  /** Reloads the event from the database; concurrent calls collapse into one more reload. */
  private refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        try {
          const view = await this.service.view(this.id);
          if (view) this.apply(view);
          if (view?.status === 'finished') {
            // Nothing left to reconcile; the room goes once nobody watches (Colyseus only checks on a leave).
            this.reconcile?.clear();
            if (this.clients.length === 0) void this.disconnect();
          }
        } catch (e) {
          this.log.warn({ err: e }, 'could not reload the tournament');
        }
      } while (this.again);
    })().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private apply(view: TournamentView) {
    const json = JSON.stringify(view);
    this.hostId = view.hostId ?? '';
    if (json === this.lastJson) return;
    this.lastJson = json;
    this.state.event = json;
    this.state.status = view.status;
    this.state.paused = !!view.paused;
    this.state.version++;
    this.autoDispose = view.status !== 'running';
    for (const m of view.matches) {
      if (m.status !== 'live' || !m.roomId || this.announced.has(`${m.id}:${m.roomId}`)) continue;
      this.announced.add(`${m.id}:${m.roomId}`);
      const msg = announcement(m);
      // Its two players first, then everyone else watching.
      const players = this.clients.filter((c) => m.players.some((p) => p && p.id === (c.auth as Auth)?.userId));
      for (const c of players) this.tell(c, 'match_ready', msg);
      this.announce('match_ready', msg, { except: players });
    }
    if (view.status === 'finished') this.announce('tournament_finished', { winnerId: (view.winnerId as string | null) ?? null });
  }

  override async onDispose() {
    await matchMaker.presence.unsubscribe(TOURNAMENT_CHANNEL, this.onChanged);
    this.log.info('tournament room disposed');
  }
}

function announcement(m: MatchView): MatchReadyMessage {
  return { matchId: m.id, roomId: m.roomId!, round: m.round, bracket: m.bracket, raceTo: m.raceTo, players: m.players };
}
