// Issue 6, with @colyseus/testing: the match room booted on its own (no HTTP app), its server-side
// state and engine snapshot checked directly while real SDK clients send intents.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boot, type ColyseusTestServer } from '@colyseus/testing';
import { defineRoom, defineServer } from '@colyseus/core';
import { WebSocket } from 'ws';
(globalThis as any).WebSocket ??= WebSocket;
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../src/config.ts';
import { openPglite } from '../src/db/index.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createLogger } from '../src/log.ts';
import { MatchRoom } from '../src/rooms/match-room.ts';
import { registerMatchServices } from '../src/rooms/index.ts';
import { announce } from './helpers/env.ts';
import { aimAt, sleep, waitFor } from './helpers/play.ts';
import { LogCapture } from './helpers/server.ts';

let colyseus: ColyseusTestServer;
let database: Awaited<ReturnType<typeof openPglite>>;
let dataDir = '';

test.before(async () => {
  announce('match-colyseus-testing', 'pglite');
  database = await openPglite();
  await migrateToLatest(database.db);
  // Its own data directory: another test's spool must not be replayed here (helpers/server.ts).
  dataDir = mkdtempSync(join(tmpdir(), 'dojo-test-'));
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'warn', NODE_ENV: 'test', DATA_DIR: dataDir });
  const log = createLogger({ level: 'warn' }, new LogCapture());
  const server = defineServer({ rooms: { match: defineRoom(MatchRoom) }, greet: false, gracefullyShutdown: false } as any);
  await registerMatchServices({ config, database, log, redis: null, draining: () => false, gameServer: server as any });
  colyseus = await boot(server);
});
test.after(async () => {
  await colyseus?.shutdown();
  await database?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('server-side state follows the intents of SDK clients; the engine snapshot, the synced state and the database agree', async () => {
  const room = (await colyseus.createRoom('match', { game: '9ball', raceTo: 2 })) as unknown as MatchRoom & { state: any };
  const a = await colyseus.connectTo(room as any, { name: 'Ann' });
  const errors: any[] = [];
  a.onMessage('error', (e) => errors.push(e));
  for (const t of ['welcome', 'shot', 'started', 'finished', 'timeout', 'chat', 'aim']) a.onMessage(t, () => {});
  assert.is(room.state.phase, 'waiting');
  assert.is(room.snapshot, null, 'no table before the opponent arrives');
  a.send('shot', { angle: 0, speed: 5 });
  await waitFor(() => errors.length === 1, 2000, 'error');
  assert.is(errors[0].code, 'wrong_phase');

  const b = await colyseus.connectTo(room as any, { name: 'Bo' });
  for (const t of ['welcome', 'shot', 'started', 'finished', 'timeout', 'chat', 'aim', 'error']) b.onMessage(t, () => {});
  await waitFor(() => room.state.phase === 'playing', 2000, 'playing');
  const snap0 = room.snapshot!;
  assert.ok(snap0);
  assert.is(snap0.match.current.turn, 0);
  assert.is(room.state.balls.length, snap0.balls.length);

  // The break, sent by the SDK client; the server state mirrors the engine snapshot exactly.
  a.send('shot', { angle: aimAt(room.state, 1), speed: 9 });
  // The commit mirrors the snapshot into the state at once and sends its patch right behind it; an
  // idle table sends no periodic patch (rooms/patch-pump.ts), so there is no "next patch" to wait for.
  await waitFor(() => room.snapshot!.seq === 1, 3000, 'break applied');
  const snap = room.snapshot!;
  assert.equal(
    Array.from(room.state.balls).map((x: any) => [x.id, x.pocketed]),
    snap.balls.map((x) => [x.id, x.pocketed]),
  );
  for (const [i, x] of snap.balls.entries()) {
    assert.ok(Math.abs(room.state.balls[i].x - x.x) < 1e-4 && Math.abs(room.state.balls[i].y - x.y) < 1e-4, `ball ${x.id} position mirrored`);
  }
  assert.is(room.state.turn, snap.match.current.turn);
  assert.is(room.state.shotSeq, 1);
  assert.is(room.state.isBreak, false);
  // The client sees the same after the patch.
  await waitFor(() => a.state.shotSeq === 1 && b.state.shotSeq === 1, 2000, 'clients patched');
  // Ball positions travel as float32: equal to the server's within float32 precision, all else exactly.
  const strip = (j: any) => ({ ...j, balls: j.balls.map((x: any) => [x.id, x.pocketed]) });
  assert.equal(strip(a.state.toJSON()), strip(room.state.toJSON()));
  for (const [i, x] of room.state.balls.entries()) assert.ok(Math.abs(a.state.balls[i].x - x.x) < 1e-6 && Math.abs(a.state.balls[i].y - x.y) < 1e-6);

  // A refused intent from the player not to shoot leaves the server snapshot untouched.
  const other = snap.match.current.turn === 0 ? b : a;
  const before = JSON.stringify(room.snapshot);
  other.send('shot', { angle: 0, speed: 3 });
  await sleep(100);
  assert.is(JSON.stringify(room.snapshot), before);

  // The log reached the database: the start (seq 0) and the break (seq 1), and the room's match row.
  const matchId = room.state.matchId;
  await waitFor(() => true);
  for (let i = 0; i < 100; i++) {
    const n = await database.db.selectFrom('match_shots').select('seq').where('match_id', '=', matchId).execute();
    if (n.length === 2) break;
    await sleep(20);
  }
  const rows = await database.db.selectFrom('match_shots').select(['seq', 'kind']).where('match_id', '=', matchId).orderBy('seq').execute();
  assert.equal(rows.map((r) => [r.seq, r.kind]), [
    [0, 'place'],
    [1, 'shot'],
  ]);
  const m = await database.db.selectFrom('matches').select(['status', 'room_id']).where('id', '=', matchId).executeTakeFirstOrThrow();
  assert.equal(m, { status: 'live', room_id: room.roomId });

  // Concession ends it on the server; the finish is recorded.
  const toAct = room.snapshot!.match.current.turn === 0 ? a : b;
  toAct.send('concede', {});
  await waitFor(() => room.state.phase === 'finished', 2000, 'finished');
  for (let i = 0; i < 100; i++) {
    const r = await database.db.selectFrom('matches').select('status').where('id', '=', matchId).executeTakeFirstOrThrow();
    if (r.status === 'finished') break;
    await sleep(20);
  }
  const fin = await database.db.selectFrom('matches').select(['status', 'forfeit', 'winner_seat']).where('id', '=', matchId).executeTakeFirstOrThrow();
  assert.equal(fin, { status: 'finished', forfeit: true, winner_seat: room.snapshot!.match.winner });
  await colyseus.cleanup();
});

test('an intent sent the instant the opponent sits down is logged after the match row (ordered writes)', async () => {
  const room = (await colyseus.createRoom('match', { game: '9ball', raceTo: 1 })) as unknown as MatchRoom & { state: any };
  const a = await colyseus.connectTo(room as any, { name: 'Ann' });
  for (const t of ['welcome', 'shot', 'started', 'finished', 'timeout', 'chat', 'aim', 'error']) a.onMessage(t, () => {});
  // The server-side room: as soon as the second seat is taken, the first player's break is applied
  // directly (the earliest an intent can be handled), before startMatch's awaits have completed.
  const orig = (room as any).startMatch.bind(room);
  (room as any).startMatch = async () => {
    const p = orig();
    const balls = room.snapshot!.balls;
    const angle = Math.atan2(balls[1].y - balls[0].y, balls[1].x - balls[0].x);
    (room as any).onShot({ sessionId: a.sessionId, userData: { seat: 0 }, send() {} }, { angle, speed: 9 });
    await p;
  };
  const b = await colyseus.connectTo(room as any, { name: 'Bo' });
  for (const t of ['welcome', 'shot', 'started', 'finished', 'timeout', 'chat', 'aim', 'error']) b.onMessage(t, () => {});
  await waitFor(() => room.snapshot?.seq === 1, 2000, 'break applied');
  const matchId = room.state.matchId;
  let rows: { seq: number }[] = [];
  for (let i = 0; i < 100 && rows.length < 2; i++) {
    rows = await database.db.selectFrom('match_shots').select('seq').where('match_id', '=', matchId).orderBy('seq').execute();
    await sleep(20);
  }
  assert.equal(rows.map((r) => r.seq), [0, 1], 'the break is in the shot log');
  await colyseus.cleanup();
});

test.run();
