// The life of a match outside its room: created (the match row, its players and the opening table),
// played (each action appended to the shot log), finished (result, Elo, statistics and achievements in
// one idempotent transaction, then the match-finished event), aborted (closed without a result, then
// the match-aborted event), and restored (an unfinished match loaded for a new room). Rooms hold seats,
// intents and clocks; they hand every write here, through a per-match writer that keeps the writes in
// order, retries them while the database is away, and — if the process must stop before they are
// written — spools them to disk to be written at the next start. Decisions (who is rated, which
// achievements unlock) come from shared/; the SQL lives in db/matches.ts.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRatedMatch, type FinishedMatch, type GameKind, type MatchMode, type Seat, type TableSnapshot } from '@dojopool/shared';
import * as leases from '../db/match-leases.ts';
import { encodeState } from '../db/match-state.ts';
import * as store from '../db/matches.ts';
import type { Db } from '../db/index.ts';
import type { Logger } from '../log.ts';
import { metrics } from '../metrics.ts';
import type { MatchEvents, MatchFinishedEvent, TournamentLink } from './match-events.ts';
import { isPermanent, PersistQueue } from './persist-queue.ts';

/** What a match is stored with besides its table: read back on restore. */
export type MatchSettings = {
  owner: string;
  tableSize: string;
  shotClockS: number;
  reconnectS: number;
  breakRule: 'alternate' | 'winner';
  callAllShots: boolean;
  seatKeys: string[];
  rated: boolean;
  tournament: TournamentLink | null;
  /** The seat the server's computer player holds and its level (restored with the match); absent: two people. */
  computer?: { seat: Seat; level: string } | null;
};

export type NewMatchInput = {
  id: string;
  game: GameKind;
  mode: MatchMode;
  raceTo: number;
  roomId: string;
  privateCode: string | null;
  settings: Omit<MatchSettings, 'rated'> & { tournamentRated?: boolean };
  players: { seat: Seat; userId: string | null; name: string; computer?: string | null }[];
  opening: TableSnapshot;
};

export type FinishOutcome = store.FinishResult;

/** Who may write a match: its host's public address at the lease epoch it holds (see db/match-leases.ts). */
export type Fence = { owner: string; epoch: number };

/**
 * A write the spool can hold: plain JSON, replayed in order, each idempotent by its natural key. Writes
 * after the creation carry the fence of the host that made them: once another process has adopted the
 * match they are refused, from a stale room or a late spool alike.
 */
type WriteOp =
  | { op: 'create'; match: Omit<NewMatchInput, 'settings'> & { settings: MatchSettings } }
  | { op: 'append'; row: store.ShotRow; fence?: Fence }
  | { op: 'finish'; input: store.FinishInput & { event: Omit<MatchFinishedEvent, 'players' | 'finishedAt'> }; fence?: Fence }
  | { op: 'abort'; matchId: string; reason: string; event: { roomId: string; game: GameKind; mode: MatchMode; tournament: TournamentLink | null; players: { seat: Seat; userId: string | null; name: string }[] }; fence?: Fence };

function matchIdOf(op: WriteOp): string {
  if (op.op === 'create') return op.match.id;
  if (op.op === 'append') return op.row.matchId;
  if (op.op === 'finish') return op.input.matchId;
  return op.matchId;
}

export class MatchLifecycle {
  private finishHooks: store.FinishHook[] = [];
  private abortHooks: store.AbortHook[] = [];

  /**
   * Runs `hook` inside the transaction that finishes a match, once per match (not on an idempotent
   * retry): what must change exactly once with the result (a bracket advancing) goes here. A hook that
   * throws rolls the finish back, and the writer retries both.
   */
  onFinishTransaction(hook: store.FinishHook): void {
    this.finishHooks.push(hook);
  }

  /** Like onFinishTransaction, for a match closed without a result. */
  onAbortTransaction(hook: store.AbortHook): void {
    this.abortHooks.push(hook);
  }

