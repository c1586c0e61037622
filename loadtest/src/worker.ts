// One load-generator process: real @colyseus/sdk clients that behave like players. A casual pair
// creates a table and joins it by id; an account bot registers over REST and plays through the ranked
// queue; both play full matches (rack after rack) with strokes chosen by the shared computer player
// (shared/src/bot chooseShot, from the table rebuilt out of the synced state: snapshot.ts), then play
// again. Before each stroke the shooter streams `aim` at 10 Hz for --aim seconds ±25 % (the baseline's
// traffic shape; 0 shoots as soon as it has decided). Some bots drop their socket mid-match and rejoin
// by seat key or token, as a reload does; spectators watch live tables; a REST loop reads leaderboards,
// profiles and match lists. Any unexpected drop (a server process killed) is followed by rejoining the
// same room id through the entry point until the match is adopted or the window passes.
//
// The coordinator (run.ts) forks one or more of these and gathers their counters and histograms.
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { Client, type Room } from '@colyseus/sdk';
import { AIM_SAMPLE_MS, AIM_SEND_MS, AimBatcher, applyChoose, applyPlace, applyShot, chooseShot, MATCH_ROOM_MESSAGES, newTable, parseJoinError, type BotDecision, type BotLevel, type GameKind, type Seat } from '@dojopool/shared';
import { newHist, record, type Hist } from './hist.ts';
import { snapshotOf, type SyncedTable } from './snapshot.ts';
import { Wheel, type WheelEntry } from './wheel.ts';

export type WorkerConfig = {
  index: number;
  url: string;
  /** Casual tables (two bots each) and ranked bots (even) this worker runs. */
  casualTables: number;
  casualAccounts: number;
  rankedBots: number;
  spectators: number;
  reconnectFraction: number;
  restPerS: number;
  aimS: number;
  level: BotLevel;
  games: string[];
  raceTo: number;
  joinsPerS: number;
  /** Sign-ups per second before the ramp (password hashing makes each one cost the server ~0.1 s of CPU). */
  signupsPerS: number;
  seed: number;
  /** How long a bot keeps trying to rejoin its room after an unexpected drop. */
  rejoinWindowS: number;
};

export type Counters = {
  held: number;
  joins: number;
  joinErrors: number;
  matchesStarted: number;
  matchesFinished: number;
  shotsSent: number;
  shotsRecv: number;
  shotsLost: number;
  aimsSent: number;
  decisions: number;
  chooses: number;
  intentsRefused: number;
  drops: number;
  reconnects: number;
  reconnectsFailed: number;
  rejoinsAfterDrop: number;
  restRequests: number;
  restErrors: number;
  registrations: number;
};

export type Hists = { signup: Hist; join: Hist; matchStart: Hist; shot: Hist; reconnect: Hist; chooser: Hist; rest: Record<string, Hist> };
export type FinishedSeen = { matchId: string; winner: number; score: number[]; mode: string };
export type WorkerResult = {
  counters: Counters;
  hists: Hists;
  errors: Record<string, number>;
  notes: Record<string, number>;
  loopDelayMs: { p50: number; p99: number; max: number };
  /** This process's garbage collections in the steady window: count, total and longest pause. */
  gc: { count: number; totalMs: number; maxMs: number };
  finished: FinishedSeen[];
  cpuMs: number;
};
export type ToCoordinator =
  | { type: 'progress'; counters: Counters; errors: number; cpuMs: number }
  | { type: 'ramped' }
  | { type: 'result'; result: WorkerResult };
export type ToWorker = { type: 'config'; config: WorkerConfig } | { type: 'steady' } | { type: 'stop' };

const JOIN_TIMEOUT_MS = 30_000;
const SHOT_TIMEOUT_MS = 10_000;
const STALL_MS = 180_000;
const QUEUE_TIMEOUT_MS = 120_000;
const PASSWORD = 'load-test-password-1';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
function seeded(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, rej) => (timer = setTimeout(() => rej(new Error(`${what} timeout`)), ms)))]).finally(() => clearTimeout(timer));
}

/**
 * Stops listening to a room this bot is done with; messages already on their way until its socket
 * closes are dropped quietly (the SDK warns of a message type without a listener).
 */
