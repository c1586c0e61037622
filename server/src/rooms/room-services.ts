// What rooms need from the process (configuration, database, logger, the match lifecycle and its
// events). Colyseus constructs rooms itself and runs the static onAuth with no instance, so the process
// registers these once at start-up; there is one game server per process.
import type { Services } from '../server.ts';
import type { ComputerPlayer } from '../services/computer-player.ts';
import type { MatchEvents } from '../services/match-events.ts';
import type { MatchLifecycle } from '../services/match-lifecycle.ts';
import { tokenService } from '../services/tokens.ts';

export type RoomServices = Services & { lifecycle: MatchLifecycle; events: MatchEvents; computer: ComputerPlayer };

let current: RoomServices | null = null;

export async function setRoomServices(s: RoomServices): Promise<void> {
  await tokenService(s.config); // load (or create) the signing key before the first join needs it
  current = s;
}

export function roomServices(): RoomServices {
  if (!current) throw new Error('room services used before the server registered them');
  return current;
}

/** Whether this process registered the match services (a server built without the match rooms has none). */
export function hasRoomServices(): boolean {
  return current !== null;
}
