// Registers the game rooms on the game server, with the match lifecycle and its event bus they use.
import { join } from 'node:path';
import { matchMaker } from '@colyseus/core';
import type { Services } from '../server.ts';
import { ComputerPlayer } from '../services/computer-player.ts';
import { MatchEvents } from '../services/match-events.ts';
import { MatchLifecycle } from '../services/match-lifecycle.ts';
import { MatchRoom } from './match-room.ts';
import { RankedQueueRoom } from './ranked-queue-room.ts';
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
  });
  const computer = new ComputerPlayer(services.log.child({ component: 'computer-player' }));
  computer.warm();
  await setRoomServices({ ...services, lifecycle, events, computer });
}

export async function defineRooms(services: Services): Promise<void> {
  await registerMatchServices(services);
  // Quick casual play: joinOrCreate finds a public table of the same game, mode and race with a free
  // seat (full tables turn private; spectators still join them by id).
  services.gameServer.define('match', MatchRoom).filterBy(['game', 'mode', 'raceTo', 'quick']);
  services.gameServer.define('ranked_queue', RankedQueueRoom);
}

/** After listening: receive match events, write what a previous run spooled. */
export async function startMatchServices(): Promise<void> {
  const { events, lifecycle } = roomServices();
  await events.start();
  await lifecycle.replaySpool();
}

export async function stopMatchServices(): Promise<void> {
  await roomServices().events.stop().catch(() => {});
  await roomServices().computer.close();
}
