// Presence: offline, online (connected to the `me` room), in a match (with its room, to watch),
// watching, or in the ranked queue; shown to friends and clan mates only, never to anyone either side
// has blocked, and as offline for a user who chose to appear offline. The facts live in Colyseus'
// presence (Redis hashes when configured, so every process reads the same), and every change is pushed
// to the audience's user channels at once. Rooms call the three hooks at the bottom; they never throw
// into the room (a failure is logged and the room plays on).
import { matchMaker } from '@colyseus/core';
import type { SocialPresence } from '@dojopool/shared';
import type { Db } from '../db/index.ts';
import { presenceAudience } from '../db/friends.ts';
import type { Logger } from '../log.ts';
import { deliver } from './social-live.ts';

// Open `me` connections of a user (any process), a counter that expires: the `me` room refreshes it
// while the user is connected, so a process that dies without closing its sockets leaves a user
// "online" for at most ONLINE_TTL_S.
const onlineKey = (userId: string) => `dojopool:presence:online:${userId}`;
export const ONLINE_TTL_S = 90;
const ACTIVITY = 'dojopool:presence:activity'; // userId → JSON { status, roomId, matchId? }
const HIDDEN = 'dojopool:presence:hidden'; // userId → '1' while appearing offline

// Which process holds each user's `me` connections and activities, so that when a process dies
// without closing its sockets (SIGKILL, a crash) the survivors take them away at once and tell the
// friends: each process keeps a heartbeat key that expires after PRESENCE_TTL_S, lists itself in
// PROCS and counts its connections per user in its own hash. A survivor that finds a listed process
// without a heartbeat claims its sweep (hdel answers true to exactly one) and undoes what it held.
const PROCS = 'dojopool:presence:procs'; // processId → '1'
const aliveKey = (proc: string) => `dojopool:presence:alive:${proc}`;
const connsKey = (proc: string) => `dojopool:presence:conns:${proc}`; // userId → open me connections here

type Activity = { status: 'in_match' | 'watching' | 'queued'; roomId: string; matchId?: string; proc?: string };

const presence = () => matchMaker.presence;

/** What a user's friends see (appear-offline applied). */
export async function presenceOf(userId: string): Promise<SocialPresence> {
  const [hidden, activity, online] = await Promise.all([presence().hget(HIDDEN, userId), presence().hget(ACTIVITY, userId), presence().get(onlineKey(userId))]);
  if (hidden) return { status: 'offline' };
  if (activity) {
    try {
      const a = JSON.parse(activity) as Activity;
      return a.matchId ? { status: a.status, roomId: a.roomId, matchId: a.matchId } : { status: a.status, roomId: a.roomId };
    } catch {
      // a malformed entry reads as no activity
    }
  }
  return Number(online) > 0 ? { status: 'online' } : { status: 'offline' };
}

export async function presencesOf(userIds: string[]): Promise<Map<string, SocialPresence>> {
  const all = await Promise.all(userIds.map(async (id) => [id, await presenceOf(id)] as const));
  return new Map(all);
}

/** Pushes a user's current presence to everyone allowed to see it (and to the user's own connections). */
export async function announce(db: Db, userId: string): Promise<void> {
  const [p, audience] = await Promise.all([presenceOf(userId), presenceAudience(db, userId)]);
  await Promise.all([userId, ...audience].map((id) => deliver(id, 'presence', { userId, presence: p })));
}

/** The user's appear-offline choice, mirrored from the database into the shared presence. */
export async function setHidden(db: Db, userId: string, hidden: boolean): Promise<void> {
  if (hidden) await presence().hset(HIDDEN, userId, '1');
  else await presence().hdel(HIDDEN, userId);
  await announce(db, userId);
}

/** Keeps connected users' online counters from expiring (the `me` room calls it periodically). */
export async function refreshOnline(userIds: Iterable<string>): Promise<void> {
  await Promise.all([...new Set(userIds)].map((id) => presence().expire(onlineKey(id), ONLINE_TTL_S)));
}

/** A `me` connection opened (+1) or closed (-1); announces only when the user came online or went offline. */
export async function connectionChanged(db: Db, userId: string, delta: 1 | -1): Promise<void> {
  const here = Number(await presence().hincrby(connsKey(matchMaker.processId), userId, delta));
  if (here <= 0) await presence().hdel(connsKey(matchMaker.processId), userId);
  const n = Number(delta === 1 ? await presence().incr(onlineKey(userId)) : await presence().decr(onlineKey(userId)));
  if (n <= 0) presence().del(onlineKey(userId));
  else await presence().expire(onlineKey(userId), ONLINE_TTL_S);
  if ((delta === 1 && n === 1) || (delta === -1 && n <= 0)) await announce(db, userId);
}

