// Registers the game rooms on the game server.
import type { Services } from '../server.ts';
import { MatchRoom } from './match-room.ts';
import { RankedQueueRoom } from './ranked-queue-room.ts';
import { setRoomServices } from './room-services.ts';

export async function defineRooms(services: Services): Promise<void> {
  await setRoomServices(services);
  // Quick casual play: joinOrCreate finds a public table of the same game, mode and race with a free
  // seat (full tables turn private; spectators still join them by id).
  services.gameServer.define('match', MatchRoom).filterBy(['game', 'mode', 'raceTo', 'quick']);
  services.gameServer.define('ranked_queue', RankedQueueRoom);
}
