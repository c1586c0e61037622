// Hosting live matches across processes. Every live match is leased (db/match-leases.ts) to the process
// whose room plays it; that process renews the leases every quarter of LEASE_TTL_S.
// - At start, a process takes back its own live matches (after a restart) and restores each in a room
//   with the same room id, from its last logged snapshot, through a server-only restore ticket.
// - Every tick, it also adopts matches whose lease lapsed (their process died, or stalled past the
//   lease): the claim is one UPDATE, so exactly one process gets each, and it restores the match here
//   under the same room id; the players' clients find it with joinById through any process.
// - A process that finds one of its matches hosted elsewhere (it stalled and was adopted) closes its
//   room at once; its writes are fenced off by the lease epoch anyway.
// - With Redis, each tick also has Colyseus health-check processes that left the presence (their
//   listings are removed, so the matchmaker sends nobody to a dead process) and re-lists local rooms
//   missing from the listing (Redis restarted empty, a sweep) or listed as another process's (a
//   resumed stale copy wrote over it). A copy closed because its match is hosted elsewhere keeps its
//   hands off the listing under that room id (it is the new host's).
import { CloseCode, matchMaker, RoomInternalState, type Room } from '@colyseus/core';
import type { Claimed } from '../db/match-leases.ts';
import { metrics } from '../metrics.ts';
import { roomServices } from '../rooms/room-services.ts';
import { withTicket } from './room-tickets.ts';

/** Rooms of this process, kept by the room handlers' create/dispose events (rooms/index.ts). */
export const localRooms = new Set<Room>();

async function restoreClaimed(c: Claimed, how: 'own' | 'adopted'): Promise<boolean> {
  const { lifecycle, log } = roomServices();
  try {
    // The dead host's listing under this room id (if Colyseus has not removed it yet): have Colyseus
    // check that process now, which removes all its listings if it does not answer.
    const stale = (await matchMaker.driver.findOne({ roomId: c.roomId })) as { processId?: string } | undefined;
    if (stale?.processId && stale.processId !== matchMaker.processId) await matchMaker.healthCheckProcessId(stale.processId).catch(() => false);
    // Created here (not wherever the matchmaker would pick): this process holds the lease.
    await withTicket(matchMaker.presence, { kind: 'restore', matchId: c.matchId }, (ticket) => matchMaker.handleCreateRoom('match', { ticket }));
    metrics.matchesRestored.inc({ how });
    if (how === 'adopted') {
      metrics.adoptions.inc();
      log.info({ matchId: c.matchId, roomId: c.roomId, from: c.previousOwner, epoch: c.epoch }, 'match adopted from a process whose lease lapsed');
    }
    return true;
  } catch (e) {
    log.error({ err: e, matchId: c.matchId, how }, 'could not restore match');
    await lifecycle.releaseLease(c).catch(() => {});
    return false;
  }
}

/** At start: restores this process's own live matches. */
export async function restoreMatches(): Promise<number> {
  const { lifecycle, log } = roomServices();
  const claimed = await lifecycle.claimOwn();
  let n = 0;
  for (const c of claimed) if (await restoreClaimed(c, 'own')) n++;
  if (claimed.length) log.info({ restored: n, live: claimed.length }, 'unfinished matches restored');
  return n;
}

const ADOPT_PER_TICK = 10;

/** One round: renew, sweep listings, adopt. Exported for tests. */
export async function hostingTick(): Promise<{ renewed: number; adopted: number }> {
  const { lifecycle, redis, draining, log } = roomServices();
  const renewed = await lifecycle.renewLeases((_matchId, roomId) => {
    const room = matchMaker.getLocalRoomById(roomId);
    if (!room) return;
    // The listing under this room id is the new host's now. Colyseus removes a closing room's listing
    // by the id its listing carries, so this copy's listing gets an id of its own first: closing it
    // must not unlist the match where it is hosted (its players and spectators would get "not found"
    // until the new host's next round listed it again).
    const listing = (room as any)._listing as { roomId?: string } | undefined;
    if (listing) listing.roomId = `${roomId}~handed-over`;
    void room.disconnect(CloseCode.MAY_TRY_RECONNECT);
  });
  if (redis) {
    await matchMaker.healthCheckAllProcesses().catch((err) => log.warn({ err: (err as Error).message }, 'process health check failed'));
    const mine = [...localRooms].filter((r) => r.roomId && (r as any)._internalState === RoomInternalState.CREATED);
    if (mine.length) {
      // Missing (Redis restarted empty, a sweep), or naming another process: a host that stalled past
      // its lease and resumed may have written its stale copy's listing over this one before it
      // learned it lost the match.
      const listed = await matchMaker.driver.findByIds(mine.map((r) => r.roomId));
      const missing = mine.filter((r) => listed.get(r.roomId)?.processId !== matchMaker.processId);
      if (missing.length) {
        await Promise.all(missing.map((r) => matchMaker.driver.persist((r as any)._listing, true)));
        metrics.listingsRestored.inc(missing.length);
        log.warn({ rooms: missing.map((r) => r.roomId) }, 'local rooms were missing from the matchmaker listing: listed again');
      }
    }
  }
  let adopted = 0;
  if (!draining()) for (const c of await lifecycle.claimLapsed(ADOPT_PER_TICK)) if (await restoreClaimed(c, 'adopted')) adopted++;
  return { renewed, adopted };
}

/** Runs hostingTick every quarter lease (at most every 5 s) until stopped. */
export function startHosting(): { stop(): Promise<void> } {
  const { lifecycle, log } = roomServices();
  const everyMs = Math.max(250, Math.min(5000, lifecycle.leaseMs / 4));
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await hostingTick();
      } catch (e) {
        log.warn({ err: (e as Error).message }, 'match hosting round failed (database or Redis away?): retrying next round');
      }
    });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
