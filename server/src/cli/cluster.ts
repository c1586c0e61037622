// `npm run cluster -- --processes 3 [--port 2567] [--host localhost]`: a local DojoPool cluster for
// trying several processes on one machine. It starts N game processes on ports port+1 … port+N, each
// with its own PUBLIC_ADDRESS (host:port), all on the same DATABASE_URL and REDIS_URL, and one entry
// point on `port`.
//
// Routing: the client follows the room's public address (what Colyseus' seat reservation carries when
// publicAddress is set). The entry point only proxies plain HTTP — the client app, /api, and the
// matchmaker's /matchmake requests — round-robin over the processes that answer, and any process can
// reserve a seat in any room through Redis. The seat reservation names the process that hosts the
// room, and the SDK opens the WebSocket straight to it: no sticky sessions, no extra hop for the
// realtime traffic, and a proxy that needs no knowledge of rooms. (The other routing Colyseus
// documents, a path per process behind one proxy, needs the proxy to map process ids to ports; here
// every process is reachable by its own port anyway.) A WebSocket that reaches the entry point is
// refused with 421.
//
// A process that dies is reported and left dead: its live matches are adopted by the others (leases,
// services/restore-matches.ts). Ctrl-C stops every process gracefully.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { SERVER_NODE_FLAGS } from '../node-flags.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

function fail(message: string): never {
  console.error(`cluster: ${message}`);
  process.exit(1);
}

const processes = Number(arg('processes', '3'));
const port = Number(arg('port', '2567'));
const host = arg('host', 'localhost');
if (!Number.isInteger(processes) || processes < 1 || processes > 16) fail('--processes must be an integer 1–16');
if (!Number.isInteger(port) || port < 1 || port + processes > 65535) fail('--port must be a port with room for the processes above it');

let config!: Config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) fail(e.message);
  throw e;
}
if (!config.DATABASE_URL) fail('DATABASE_URL must be set: every process shares one Postgres database (the embedded PGlite is one process only)');
if (!config.REDIS_URL) fail("REDIS_URL must be set: the processes share Colyseus' presence and room listings through Redis");

const serverDir = fileURLToPath(new URL('../..', import.meta.url));
type Game = { n: number; port: number; address: string; child: ChildProcess; alive: boolean };
const games: Game[] = [];

function startGame(n: number): Game {
  const p = port + n;
  const address = `${host}:${p}`;
  // The game processes run with the game server's Node flags, then the cluster's own (`node --trace-gc
  // --import tsx …cluster.ts` traces every game process's collector; a later flag overrides).
  const nodeArgs = [...SERVER_NODE_FLAGS, ...(process.execArgv.includes('tsx') ? process.execArgv : [...process.execArgv, '--import', 'tsx'])];
  const child = spawn(process.execPath, [...nodeArgs, 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, PORT: String(p), PUBLIC_ADDRESS: address, DATA_DIR: `${config.dataDir}/cluster-${n}` },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const g: Game = { n, port: p, address, child, alive: true };
  child.on('exit', (code, signal) => {
    g.alive = false;
    if (!stopping) console.error(`cluster: process ${n} (${address}) exited (${signal ?? code}); the others adopt its live matches`);
  });
  return g;
}

async function ready(g: Game, timeoutMs = 120_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    if (!g.alive) fail(`process ${g.n} (${g.address}) exited during start-up`);
    try {
      if ((await fetch(`http://127.0.0.1:${g.port}/readyz`)).status === 200) return;
    } catch {}
    if (Date.now() - t0 > timeoutMs) fail(`process ${g.n} not ready within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// The entry point: HTTP round-robin over live processes; a failed connection tries the next one.
let next = 0;
function proxy(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, tried = 0) {
  const live = games.filter((g) => g.alive);
  if (live.length === 0 || tried >= live.length) {
    res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'unavailable', message: 'no game process is answering' } }));
    return;
  }
  const g = live[next++ % live.length]!;
  const up = http.request({ host: '127.0.0.1', port: g.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' } }, (r) => {
    res.writeHead(r.statusCode ?? 502, { ...r.headers, 'x-dojopool-process': g.address });
    r.pipe(res);
  });
  up.on('error', () => {
    if (!res.headersSent) proxy(req, res, body, tried + 1);
    else res.destroy();
  });
  up.end(body);
}

const entry = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => proxy(req, res, Buffer.concat(chunks)));
});
// As the game processes do (server.ts). With Node's default 5 s, a client that reuses an idle connection
// just as the server closes it gets "fetch failed": the likely cause of one failed join in 15,369
// operations of a 3,000-client run (not proven: the next run had none).
entry.keepAliveTimeout = 65_000;
entry.on('upgrade', (_req, socket) => {
  socket.end('HTTP/1.1 421 Misdirected Request\r\ncontent-type: text/plain\r\n\r\nconnect to the public address in the seat reservation\n');
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('cluster: stopping every process');
  entry.close();
  await Promise.all(
    games.filter((g) => g.alive).map(
      (g) =>
        new Promise<void>((r) => {
          g.child.once('exit', () => r());
          g.child.kill('SIGTERM');
        }),
    ),
  );
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

// The first process alone applies migrations to a fresh database; the others start once it is ready.
games.push(startGame(1));
await ready(games[0]!);
for (let n = 2; n <= processes; n++) games.push(startGame(n));
await Promise.all(games.map((g) => ready(g)));
await new Promise<void>((r) => entry.listen(port, config.HOST, () => r()));
console.log(`cluster: ${processes} process(es) ready; entry point http://${host}:${port} (HTTP round-robin; WebSockets go to each room's public address)`);
for (const g of games) console.log(`cluster:   process ${g.n}  pid ${g.child.pid}  http://${g.address}  metrics http://${g.address}/metrics`);
