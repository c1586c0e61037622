// Everything the product plugs into the bare server: REST routers, game rooms with the match lifecycle,
// and restoring unfinished matches after a restart. main.ts and the integration tests start the server
// with this same set.
import { matchesRouter } from './http/routes/matches.ts';
import { accountRouters } from './http/routes/accounts.ts';
import { liveTablesRouter } from './http/routes/live-tables.ts';
import { defineRooms, startMatchServices, stopMatchServices } from './rooms/index.ts';
import { hasRoomServices } from './rooms/room-services.ts';
import type { ServerPlugins } from './server.ts';
import { restoreMatches } from './services/restore-matches.ts';

export const plugins: ServerPlugins = {
  routers: [...accountRouters, matchesRouter, liveTablesRouter],
  rooms: defineRooms,
  // A server assembled with other rooms (tests) has no match services to start or restore.
  afterListen: async () => {
    if (!hasRoomServices()) return;
    await startMatchServices();
    await restoreMatches();
  },
  beforeClose: async () => {
    if (hasRoomServices()) await stopMatchServices();
  },
};
