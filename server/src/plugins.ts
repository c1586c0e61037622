// Everything the product plugs into the bare server: REST routers, game rooms with the match lifecycle,
// restoring unfinished matches after a restart, and hosting them across processes (leases, adoption).
// main.ts and the integration tests start the server with this same set.
import { matchesRouter } from './http/routes/matches.ts';
import { accountRouters } from './http/routes/accounts.ts';
import { defineRooms, startMatchHosting, startMatchServices, stopMatchServices } from './rooms/index.ts';
import type { ServerPlugins } from './server.ts';
import { restoreMatches } from './services/restore-matches.ts';

export const plugins: ServerPlugins = {
  routers: [...accountRouters, matchesRouter],
  rooms: defineRooms,
  afterListen: async () => {
    await startMatchServices();
    await restoreMatches();
    startMatchHosting();
  },
  beforeClose: async () => {
    await stopMatchServices();
  },
};
