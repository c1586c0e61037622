// Issue 14: the rules around a tournament's matches, on a real server and database with SDK clients:
// bad input is refused with the one error shape and writes nothing; only the two reserved players can
// play a match; a no-show loses by walkover after noShowS (and when neither shows, the host decides);
// a disqualification walks over the rest; pausing holds new matches back; check-in drops absentees; a
// retried finish does not advance the bracket twice; the host's controls work from the live room.
import { Client } from '@colyseus/sdk';
import { finishedMatch, parseJoinError, type TableSnapshot } from '@dojopool/shared';
import * as assert from 'uvu/assert';
import { roomServices } from '../src/rooms/room-services.ts';
import { dbTargets } from './helpers/db.ts';
import { serverSuite } from './helpers/suites.ts';
import { sleep, waitFor } from './helpers/play.ts';
import { account, api, getEvent, joinAs, playMatch, pollEvent, runningEvent, type User } from './helpers/tournament.ts';

const NO_LIMITS = { AUTH_RATE_LIMIT_PER_IP: '1000000', AUTH_RATE_LIMIT_PER_ACCOUNT: '1000000' };
const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

async function joinRefusal(fn: () => Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    const r: any = await fn();
    await r.leave?.();
  } catch (e) {
    if (process.env.TEST_DEBUG) console.log('refused:', (e as any).code, (e as Error).message);
    return { status: (e as any).code, code: parseJoinError((e as Error).message).code };
  }
  return { status: 0, code: 'joined' };
}