  /** The matches this process hosts (their creation stored, or restored here), by match id. */
  private hosted = new Map<string, MatchWriter>();
  /** Every open writer (hosted or not yet created), for the write-queue depth. */
  private open = new Set<MatchWriter>();

  constructor(
    private readonly deps: {
      db: () => Db;
      log: Logger;
      events: MatchEvents;
      spoolDir: string;
      owner: string;
      leaseMs: number;
      /**
       * True in a cluster (Redis): a process that stops hands its live matches over at once (see
       * handOver) instead of leaving them to the lease TTL; alone, the next start takes them back.
       */
      handOverOnStop?: boolean;
      /** Whether the process is stopping. */
      draining?: () => boolean;
    },
  ) {}

  /** Live matches whose room went away here while stopping, every write stored: their leases are released at stop. */
  private handedOver: { matchId: string; epoch: number; roomId: string | null }[] = [];

  /** @internal the writer's room closed with its match still live here and nothing left unwritten */
  roomClosedWhileHosting(w: MatchWriter): void {
    if (!this.deps.handOverOnStop || !this.deps.draining?.() || !w.fence) return;
    this.handedOver.push({ matchId: w.matchId, epoch: w.fence.epoch, roomId: w.roomId });
  }

  /**
   * At stop, once rooms are disposed (their writes flushed) and the hosting loop no longer renews:
   * lets the lease of every match handed over lapse now, so a surviving process adopts it on its next
   * round rather than after LEASE_TTL_S. A match whose writes were spooled is not handed over (an
   * adopter would fence the spooled writes off); it waits for its lease, or for this process's return.
   * Returns the number released.
   */
  async releaseHandedOver(): Promise<number> {
    const list = this.handedOver.splice(0);
    let n = 0;
    for (const h of list) {
      try {
        await leases.releaseLease(this.deps.db(), h.matchId, this.deps.owner, h.epoch);
        n++;
        this.deps.log.info({ matchId: h.matchId, roomId: h.roomId, epoch: h.epoch }, 'match lease released at stop: a surviving process adopts it now');
      } catch (err) {
        this.deps.log.warn({ err: (err as Error).message, matchId: h.matchId }, 'could not release a match lease at stop: it lapses after its TTL');
      }
    }
    return n;
  }

  get owner(): string {
    return this.deps.owner;
  }

  get leaseMs(): number {
    return this.deps.leaseMs;
  }

  /** Live matches hosted here. */
  get hostedCount(): number {
    return this.hosted.size;
  }

  /** Writes queued over every match of this process. */
  get pendingWrites(): number {
    let n = 0;
    for (const w of this.open) n += w.pending;
    return n;
  }

  /** Whether `w` is the writer of a match this process hosts (leased here, still live). */
  isHosting(w: MatchWriter): boolean {
    return this.hosted.get(w.matchId) === w;
  }

  /** @internal the writer's bookkeeping */
  track(w: MatchWriter, state: 'open' | 'hosted' | 'unhosted' | 'closed'): void {
    if (state === 'open') this.open.add(w);
    else if (state === 'hosted') this.hosted.set(w.matchId, w);
    else {
      if (this.hosted.get(w.matchId) === w) this.hosted.delete(w.matchId);
      if (state === 'closed') this.open.delete(w);
    }
  }

  /**
   * Renews the lease of every match hosted here. A match found hosted by another process (this one
   * stalled past its lease and was adopted) is given up: its writer refuses further writes and
   * `onLost` closes its room. Returns the number renewed.
   */
  async renewLeases(onLost: (matchId: string, roomId: string) => void): Promise<number> {
    const held = [...this.hosted.values()].filter((w) => w.fence).map((w) => ({ matchId: w.matchId, epoch: w.fence!.epoch }));
    const db = this.deps.db();
    const renewed = await leases.renewLeases(db, this.deps.owner, held, this.deps.leaseMs);
    metrics.leaseRenewals.inc(renewed.size);
    const missing = held.filter((h) => !renewed.has(h.matchId));
    if (missing.length) {
      for (const id of await leases.lostLeases(db, this.deps.owner, missing)) {
        const w = this.hosted.get(id);
        if (!w) continue;
        metrics.leasesLost.inc();
        this.deps.log.warn({ matchId: id, roomId: w.roomId }, 'match lease lost: another process hosts this match now; closing the room here');
        w.abandon();
        onLost(id, w.roomId!);
      }
    }
    return renewed.size;
  }

