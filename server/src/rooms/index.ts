// Registers the game rooms on the game server (match, ranked_queue, tournament), with the match
// lifecycle and its event bus they use, and the tournament service's hooks on that lifecycle.
import { join } from 'node:path';
import { matchMaker } from '@colyseus/core';
import type { Services } from '../server.ts';
import { ComputerPlayer } from '../services/computer-player.ts';
import { MatchEvents } from '../services/match-events.ts';
import { MatchLifecycle } from '../services/match-lifecycle.ts';
import { setMetricSources } from '../metrics.ts';
import { localRooms, startHosting } from '../services/restore-matches.ts';
import { MatchRoom } from './match-room.ts';
import { RankedQueueRoom } from './ranked-queue-room.ts';
import { TournamentRoom } from './tournament-room.ts';
import { TournamentService } from '../services/tournaments.ts';
import { roomServices, setRoomServices } from './room-services.ts';

/** The match lifecycle and its event bus for this process (also used by tests that boot rooms alone). */
export async function registerMatchServices(services: Services): Promise<void> {
  const events = new MatchEvents(
    () => matchMaker.presence,
    (err, e) => services.log.error({ err, event: e.type, matchId: e.matchId }, 'match event listener failed'),
  );
  const lifecycle = new MatchLifecycle({
    db: () => services.database.db,
    log: services.log.child({ component: 'match-lifecycle' }),
    events,
    spoolDir: join(services.config.dataDir, 'spool'),
    owner: services.config.PUBLIC_ADDRESS ?? 'local',
    leaseMs: services.config.LEASE_TTL_S * 1000,
    handOverOnStop: !!services.config.REDIS_URL,
    draining: services.draining,
  });
  const computer = new ComputerPlayer(services.log.child({ component: 'computer-player' }));
  computer.warm();
  await setRoomServices({ ...services, lifecycle, events, computer });
  setMetricSources({
    rooms: () => [...localRooms].map((r) => ({ name: r.roomName, clients: r.clients.length })),
    hostedMatches: () => lifecycle.hostedCount,
    pendingWrites: () => lifecycle.pendingWrites,
  });
}

export async function defineRooms(services: Services): Promise<void> {
  await registerMatchServices(services);
  // Quick casual play: joinOrCreate finds a public table of the same game, mode and race with a free
  // seat (full tables turn private; spectators still join them by id).
  const handlers = [
    services.gameServer.define('match', MatchRoom).filterBy(['game', 'mode', 'raceTo', 'quick']),
    services.gameServer.define('ranked_queue', RankedQueueRoom),
    // One live room per event: joinOrCreate with the same tournamentId finds it.
    services.gameServer.define('tournament', TournamentRoom).filterBy(['tournamentId']),
  ];
  // Every local room, for the metrics and for re-listing rooms the matchmaker lost (restore-matches.ts).
  for (const h of handlers) h.on('create', (room) => localRooms.add(room)).on('dispose', (room) => localRooms.delete(room));
  registerTournamentServices();
}

/**
 * Tournaments ride on the match lifecycle: a tournament match's finish advances its bracket inside the
 * finish transaction (and an abort hands the match to the host); once the result is committed and
 * announced, every process gives the next ready matches their rooms (claims make that happen once).
 */
function registerTournamentServices() {
  const { lifecycle, events, database, log } = roomServices();
  const tournaments = new TournamentService({ db: database.db, log: log.child({ component: 'tournaments' }) });
  lifecycle.onFinishTransaction(tournaments.onFinish);
  lifecycle.onAbortTransaction(tournaments.onAbort);
  events.subscribe(async (e) => {
    if (e.tournament) await tournaments.pump(e.tournament.tournamentId);
  });
}

/** After matches are restored: running events get their live room back and their ready matches rooms. */
export async function restoreTournaments(): Promise<number> {
  const { database, log } = roomServices();
  return new TournamentService({ db: database.db, log: log.child({ component: 'tournaments' }) }).restore();
}

let hosting: { stop(): Promise<void> } | null = null;

/** After listening: receive match events, write what a previous run spooled. */
export async function startMatchServices(): Promise<void> {
  const { events, lifecycle } = roomServices();
  await events.start();
  await lifecycle.replaySpool();
}

/** After restoring this process's own matches: renew leases, adopt lapsed ones, keep listings (restore-matches.ts). */
export function startMatchHosting(): void {
  hosting ??= startHosting();
}

export async function stopMatchServices(): Promise<void> {
  await hosting?.stop();
  hosting = null;
  // The rooms are gone and nothing renews any more: hand their live matches to the survivors now.
  await roomServices().lifecycle.releaseHandedOver();
  await roomServices().events.stop().catch(() => {});
  await roomServices().computer.close();
}
