// Tournaments over REST (README "Tournaments") and the event's live room: `joinOrCreate('tournament',
// { tournamentId, token? })` syncs the event as JSON (replaced on every change), tells its two players
// when their match has a table (match_ready), and takes the host's controls. A connection outlives the
// event page for a player of the event, so the match-ready notice reaches them anywhere in the app.
import type { Room } from '@colyseus/sdk';
import type { ControlDoneMessage, ControlErrorMessage, MatchReadyMessage, TournamentControl, TournamentControls, TournamentWelcomeMessage } from '@dojopool/shared/protocol/index.ts';
import type { TournamentEventView, TournamentListRow, TournamentStatusName } from '@dojopool/shared/protocol/tournaments.ts';
import { addNotice, dropNotices, followedTournaments, setFollowed } from '../app/match-ready.ts';
import { accessToken, api, getSession } from './api.ts';
import { colyseus } from './rooms.ts';

const base = (id: string) => `/tournaments/${encodeURIComponent(id)}`;

export const listTournaments = (status?: TournamentStatusName, limit = 50) =>
  api<{ tournaments: TournamentListRow[] }>('GET', `/tournaments?limit=${limit}${status ? `&status=${status}` : ''}`);
export const getTournament = (id: string) => api<TournamentEventView>('GET', base(id));
export const createTournament = (body: Record<string, unknown>) => api<TournamentEventView>('POST', '/tournaments', body);
export const registerFor = (id: string) => api<TournamentEventView>('POST', `${base(id)}/register`);
export const unregisterFrom = (id: string) => api<TournamentEventView>('DELETE', `${base(id)}/register`);
export const checkIn = (id: string) => api<TournamentEventView>('POST', `${base(id)}/check-in`);
/** Start before the event has a live room (REST); once running, the room's controls do the rest. */
export const startTournament = (id: string, seeds?: string[]) => api<TournamentEventView>('POST', `${base(id)}/start`, seeds ? { seeds } : {});

type TournamentRoom = Room<unknown, { event: string; version: number }>;

export type LiveEvent = {
  event: TournamentEventView | null;
  role: 'host' | 'viewer';
  connected: boolean;
};

type Watcher = { onChange(s: LiveEvent): void; onControl(r: { ok: true; type: TournamentControl } | { ok: false; message: string; intent?: string }): void };

class Live {
  room: TournamentRoom | null = null;
  state: LiveEvent = { event: null, role: 'viewer', connected: false };
  watchers = new Set<Watcher>();
  version = -1;
  closed = false;
  constructor(readonly id: string) {}

  async connect() {
    const token = await accessToken();
    const room: TournamentRoom = await colyseus().joinOrCreate('tournament', { tournamentId: this.id, ...(token ? { token } : {}) });
    if (this.closed) return void room.leave(true).catch(() => undefined);
    this.room = room;
    room.onStateChange((s) => {
      if (!s || s.version === this.version || !s.event) return;
      this.version = s.version;
      try {
        this.set({ event: JSON.parse(s.event) as TournamentEventView, connected: true });
      } catch {
        /* a half-written state never happens; ignore it if it did */
      }
    });
    room.onMessage('tournament_welcome', (m: TournamentWelcomeMessage) => this.set({ role: m.role, connected: true }));
    room.onMessage('match_ready', (m: MatchReadyMessage) => this.ready(m));
    room.onMessage('control_done', (m: ControlDoneMessage) => this.watchers.forEach((w) => w.onControl({ ok: true, type: m.type })));
    room.onMessage('control_error', (m: ControlErrorMessage) => this.watchers.forEach((w) => w.onControl({ ok: false, message: m.message, intent: m.intent })));
    room.onMessage('tournament_finished', () => undefined);
    room.onDrop(() => this.set({ connected: false }));
    room.onReconnect(() => this.set({ connected: true }));
    room.onLeave(() => {
      this.set({ connected: false });
      if (!this.closed) lives.delete(this.id);
    });
  }

  private set(p: Partial<LiveEvent>) {
    this.state = { ...this.state, ...p };
    const e = this.state.event;
    if (e) {
      // A notice stays while its match still waits at that table.
      const waiting = new Set(e.matches.filter((m) => m.status === 'live' && m.roomId).map((m) => m.roomId));
      dropNotices((n) => n.tournamentId === this.id && !waiting.has(n.roomId));
    }
    this.watchers.forEach((w) => w.onChange(this.state));
  }

  private ready(m: MatchReadyMessage) {
    const me = getSession()?.user.id;
    const mine = m.players.findIndex((p) => p?.id === me);
    if (!me || mine < 0) return;
    addNotice({ ...m, tournamentId: this.id, tournamentName: this.state.event?.name ?? 'Your tournament', opponent: m.players[1 - mine]?.username ?? 'your opponent' });
  }

  send<K extends TournamentControl>(type: K, body: TournamentControls[K]) {
    if (!this.room) throw new Error('not connected to the event yet');
    this.room.send(type, body);
  }

  leave() {
    this.closed = true;
    lives.delete(this.id);
    void this.room?.leave(true).catch(() => undefined);
  }
}

const lives = new Map<string, Live>();

/** Connects to an event's live room (or reuses the connection); resolves once joined. */
export async function followEvent(id: string): Promise<Live> {
  let l = lives.get(id);
  if (!l) {
    l = new Live(id);
    lives.set(id, l);
    try {
      await l.connect();
    } catch (e) {
      lives.delete(id);
      throw e;
    }
  }
  return l;
}

/** Watches an event live; returns the stop function and a way to send the host's controls. */
export async function watchEvent(id: string, w: Watcher) {
  const l = await followEvent(id);
  l.watchers.add(w);
  w.onChange(l.state);
  const keep = (on: boolean) => {
    const followed = followedTournaments().filter((x) => x !== id);
    setFollowed(on ? [...followed, id] : followed);
  };
  return {
    send: <K extends TournamentControl>(type: K, body: TournamentControls[K]) => l.send(type, body),
    /** Whether this tab follows the event (a reload reconnects to it): kept current while the page shows it. */
    keep,
    /** keep: stay connected after the page goes (a player of the event keeps hearing about their matches). */
    stop(on: boolean) {
      l.watchers.delete(w);
      keep(on);
      if (!on && l.watchers.size === 0) l.leave();
    },
  };
}

/** After a reload: reconnect to the events this tab followed (only while logged in). */
export async function resumeFollowed(): Promise<void> {
  if (!getSession()) return;
  for (const id of followedTournaments()) {
    await followEvent(id).catch(() => setFollowed(followedTournaments().filter((x) => x !== id)));
  }
}
