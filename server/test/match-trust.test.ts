// Issue 13: the match core's holes, each with a test that failed on the code before the fix. A reload
// that takes the seat back is never forfeited; a reclaimed seat's shot clock resumes where it was;
// ranked, tournament and server-internal rooms cannot be had from client options; a ball-in-hand
// flood costs no rows; spectators never lock a player out; a finish during a database outage is
// never lost; dependency outages answer 503 with a code. Runs on PGlite and Postgres (and with Redis
// presence when REDIS_URL is set, for the forged-restore attack).
import { Client } from '@colyseus/sdk';
import { matchMaker } from '@colyseus/core';
import { parseJoinError, ROOM_LIMITS, type TableSnapshot } from '@dojopool/shared';
import * as assert from 'uvu/assert';
import type { Db } from '../src/db/index.ts';
import { roomServices } from '../src/rooms/room-services.ts';
import { redeemTicket, withTicket } from '../src/services/room-tickets.ts';
import { dbTargets } from './helpers/db.ts';
import { REDIS_URL, redisUrl } from './helpers/env.ts';
import { serverSuite } from './helpers/suites.ts';
import { aimAt, dropConnection, join, playTurn, pollMatch, sleep, waitFor, type Seat } from './helpers/play.ts';
import { http } from './helpers/server.ts';

/** Joins and expects a refusal; returns the HTTP-like status and the join error code. */
async function refusal(url: string, how: 'create' | 'joinById' | 'joinOrCreate', arg: string, options: object, token?: string) {
  const c = new Client(url);
  if (token) c.auth.token = token;
  try {
    const r = await (c as any)[how](arg, options);
    await r.leave();
  } catch (e) {
    return { status: (e as any).code as number, ...parseJoinError((e as Error).message) };
  }
  throw new Error(`${how} ${JSON.stringify(options)} was not refused`);
}

async function register(url: string, username: string) {
  const r = await http(url, 'POST', '/api/auth/register', { username, email: `${username}@example.test`, password: 'correct horse battery' });
  assert.is(r.status, 201, r.text);
  return { id: r.body.user.id as string, token: r.body.accessToken as string };
}