  /** At start: this process's own live matches, each with a new lease epoch (restore them here). */
  claimOwn(): Promise<leases.Claimed[]> {
    return leases.claimOwn(this.deps.db(), this.deps.owner, this.deps.leaseMs);
  }

  /** Live matches whose host stopped renewing, now leased to this process (exactly once across processes). */
  claimLapsed(limit: number): Promise<leases.Claimed[]> {
    return leases.claimLapsed(this.deps.db(), this.deps.owner, this.deps.leaseMs, limit);
  }

  releaseLease(c: leases.Claimed): Promise<void> {
    return leases.releaseLease(this.deps.db(), c.matchId, this.deps.owner, c.epoch);
  }

  /** A writer for one match: ordered, retried, spooled on shutdown if it could not finish. */
  writer(matchId: string, log: Logger): MatchWriter {
    return new MatchWriter(this, matchId, log);
  }

  async run(w: WriteOp): Promise<unknown> {
    const db = this.deps.db();
    switch (w.op) {
      case 'create': {
        const m = w.match;
        await store.createMatch(db, { id: m.id, game: m.game, mode: m.mode, raceTo: m.raceTo, roomId: m.roomId, privateCode: m.privateCode, settings: m.settings, players: m.players, owner: m.settings.owner, leaseMs: this.deps.leaseMs });
        await store.appendShot(db, { matchId: m.id, seq: 0, rack: 1, seat: m.opening.match.current.turn, kind: 'place', intent: { start: true }, summary: null, ruling: null, balls: m.opening.balls, snapshot: m.opening });
        return;
      }
      case 'append': {
        const fence = w.fence;
        if (!fence) return store.appendShot(db, w.row);
        return leases.appendShotFenced(db, w.row, fence);
      }
      case 'finish': {
        const fence = w.fence;
        const hooks: store.FinishHook[] = fence ? [(trx, f) => leases.checkFence(trx, f.matchId, fence), ...this.finishHooks] : this.finishHooks;
        const res = await store.finishMatch(db, w.input, hooks);
        if (!res.alreadyFinished) {
          metrics.matchesFinished.inc();
          await this.publishFinished(w.input, res);
        }
        return res;
      }
      case 'abort': {
        const fence = w.fence;
        const hooks: store.AbortHook[] = fence ? [(trx, id) => leases.checkFence(trx, id, fence), ...this.abortHooks] : this.abortHooks;
        const changed = await store.abortMatch(db, w.matchId, w.reason, hooks);
        if (changed) metrics.matchesAborted.inc();
        if (changed) {
          await this.deps.events
            .publish({ type: 'match.aborted', matchId: w.matchId, ...w.event, reason: w.reason, abortedAt: new Date().toISOString() })
            .catch((err) => this.deps.log.warn({ err, matchId: w.matchId }, 'could not publish match.aborted'));
        }
        return changed;
      }
    }
  }

  private async publishFinished(input: Extract<WriteOp, { op: 'finish' }>['input'], res: store.FinishResult) {
    const e: MatchFinishedEvent = {
      ...input.event,
      finishedAt: (res.finishedAt ?? new Date()).toISOString(),
      players: res.players.map((p) => {
        const r = res.ratings.find((x) => x.seat === p.seat);
        return {
          seat: p.seat,
          userId: p.userId,
          name: p.name,
          result: input.finished.winner === p.seat ? 'win' : 'loss',
          ratingBefore: r?.before ?? null,
          ratingAfter: r?.after ?? null,
          achievements: res.achievements.find((a) => a.seat === p.seat)?.ids ?? [],
        };
      }),
    };
    // The result is stored whatever happens here; a lost publish is logged (subscribers that must not
    // miss one reconcile from the database).
    await this.deps.events.publish(e).catch((err) => this.deps.log.warn({ err, matchId: e.matchId }, 'could not publish match.finished'));
  }

