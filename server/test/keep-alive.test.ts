// The spread-out WebSocket keep-alive (src/keep-alive.ts) on a real ws server: every socket is pinged
// once per interval, each tick pinging only its share (no burst over all sockets), live sockets are
// never cut, and a socket that stops answering is cut after two missed pings.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WebSocket, WebSocketServer } from 'ws';
import { startKeepAlive } from '../src/keep-alive.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('pings spread over the interval; live sockets stay; a silent one is cut after two missed pings', async () => {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(wss, 'listening');
  // The transport's pong handler, as @colyseus/ws-transport installs it on every connection.
  wss.on('connection', (ws: WebSocket & { pingCount?: number }) => ws.on('pong', () => (ws.pingCount = 0)));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  const N = 40;
  const pings: number[] = [];
  const live = await Promise.all(
    Array.from({ length: N }, async () => {
      const ws = new WebSocket(url);
      ws.on('ping', () => pings.push(Date.now()));
      await once(ws, 'open');
      return ws;
    }),
  );
  const silent = new WebSocket(url, { autoPong: false });
  await once(silent, 'open');
  let silentClosedAt = 0;
  silent.on('close', () => (silentClosedAt = Date.now()));

  const t0 = Date.now();
  const stop = startKeepAlive(wss, 2000, 2); // 4 slots of 500 ms
  let liveOpen = false;
  try {
    await sleep(5300);
    liveOpen = live.every((ws) => ws.readyState === WebSocket.OPEN);
  } finally {
    stop();
    for (const ws of [...live, silent]) ws.terminate();
    wss.close();
  }

  // Every live socket was pinged two or three times (once per 2 s over 5.3 s), none was cut.
  assert.ok(pings.length >= 2 * N && pings.length <= 3 * N, `${pings.length} pings for ${N} sockets in 2.65 intervals`);
  assert.ok(liveOpen, 'a live socket was cut');
  // No burst: pings arriving within any 100 ms window are about N/4, never all N.
  const maxBurst = Math.max(...pings.map((t) => pings.filter((u) => u >= t && u < t + 100).length));
  assert.ok(maxBurst <= Math.ceil((N + 1) / 4) + 1, `${maxBurst} pings within 100 ms (slots hold ~${Math.ceil((N + 1) / 4)})`);
  // The silent socket: pinged at its slot twice without answer, cut at the third visit (two
  // intervals after its first ping, which came within the first interval).
  assert.ok(silentClosedAt > 0, 'the socket that never answered was not cut');
  assert.ok(silentClosedAt - t0 >= 4000, `cut too early (${silentClosedAt - t0} ms)`);
});

test.run();