/** A database handle whose every query fails as if the server were unreachable. */
function unreachable(real: Db): Db {
  const down = () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  };
  return new Proxy(real, {
    get(t, p) {
      if (['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'transaction', 'executeQuery', 'with'].includes(String(p))) return down;
      return Reflect.get(t, p);
    },
  });
}

async function startedPair(url: string, opts: object = {}) {
  const a = await join(url, 'create', 'match', { game: '9ball', raceTo: 3, name: 'Ann', ...opts });
  const id = a.room.roomId;
  const b = await join(url, 'joinById', id, { name: 'Bo' });
  await waitFor(() => a.state.phase === 'playing' && b.state.phase === 'playing', 5000, 'playing');
  const keyA = (await a.next('welcome', 0)).seatKey as string;
  const keyB = (await b.next('welcome', 0)).seatKey as string;
  return { a, b, id, keyA, keyB, matchId: a.state.matchId as string };
}

const redis = await redisUrl();

for (const target of await dbTargets()) {
  const env: Record<string, string> = { AUTH_RATE_LIMIT_PER_IP: '1000', AUTH_RATE_LIMIT_PER_ACCOUNT: '1000' };
  // With Redis configured, this suite runs with Redis presence and driver: the forged-restore attack
  // (defect 4) is the one the Redis driver made possible.
  if (redis) env.REDIS_URL = redis;
  const { test, ctx } = serverSuite(`match-trust${redis ? ' (redis presence)' : ''}`, target, { logLevel: 'info', env });

  test(`[${target.name}] defect 1: a seat taken back by joining again (seat key or token) is never forfeited when the old wait runs out`, async () => {
    const { a, b, id, keyA } = await startedPair(ctx.server.url, { reconnectS: 2 });
    dropConnection(a);
    await waitFor(() => b.state.players[0].connected === false, 8000, 'the drop');
    // The reload: a new connection joins the room by id with the seat key.
    const a2 = await join(ctx.server.url, 'joinById', id, { name: 'Ann', seatKey: keyA });
    assert.is((await a2.next('welcome', 0)).seat, 0);
    await waitFor(() => b.state.players[0].connected === true, 8000, 'seat back');
    await sleep(2600); // past the original reconnection wait
    assert.is(b.state.phase, 'playing', 'not forfeited');
    assert.is(b.of('finished').length, 0);
    // And the reloaded seat plays.
    const before = a2.state.shotSeq;
    playTurn(a2.state, a2.state.turn === 0 ? a2 : b);
    await waitFor(() => b.state.shotSeq > before, 5000, 'a shot after the reload');
    for (const s of [a2, b]) await s.room.leave();

    // The same with an account's token instead of a seat key.
    const u = await register(ctx.server.url, `reload_${target.name}`);
    const c = new Client(ctx.server.url);
    c.auth.token = u.token;
    const host = await join(ctx.server.url, 'create', 'match', { game: '8ball', name: 'Host', reconnectS: 2 });
    const acc = await join(ctx.server.url, 'joinById', host.room.roomId, { token: u.token });
    await waitFor(() => host.state.phase === 'playing', 5000, 'playing');
    dropConnection(acc);
    await waitFor(() => host.state.players[1].connected === false, 8000, 'the drop');
    const acc2 = await join(ctx.server.url, 'joinById', host.room.roomId, { token: u.token });
    assert.is((await acc2.next('welcome', 0)).seat, 1);
    await sleep(2600);
    assert.is(host.state.phase, 'playing', 'the account is not forfeited either');
    for (const s of [host, acc2]) await s.room.leave();
  });

  test(`[${target.name}] defect 1b: a reload quicker than the drop takes the seat over from the old socket`, async () => {
    const { a, b, id, keyA } = await startedPair(ctx.server.url, { reconnectS: 2 });
    (a.room as any).reconnection.enabled = false;
    const a2 = await join(ctx.server.url, 'joinById', id, { name: 'Ann', seatKey: keyA });
    assert.is((await a2.next('welcome', 0)).seat, 0);
    await sleep(2600);
    assert.is(b.state.phase, 'playing');
    assert.is(b.state.players[0].connected, true);
    for (const s of [a2, b]) await s.room.leave();
  });

  test(`[${target.name}] defect 2: reclaiming a seat resumes the shot clock where it was; spectators see the same time`, async () => {
    const { a, b, id, keyA } = await startedPair(ctx.server.url, { shotClockS: 12, reconnectS: 30 });
    assert.is(a.state.turn, 0);
    const deadline0 = b.state.shotClock;
    assert.ok(deadline0 > 0);
    await sleep(3000);
    const tDrop = Date.now();
    dropConnection(a);
    await waitFor(() => b.state.players[0].connected === false && b.state.shotClock === 0, 10000, 'the clock to pause');
    const tSeen = Date.now();
    const left = b.state.shotClockLeftMs;
    // What was left when the server paused it: between the deadline as seen at the drop and at the pause.
    assert.ok(left >= deadline0 - tSeen - 1000 && left <= deadline0 - tDrop + 1000, `paused with what was left (${left} ms)`);
    assert.ok(left < 10000, `the 3 s already spent are not given back (${left} ms)`);
    await sleep(1500);
    const a2 = await join(ctx.server.url, 'joinById', id, { name: 'Ann', seatKey: keyA });
    await waitFor(() => b.state.shotClock > 0, 10000, 'the clock to resume');
    const remaining = b.state.shotClock - Date.now();
    assert.ok(remaining <= left + 1000 && remaining > left - 3000, `resumed with ${remaining} ms (paused with ${left} ms), not a fresh 12 s`);
    // A spectator who joins mid-turn gets the same deadline as the players.
    const s = await join(ctx.server.url, 'joinById', id, { spectate: true });
    assert.is(s.state.shotClock, b.state.shotClock);
    assert.is(a2.state.shotClock, b.state.shotClock);
    const w = await s.next('welcome', 0);
    assert.ok(Math.abs(w.serverNow - Date.now()) < 2000, 'welcome carries the server time for the clock');
    for (const x of [a2, b, s]) await x.room.leave();
  });

  test(`[${target.name}] defect 3: ranked and tournament tables only from the queue and the service; guests and strangers kept out`, async () => {
    const u1 = await register(ctx.server.url, `farm1_${target.name}`);
    for (const [opts, code] of [
      [{ mode: 'ranked', game: '9ball' }, 'ranked_via_queue'],
      [{ mode: 'tournament', game: '9ball' }, 'tournament_via_service'],
      [{ mode: 'ranked', reservedFor: [u1.id, u1.id] }, 'ranked_via_queue'],
      [{ reservedFor: [u1.id, u1.id] }, 'bad_options'],
      [{ tournamentId: 'x' }, 'bad_options'],
      [{ mode: 'blitz' }, 'bad_options'],
      [{ game: '7ball' }, 'bad_options'],
      [{ raceTo: 99 }, 'bad_options'],
      [{ shotClockS: 700 }, 'bad_options'],
    ] as const) {
      for (const how of ['create', 'joinOrCreate'] as const) {
        const r = await refusal(ctx.server.url, how, 'match', opts, u1.token);
        assert.is(r.code, code, `${how} ${JSON.stringify(opts)}: ${r.message}`);
        assert.ok(r.status >= 400 && r.status < 500);
      }
    }
    // A ranked table from the queue: a guest and a third account are refused with their codes.
    const u2 = await register(ctx.server.url, `farm2_${target.name}`);
    const u3 = await register(ctx.server.url, `farm3_${target.name}`);
    const queues = await Promise.all(
      [u1, u2].map(async (u) => {
        const c = new Client(ctx.server.url);
        c.auth.token = u.token;
        const room = await c.joinOrCreate('ranked_queue', { game: '9ball', raceTo: 1 });
        const paired = new Promise<any>((r) => room.onMessage('paired', r));
        room.onMessage('queue', () => {});
        return { c, room, paired };
      }),
    );
    const reservations = await Promise.all(queues.map((q) => q.paired));
    const roomId = reservations[0].reservation.roomId;
    const guest = await refusal(ctx.server.url, 'joinById', roomId, { name: 'Guest' });
    assert.is(guest.code, 'needs_account');
    const stranger = await refusal(ctx.server.url, 'joinById', roomId, {}, u3.token);
    assert.is(stranger.code, 'reserved');
    // The paired players get in.
    const rooms = await Promise.all(queues.map((q, i) => q.c.consumeSeatReservation(reservations[i].reservation)));
    for (const q of queues) await q.room.leave();
    for (const r of rooms) await r.leave();
  });

  test(`[${target.name}] defect 4: internal options cannot be forged: no restore, reservation or ticket from a client; tickets are single-use`, async () => {
    const { a, b, id, matchId } = await startedPair(ctx.server.url);
    for (const opts of [{ restoreMatchId: matchId, name: 'Eve' }, { ticket: 'x'.repeat(43), name: 'Eve' }, { roomId: id, name: 'Eve' }]) {
      for (const how of ['create', 'joinOrCreate'] as const) {
        const r = await refusal(ctx.server.url, how, 'match', opts);
        assert.is(r.code, 'bad_options', `${how} ${JSON.stringify(opts)}: ${r.message}`);
      }
    }
    // The live match still has exactly one listing and plays on; nobody was forfeited.
    const listed = await matchMaker.query({ roomId: id });
    assert.is(listed.length, 1);
    const before = a.state.shotSeq;
    playTurn(a.state, a.state.turn === 0 ? a : b);
    await waitFor(() => b.state.shotSeq > before, 5000, 'play goes on');
    assert.is(b.state.phase, 'playing');
    const stored = await pollMatch(ctx.server.url, matchId, (m) => m.shots.length >= 2);
    assert.is(stored.status, 'live');
    // A ticket is redeemed once; a replay or a ticket after its creation call is refused.
    const presence = matchMaker.presence;
    let first: unknown = 'unset';
    let second: unknown = 'unset';
    let leaked = '';
    await withTicket(presence, { kind: 'restore', matchId }, async (t) => {
      leaked = t;
      first = await redeemTicket(presence, t);
      second = await redeemTicket(presence, t);
    });
    assert.equal(first, { kind: 'restore', matchId });
    assert.is(second, null);
    await withTicket(presence, { kind: 'restore', matchId }, async () => {});
    assert.is(await redeemTicket(presence, leaked), null);
    // An expired ticket is refused even if it is still stored.
    let late: unknown = 'unset';
    await withTicket(presence, { kind: 'restore', matchId }, async (t) => (late = await redeemTicket(presence, t, Date.now() + 61_000)));
    assert.is(late, null);
    for (const s of [a, b]) await s.room.leave();
  });

  test(`[${target.name}] defect 5: moving the cue ball in hand costs no row and no broadcast; only the last placement is stored, with the stroke; a flood is cut`, async () => {
    const { a, b, id, matchId, keyA } = await startedPair(ctx.server.url, { reconnectS: 20 });
    await pollMatch(ctx.server.url, matchId, (m) => m.shots.length === 1, 'the opening row');
    const seqBefore = a.state.shotSeq;
    const bytesBefore = (b.room as any).connection?.transport?.ws?.bytesReceived ?? null;
    // 20 placements in a second: under the rate limit, each applied.
    for (let i = 0; i < 20; i++) {
      a.room.send('place', { x: -0.8, y: -0.2 + i * 0.02 });
      await sleep(50);
    }
    await waitFor(() => b.state.shotSeq === seqBefore + 20, 3000, 'placements applied');
    assert.ok(Math.abs(b.state.balls.find((x: any) => x.id === 0).y - 0.18) < 1e-5, 'the last placement shows');
    await sleep(300);
    const mid = await http(ctx.server.url, 'GET', `/api/matches/${matchId}`);
    assert.is(mid.body.shots.length, 1, 'no row per placement');
    void bytesBefore;
    // The stroke stores the last placement and the shot: two rows.
    a.room.send('shot', { angle: aimAt(a.state, 1), speed: 9 });
    const rec = await pollMatch(ctx.server.url, matchId, (m) => m.shots.length === 3, 'placement and shot stored');
    assert.equal(rec.shots[1].kind, 'place');
    assert.equal(rec.shots[1].intent, { x: -0.8, y: -0.2 + 19 * 0.02 });
    assert.is(rec.shots[2].kind, 'shot');
    // A flood well past the per-socket rate closes that socket (a drop: the seat is held), stores nothing.
    const seat = a.state.turn === 0 ? a : b;
    const other = seat === a ? b : a;
    (seat.room as any).reconnection.enabled = false;
    for (let i = 0; i < 300; i++) seat.room.send('place', { x: 0.1, y: 0.1 });
    const seatNo = seat === a ? 0 : 1;
    await waitFor(() => other.state.players[seatNo].connected === false, 5000, 'the flooding socket to be cut');
    const after = await http(ctx.server.url, 'GET', `/api/matches/${matchId}`);
    assert.is(after.body.shots.length, 3, 'the flood stored nothing');
    assert.ok(JSON.stringify(after.body).length < 200_000);
    assert.is(other.state.phase, 'playing');
    if (seat === a) {
      const back = await join(ctx.server.url, 'joinById', id, { name: 'Ann', seatKey: keyA });
      await back.room.leave();
    }
    await other.room.leave();
  });

  test(`[${target.name}] defect 6: ${ROOM_LIMITS.spectators} spectators lock out neither a dropped player nor a waiting table's opponent`, async () => {
    const host = await join(ctx.server.url, 'create', 'match', { game: '8ball', name: 'Host', reconnectS: 20 });
    const id = host.room.roomId;
    const watchers: Client[] = [];
    const rooms: any[] = [];
    for (let i = 0; i < ROOM_LIMITS.spectators; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, async () => {
          const c = new Client(ctx.server.url);
          watchers.push(c);
          const r = await c.joinById(id, { spectate: true });
          r.onMessage('*', () => {});
          return r;
        }),
      );
      rooms.push(...batch);
    }
    await waitFor(() => host.state.spectators === ROOM_LIMITS.spectators, 10000, 'all spectators in');
    const extra = await refusal(ctx.server.url, 'joinById', id, { spectate: true });
    assert.is(extra.code, 'spectators_full');
    // The waiting table still gets its opponent.
    const opp = await join(ctx.server.url, 'joinById', id, { name: 'Opp' });
    await waitFor(() => host.state.phase === 'playing', 5000, 'playing');
    // A dropped player still gets the seat back, by reconnection or by joining again.
    const key = (await opp.next('welcome', 0)).seatKey;
    dropConnection(opp);
    await waitFor(() => host.state.players[1].connected === false, 8000, 'drop');
    const opp2 = await join(ctx.server.url, 'joinById', id, { name: 'Opp', seatKey: key });
    assert.is((await opp2.next('welcome', 0)).seat, 1);
    for (const r of rooms) await r.leave().catch(() => {});
    for (const s of [host, opp2]) await s.room.leave();
  });

  test(`[${target.name}] defect 7: a match that finishes while the database is away, then empties, is kept and written when it is back`, async () => {
    const { a, b, id, matchId } = await startedPair(ctx.server.url, { raceTo: 1 });
    await pollMatch(ctx.server.url, matchId, (m) => m.shots.length === 1, 'the opening row');
    const handle = ctx.server.services.database as { db: Db };
    const real = handle.db;
    handle.db = unreachable(real);
    try {
      a.room.send('concede', {});
      await waitFor(() => b.state.phase === 'finished', 5000, 'finished');
      // Players are told the outcome while it is being stored.
      const told = await b.next('finished', 0, 3000);
      assert.equal([told.pending, told.winner, told.ratings], [true, 1, []]);
      for (const s of [a, b]) await s.room.leave();
      await sleep(1500);
      assert.ok(matchMaker.getLocalRoomById(id), 'the room stays while its finish is unwritten');
    } finally {
      handle.db = real;
    }
    const rec = await pollMatch(ctx.server.url, matchId, (m) => m.status === 'finished', 'the finish written once the database is back');
    assert.is(rec.winner, 1);
    assert.is(rec.forfeit, true);
    await waitFor(() => !matchMaker.getLocalRoomById(id), 8000, 'the room to go once written');
  });

  test(`[${target.name}] defect 7b: writes still pending when the process stops are spooled and written at the next start`, async () => {
    const { lifecycle } = roomServices();
    const { a, b, matchId } = await startedPair(ctx.server.url, { raceTo: 1 });
    await pollMatch(ctx.server.url, matchId, (m) => m.shots.length === 1, 'the opening row');
    const handle = ctx.server.services.database as { db: Db };
    const real = handle.db;
    handle.db = unreachable(real);
    let spooled: string | null = null;
    try {
      const w = lifecycle.writer(matchId, ctx.server.services.log);
      const finish = w.append({ seq: 99, rack: 1, seat: 0, kind: 'forfeit', intent: {}, summary: null, ruling: null, balls: [], snapshot: {} as TableSnapshot }).catch(() => 'gave up');
      await sleep(300);
      spooled = w.close();
      assert.ok(spooled, 'a spool file');
      assert.is(await finish, 'gave up');
    } finally {
      handle.db = real;
    }
    assert.is((await http(ctx.server.url, 'GET', `/api/matches/${matchId}`)).body.shots.length, 1);
    assert.is(await lifecycle.replaySpool(), 1);
    const rec = await pollMatch(ctx.server.url, matchId, (m) => m.shots.length === 2, 'the spooled write');
    assert.is(rec.shots[1].seq, 99);
    assert.is(await lifecycle.replaySpool(), 0, 'the spool is emptied');
    for (const s of [a, b]) await s.room.leave();
  });

  test(`[${target.name}] defect 9: a room join while the database is away answers 503 unavailable, not 401`, async () => {
    const u = await register(ctx.server.url, `outage_${target.name}`);
    const logFrom = ctx.server.logs.length;
    const handle = ctx.server.services.database as { db: Db };
    const real = handle.db;
    handle.db = unreachable(real);
    try {
      const r = await refusal(ctx.server.url, 'create', 'match', { game: '8ball' }, u.token);
      assert.is(r.status, 503);
      assert.is(r.code, 'unavailable');
    } finally {
      handle.db = real;
    }
    const errors = ctx.server.logs.slice(logFrom).filter((l) => /"level":50/.test(l) && /ECONNREFUSED/.test(l));
    assert.is(errors.length, 0, 'nothing logged at error level for an outage');
    const ok = new Client(ctx.server.url);
    ok.auth.token = u.token;
    const room = await ok.create('match', { game: '8ball' });
    await room.leave();
  });

  test(`[${target.name}] the match-finished event reaches subscribers once, with the result`, async () => {
    const { events } = roomServices();
    const seen: any[] = [];
    const off = events.subscribe((e) => void seen.push(e));
    const { a, b, matchId } = await startedPair(ctx.server.url, { raceTo: 1 });
    a.room.send('concede', {});
    await waitFor(() => seen.some((e) => e.matchId === matchId), 5000, 'the event');
    await sleep(300);
    off();
    const mine = seen.filter((e) => e.matchId === matchId);
    assert.is(mine.length, 1);
    assert.is(mine[0].type, 'match.finished');
    assert.is(mine[0].winner, 1);
    assert.is(mine[0].forfeit, true);
    assert.is(mine[0].rated, false);
    assert.equal(mine[0].players.map((p: any) => [p.seat, p.name, p.result]), [[0, 'Ann', 'loss'], [1, 'Bo', 'win']]);
    for (const s of [a, b]) await s.room.leave();
  });
  test.run();
}
void REDIS_URL;
