// What every router gets: configuration, the database, the logger, optional Redis, and whether the
// process is draining. Routers are built from this; nothing reaches for globals.
import type { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import type { DbHandle } from '../db/index.ts';
import type { Logger } from '../log.ts';

export type AppContext = {
  config: Config;
  database: DbHandle;
  log: Logger;
  redis: Redis | null;
  /** True once shutdown has begun: readiness fails and new requests are refused. */
  draining(): boolean;
};
