// Everything the product plugs into the bare server: REST routers, game rooms with the match lifecycle,
// restoring unfinished matches and running tournaments after a restart, and hosting matches across
// processes (leases, adoption). main.ts and the integration tests start the server with this same set.
import { matchesRouter } from './http/routes/matches.ts';
import { accountRouters } from './http/routes/accounts.ts';
import { liveTablesRouter } from './http/routes/live-tables.ts';
import { socialRouters } from './http/routes/social.ts';
import { tournamentsRouter } from './http/routes/tournaments.ts';
import { defineRooms, restoreTournaments, startMatchHosting, startMatchServices, stopMatchServices } from './rooms/index.ts';
import { MeRoom } from './rooms/me-room.ts';
import { hasRoomServices } from './rooms/room-services.ts';
import type { ServerPlugins } from './server.ts';
import { restoreMatches } from './services/restore-matches.ts';
import { startPresenceHeartbeat } from './services/presence.ts';

let heartbeat: { stop(): Promise<void> } | null = null;

export const plugins: ServerPlugins = {
  routers: [...accountRouters, matchesRouter, liveTablesRouter, tournamentsRouter, ...socialRouters],
  rooms: async (services) => {
    await defineRooms(services);
    // The per-user live channel of the social features (friends' presence, notifications, messages).
    services.gameServer.define('me', MeRoom);
  },
  // A server assembled with other rooms (tests) has no match services to start or restore.
  afterListen: async (services) => {
    if (!hasRoomServices()) return;
    heartbeat = startPresenceHeartbeat(services.database.db, services.config.PRESENCE_TTL_S, services.log.child({ component: 'presence' }));
    await startMatchServices();
    await restoreMatches();
    await restoreTournaments();
    startMatchHosting();
  },
  beforeClose: async () => {
    await heartbeat?.stop();
    heartbeat = null;
    if (hasRoomServices()) await stopMatchServices();
  },
};
