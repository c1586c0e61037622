// Everything the product plugs into the bare server: REST routers, game rooms with the match lifecycle,
// and restoring unfinished matches after a restart. main.ts and the integration tests start the server
// with this same set.
import { matchesRouter } from './http/routes/matches.ts';
import { accountRouters } from './http/routes/accounts.ts';
import { socialRouters } from './http/routes/social.ts';
import { defineRooms, startMatchServices, stopMatchServices } from './rooms/index.ts';
import { MeRoom } from './rooms/me-room.ts';
import type { ServerPlugins } from './server.ts';
import { restoreMatches } from './services/restore-matches.ts';

export const plugins: ServerPlugins = {
  routers: [...accountRouters, matchesRouter, ...socialRouters],
  rooms: async (services) => {
    await defineRooms(services);
    // The per-user live channel of the social features (friends' presence, notifications, messages).
    services.gameServer.define('me', MeRoom);
  },
  afterListen: async () => {
    await startMatchServices();
    await restoreMatches();
  },
  beforeClose: async () => {
    await stopMatchServices();
  },
};
