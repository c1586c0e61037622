// The WebSocket keep-alive, spread out. Colyseus' transport pings every socket in one loop every few
// seconds; with thousands of sockets that loop stalls the event loop for tens of milliseconds each
// time (the bare-Colyseus baseline measured 40–70 ms every 3 s at 2,000 clients), and those stalls are
// exactly the shot-latency tail. Here each socket gets a slot on a wheel turning every TICK_MS, so
// each tick pings only its 1/slots share: the same detection time, no burst, and a longer default
// interval (the reconnection window, not the ping, decides when a dropped player forfeits; a closed
// tab or a reload is seen at once from the TCP close).
import { WebSocketTransport } from '@colyseus/ws-transport';
import type { WebSocket, WebSocketServer } from 'ws';

const TICK_MS = 500;

type Tracked = WebSocket & { pingCount?: number; keepAliveSlot?: number };

/**
 * Pings each socket once per `intervalMs`, spread evenly over time, and terminates a socket that left
 * `maxMissed` pings in a row unanswered. Relies on the transport's own pong handler resetting
 * `pingCount` (@colyseus/ws-transport installs it on every connection). Returns a stop function.
 */
export function startKeepAlive(wss: WebSocketServer, intervalMs: number, maxMissed: number): () => void {
  const slots = Math.max(1, Math.round(intervalMs / TICK_MS));
  let tick = 0;
  let next = 0;
  const timer = setInterval(() => {
    const slot = tick++ % slots;
    for (const ws of wss.clients as Set<Tracked>) {
      // New sockets take the slots round-robin, so a burst of joins does not land in one slot.
      if (ws.keepAliveSlot === undefined) ws.keepAliveSlot = next++ % slots;
      if (ws.keepAliveSlot !== slot) continue;
      if ((ws.pingCount ?? 0) >= maxMissed) {
        ws.terminate();
        continue;
      }
      ws.pingCount = (ws.pingCount ?? 0) + 1;
      ws.ping();
    }
  }, TICK_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Colyseus' WebSocket transport with its own ping loop off and this spread-out keep-alive instead. */
export class KeepAliveTransport extends WebSocketTransport {
  constructor(options: Omit<ConstructorParameters<typeof WebSocketTransport>[0] & object, 'pingInterval' | 'pingMaxRetries'>) {
    super({ ...options, pingInterval: 0 });
  }

  /** Starts the keep-alive once the server listens; returns its stop function. */
  startKeepAlive(intervalMs: number, maxMissed = 2): () => void {
    return startKeepAlive(this.wss, intervalMs, maxMissed);
  }
}
