// Process entry: wiring only. Load config, start the server, stop gracefully on SIGTERM/SIGINT.
// Node 20 has no global WebSocket; @colyseus/core reads WebSocket.OPEN when a client reconnects.
import { WebSocket } from 'ws';
(globalThis as any).WebSocket ??= WebSocket;

import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { plugins } from './plugins.ts';
import { StartupError, startServer } from './server.ts';

let config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}

const log = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY, publicAddress: config.PUBLIC_ADDRESS });
process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));

try {
  const server = await startServer(config, plugins, log);
  let signals = 0;
  const onSignal = (sig: string) => {
    if (++signals > 1) {
      log.warn({ sig }, 'second signal: exiting now');
      process.exit(1);
    }
    const timer = setTimeout(() => {
      log.error({ timeoutS: config.SHUTDOWN_TIMEOUT_S }, 'shutdown timed out');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_S * 1000);
    timer.unref();
    server.stop(sig).then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
} catch (e) {
  if (e instanceof StartupError) {
    console.error(e.message);
    log.debug({ err: e.cause }, 'start-up failed');
    process.exit(1);
  }
  throw e;
}
