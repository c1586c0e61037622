// Builds and runs one DojoPool server process: database (migrated), optional Redis, the Express app and
// the Colyseus game server on one HTTP port; and stops it gracefully (no new joins or requests, rooms
// finish persisting, pools closed).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as GameServer, matchMaker } from '@colyseus/core';
import { RedisDriver } from '@colyseus/redis-driver';
import { RedisPresence } from '@colyseus/redis-presence';
import { Redis } from 'ioredis';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { KeepAliveTransport } from './keep-alive.ts';
import { openDatabase, type DbHandle } from './db/index.ts';
import { migrateToLatest } from './db/migrate.ts';
import { sharedJwtSecret } from './services/tokens.ts';
import type { RouterFactory } from './http/api.ts';
import type { AppContext } from './http/context.ts';
import { createLogger, withAddress, type Logger } from './log.ts';
import { startRedisPings } from './metrics.ts';

export type Services = AppContext & { gameServer: GameServer };

export type ServerPlugins = {
  routers?: RouterFactory[];
  /** Registers rooms on the game server and may return a hook to run before rooms are disposed. */
  rooms?: (services: Services) => void | Promise<void>;
  /** Runs once the process is listening (e.g. restore unfinished matches). */
  afterListen?: (services: Services) => void | Promise<void>;
  /** Runs during shutdown, after rooms were disposed and before pools close. */
  beforeClose?: (services: Services) => void | Promise<void>;
};

export type RunningServer = {
  port: number;
  url: string;
  services: Services;
  stop(reason?: string): Promise<void>;
};

/** A dependency named by a configuration variable could not be reached or used at start-up. */
export class StartupError extends Error {
  constructor(readonly variable: string, cause: unknown) {
    const c = cause as { code?: string; message?: string; errors?: { message?: string }[] };
    const detail = c?.message || c?.errors?.map((x) => x.message).join('; ') || String(cause);
    super(`start-up failed: ${variable}: ${c?.code ? c.code + ': ' : ''}${detail}`, { cause });
    this.name = 'StartupError';
  }
}

async function connectRedis(url: string, log: Logger): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true, connectTimeout: 5000, retryStrategy: (n) => Math.min(n * 200, 2000) });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis error'));
  await redis.connect();
  return redis;
}

export async function startServer(givenConfig: Config, plugins: ServerPlugins = {}, givenLog?: Logger): Promise<RunningServer> {
  const t0 = performance.now();
  // Every line this process logs names it, whichever logger the caller passed.
  const log = withAddress(givenLog ?? createLogger({ level: givenConfig.LOG_LEVEL, pretty: givenConfig.LOG_PRETTY, publicAddress: givenConfig.PUBLIC_ADDRESS }), givenConfig.PUBLIC_ADDRESS);
  let config = givenConfig;
  let draining = false;

  const dbVar = config.database.kind === 'postgres' ? 'DATABASE_URL' : 'DATA_DIR';
  const database: DbHandle = await openDatabase(config.database).catch((e) => {
    throw new StartupError(dbVar, e);
  });
  let redis: Redis | null = null;
  try {
    const applied = await migrateToLatest(database.db).catch((e) => {
      throw new StartupError(dbVar, e);
    });
    const names = (applied.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    log.info({ database: database.kind, applied: names }, 'database ready');
    // Several processes (Redis) share one key: without JWT_SECRET it is generated once into the database.
    if (config.REDIS_URL && !config.JWT_SECRET) config = { ...config, JWT_SECRET: await sharedJwtSecret(database.db) };
    if (config.REDIS_URL)
      redis = await connectRedis(config.REDIS_URL, log).catch((e) => {
        throw new StartupError('REDIS_URL', e);
      });
  } catch (e) {
    await database.close();
    throw e;
  }

  const stopRedisPings = redis ? startRedisPings(redis) : () => {};
  const ctx: AppContext = { config, database, log, redis, draining: () => draining };
  const app = createApp(ctx, plugins.routers ?? []);
  const httpServer = http.createServer(app);
  httpServer.keepAliveTimeout = 65_000;

  const publicAddress = config.PUBLIC_ADDRESS;
  // The transport's own all-at-once ping loop is off: keep-alive.ts spreads the pings out.
  const transport = new KeepAliveTransport({ server: httpServer });
  const gameServer = new GameServer({
    transport,
    presence: config.REDIS_URL ? new RedisPresence(config.REDIS_URL) : undefined,
    // The driver's own client has no 'error' listener, so ioredis would print every failed reconnect
    // to stderr as an unhandled error while Redis is away; give it one that logs at warn.
    driver: config.REDIS_URL ? new RedisDriver(new Redis(config.REDIS_URL).on('error', (err) => log.warn({ err: err.message, client: 'colyseus-driver' }, 'redis error'))) : undefined,
    publicAddress,
    greet: false,
    gracefullyShutdown: false,
    logger: log.child({ component: 'colyseus' }),
  });
  const services: Services = { ...ctx, gameServer };
  await plugins.rooms?.(services);

  await gameServer.listen(config.PORT, config.HOST);
  const stopKeepAlive = transport.startKeepAlive(config.WS_PING_INTERVAL_S * 1000);
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  log.info({ port, database: database.kind, presence: config.REDIS_URL ? 'redis' : 'local', startupMs: Math.round(performance.now() - t0) }, 'listening');
  await plugins.afterListen?.(services);

  let stopping: Promise<void> | null = null;
  const stop = (reason = 'stop') =>
    (stopping ??= (async () => {
      draining = true;
      stopKeepAlive();
      log.info({ reason }, 'shutting down: refusing new joins and requests');
      // Disposes every room (their onDispose persists what they hold), disconnects clients, closes
      // the WebSocket server, presence and driver.
      await gameServer.gracefullyShutdown(false);
      await plugins.beforeClose?.(services);
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeIdleConnections?.();
        setTimeout(() => {
          httpServer.closeAllConnections?.();
          resolve();
        }, 2000).unref();
      });
      stopRedisPings();
      if (redis) await redis.quit().catch(() => redis!.disconnect());
      await database.close();
      log.info('stopped');
    })());

  return { port, url, services, stop };
}

export { matchMaker };
