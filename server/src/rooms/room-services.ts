// What rooms need from the process (configuration, database, logger, tokens). Colyseus constructs
// rooms itself and runs the static onAuth with no instance, so the process registers these once at
// start-up; there is one game server per process.
import type { Services } from '../server.ts';
import { tokenService, type TokenService } from '../services/tokens.ts';

let current: (Services & { tokens: TokenService }) | null = null;

export async function setRoomServices(s: Services): Promise<void> {
  current = { ...s, tokens: await tokenService(s.config) };
}

export function roomServices(): Services & { tokens: TokenService } {
  if (!current) throw new Error('room services used before the server registered them');
  return current;
}
