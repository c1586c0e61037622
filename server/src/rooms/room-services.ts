// What rooms need from the process (configuration, database, logger). Colyseus constructs rooms itself
// and runs the static onAuth with no instance, so the process registers these once at start-up; there
// is one game server per process.
import type { Services } from '../server.ts';
import { tokenService } from '../services/tokens.ts';

let current: Services | null = null;

export async function setRoomServices(s: Services): Promise<void> {
  await tokenService(s.config); // load (or create) the signing key before the first join needs it
  current = s;
}

export function roomServices(): Services {
  if (!current) throw new Error('room services used before the server registered them');
  return current;
}