  /** Writes what a previous run spooled (a shutdown while the database was away); idempotent. */
  async replaySpool(): Promise<number> {
    let files: string[];
    try {
      files = readdirSync(this.deps.spoolDir).filter((f) => f.endsWith('.json')).sort();
    } catch {
      return 0;
    }
    let n = 0;
    for (const f of files) {
      const path = join(this.deps.spoolDir, f);
      // A write this database refuses for good (its match is not here, a fence, bad data) is dropped
      // as the live queue drops it, and the file is kept aside (`.failed`) for the operator: one bad
      // file must not stop every start. A database that is away still fails the start (retried then).
      let ops: WriteOp[];
      try {
        ops = JSON.parse(readFileSync(path, 'utf8')) as WriteOp[];
        if (!Array.isArray(ops)) throw new Error('not a list of writes');
      } catch (err) {
        renameSync(path, `${path}.failed`);
        this.deps.log.error({ err, file: f }, 'spool file unreadable: kept aside as .failed');
        continue;
      }
      let dropped = 0;
      for (const op of ops) {
        try {
          await this.run(op);
        } catch (err) {
          if (!isPermanent(err)) throw err;
          dropped++;
          this.deps.log.error({ err, file: f, op: op.op, matchId: matchIdOf(op) }, 'spooled write refused by the database: dropped');
        }
      }
      if (dropped) renameSync(path, `${path}.failed`);
      else rmSync(path);
      n += ops.length - dropped;
      this.deps.log.info({ file: f, writes: ops.length, dropped }, 'spooled match writes replayed');
    }
    return n;
  }

  spool(matchId: string, ops: WriteOp[]): string {
    metrics.spooledWrites.inc(ops.length);
    mkdirSync(this.deps.spoolDir, { recursive: true });
    const path = join(this.deps.spoolDir, `${Date.now()}-${matchId}.json`);
    writeFileSync(path + '.tmp', JSON.stringify(ops), { mode: 0o600 });
    renameSync(path + '.tmp', path);
    return path;
  }

  loadLive(matchId: string) {
    return store.loadLiveMatch(this.deps.db(), matchId);
  }
}

/**
 * The ordered writes of one match. Each push returns when the write is stored; a write that keeps
 * failing because the database is away is retried until it succeeds, or until the room goes away with
 * the process, when whatever is still pending goes to the spool.
 */
export class MatchWriter {
  private queue: PersistQueue;
  private pendingOps = new Map<number, WriteOp>();
  private nextId = 0;
  private abandoned = false;
  /** Set once this process hosts the match (its creation queued here, or restored here at an epoch). */
  fence: Fence | null = null;
  roomId: string | null = null;
  /**
   * The history (racks and their shots) of the snapshot of the last row queued here, or of the row the
   * log ends at when this process took the match over: each row after it stores only what it added
   * (db/match-state.ts). Null until then: the next row is stored whole.
   */
  private logged: Pick<TableSnapshot, 'racks' | 'rackShots'> | null = null;

  constructor(
    private readonly lifecycle: MatchLifecycle,
    readonly matchId: string,
    private readonly log: Logger,
  ) {
    this.queue = new PersistQueue(log);
    lifecycle.track(this, 'open');
  }

  /** This process hosts the match in room `roomId` at lease `epoch`: its lease is renewed from now on. */
  hold(roomId: string, epoch: number): void {
    this.roomId = roomId;
    this.fence = { owner: this.lifecycle.owner, epoch };
    this.lifecycle.track(this, 'hosted');
  }

  /** Another process hosts the match now: queued and later writes are dropped, nothing is spooled. */
  abandon(): void {
    this.abandoned = true;
    this.lifecycle.track(this, 'unhosted');
    this.queue.close();
    this.pendingOps.clear();
  }

  get pending(): number {
    return this.pendingOps.size;
  }

