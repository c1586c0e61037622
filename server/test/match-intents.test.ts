// Issue 6: every rejected intent answers `error { code, message }` and changes nothing; the shot clock;
// a player dropping and reconnecting; a forfeit past the reconnection window; private and quick tables.
import { matchMaker } from '@colyseus/core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dbTargets } from './helpers/db.ts';
import { serverSuite } from './helpers/suites.ts';
import { dropConnection, join, playTurn, reconnect, sleep, waitFor, type Seat, pollMatch } from './helpers/play.ts';

const serverState = (roomId: string) => JSON.stringify((matchMaker.getLocalRoomById(roomId) as any).state.toJSON());

/** Sends an intent that must be refused: an error with `code` comes back and the synced state is unchanged. */
async function refused(seat: Seat, type: string, body: unknown, code: string, roomId: string, observer: Seat) {
  const before = serverState(roomId);
  const seen = JSON.stringify(observer.state.toJSON());
  const e = await seat.expectError(type, body);
  assert.ok(e, `${type} ${JSON.stringify(body)}: no error came back`);
  assert.is(e.code, code, `${type} ${JSON.stringify(body)}: ${e.message}`);
  assert.type(e.message, 'string');
  assert.ok(e.message.length > 0);
  await sleep(60); // a patch interval: anything changed would have been sent by now
  assert.is(serverState(roomId), before, `${type} ${JSON.stringify(body)} changed the server state`);
  assert.is(JSON.stringify(observer.state.toJSON()), seen, `${type} ${JSON.stringify(body)} changed the synced state`);
}