for (const target of await dbTargets()) {
  const { test, ctx } = serverSuite('tournament-rules', target, { logLevel: 'warn', env: NO_LIMITS });
  const url = () => ctx.server.url;
  const db = () => ctx.server.services.database.db;
  const players = async (n: number, prefix: string) => {
    const out: User[] = [];
    for (let i = 0; i < n; i++) out.push(await account(url(), db(), `${prefix}${i}`));
    for (let i = 0; i < n; i++) await db().updateTable('users').set({ rating: 1800 - i * 50 }).where('id', '=', out[i]!.id).execute();
    return out;
  };
  const counts = async () => ({
    tournaments: Number((await db().selectFrom('tournaments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    players: Number((await db().selectFrom('tournament_players').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    audit: Number((await db().selectFrom('tournament_audit').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  });
  const isErrorShape = (b: any, code: string) => {
    assert.ok(b && b.error && typeof b.error.message === 'string', JSON.stringify(b));
    assert.is(b.error.code, code, JSON.stringify(b));
    assert.equal(Object.keys(b), ['error']);
  };

  test(`[${target.name}] bad input gets a 4xx in the one error shape and writes nothing`, async () => {
    const host = await account(url(), db(), 'bh', ['host']);
    const other = await account(url(), db(), 'bo', ['host']);
    const [p1, p2, p3] = await players(3, 'bp');
    const ok = { name: 'Cup', format: 'single_elimination', game: '8ball', raceTo: 3, maxPlayers: 2 };
    const before = await counts();
    for (const [body, status, code, field] of [
      [{ ...ok, format: 'swiss' }, 400, 'validation_failed', 'format'],
      [{ ...ok, raceTo: 0 }, 400, 'validation_failed', 'raceTo'],
      [{ ...ok, raceTo: { default: 3, final: 0 } }, 400, 'validation_failed', 'raceTo.final'],
      [{ ...ok, noShowS: 4 }, 400, 'validation_failed', 'noShowS'],
      [{ ...ok, maxPlayers: 1 }, 400, 'validation_failed', 'maxPlayers'],
      [{ ...ok, game: 'snooker' }, 400, 'validation_failed', 'game'],
      [{ ...ok, owner: 'me' }, 400, 'validation_failed', 'owner'],
      [{ ...ok, name: 'a\u0000b' }, 400, 'validation_failed', 'name'],
      [{ ...ok, format: 'groups_knockout', maxPlayers: 4, groups: 3 }, 400, 'bad_options', null],
      [{ ...ok, venueId: '00000000-0000-4000-8000-000000000000' }, 400, 'validation_failed', 'venueId'],
    ] as const) {
      const r = await api(url(), 'POST', '/api/tournaments', host, body);
      assert.is(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
      isErrorShape(r.body, code);
      if (field) assert.ok(r.body.error.fields?.[field], `${field} named: ${r.text}`);
    }
    const anon = await api(url(), 'POST', '/api/tournaments', null, ok);
    assert.is(anon.status, 401);
    isErrorShape(anon.body, 'unauthorized');
    const notHost = await api(url(), 'POST', '/api/tournaments', p1!, ok);
    assert.is(notHost.status, 403);
    isErrorShape(notHost.body, 'forbidden');
    assert.equal(await counts(), before, 'nothing was written');

    const c = await api(url(), 'POST', '/api/tournaments', host, ok);
    assert.is(c.status, 201, c.text);
    const id = c.body.id;
    assert.is((await api(url(), 'POST', `/api/tournaments/${id}/register`, p1!)).status, 201);
    const twice = await api(url(), 'POST', `/api/tournaments/${id}/register`, p1!);
    assert.is(twice.status, 409);
    isErrorShape(twice.body, 'already_registered');
    const start1 = await api(url(), 'POST', `/api/tournaments/${id}/start`, host, {});
    assert.is(start1.status, 409);
    isErrorShape(start1.body, 'too_few_players');
    assert.is((await api(url(), 'POST', `/api/tournaments/${id}/register`, p2!)).status, 201);
    const full = await api(url(), 'POST', `/api/tournaments/${id}/register`, p3!);
    assert.is(full.status, 409);
    isErrorShape(full.body, 'full');
    const checkIn = await api(url(), 'POST', `/api/tournaments/${id}/check-in`, p1!);
    assert.is(checkIn.status, 409, 'no check-in on this event');
    const mid = await counts();
    // Not your event: every host action is refused and changes nothing.
    for (const [method, path, body] of [
      ['POST', `/api/tournaments/${id}/start`, {}],
      ['POST', `/api/tournaments/${id}/pause`, {}],
      ['POST', `/api/tournaments/${id}/players/${p1!.id}/disqualify`, { reason: 'x' }],
      ['POST', `/api/tournaments/${id}/matches/W1-1/result`, { winnerId: p1!.id, walkover: true, reason: 'x' }],
    ] as const) {
      const r = await api(url(), method, path, other, body);
      assert.is(r.status, 403, `${path}: ${r.text}`);
      isErrorShape(r.body, 'not_host');
      const r2 = await api(url(), method, path, p1!, body);
      assert.is(r2.status, 403, `${path} by a player`);
    }
    assert.equal(await counts(), mid);
    assert.is((await getEvent(url(), id)).status, 'registering');

    const s = await api(url(), 'POST', `/api/tournaments/${id}/start`, host, {});
    assert.is(s.status, 200, s.text);
    const again = await api(url(), 'POST', `/api/tournaments/${id}/start`, host, {});
    assert.is(again.status, 409);
    isErrorShape(again.body, 'already_started');
    const late = await api(url(), 'DELETE', `/api/tournaments/${id}/register`, p1!);
    assert.is(late.status, 409);
    isErrorShape(late.body, 'registration_closed');
    // A result the bracket refuses (the winner did not reach the race) changes nothing.
    const bracketBefore = (await db().selectFrom('tournaments').select('bracket').where('id', '=', id).executeTakeFirstOrThrow()).bracket;
    const auditBefore = (await counts()).audit;
    for (const [body, status, code] of [
      [{ winnerId: p1!.id, score: [1, 0], reason: 'typo' }, 400, 'bad_score'],
      [{ winnerId: p3!.id, score: [3, 0], reason: 'not playing' }, 400, 'bad_winner'],
      [{ winnerId: p1!.id, score: [3, 0] }, 400, 'validation_failed'],
    ] as const) {
      const r = await api(url(), 'POST', `/api/tournaments/${id}/matches/W1-1/result`, host, body);
      assert.is(r.status, status, r.text);
      isErrorShape(r.body, code);
    }
    const unknown = await api(url(), 'POST', `/api/tournaments/${id}/matches/W9-9/result`, host, { winnerId: p1!.id, walkover: true, reason: 'x' });
    assert.is(unknown.status, 404);
    assert.equal((await db().selectFrom('tournaments').select('bracket').where('id', '=', id).executeTakeFirstOrThrow()).bracket, bracketBefore);
    assert.is((await counts()).audit, auditBefore);
    assert.is((await api(url(), 'GET', '/api/tournaments/00000000-0000-4000-8000-000000000000', null)).status, 404);
    const badId = await api(url(), 'GET', '/api/tournaments/nope', null);
    assert.is(badId.status, 400);
    isErrorShape(badId.body, 'validation_failed');
    const list = await api(url(), 'GET', '/api/tournaments?status=running', null);
    assert.is(list.status, 200);
    assert.ok(list.body.tournaments.some((t: any) => t.id === id && t.players === 2));
    assert.is((await api(url(), 'GET', '/api/tournaments?status=open', null)).status, 400);
  });

  test(`[${target.name}] only the two reserved players can take a tournament match's seats`, async () => {
    const host = await account(url(), db(), 'sh', ['host']);
    const [a, b] = await players(2, 'sp');
    const stranger = await account(url(), db(), 'ss');
    const e = await runningEvent(url(), host, [a!, b!], { format: 'single_elimination' });
    const m = (await pollEvent(url(), e.id, (x) => !!x.matches[0]?.roomId, 'a room')).matches[0];
    assert.equal(await joinRefusal(() => joinAs(url(), stranger, 'joinById', m.roomId)), { status: 403, code: 'reserved' });
    assert.equal(await joinRefusal(() => joinAs(url(), host, 'joinById', m.roomId)), { status: 403, code: 'reserved' });
    assert.equal(await joinRefusal(() => new Client(url()).joinById(m.roomId, { name: 'Guest' })), { status: 401, code: 'needs_account' });
    assert.equal(await joinRefusal(() => new Client(url()).create('match', { mode: 'tournament', name: 'Guest' })), { status: 403, code: 'tournament_via_service' });
    // Anyone may watch, read-only.
    const watcher = await joinAs(url(), stranger, 'joinById', m.roomId, { spectate: true });
    const pa = await joinAs(url(), a!, 'joinById', m.roomId);
    const pb = await joinAs(url(), b!, 'joinById', m.roomId);
    await waitFor(() => pa.state.phase === 'playing', 5000, 'playing');
    assert.is((await watcher.expectError('concede', { scope: 'match' })).code, 'spectator');
    assert.equal(await joinRefusal(() => joinAs(url(), stranger, 'joinById', m.roomId)), { status: 409, code: 'table_full' });
    // A seated player may concede out of turn.
    const notToShoot = pa.state.turn === 0 ? (pa.state.players[0].userId === a!.id ? pb : pa) : pa.state.players[1].userId === a!.id ? pb : pa;
    notToShoot.room.send('concede', { scope: 'match' });
    await pa.next('finished', 0, 5000);
    const done = await pollEvent(url(), e.id, (x) => x.status === 'finished', 'finished');
    assert.is(done.winnerId, notToShoot === pa ? b!.id : a!.id);
    for (const s of [watcher, pa, pb]) await s.room.leave();
  });

  test(`[${target.name}] no-shows: one absent loses by walkover after noShowS; both absent, the host decides`, async () => {
    const host = await account(url(), db(), 'nh', ['host']);
    const ps = await players(4, 'np');
    const e = await runningEvent(url(), host, ps, { format: 'single_elimination', noShowS: 5, rated: true });
    const ev = await pollEvent(url(), e.id, (x) => x.matches.filter((m: any) => m.roomId).length === 2, 'two rooms');
    // W1-1 is seed 1 v seed 4: nobody comes. W1-2 is seed 2 v seed 3: only seed 3 comes.
    const w11 = ev.matches.find((m: any) => m.id === 'W1-1');
    const w12 = ev.matches.find((m: any) => m.id === 'W1-2');
    assert.equal(w12.players.map((p: any) => p.id), [ps[1]!.id, ps[2]!.id]);
    const present = await joinAs(url(), ps[2]!, 'joinById', w12.roomId);
    const t0 = Date.now();
    const fin = await present.next('finished', 0, 12000);
    const waitedS = (Date.now() - t0) / 1000;
    assert.ok(waitedS > 3 && waitedS < 8, `walkover after about noShowS (${waitedS} s)`);
    assert.is(fin.forfeit, true);
    assert.match(fin.reason, /^no-show/);
    await present.room.leave();
    const after = await pollEvent(url(), e.id, (x) => x.matches.find((m: any) => m.id === 'W1-1').needsHost && x.matches.find((m: any) => m.id === 'W1-2').status === 'finished', 'walkover and a host decision pending');
    const m12 = after.matches.find((m: any) => m.id === 'W1-2');
    assert.is(m12.winnerId, ps[2]!.id);
    assert.is(m12.walkover, true);
    assert.equal(m12.score, [0, 0]);
    const m11 = after.matches.find((m: any) => m.id === 'W1-1');
    assert.is(m11.status, 'live');
    assert.is(m11.roomId, null);
    assert.ok(after.audit.some((x: any) => x.action === 'match_aborted' && x.matchId === 'W1-1' && /neither/.test(x.reason)));
    assert.ok(after.audit.some((x: any) => x.action === 'walkover' && x.matchId === 'W1-2' && x.playerId === ps[2]!.id && x.by === null));
    // A walkover changes nobody's rating.
    const r = await db().selectFrom('users').select(['rating', 'rated_games']).where('id', '=', ps[2]!.id).executeTakeFirstOrThrow();
    assert.equal([r.rating, r.rated_games], [1700, 0]);
    assert.is(w11.roomId !== null, true);
    // The host gives W1-1 to seed 1 as a walkover; the final gets its room.
    const hr = await api(url(), 'POST', `/api/tournaments/${e.id}/matches/W1-1/result`, host, { winnerId: ps[0]!.id, walkover: true, reason: 'both absent: seed 1 answered the host' });
    assert.is(hr.status, 200, hr.text);
    const final = await pollEvent(url(), e.id, (x) => !!x.matches.find((m: any) => m.id === 'W2-1')?.roomId, 'the final room');
    assert.equal(final.matches.find((m: any) => m.id === 'W2-1').players.map((p: any) => p.id), [ps[0]!.id, ps[2]!.id]);
    assert.ok(final.audit.some((x: any) => x.action === 'enter_result' && x.by === host.id && x.matchId === 'W1-1'));
  });

  test(`[${target.name}] a disqualification walks over the rest of the player's matches`, async () => {
    const host = await account(url(), db(), 'dh', ['host']);
    const ps = await players(4, 'dp');
    const byId = new Map(ps.map((p) => [p.id, p]));
    const e = await runningEvent(url(), host, ps, { format: 'round_robin' });
    const ev = await pollEvent(url(), e.id, (x) => x.matches.every((m: any) => m.status === 'live' && m.roomId), 'six rooms');
    assert.is(ev.matches.length, 6);
    const dq = ps[0]!;
    const mine = ev.matches.filter((m: any) => m.players.some((p: any) => p.id === dq.id));
    assert.is(mine.length, 3);
    // Seed 1 is in the middle of one match when disqualified: that table ends with their forfeit.
    const live = mine[0];
    const opp = byId.get(live.players.find((p: any) => p.id !== dq.id).id)!;
    const sd = await joinAs(url(), dq, 'joinById', live.roomId);
    const so = await joinAs(url(), opp, 'joinById', live.roomId);
    await waitFor(() => sd.state.phase === 'playing', 5000, 'playing');
    const r = await api(url(), 'POST', `/api/tournaments/${e.id}/players/${dq.id}/disqualify`, host, { reason: 'unsporting conduct' });
    assert.is(r.status, 200, r.text);
    const fin = await so.next('finished', 0, 5000);
    assert.is(fin.forfeit, true);
    for (const m of r.body.matches.filter((x: any) => x.players.some((p: any) => p.id === dq.id))) {
      assert.is(m.status, 'finished');
      assert.is(m.walkover, true);
      assert.ok(m.winnerId !== dq.id);
    }
    assert.ok(r.body.players.find((p: any) => p.id === dq.id).disqualified);
    assert.is(r.body.audit.filter((x: any) => x.action === 'walkover' && x.reason === 'opponent disqualified').length, 3);
    assert.ok(r.body.audit.some((x: any) => x.action === 'disqualify' && x.playerId === dq.id && x.by === host.id && x.reason === 'unsporting conduct'));
    await sd.room.leave();
    await so.room.leave();
    // The other two tables of seed 1 were closed; the rest is played out.
    const closed = mine.slice(1).map((m: any) => m.roomId);
    await sleep(200);
    for (const roomId of closed) assert.is.not((await joinRefusal(() => joinAs(url(), dq, 'joinById', roomId))).code, 'joined', 'a closed table');
    for (const m of ev.matches.filter((x: any) => !x.players.some((p: any) => p.id === dq.id))) {
      const [a, b] = m.players.map((p: any) => p.id);
      await playMatch(url(), m, byId.get(a)!, byId.get(b)!);
    }
    const end = await pollEvent(url(), e.id, (x) => x.status === 'finished', 'finished');
    assert.is(end.standings.table.at(-1).playerId, dq.id, 'the disqualified player is last');
    assert.is(end.standings.table.find((row: any) => row.playerId === dq.id).wins, 0);
    // The forfeited table's own result was stored, and ignored by the bracket (the host's stands).
    assert.ok(end.audit.some((x: any) => x.action === 'result_ignored' && x.matchId === live.id));
  });

  test(`[${target.name}] pause holds new matches back; the host's controls work from the live room`, async () => {
    const host = await account(url(), db(), 'ph', ['host']);
    const ps = await players(4, 'pp');
    const byId = new Map(ps.map((p) => [p.id, p]));
    const c = await api(url(), 'POST', '/api/tournaments', host, { name: 'Paused', format: 'single_elimination', game: '9ball', raceTo: 1, maxPlayers: 4 });
    for (const p of ps) await api(url(), 'POST', `/api/tournaments/${c.body.id}/register`, p);
    const hostRoom = await joinAs(url(), host, 'joinOrCreate', 'tournament', { tournamentId: c.body.id });
    const player = await joinAs(url(), ps[0]!, 'joinOrCreate', 'tournament', { tournamentId: c.body.id });
    assert.is((await hostRoom.next('tournament_welcome', 0)).role, 'host');
    assert.is((await player.next('tournament_welcome', 0)).role, 'viewer');
    player.room.send('start', {});
    assert.is((await player.next('control_error', 0, 5000)).code, 'not_host');
    hostRoom.room.send('start', {});
    await hostRoom.next('control_done', 0, 5000);
    await waitFor(() => player.state.status === 'running', 5000, 'running in the room');
    hostRoom.room.send('pause', { reason: 'break' });
    await waitFor(() => player.state.paused === true, 5000, 'paused in the room');
    const ev = await pollEvent(url(), c.body.id, (x) => x.matches.filter((m: any) => m.roomId).length === 2, 'first round rooms');
    for (const m of ev.matches.filter((x: any) => x.roomId)) await playMatch(url(), m, byId.get(m.players[0].id)!, byId.get(m.players[1].id)!);
    await pollEvent(url(), c.body.id, (x) => x.matches.find((m: any) => m.id === 'W2-1').status === 'ready', 'final ready');
    await sleep(500);
    const held = await getEvent(url(), c.body.id);
    assert.is(held.matches.find((m: any) => m.id === 'W2-1').roomId, null, 'no new match while paused');
    const announcedBefore = player.of('match_ready').length;
    hostRoom.room.send('resume', {});
    const final = await pollEvent(url(), c.body.id, (x) => !!x.matches.find((m: any) => m.id === 'W2-1').roomId, 'final room after resume');
    const ann = await waitFor(() => player.of('match_ready').length > announcedBefore, 5000, 'final announced').then(() => player.of('match_ready').at(-1));
    assert.is(ann.matchId, 'W2-1');
    assert.is(ann.roomId, final.matches.find((m: any) => m.id === 'W2-1').roomId);
    assert.equal(final.audit.map((x: any) => x.action).filter((a: string) => ['start', 'pause', 'resume'].includes(a)), ['start', 'pause', 'resume']);
    assert.is(final.audit.find((x: any) => x.action === 'pause').reason, 'break');
    await hostRoom.room.leave();
    await player.room.leave();
  });

  test(`[${target.name}] check-in: players who did not check in are dropped at the start`, async () => {
    const host = await account(url(), db(), 'ch', ['host']);
    const ps = await players(3, 'cp');
    const stranger = await account(url(), db(), 'cs');
    const c = await api(url(), 'POST', '/api/tournaments', host, { name: 'Check', format: 'single_elimination', game: '8ball', raceTo: 2, maxPlayers: 8, checkInMinutes: 30 });
    for (const p of ps) await api(url(), 'POST', `/api/tournaments/${c.body.id}/register`, p);
    assert.is((await api(url(), 'POST', `/api/tournaments/${c.body.id}/check-in`, stranger)).status, 404);
    for (const p of [ps[0]!, ps[2]!]) assert.is((await api(url(), 'POST', `/api/tournaments/${c.body.id}/check-in`, p)).status, 200);
    const s = await api(url(), 'POST', `/api/tournaments/${c.body.id}/start`, host, {});
    assert.is(s.status, 200, s.text);
    assert.equal(s.body.players.map((p: any) => [p.id, p.seed, p.checkedIn]).sort(), [[ps[0]!.id, 1, true], [ps[2]!.id, 2, true]].sort());
    assert.is(s.body.matches.length, 1);
    // A window that has not opened yet refuses check-in.
    const later = await api(url(), 'POST', '/api/tournaments', host, { name: 'Later', format: 'round_robin', game: '8ball', raceTo: 2, maxPlayers: 4, checkInMinutes: 10, startsAt: new Date(Date.now() + 3600_000).toISOString() });
    await api(url(), 'POST', `/api/tournaments/${later.body.id}/register`, ps[1]!);
    const early = await api(url(), 'POST', `/api/tournaments/${later.body.id}/check-in`, ps[1]!);
    assert.is(early.status, 409);
    assert.is(early.body.error.code, 'check_in_closed');
  });

  test(`[${target.name}] manual seeding: the host's order at the start; players may unregister before it`, async () => {
    const host = await account(url(), db(), 'mh', ['host']);
    const ps = await players(5, 'mp');
    const c = await api(url(), 'POST', '/api/tournaments', host, { name: 'Manual', format: 'single_elimination', game: '9ball', raceTo: 1, maxPlayers: 8, seeding: 'manual' });
    for (const p of ps) assert.is((await api(url(), 'POST', `/api/tournaments/${c.body.id}/register`, p)).status, 201);
    const out = await api(url(), 'DELETE', `/api/tournaments/${c.body.id}/register`, ps[4]!);
    assert.is(out.status, 200, out.text);
    assert.is(out.body.players.length, 4);
    assert.is((await api(url(), 'DELETE', `/api/tournaments/${c.body.id}/register`, ps[4]!)).status, 404);
    const order = [ps[3]!, ps[2]!, ps[1]!, ps[0]!].map((p) => p.id);
    for (const seeds of [undefined, order.slice(0, 3), [...order.slice(0, 3), ps[4]!.id], [order[0], order[0], order[1], order[2]]]) {
      const r = await api(url(), 'POST', `/api/tournaments/${c.body.id}/start`, host, seeds ? { seeds } : {});
      assert.is(r.status, 400, r.text);
      assert.is(r.body.error.fields.seeds, 'must list every playing player once');
    }
    assert.is((await getEvent(url(), c.body.id)).status, 'registering', 'a refused start changes nothing');
    const s = await api(url(), 'POST', `/api/tournaments/${c.body.id}/start`, host, { seeds: order });
    assert.is(s.status, 200, s.text);
    assert.equal(order.map((pid) => s.body.players.find((p: any) => p.id === pid).seed), [1, 2, 3, 4]);
    assert.equal(s.body.matches.find((m: any) => m.id === 'W1-1').players.map((p: any) => p.id), [order[0], order[3]]);
  });

  test(`[${target.name}] the host corrects a result: the score always, the winner until the next match has started`, async () => {
    const host = await account(url(), db(), 'xh', ['host']);
    const ps = await players(4, 'xp');
    const e = await runningEvent(url(), host, ps, { format: 'single_elimination', raceTo: 3 });
    const ev = await pollEvent(url(), e.id, (x) => x.matches.filter((m: any) => m.roomId).length === 2, 'two rooms');
    const w11 = ev.matches.find((m: any) => m.id === 'W1-1');
    await playMatch(url(), w11, ps[0]!, ps[3]!);
    const played = await pollEvent(url(), e.id, (x) => x.matches.find((m: any) => m.id === 'W1-1').status === 'finished', 'W1-1 decided');
    assert.equal(played.matches.find((m: any) => m.id === 'W1-1').score, [3, 0], 'a concession gives the winner the race');
    const result = (body: object) => api(url(), 'POST', `/api/tournaments/${e.id}/matches/W1-1/result`, host, body);
    const fixScore = await result({ winnerId: ps[0]!.id, score: [3, 2], reason: 'score sheet' });
    assert.is(fixScore.status, 200, fixScore.text);
    assert.equal(fixScore.body.matches.find((m: any) => m.id === 'W1-1').score, [3, 2]);
    const swap = await result({ winnerId: ps[3]!.id, score: [1, 3], reason: 'dispute upheld' });
    assert.is(swap.status, 200, swap.text);
    assert.equal(swap.body.matches.find((m: any) => m.id === 'W2-1').players[0], { id: ps[3]!.id, username: ps[3]!.username });
    const w12 = ev.matches.find((m: any) => m.id === 'W1-2');
    await playMatch(url(), w12, ps[1]!, ps[2]!);
    await pollEvent(url(), e.id, (x) => !!x.matches.find((m: any) => m.id === 'W2-1').roomId, 'the final room');
    const late = await result({ winnerId: ps[0]!.id, score: [3, 1], reason: 'too late' });
    assert.is(late.status, 409, late.text);
    assert.is(late.body.error.code, 'dependent_started');
    const end = await getEvent(url(), e.id);
    assert.equal(end.audit.filter((x: any) => x.action === 'correct_result').map((x: any) => [x.matchId, x.playerId, x.reason]), [
      ['W1-1', ps[0]!.id, 'score sheet'],
      ['W1-1', ps[3]!.id, 'dispute upheld'],
    ]);
  });

  test(`[${target.name}] erasing an account that plays or hosts an event works; the event shows a deleted player`, async () => {
    const host = await account(url(), db(), 'eh', ['host']);
    const ps = await players(2, 'ep');
    const e = await runningEvent(url(), host, ps, { format: 'single_elimination' });
    for (const u of [ps[1]!, host]) {
      const r = await api(url(), 'DELETE', '/api/me', u, { password: 'correct horse battery' });
      assert.ok(r.status < 300, r.text);
    }
    const ev = await getEvent(url(), e.id);
    assert.is(ev.hostId, null);
    assert.equal(ev.players.map((p: any) => p.id), [ps[0]!.id]);
    assert.equal(ev.matches[0].players[1], { id: ps[1]!.id, username: 'deleted player' });
    assert.ok(ev.bracket.participants.every((p: any) => p.name !== ps[1]!.username));
    assert.not.ok(JSON.stringify(ev).includes(ps[1]!.username), 'the erased username is nowhere in the event');
    const list = await api(url(), 'GET', '/api/tournaments?status=running', null);
    assert.is(list.body.tournaments.find((t: any) => t.id === e.id).host, null);
  });

  test(`[${target.name}] a finish retried does not advance the bracket twice`, async () => {
    const host = await account(url(), db(), 'rh', ['host']);
    const ps = await players(2, 'rp');
    const e = await runningEvent(url(), host, ps, { format: 'single_elimination' });
    const m = (await pollEvent(url(), e.id, (x) => !!x.matches[0]?.roomId, 'room')).matches[0];
    await playMatch(url(), m, ps[0]!, ps[1]!);
    const end = await pollEvent(url(), e.id, (x) => x.status === 'finished', 'finished');
    const row = await db().selectFrom('matches').selectAll().where('id', '=', end.matches[0].matchId).executeTakeFirstOrThrow();
    const snap = parse(row.final_state) as TableSnapshot;
    const state = async () => ({
      t: await db().selectFrom('tournaments').select(['bracket', 'status', 'winner_id', 'finished_at']).where('id', '=', e.id).executeTakeFirstOrThrow(),
      audit: await db().selectFrom('tournament_audit').select(['action']).where('tournament_id', '=', e.id).execute(),
      rows: await db().selectFrom('tournament_matches').selectAll().where('tournament_id', '=', e.id).execute(),
      ach: await db().selectFrom('user_achievements').select(['user_id', 'achievement_id']).where('user_id', 'in', ps.map((p) => p.id)).orderBy('user_id').orderBy('achievement_id').execute(),
    });
    const before = await state();
    // The writer retries exactly this operation (and a spool replays it after a restart).
    const res: any = await roomServices().lifecycle.run({
      op: 'finish',
      input: {
        matchId: row.id,
        rated: false,
        finished: finishedMatch(snap)!,
        score: parse(row.score) as [number, number],
        reason: row.result_reason ?? '',
        finalState: snap,
        event: { type: 'match.finished', matchId: row.id, roomId: row.room_id!, game: row.game, mode: 'tournament', rated: false, tournament: { tournamentId: e.id, bracketMatchId: 'W1-1' }, winner: row.winner_seat as 0 | 1, score: parse(row.score) as [number, number], forfeit: row.forfeit, reason: row.result_reason ?? '' },
      },
    });
    assert.is(res.alreadyFinished, true);
    assert.equal(await state(), before);
    assert.ok(before.ach.some((a) => a.user_id === ps[0]!.id && a.achievement_id === 'champion'));
  });

  test.after.each(() => {
    if (process.env.TEST_DEBUG) for (const l of ctx.server.logs.splice(0)) if (/"level":(50|40)/.test(l)) console.log(l.slice(0, 1500));
  });
  test.run();
}