function quiet(room: Room<any>) {
  room.removeAllListeners();
  room.onMessage('*', () => undefined);
}

/** A join refused because the room is not there (the error code, or Colyseus' own message). */
function isNotFound(kind: string): boolean {
  return kind === 'not_found' || /not found/i.test(kind);
}

/** A short label for an error: the room's code when it has one, else the message's first words. */
function errorKind(e: unknown): string {
  // fetch's own message is only "fetch failed": what failed (a reset, a refused connect) is its cause.
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  const msg = ((e as Error)?.message ?? String(e)) + (cause ? ` (${[cause.code, cause.message].filter(Boolean).join(' ')})` : '');
  const j = parseJoinError(msg);
  if (j.code === 'bad_options') return `${j.code}: ${j.message.slice(0, 50)}`;
  if (j.code !== 'unknown') return j.code;
  // Ids differ per room and process; the kind is what they have in common.
  return msg
    .replace(/room "[^"]*"/g, 'room "…"')
    .replace(/process \S+ is/g, 'process … is')
    .replace(/[0-9a-f]{8,}|[A-Za-z0-9_-]{20,}/g, '…')
    .slice(0, 90);
}

export async function runWorker(cfg: WorkerConfig, send: (m: ToCoordinator) => void, onMessage: (h: (m: ToWorker) => void) => void): Promise<void> {
  const client = new Client(cfg.url);
  const rand = seeded(cfg.seed);
  const c: Counters = {
    held: 0, joins: 0, joinErrors: 0, matchesStarted: 0, matchesFinished: 0, shotsSent: 0, shotsRecv: 0, shotsLost: 0, aimsSent: 0, decisions: 0, chooses: 0,
    intentsRefused: 0, drops: 0, reconnects: 0, reconnectsFailed: 0, rejoinsAfterDrop: 0, restRequests: 0, restErrors: 0, registrations: 0,
  };
  let h: Hists = { signup: newHist(), join: newHist(), matchStart: newHist(), shot: newHist(), reconnect: newHist(), chooser: newHist(), rest: {} };
  const errors: Record<string, number> = {};
  const err = (kind: string) => (errors[kind] = (errors[kind] ?? 0) + 1);
  /** What was seen but is not an error of its own (each failed attempt of a rejoin that may still succeed). */
  const notes: Record<string, number> = {};
  const note = (kind: string) => (notes[kind] = (notes[kind] ?? 0) + 1);
  const finished = new Map<string, FinishedSeen>();
  const accounts: { id: string; token: string }[] = [];
  const finishedIds: string[] = [];
  let stopping = false;
  /** Resolves at `stop`: what every bot waits on beside its match (no per-bot polling). */
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  // The generator's own pauses delay what it times: its collections are reported beside its loop delay.
  let gc = { count: 0, totalMs: 0, maxMs: 0 };
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) (gc.count++, (gc.totalMs += e.duration), (gc.maxMs = Math.max(gc.maxMs, e.duration)));
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  if (process.env.LOADTEST_STALL_LOG) {
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      if (now - last > 150) console.error(`stall ${new Date().toISOString()} ${(now - last).toFixed(0)} ms`);
      last = now;
    }, 20).unref();
  }
  const cpu0 = process.cpuUsage();
  const cpuMs = () => {
    const u = process.cpuUsage(cpu0);
    return (u.user + u.system) / 1000;
  };

  onMessage((m) => {
    if (m.type === 'steady') {
      // Latencies of the steady window only (join and match start keep the ramp's: that is where they happen).
      h = { ...h, shot: newHist(), reconnect: newHist(), chooser: newHist(), rest: {} };
      loop.reset();
      gc = { count: 0, totalMs: 0, maxMs: 0 };
    }
    if (m.type === 'stop') {
      stopping = true;
      resolveStopped();
      loop.disable();
      gcObserver.disconnect();
      const result: WorkerResult = {
        counters: c, hists: h, errors, notes, finished: [...finished.values()], cpuMs: cpuMs(),
        loopDelayMs: { p50: loop.percentile(50) / 1e6 - 10, p99: loop.percentile(99) / 1e6 - 10, max: loop.max / 1e6 - 10 },
        gc,
      };
      send({ type: 'result', result });
    }
  });
  const progress = setInterval(() => send({ type: 'progress', counters: { ...c }, errors: Object.values(errors).reduce((a, b) => a + b, 0), cpuMs: cpuMs() }), 1000);
  progress.unref();

  // ---- REST -----------------------------------------------------------------------------------
  async function rest(method: string, path: string, route: string, body?: unknown, token?: string): Promise<any> {
    const t0 = performance.now();
    c.restRequests++;
    try {
      const res = await fetch(cfg.url + path, {
        method,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      record((h.rest[route] ??= newHist()), performance.now() - t0);
      if (!res.ok) {
        c.restErrors++;
        err(`rest ${route} ${res.status}`);
        return null;
      }
      return text ? JSON.parse(text) : {};
    } catch (e) {
      c.restErrors++;
      err(`rest ${route} ${errorKind(e)}`);
      return null;
    }
  }

  /** Whether the server's record has the match finished or aborted (a room gone for that reason is no fault). */
  async function matchOver(matchId: string): Promise<boolean> {
    if (!matchId) return false;
    const m = await rest('GET', `/api/matches/${matchId}`, 'GET /api/matches/:id');
    return m?.status === 'finished' || m?.status === 'aborted';
  }

  async function register(tag: string): Promise<{ id: string; token: string } | null> {
    const name = `lt${cfg.seed.toString(36)}${tag}`.slice(0, 24);
    const t0 = performance.now();
    const r = await rest('POST', '/api/auth/register', 'POST /api/auth/register', { username: name, email: `${name}@load.test`, password: PASSWORD });
    record(h.signup, performance.now() - t0);
    if (!r?.accessToken) return null;
    c.registrations++;
    const a = { id: r.user.id as string, token: r.accessToken as string };
    accounts.push(a);
    return a;
  }

  const ROUTES: [number, () => Promise<unknown>][] = [
    [3, () => rest('GET', `/api/leaderboard?game=${cfg.games[Math.floor(rand() * cfg.games.length)]}`, 'GET /api/leaderboard')],
    [2, () => rest('GET', '/api/live-tables', 'GET /api/live-tables')],
    [2, async () => { const a = pick(accounts); return a && rest('GET', `/api/players/${a.id}`, 'GET /api/players/:id'); }],
    [2, async () => { const a = pick(accounts); return a && rest('GET', `/api/players/${a.id}/matches`, 'GET /api/players/:id/matches'); }],
    [1, async () => { const a = pick(accounts); return a && rest('GET', `/api/players/${a.id}/rating-history`, 'GET /api/players/:id/rating-history'); }],
    [2, async () => { const id = pick(finishedIds); return id && rest('GET', `/api/matches/${id}`, 'GET /api/matches/:id'); }],
    [1, async () => { const a = pick(accounts); return a && rest('GET', '/api/me', 'GET /api/me', undefined, a.token); }],
  ];
  const ROUTE_WEIGHT = ROUTES.reduce((s, r) => s + r[0], 0);
  function pick<T>(xs: T[]): T | undefined {
    return xs.length ? xs[Math.floor(rand() * xs.length)] : undefined;
  }
  async function restLoop() {
    if (cfg.restPerS <= 0) return;
    const gapMs = 1000 / cfg.restPerS;
    let next = performance.now();
    while (!stopping) {
      let w = rand() * ROUTE_WEIGHT;
      const route = ROUTES.find((r) => (w -= r[0]) < 0) ?? ROUTES[0]!;
      void route[1]();
      next += gapMs * (0.5 + rand());
      await sleep(Math.max(0, next - performance.now()));
    }
  }

  // ---- joining --------------------------------------------------------------------------------
  /** Joins, hands the room to `prepare` at once (messages sent on join, like `welcome`, arrive before the state), then waits for the first state. */
  async function join(make: () => Promise<Room<any>>, prepare?: (room: Room<any>) => void): Promise<Room<any>> {
    const t0 = performance.now();
    const room = await withTimeout(make(), JOIN_TIMEOUT_MS, 'join');
    room.reconnection.enabled = false; // a bot rejoins by seat key or token itself, as the browser does after a reload
    prepare?.(room);
    if (!room.state?.phase) await withTimeout(new Promise<void>((res) => room.onStateChange.once(() => res())), JOIN_TIMEOUT_MS, 'state');
    record(h.join, performance.now() - t0);
    c.joins++;
    c.held++;
    return room;
  }

  // ---- a seat at a table ----------------------------------------------------------------------
  /** Every bot's timers (aim batches, decisions, shot watchdogs) in one wheel: see wheel.ts. */
  const wheel = new Wheel(10);
  /** Shots in flight per match in this process: the first other local client to see the broadcast times it. */
  const inFlight = new Map<string, { at: number; by: SeatBot; watchdog: WheelEntry }>();
  const localSeats = new Map<string, number>();
  const startedIds = new Set<string>();

  function shotSeen(matchId: string, receiver: object) {
    const f = inFlight.get(matchId);
    if (!f) return;
    if (receiver === f.by && (localSeats.get(matchId) ?? 0) > 1) return; // the opponent here times it
    wheel.cancel(f.watchdog);
    inFlight.delete(matchId);
    c.shotsRecv++;
    record(h.shot, performance.now() - f.at);
  }

  /** Every seat in play; one timer checks them all for a stalled match (not one timer per seat). */
  const seated = new Set<SeatBot>();
  setInterval(() => {
    const now = performance.now();
    for (const b of seated) b.checkStalled(now);
  }, 10_000).unref();

  class SeatBot {
    room!: Room<any>;
    seat: Seat = 0;
    /** The seat is known once `welcome` arrives (the first state may come before it). */
    private seated = false;
    matchId = '';
    roomId = '';
    seatKey = '';
    /** The table (its shotSeq) this seat last acted on or is acting on; -1 lets it decide again. */
    private actingOn = -1;
    private seenSeq = -1;
    private tries = 0;
    private triesSeq = -1;
    private timers: WheelEntry[] = [];
    private shotsTaken = 0;
    private dropAt = -1;
    done!: Promise<'finished' | 'stalled' | 'lost'>;
    private resolveDone!: (v: 'finished' | 'stalled' | 'lost') => void;
    private lastProgress = performance.now();
    private wantedAt = 0;
    private started = false;
    private leaving = false;
    private rng: () => number;

    constructor(readonly name: string, readonly token: string | null, seed: number) {
      this.rng = seeded(seed);
      this.done = new Promise((r) => (this.resolveDone = r));
    }

    /** Seeking a match from now (match start is timed from here). */
    want() {
      this.wantedAt = performance.now();
    }

    attach(room: Room<any>) {
      this.room = room;
      this.roomId = room.roomId;
      for (const t of MATCH_ROOM_MESSAGES) room.onMessage(t, () => {}); // no "unhandled message" warnings
      room.onMessage('welcome', (m: any) => {
        if (m.role !== 'player') return;
        this.seat = m.seat;
        this.seated = true;
        if (m.seatKey) this.seatKey = m.seatKey;
        if (!this.matchId) {
          this.matchId = m.matchId;
          localSeats.set(m.matchId, (localSeats.get(m.matchId) ?? 0) + 1);
        }
        this.maybeAct();
      });
      room.onMessage('started', () => {
        if (this.started) return;
        this.started = true;
        if (!startedIds.has(this.matchId)) (startedIds.add(this.matchId), c.matchesStarted++);
        if (this.wantedAt) record(h.matchStart, performance.now() - this.wantedAt);
        if (this.rng() < cfg.reconnectFraction) this.dropAt = 1 + Math.floor(this.rng() * 4);
      });
      room.onMessage('shot', () => shotSeen(this.matchId, this));
      room.onMessage('error', (m: any) => {
        if (!['shot', 'place', 'choose'].includes(m.intent)) {
          err(`room error ${m.intent ?? ''} ${m.code}`);
          return;
        }
        c.intentsRefused++;
        err(`intent refused: ${m.intent} ${m.code}`);
        const f = inFlight.get(this.matchId);
        if (f?.by === this) (wheel.cancel(f.watchdog), inFlight.delete(this.matchId));
        // Decide again from the table as it is, with another seed; after two refusals the shot clock decides.
        if (++this.tries <= 2) this.later(500, () => ((this.actingOn = -1), this.maybeAct()));
      });
      room.onMessage('finished', (m: any) => {
        if (m.pending) return;
        if (!finished.has(m.matchId)) {
          finished.set(m.matchId, { matchId: m.matchId, winner: m.winner, score: m.score, mode: room.state?.mode ?? '' });
          finishedIds.push(m.matchId);
          if (finishedIds.length > 500) finishedIds.shift();
          c.matchesFinished++;
        }
        this.end('finished');
      });
      room.onStateChange(() => this.maybeAct());
      // With the SDK's own reconnection off, a drop ends in onLeave too.
      room.onLeave((code: number) => void this.onGone(code));
      seated.add(this);
      this.maybeAct();
    }

    checkStalled(now: number) {
      if (now - this.lastProgress > STALL_MS) {
        err('match stalled (no progress in 180 s)');
        this.end('stalled');
      }
    }

    private later(ms: number, f: () => void) {
      const t = wheel.after(ms, () => {
        this.timers = this.timers.filter((x) => x !== t);
        if (!stopping && !this.leaving) f();
      });
      this.timers.push(t);
    }

    private clearTimers() {
      for (const t of this.timers) wheel.cancel(t);
      this.timers = [];
    }

    private end(how: 'finished' | 'stalled' | 'lost') {
      if (this.leaving) return;
      this.leaving = true;
      this.clearTimers();
      seated.delete(this);
      if (this.matchId) {
        const n = (localSeats.get(this.matchId) ?? 1) - 1;
        if (n <= 0) localSeats.delete(this.matchId);
        else localSeats.set(this.matchId, n);
      }
      this.resolveDone(how);
    }

    /** The socket closed without our asking: a server went away. Rejoin the room id by seat key or token. */
    private async onGone(code: number) {
      if (this.leaving || stopping || this.intentionalDrop) return;
      c.held--;
      c.drops++;
      err(`drop ${code}`);
      if (this.room.state?.phase === 'finished') return this.end('finished');
      const until = performance.now() + cfg.rejoinWindowS * 1000;
      let last = '';
      while (!stopping && performance.now() < until) {
        await sleep(1000);
        try {
          this.actingOn = -1;
          await join(() => client.joinById(this.roomId, this.rejoinOptions()), (r) => this.attach(r));
          c.rejoinsAfterDrop++;
          return;
        } catch (e) {
          last = errorKind(e);
          note(`rejoin attempt failed: ${last}`);
        }
      }
      if (!stopping && isNotFound(last) && (await matchOver(this.matchId))) {
        note('rejoin after a drop came back after the match ended');
        return this.end('finished');
      }
      if (!stopping) {
        err(`rejoin after drop failed: ${last}`);
        this.end('lost');
      }
    }

    private intentionalDrop = false;

    private rejoinOptions() {
      // A guest's join needs a display name even when it takes its seat back (the room's join rules).
      return this.token ? { token: this.token } : { seatKey: this.seatKey, name: this.name };
    }

    /** Drops the socket as a reload would, then takes the seat back by seat key or token. */
    private async reload() {
      this.intentionalDrop = true;
      this.dropAt = -1;
      quiet(this.room);
      this.room.connection.close();
      c.held--;
      await sleep(500 + this.rng() * 2000);
      const t0 = performance.now();
      try {
        this.intentionalDrop = false;
        this.actingOn = -1;
        await join(() => client.joinById(this.roomId, this.rejoinOptions()), (r) => this.attach(r));
        record(h.reconnect, performance.now() - t0);
        c.reconnects++;
      } catch (e) {
        const kind = errorKind(e);
        this.intentionalDrop = false;
        // The opponent may have ended the match while this bot was away (a concession, a forfeit by
        // clock): the room is gone because the match is over, which the server's record says.
        if (isNotFound(kind) && (await matchOver(this.matchId))) {
          note('reload came back after the match ended');
          this.end('finished');
          return;
        }
        c.reconnectsFailed++;
        err(`reconnect failed: ${kind}`);
        this.end('lost');
      }
    }

    maybeAct() {
      const st = this.room?.state as SyncedTable | undefined;
      if (!st || this.leaving || stopping) return;
      if (st.shotSeq !== this.seenSeq) {
        this.seenSeq = st.shotSeq;
        this.lastProgress = performance.now();
      }
      if (!this.seated || st.phase !== 'playing' || st.turn !== this.seat) return;
      if (st.shotSeq <= this.actingOn) return;
      if (st.shotSeq !== this.triesSeq) (this.triesSeq = st.shotSeq), (this.tries = 0);
      this.actingOn = st.shotSeq;
      if (this.dropAt >= 0 && this.shotsTaken >= this.dropAt) {
        void this.reload();
        return;
      }
      const seq = st.shotSeq;
      const t0 = performance.now();
      let d: BotDecision;
      try {
        d = chooseShot(snapshotOf(st), this.seat, { level: cfg.level, seed: (cfg.seed ^ Math.imul(seq + 1, 2654435761) ^ this.tries) >>> 0 });
      } catch (e) {
        err(`chooser threw: ${errorKind(e)}`);
        return;
      }
      record(h.chooser, performance.now() - t0);
      c.decisions++;
      const still = () => this.room.state?.shotSeq === seq && this.room.state?.phase === 'playing' && !this.leaving;
      if (d.choose !== undefined) {
        this.later(200 + this.rng() * 300, () => {
          if (!still()) return;
          c.chooses++;
          this.room.send('choose', { option: d.choose });
        });
        return;
      }
      if (!d.shot) return;
      const shot = d.shot;
      const ticks = Math.round(cfg.aimS * 10 * (0.75 + this.rng() * 0.5));
      const start = performance.now();
      let k = 0;
      // Sampled at 10 Hz (sample k at start + (k + 1) × 100 ms), sent in batches as the browser client
      // does (shared/protocol/aim.ts). The bot wakes once per batch and adds the samples of the slots
      // since its last wake, each at its own time: the frames on the wire are the browser's, at a third
      // of the timers a wake per sample would cost the generator.
      const aims = new AimBatcher();
      const sampleAt = (i: number) => start + (i + 1) * AIM_SAMPLE_MS;
      let sentAt = -Infinity;
      const tick = () => {
        if (!still()) return;
        const now = performance.now();
        // The aim wanders toward the chosen stroke, as a person's does.
        for (; k < ticks && sampleAt(k) <= now; k++) aims.sample(shot.angle + (this.rng() - 0.5) * 0.3 * (1 - k / ticks), sampleAt(k));
        if (k > 0 || ticks === 0) {
          const batch = aims.take(now);
          if (batch) {
            this.room.send('aim', batch);
            c.aimsSent++;
            sentAt = now;
          }
        }
        if (k < ticks) {
          // The next wake is when the next batch is due (no earlier than the next sample), from the time
          // the last one went, not from this wake: a fixed step from a late or early wake drifts.
          const wake = Math.min(sampleAt(ticks - 1), Math.max(sentAt + AIM_SEND_MS, sampleAt(k)));
          this.later(wake - performance.now(), tick);
          return;
        }
        if (d.place) {
          this.actingOn = seq + 1; // the placement moves the table on by one action
          this.room.send('place', d.place);
        }
        const at = performance.now();
        const prev = inFlight.get(this.matchId);
        if (prev) wheel.cancel(prev.watchdog);
        const watchdog = wheel.after(SHOT_TIMEOUT_MS, () => {
          if (inFlight.get(this.matchId)?.at !== at || stopping || this.leaving) return;
          inFlight.delete(this.matchId);
          c.shotsLost++;
          err('shot not broadcast within 10 s');
        });
        inFlight.set(this.matchId, { at, by: this, watchdog });
        this.room.send('shot', shot);
        c.shotsSent++;
        this.shotsTaken++;
      };
      if (ticks > 0) this.later(AIM_SAMPLE_MS, tick);
      else tick();
    }

    async leave() {
      this.end('finished');
      if (!this.room) return;
      quiet(this.room);
      try {
        await withTimeout(this.room.leave(), 5000, 'leave');
      } catch {}
      c.held--;
    }
  }

  // ---- casual pairs ---------------------------------------------------------------------------
  async function casualPair(t: number) {
    const game = cfg.games[t % cfg.games.length]!;
    const accts = [signedUp.get(`c${t}a`) ?? null, signedUp.get(`c${t}b`) ?? null];
    let round = 0;
    while (!stopping) {
      const a = new SeatBot(`bot${cfg.index}-${t}a`, accts[0]?.token ?? null, cfg.seed + t * 7 + round * 131);
      const b = new SeatBot(`bot${cfg.index}-${t}b`, accts[1]?.token ?? null, cfg.seed + t * 7 + round * 131 + 1);
      round++;
      a.want();
      b.want();
      let ra: Room<any>;
      try {
        ra = await join(() => client.create('match', { game, mode: 'casual', raceTo: cfg.raceTo, name: `b${t}a`, ...(a.token ? { token: a.token } : {}) }), (r) => a.attach(r));
      } catch (e) {
        c.joinErrors++;
        err(`join: create ${errorKind(e)}`);
        await sleep(2000);
        continue;
      }
      try {
        await join(() => client.joinById(ra.roomId, { name: `b${t}b`, ...(b.token ? { token: b.token } : {}) }), (r) => b.attach(r));
      } catch (e) {
        c.joinErrors++;
        err(`join: joinById ${errorKind(e)}`);
        await a.leave();
        await sleep(2000);
        continue;
      }
      await Promise.race([Promise.all([a.done, b.done]), stopped]);
      await Promise.all([a.leave(), b.leave()]);
      if (!stopping) await sleep(500 + rand() * 1000);
    }
  }

  // ---- ranked ---------------------------------------------------------------------------------
  async function rankedBot(i: number) {
    const game = cfg.games[Math.floor(i / 2) % cfg.games.length]!;
    const acct = signedUp.get(`r${i}`);
    if (!acct) return; // its sign-up failed (counted)
    let round = 0;
    while (!stopping) {
      const bot = new SeatBot(`r${cfg.index}-${i}`, acct.token, cfg.seed + 100_003 * (i + 1) + round++ * 17);
      bot.want();
      let queue: Room<any>;
      let onPaired!: (m: any) => void;
      const pairedP = new Promise<any>((res) => (onPaired = res));
      try {
        queue = await join(
          () => client.joinOrCreate('ranked_queue', { game, raceTo: cfg.raceTo, token: acct.token }),
          (q) => {
            q.onMessage('paired', onPaired);
            q.onMessage('queue', () => {});
            q.onMessage('error', (m: any) => err(`queue error ${m.code}`));
          },
        );
      } catch (e) {
        c.joinErrors++;
        err(`join: ranked_queue ${errorKind(e)}`);
        await sleep(2000);
        continue;
      }
      let paired: any;
      try {
        paired = await withTimeout(pairedP, QUEUE_TIMEOUT_MS, 'pairing');
      } catch {
        err('ranked queue: not paired in 120 s');
        c.held--;
        await queue.leave().catch(() => {});
        continue;
      }
      try {
        await join(() => client.consumeSeatReservation(paired.reservation), (r) => bot.attach(r));
      } catch (e) {
        c.joinErrors++;
        err(`join: ranked seat ${errorKind(e)}`);
        c.held--;
        await queue.leave().catch(() => {});
        continue;
      }
      c.held--;
      void queue.leave().catch(() => {});
      await Promise.race([bot.done, stopped]);
      await bot.leave();
      if (!stopping) await sleep(500 + rand() * 1000);
    }
  }

  // ---- spectators -----------------------------------------------------------------------------
  async function spectator(i: number) {
    while (!stopping) {
      const list = await rest('GET', '/api/live-tables', 'GET /api/live-tables');
      const tables: { roomId: string }[] = list?.tables ?? [];
      const t = tables[Math.floor(rand() * tables.length)];
      if (!t) {
        await sleep(2000);
        continue;
      }
      let room: Room<any>;
      let matchId = '';
      try {
        room = await join(
          () => client.joinById(t.roomId, { spectate: true, name: `s${cfg.index}-${i}` }),
          (r) => {
            for (const m of MATCH_ROOM_MESSAGES) r.onMessage(m, () => {});
            r.onMessage('welcome', (m: any) => (matchId = m.matchId));
            r.onMessage('shot', () => shotSeen(matchId, r));
          },
        );
      } catch (e) {
        const kind = errorKind(e);
        // A table that finished between the listing and the join is not an error of the server.
        if (!isNotFound(kind) && !/expired/i.test(kind)) (c.joinErrors++, err(`join: spectate ${kind}`));
        continue;
      }
      let gone = false;
      room.onLeave(() => (gone = true));
      const watchUntil = performance.now() + 30_000 + rand() * 90_000;
      await until(() => stopping || gone || room.state?.phase === 'finished' || performance.now() > watchUntil);
      if (gone && !stopping) (c.drops++, err('drop spectator'));
      quiet(room);
      if (!gone) await room.leave().catch(() => {});
      c.held--;
    }
  }

  async function until(cond: () => boolean) {
    while (!cond()) await sleep(250);
  }

  // ---- ramp: start tables at joinsPerS ----------------------------------------------------------
  // ---- warm the chooser up (a fresh process's first decisions run cold code) so its figures are its steady cost ----
  for (const game of cfg.games) {
    let t = newTable({ matchId: `warm-${game}`, game: game as GameKind, players: ['a', 'b'], raceTo: 1 });
    for (let i = 0; i < 25 && t.match.winner === null; i++) {
      const seat = (t.match.current.pending?.player ?? t.match.current.turn) as Seat;
      const d = chooseShot(t, seat, { level: cfg.level, seed: i });
      if (d.choose !== undefined) t = applyChoose(t, seat, d.choose).snapshot;
      else {
        if (d.place) t = applyPlace(t, seat, d.place.x, d.place.y);
        if (d.shot) t = applyShot(t, seat, d.shot).snapshot;
      }
    }
  }

  // ---- sign-ups first, at signupsPerS: a real service's accounts are not all made in the same second ----
  const signedUp = new Map<string, { id: string; token: string }>();
  const tags: string[] = [];
  for (let t = 0; t < cfg.casualAccounts / 2; t++) tags.push(`c${t}a`, `c${t}b`);
  for (let i = 0; i < cfg.rankedBots; i++) tags.push(`r${i}`);
  const s0 = performance.now();
  await Promise.all(
    tags.map(async (tag, i) => {
      await sleep(Math.max(0, s0 + (i / Math.max(0.1, cfg.signupsPerS)) * 1000 - performance.now()));
      const a = await register(tag);
      if (a) signedUp.set(tag, a);
    }),
  );

  const starts: (() => Promise<void>)[] = [];
  for (let t = 0; t < cfg.casualTables; t++) starts.push(() => casualPair(t));
  for (let i = 0; i < cfg.rankedBots; i++) starts.push(() => rankedBot(i));
  // Interleave ranked bots among the casual tables so both kinds ramp together; spectators come last.
  const ordered: { f: () => Promise<void>; joins: number }[] = [];
  const casual = starts.slice(0, cfg.casualTables).map((f) => ({ f, joins: 2 }));
  const ranked = starts.slice(cfg.casualTables).map((f) => ({ f, joins: 1 }));
  while (casual.length || ranked.length) {
    if (casual.length) ordered.push(casual.shift()!);
    if (ranked.length) ordered.push(ranked.shift()!);
    if (ranked.length && ranked.length > casual.length) ordered.push(ranked.shift()!);
  }
  for (let i = 0; i < cfg.spectators; i++) ordered.push({ f: () => spectator(i), joins: 1 });
  const running: Promise<void>[] = [restLoop()];
  const t0 = performance.now();
  let joinsDue = 0;
  for (const s of ordered) {
    if (stopping) break;
    running.push(s.f().catch((e) => void err(`bot crashed: ${errorKind(e)}`)));
    joinsDue += s.joins;
    const at = t0 + (joinsDue / cfg.joinsPerS) * 1000;
    const wait = at - performance.now();
    if (wait > 0) await sleep(wait);
  }
  // Ramped once every bot has its first seat (or gave up); spectators count once they watch.
  const target = cfg.casualTables * 2 + cfg.rankedBots + cfg.spectators;
  const rampLimit = performance.now() + 60_000 + (target / Math.max(1, cfg.joinsPerS)) * 2000;
  while (!stopping && c.held + c.joinErrors < target && performance.now() < rampLimit) await sleep(100);
  send({ type: 'ramped' });
  await stopped;
  await Promise.race([Promise.allSettled(running), sleep(3000)]);
}