  private push<T>(what: string, op: WriteOp): Promise<T> {
    if (this.abandoned) return Promise.reject(new Error(`match ${this.matchId} is hosted by another process now`));
    if (op.op !== 'create' && this.fence) op.fence = this.fence;
    const id = this.nextId++;
    this.pendingOps.set(id, op);
    const p = this.queue.push(what, () => this.lifecycle.run(op) as Promise<T>);
    p.then(
      () => this.pendingOps.delete(id),
      () => this.pendingOps.delete(id),
    );
    return p;
  }

  create(m: NewMatchInput): Promise<void> {
    const { tournamentRated, ...rest } = m.settings;
    const settings: MatchSettings = { ...rest, rated: isRatedMatch(m.mode, tournamentRated, !!rest.computer) };
    const p = this.push<void>('create match', { op: 'create', match: { ...m, settings } });
    this.logged = { racks: m.opening.racks, rackShots: m.opening.rackShots };
    // A new match is leased to its creator at epoch 0 (createMatch stores owner and lease).
    this.hold(m.roomId, 0);
    p.then(() => metrics.matchesStarted.inc(), () => {});
    return p;
  }

  /** The stored log ends at `snapshot` (a restored match): the next row stores only what it adds. */
  continueFrom(snapshot: TableSnapshot): void {
    this.logged = { racks: snapshot.racks, rackShots: snapshot.rackShots };
  }

  append(row: Omit<store.ShotRow, 'matchId' | 'snapshot'> & { snapshot: TableSnapshot }): Promise<void> {
    const state = encodeState(row.snapshot, this.logged, row.balls === row.snapshot.balls);
    this.logged = { racks: row.snapshot.racks, rackShots: row.snapshot.rackShots };
    return this.push(`append ${row.kind} #${row.seq}`, { op: 'append', row: { ...row, snapshot: state, matchId: this.matchId } });
  }

  finish(o: { finished: FinishedMatch; score: [number, number]; reason: string; finalState: TableSnapshot; rated: boolean; event: Omit<MatchFinishedEvent, 'players' | 'finishedAt' | 'type' | 'matchId' | 'winner' | 'score' | 'forfeit' | 'reason' | 'rated'> }): Promise<FinishOutcome> {
    const event: Omit<MatchFinishedEvent, 'players' | 'finishedAt'> = {
      type: 'match.finished',
      matchId: this.matchId,
      winner: o.finished.winner,
      score: o.score,
      forfeit: o.finished.forfeit,
      reason: o.reason,
      rated: o.rated,
      ...o.event,
    };
    const p = this.push<FinishOutcome>('finish match', { op: 'finish', input: { matchId: this.matchId, rated: o.rated, finished: o.finished, score: o.score, reason: o.reason, finalState: o.finalState, event } });
    // Stored: the match is no longer live, nothing left to lease.
    p.then(() => this.lifecycle.track(this, 'unhosted'), () => {});
    return p;
  }

  abort(reason: string, event: Extract<WriteOp, { op: 'abort' }>['event']): Promise<boolean> {
    const p = this.push<boolean>('abort match', { op: 'abort', matchId: this.matchId, reason, event });
    // Closed: nothing left to lease.
    p.then(() => this.lifecycle.track(this, 'unhosted'), () => {});
    return p;
  }

  /** Waits for every write, at most `timeoutMs`; true when all are stored. */
  drain(timeoutMs: number): Promise<boolean> {
    return this.queue.drain(timeoutMs);
  }

  /** Stops retrying and spools whatever is still unwritten; returns the spool file, if any. */
  close(): string | null {
    const hosted = this.lifecycle.isHosting(this);
    this.lifecycle.track(this, 'closed');
    this.queue.close();
    if (this.pendingOps.size === 0) {
      if (hosted && !this.abandoned) this.lifecycle.roomClosedWhileHosting(this);
      return null;
    }
    const ops = [...this.pendingOps.entries()].sort((a, b) => a[0] - b[0]).map(([, op]) => op);
    const path = this.lifecycle.spool(this.matchId, ops);
    this.log.warn({ path, writes: ops.length }, 'match writes spooled for the next start');
    return path;
  }
}