// One suite per target, run one after the other: a process has one matchmaker and one set of room
// services, so the two targets' servers must not be up at the same time (uvu runs a suite's hooks
// around its own tests only).
for (const target of await dbTargets()) {
  const { test, ctx } = serverSuite('match-intents', target, { logLevel: 'info' });

  test(`[${target.name}] every rejected intent answers an error and changes nothing`, async () => {
    const a = await join(ctx.server.url, 'create', 'match', { game: '9ball', mode: 'casual', raceTo: 1, name: 'Ann' });
    const id = a.room.roomId;
    // Wrong phase: the opponent has not arrived.
    for (const [type, body] of [
      ['shot', { angle: 0, speed: 5 }],
      ['place', { x: -0.8, y: 0 }],
      ['aim', { angle: 0 }],
      ['choose', { option: 'accept' }],
      ['concede', {}],
    ] as const)
      await refused(a, type, body, 'wrong_phase', id, a);

    const s = await join(ctx.server.url, 'joinById', id, { spectate: true });
    const b = await join(ctx.server.url, 'joinById', id, { name: 'Bo' });
    await waitFor(() => a.state.phase === 'playing' && s.state.phase === 'playing' && s.state.spectators === 1, 5000, 'playing');
    assert.is(a.state.turn, 0);
    assert.is(a.state.ballInHand, 'kitchen');

    // A spectator may do nothing.
    for (const [type, body] of [
      ['shot', { angle: 0, speed: 5 }],
      ['place', { x: -0.8, y: 0 }],
      ['aim', { angle: 0 }],
      ['chat', { text: 'hello' }],
      ['concede', {}],
      ['choose', { option: 'accept' }],
    ] as const)
      await refused(s, type, body, 'spectator', id, b);

    // Out of turn.
    await refused(b, 'shot', { angle: 0, speed: 5 }, 'not_your_turn', id, s);
    await refused(b, 'place', { x: -0.8, y: 0.1 }, 'not_your_turn', id, s);
    await refused(b, 'aim', { angle: 1 }, 'not_your_turn', id, s);

    // Values out of range and malformed bodies.
    await refused(a, 'shot', { angle: 0, speed: 0 }, 'out_of_range', id, s);
    await refused(a, 'shot', { angle: 0, speed: 13 }, 'out_of_range', id, s);
    await refused(a, 'shot', { angle: 0, speed: NaN }, 'bad_message', id, s);
    await refused(a, 'shot', { angle: 0, speed: '5' }, 'bad_message', id, s);
    await refused(a, 'shot', { angle: 0, speed: 5, side: 0.95 }, 'out_of_range', id, s);
    await refused(a, 'shot', { angle: 0, speed: 5, side: 0.7, vertical: 0.7 }, 'out_of_range', id, s);
    await refused(a, 'shot', { speed: 5 }, 'bad_message', id, s);
    await refused(a, 'shot', { angle: 0, speed: 5, called: { ball: 3, pocket: 'XX' } }, 'bad_message', id, s);
    await refused(a, 'shot', { angle: 0, speed: 5, pushOut: 'yes' }, 'bad_message', id, s);
    await refused(a, 'chat', { text: 'x'.repeat(281) }, 'out_of_range', id, s);
    await refused(a, 'chat', { text: '' }, 'bad_message', id, s);
    await refused(a, 'chat', { text: '  \n ' }, 'bad_message', id, s);
    await refused(a, 'chat', { text: 42 }, 'bad_message', id, s);
    await refused(a, 'aim', {}, 'bad_message', id, s);
    await refused(a, 'aim', { angle: 0, trail: [0, 0, 0, 0] }, 'bad_message', id, s); // more samples than a batch holds
    await refused(a, 'aim', { angle: 0, trail: 0.5 }, 'bad_message', id, s);
    await refused(a, 'aim', { angle: 0, trail: [0.1, 'x'] }, 'out_of_range', id, s);
    await refused(a, 'place', { x: 'a', y: 0 }, 'bad_message', id, s);
    await refused(a, 'place', { x: 11, y: 0 }, 'out_of_range', id, s);
    await refused(a, 'choose', { option: 7 }, 'bad_message', id, s);
    await refused(a, 'frobnicate', { x: 1 }, 'bad_message', id, s);
    for (const type of ['shot', 'place', 'aim', 'chat', 'choose'])
      for (const body of [null, [1, 2], 42, 'str']) await refused(a, type, body, 'bad_message', id, s);

    // Rules: placement, choices, push out, called ball.
    await refused(a, 'place', { x: 0.3, y: 0 }, 'bad_placement', id, s); // in front of the head string on the break
    await refused(a, 'place', { x: 1.5, y: 0 }, 'bad_placement', id, s); // off the cloth
    await refused(a, 'place', { x: -0.8, y: 0.7 }, 'bad_placement', id, s); // off the cloth (beyond the side cushion)
    await refused(a, 'choose', { option: 'accept' }, 'wrong_phase', id, s); // nothing pending
    await refused(a, 'shot', { angle: 0, speed: 9, pushOut: true }, 'rule_violation', id, s); // no push out on the break
    await refused(a, 'shot', { angle: 0, speed: 9, called: { ball: 10, pocket: 'TR' } }, 'rule_violation', id, s); // no 10 in 9-ball

    // A legal placement in the kitchen is accepted and changes the state.
    const seq0 = a.state.shotSeq;
    a.room.send('place', { x: -0.8, y: 0.1 });
    await waitFor(() => s.state.shotSeq === seq0 + 1, 3000, 'placement');
    assert.ok(Math.abs(s.state.balls.find((x: any) => x.id === 0).x + 0.8) < 1e-6);
    // Chat from a player is broadcast.
    a.room.send('chat', { text: 'good luck' });
    assert.is((await s.next('chat', 0)).text, 'good luck');

    // Play until someone is to shoot with no ball in hand: place is refused then.
    const seats = [a, b];
    for (let i = 0; i < 30 && a.state.phase === 'playing' && (a.state.isBreak || a.state.ballInHand !== '' || a.state.options.length); i++) {
      const before = a.state.shotSeq;
      playTurn(a.state, seats[a.state.turn]);
      await waitFor(() => a.state.shotSeq > before && s.state.shotSeq === a.state.shotSeq, 5000, 'shot');
    }
    if (a.state.phase === 'playing') {
      assert.is(a.state.ballInHand, '');
      const me = seats[a.state.turn];
      await refused(me, 'place', { x: -0.8, y: 0 }, 'wrong_phase', id, s);
      if (!a.state.pushOutAvailable) await refused(me, 'shot', { angle: 0, speed: 3, pushOut: true }, 'rule_violation', id, s);
      // Overlapping a ball is refused too (checked again below with ball in hand from the clock).
      a.room.send('concede', {});
    }
    await waitFor(() => s.state.phase === 'finished', 5000, 'finished');
    // After the match is over nothing is accepted.
    for (const [type, body] of [
      ['shot', { angle: 0, speed: 5 }],
      ['place', { x: -0.8, y: 0 }],
      ['aim', { angle: 0 }],
      ['choose', { option: 'accept' }],
      ['concede', {}],
    ] as const) {
      await refused(a, type, body, 'wrong_phase', id, s);
      await refused(b, type, body, 'wrong_phase', id, s);
    }
    for (const x of [a, b, s]) await x.room.leave();
  });

  test(`[${target.name}] the shooter's aim batch reaches the opponent and spectators as one frame; faster batches are dropped`, async () => {
    const a = await join(ctx.server.url, 'create', 'match', { game: '9ball', mode: 'casual', raceTo: 1, name: 'Ann' });
    const b = await join(ctx.server.url, 'joinById', a.room.roomId, { name: 'Bo' });
    const s = await join(ctx.server.url, 'joinById', a.room.roomId, { spectate: true });
    await waitFor(() => s.state.phase === 'playing' && s.state.spectators === 1, 5000, 'playing');
    a.room.send('aim', { angle: 0.3, trail: [0.1, 0.2] });
    const got = await b.next('aim', 0);
    assert.equal(got, { seat: 0, angle: 0.3, trail: [0.1, 0.2] });
    assert.equal(await s.next('aim', 0), got);
    a.room.send('aim', { angle: 0.5 }); // within AIM_RELAY_MIN_MS of the last: dropped
    await sleep(300);
    assert.is(b.of('aim').length, 1, 'a batch sent faster than the protocol allows was relayed');
    a.room.send('aim', { angle: 0.6 });
    assert.equal(await b.next('aim', b.messages.length - 0), { seat: 0, angle: 0.6 });
    assert.is(a.of('aim').length, 0, 'the shooter is not sent their own aim');
    await Promise.all([a, b, s].map((x) => x.room.leave()));
  });

  test(`[${target.name}] shot clock: a time foul, ball in hand anywhere for the opponent, a timeout broadcast`, async () => {
    const a = await join(ctx.server.url, 'create', 'match', { game: '9ball', raceTo: 3, name: 'Ann', shotClockS: 1 });
    const id = a.room.roomId;
    const b = await join(ctx.server.url, 'joinById', id, { name: 'Bo' });
    await waitFor(() => b.state.phase === 'playing' && a.state.phase === 'playing', 5000, 'playing');
    assert.is(b.state.turn, 0);
    // On the break, a time foul passes the break to the opponent (from the kitchen).
    const t0 = Date.now();
    const timeout = await b.next('timeout', 0, 4000);
    assert.ok(Date.now() - t0 >= 700, 'the clock ran its second');
    assert.is(timeout.seat, 0);
    await waitFor(() => b.state.turn === 1 && a.state.turn === 1, 2000, 'turn to switch');
    assert.is(b.state.foul, 'time');
    assert.match(b.state.reason, /shot clock expired/);
    assert.is(b.state.ballInHand, 'kitchen');
    assert.is(b.state.isBreak, true);
    // Bo breaks at once; then whoever is to shoot lets the clock run out: ball in hand anywhere for the other.
    let seq = b.state.shotSeq;
    const shotFrom = a.messages.length;
    playTurn(b.state, b);
    const breakShot = await a.next('shot', shotFrom, 3000);
    await waitFor(() => a.state.shotSeq > seq && !a.state.isBreak, 3000, 'the break');
    if (a.state.phase !== 'playing') return;
    const late = a.state.turn as 0 | 1;
    const from = a.messages.length;
    const t1 = await a.next('timeout', from, (breakShot.duration + 4) * 1000); // the clock starts when the balls stop
    assert.is(t1.seat, late);
    const opp = late === 0 ? 1 : 0;
    const seats = [a, b];
    await waitFor(() => a.state.turn === opp && seats[opp].state.turn === opp && seats[opp].state.foul === 'time', 2000, 'turn to switch after the time foul');
    assert.is(a.state.ballInHand, 'table');
    assert.match(a.state.reason, /shot clock expired — ball in hand/);
    const room = matchMaker.getLocalRoomById(id) as any;
    assert.is(room.snapshot.match.current.turn, opp);
    assert.is(room.snapshot.match.current.ballInHand, 'table');
    // Ball in hand anywhere: overlapping a ball is refused; a free spot past the head string is accepted.
    const me = seats[opp];
    const ball = a.state.balls.find((x: any) => x.id !== 0 && !x.pocketed);
    await refused(me, 'place', { x: ball.x, y: ball.y }, 'bad_placement', id, seats[late]);
    await refused(me, 'place', { x: ball.x + 0.03, y: ball.y }, 'bad_placement', id, seats[late]);
    seq = a.state.shotSeq;
    const free = [[0.2, 0.3], [-0.2, -0.3], [0.9, 0.45], [-0.9, -0.45]].find(([x, y]) => a.state.balls.every((q: any) => q.pocketed || Math.hypot(q.x - x, q.y - y) > 0.08))!;
    me.room.send('place', { x: free[0], y: free[1] });
    await waitFor(() => a.state.shotSeq === seq + 1, 2000, 'placement');
    for (const x of [a, b]) await x.room.leave();
  });

  test(`[${target.name}] a player drops mid-rack, keeps the seat, reconnects to the same state and plays on`, async () => {
    const a = await join(ctx.server.url, 'create', 'match', { game: '9ball', raceTo: 1, name: 'Ann', reconnectS: 20 });
    const id = a.room.roomId;
    const b = await join(ctx.server.url, 'joinById', id, { name: 'Bo' });
    await waitFor(() => b.state.phase === 'playing' && a.state.phase === 'playing', 5000, 'playing');
    const seats = [a, b];
    for (let i = 0; i < 2; i++) {
      const before = a.state.shotSeq;
      playTurn(a.state, seats[a.state.turn]);
      await waitFor(() => a.state.shotSeq > before && b.state.shotSeq === a.state.shotSeq, 5000, 'shot');
    }
    if (b.state.phase !== 'playing') return; // a lucky break ended it (not expected in two shots)
    const beforeDrop = JSON.stringify({ ...b.state.toJSON(), players: undefined, shotClock: undefined });
    const sessionId = a.room.sessionId;
    dropConnection(a);
    await waitFor(() => b.state.players[0].connected === false, 3000, 'seat 0 to show disconnected');
    assert.is(b.state.players[0].name, 'Ann', 'the seat is kept');
    const room = matchMaker.getLocalRoomById(id) as any;
    assert.ok(room, 'the room is still there');
    const a2 = await reconnect(a);
    assert.is(a2.room.sessionId, sessionId);
    await waitFor(() => b.state.players[0].connected === true && a2.state.players[0].connected === true, 3000, 'reconnected');
    assert.is(JSON.stringify({ ...b.state.toJSON(), players: undefined, shotClock: undefined }), beforeDrop, 'same state after the reconnection');
    assert.is(JSON.stringify({ ...a2.state.toJSON(), shotClock: undefined }), JSON.stringify({ ...b.state.toJSON(), shotClock: undefined }));
    // Play continues, with the reconnected client as seat 0.
    const seats2 = [a2, b];
    for (let i = 0; i < 2 && b.state.phase === 'playing'; i++) {
      const before = b.state.shotSeq;
      playTurn(b.state, seats2[b.state.turn]);
      await waitFor(() => b.state.shotSeq > before && a2.state.shotSeq === b.state.shotSeq, 5000, 'shot after reconnect');
    }
    for (const x of [a2, b]) await x.room.leave();
  });

  test(`[${target.name}] past the reconnection window the dropped player forfeits, persisted as a forfeit`, async () => {
    const a = await join(ctx.server.url, 'create', 'match', { game: '9ball', raceTo: 1, name: 'Ann', reconnectS: 1 });
    const id = a.room.roomId;
    const b = await join(ctx.server.url, 'joinById', id, { name: 'Bo' });
    await waitFor(() => b.state.phase === 'playing' && a.state.phase === 'playing', 5000, 'playing');
    const matchId = b.state.matchId;
    const before = a.state.shotSeq;
    playTurn(a.state, a);
    await waitFor(() => b.state.shotSeq > before, 5000, 'break');
    dropConnection(a);
    await waitFor(() => b.state.players[0].connected === false, 3000, 'disconnected');
    assert.is(b.state.phase, 'playing', 'held while the window is open');
    const fin = await b.next('finished', 0, 5000);
    assert.is(fin.winner, 1);
    assert.is(fin.forfeit, true);
    await waitFor(() => b.state.phase === 'finished', 2000, 'finished state');
    assert.is(b.state.winner, 1);
    const rec = await pollMatch(ctx.server.url, matchId, (m) => m.status === 'finished').catch((e) => {
      console.log(ctx.server.logs.filter((l) => l.includes(matchId) || /"level":[45]0/.test(l)).join('\n').slice(-4000));
      throw e;
    });
    assert.is(rec.winner, 1);
    assert.is(rec.forfeit, true);
    assert.is(rec.shots.at(-1).kind, 'forfeit');
    assert.is(rec.players[0].result, 'loss');
    assert.is(rec.players[1].result, 'win');
    await b.room.leave();
  });

  test(`[${target.name}] private tables by code; quick play pairs two and opens a new table for a third`, async () => {
    const p = await join(ctx.server.url, 'create', 'match', { game: '8ball', mode: 'casual', raceTo: 1, private: true, name: 'Pat' });
    const code = p.room.roomId;
    assert.match(code, /^[A-HJ-NP-Z2-9]{6}$/);
    assert.is(p.state.privateCode, code);
    const other = await join(ctx.server.url, 'joinOrCreate', 'match', { game: '8ball', mode: 'casual', raceTo: 1, name: 'Oz' });
    assert.is.not(other.room.roomId, code, 'joinOrCreate does not land in a private table');
    const friend = await join(ctx.server.url, 'joinById', code, { name: 'Fay' });
    assert.is(friend.room.roomId, code);
    await waitFor(() => p.state.phase === 'playing' && p.state.players[1].name === 'Fay', 5000, 'private table playing');
    await other.room.leave();

    const q1 = await join(ctx.server.url, 'joinOrCreate', 'match', { game: '8ball', mode: 'casual', quick: true, name: 'Q1' });
    const q2 = await join(ctx.server.url, 'joinOrCreate', 'match', { game: '8ball', mode: 'casual', quick: true, name: 'Q2' });
    assert.is(q2.room.roomId, q1.room.roomId, 'two quick players share a table');
    await waitFor(() => q1.state.phase === 'playing', 5000, 'quick table playing');
    const q3 = await join(ctx.server.url, 'joinOrCreate', 'match', { game: '8ball', mode: 'casual', quick: true, name: 'Q3' });
    assert.is.not(q3.room.roomId, q1.room.roomId, 'a third opens a new table');
    assert.is(q3.state.phase, 'waiting');
    for (const x of [p, friend, q1, q2, q3]) await x.room.leave();
  });
  test.run();
}
