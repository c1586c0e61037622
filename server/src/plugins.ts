// Everything the product plugs into the bare server: REST routers and game rooms. main.ts and the
// integration tests start the server with this same set.
import { accountRouters } from './http/routes/accounts.ts';
import type { ServerPlugins } from './server.ts';

export const plugins: ServerPlugins = {
  routers: [...accountRouters],
};