async function setActivity(db: Db, userId: string, a: Activity): Promise<void> {
  await presence().hset(ACTIVITY, userId, JSON.stringify({ ...a, proc: matchMaker.processId }));
  await announce(db, userId);
}

/** Clears the activity only if it is still the one in `roomId` (a newer table or queue is kept). */
async function clearActivity(db: Db, userId: string, roomId: string): Promise<void> {
  const cur = await presence().hget(ACTIVITY, userId);
  if (!cur) return;
  try {
    if ((JSON.parse(cur) as Activity).roomId !== roomId) return;
  } catch {
    // malformed: drop it
  }
  await presence().hdel(ACTIVITY, userId);
  await announce(db, userId);
}

/**
 * Undoes what a dead process held: its users' connection counts (a user with none left anywhere goes
 * offline) and the activities it recorded (its rooms are gone; an adopted match records them again
 * when the player rejoins). Each affected user's friends are told. Returns the users announced.
 */
async function sweepProcess(db: Db, proc: string): Promise<string[]> {
  const conns = await presence().hgetall(connsKey(proc));
  await presence().del(connsKey(proc));
  const changed = new Set<string>();
  for (const [userId, raw] of Object.entries(conns ?? {})) {
    let n = Number(await presence().get(onlineKey(userId)));
    for (let i = 0; i < Number(raw) && n > 0; i++) n = Number(await presence().decr(onlineKey(userId)));
    if (n <= 0) {
      await presence().del(onlineKey(userId));
      changed.add(userId);
    }
  }
  for (const [userId, raw] of Object.entries((await presence().hgetall(ACTIVITY)) ?? {})) {
    try {
      if ((JSON.parse(raw) as Activity).proc !== proc) continue;
    } catch {
      continue;
    }
    await presence().hdel(ACTIVITY, userId);
    changed.add(userId);
  }
  for (const userId of changed) await announce(db, userId);
  return [...changed];
}

/** One heartbeat: this process's key renewed, processes whose key lapsed swept (each by one survivor). */
export async function presenceHeartbeat(db: Db, ttlS: number, log: Logger): Promise<number> {
  const self = matchMaker.processId;
  await presence().setex(aliveKey(self), '1', ttlS);
  await presence().hset(PROCS, self, '1');
  let swept = 0;
  for (const proc of Object.keys((await presence().hgetall(PROCS)) ?? {})) {
    if (proc === self || (await presence().exists(aliveKey(proc)))) continue;
    if (!(await presence().hdel(PROCS, proc))) continue; // another survivor sweeps it
    const users = await sweepProcess(db, proc);
    swept++;
    log.info({ process: proc, users: users.length }, 'presence: a process stopped heartbeating; its users\' connections and activities removed');
  }
  return swept;
}

/** Runs presenceHeartbeat every third of `ttlS` until stopped. */
export function startPresenceHeartbeat(db: Db, ttlS: number, log: Logger): { stop(): Promise<void> } {
  let running: Promise<unknown> = presenceHeartbeat(db, ttlS, log).catch((err) => log.warn({ err: (err as Error).message }, 'presence heartbeat failed'));
  const timer = setInterval(() => {
    running = running.then(() => presenceHeartbeat(db, ttlS, log)).catch((err) => log.warn({ err: (err as Error).message }, 'presence heartbeat failed'));
  }, (ttlS * 1000) / 3);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

// ---- hooks the rooms call (fire and forget) ----

export type PresenceHookDeps = { db: Db; log: Logger };

function run(deps: PresenceHookDeps, what: string, f: () => Promise<void>) {
  f().catch((err) => deps.log.warn({ err: (err as Error).message, what }, 'presence update failed'));
}

/** A signed-in player took a seat at a match, or began watching one. */
export function enteredMatchRoom(deps: PresenceHookDeps, userId: string | null, roomId: string, matchId: string, role: 'player' | 'spectator'): void {
  if (!userId) return;
  run(deps, 'match join', () => setActivity(deps.db, userId, { status: role === 'player' ? 'in_match' : 'watching', roomId, matchId }));
}

/** A signed-in player joined the ranked queue. */
export function enteredQueue(deps: PresenceHookDeps, userId: string | null, roomId: string): void {
  if (!userId) return;
  run(deps, 'queue join', () => setActivity(deps.db, userId, { status: 'queued', roomId }));
}

/** A signed-in player left a match room or the queue (or its room went away). */
export function leftRoom(deps: PresenceHookDeps, userId: string | null, roomId: string): void {
  if (!userId) return;
  run(deps, 'room leave', () => clearActivity(deps.db, userId, roomId));
}
