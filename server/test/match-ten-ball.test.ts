// Issue 13: WPA 10-ball end to end through the game registry: a private table (by code, with a
// spectator), every shot after the break called or refused, the match stored and replayable over
// REST, and the ranked queue pairing 10-ball players.
import { Client } from '@colyseus/sdk';
import * as assert from 'uvu/assert';
import { dbTargets } from './helpers/db.ts';
import { serverSuite } from './helpers/suites.ts';
import { aimAt, join, playTurn, pollMatch, waitFor, type Seat } from './helpers/play.ts';
import { http } from './helpers/server.ts';

for (const target of await dbTargets()) {
  const { test, ctx } = serverSuite('match-ten-ball', target, { logLevel: 'warn', env: { AUTH_RATE_LIMIT_PER_IP: '1000' } });

  test(`[${target.name}] a private 10-ball table: calls required after the break, played to the end, stored and replayable`, async () => {
    const a = await join(ctx.server.url, 'create', 'match', { game: '10ball', private: true, raceTo: 1, name: 'Ann' });
    const code = a.room.roomId;
    const s = await join(ctx.server.url, 'joinById', code, { spectate: true });
    const b = await join(ctx.server.url, 'joinById', code, { name: 'Bo' });
    await waitFor(() => a.state.phase === 'playing' && s.state.phase === 'playing', 5000, 'playing');
    assert.is(a.state.game, '10ball');
    assert.equal(a.state.balls.map((x: any) => x.id).sort((p: number, q: number) => p - q), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const seats: Seat[] = [a, b];
    // The break needs no call.
    let before = a.state.shotSeq;
    playTurn(a.state, a);
    await waitFor(() => a.state.shotSeq > before && s.state.shotSeq === a.state.shotSeq, 5000, 'the break');
    // After the break an uncalled shot is refused with rule_violation and changes nothing.
    if (a.state.phase === 'playing' && a.state.options.filter((o: string) => o !== 'push-out').length === 0 && !a.state.isBreak) {
      const me = seats[a.state.turn];
      const seq = a.state.shotSeq;
      const lowest = Math.min(...a.state.balls.filter((x: any) => x.id !== 0 && !x.pocketed).map((x: any) => x.id));
      const e = await me.expectError('shot', { angle: aimAt(a.state, lowest), speed: 3 });
      assert.is(e?.code, 'rule_violation', JSON.stringify(e));
      assert.is(a.state.shotSeq, seq);
      assert.ok(a.state.options.includes('push-out') === a.state.pushOutAvailable, 'the options list the push out when one is offered');
    }
    let shots = 0;
    while (a.state.phase === 'playing' && shots < 60) {
      before = a.state.shotSeq;
      if (playTurn(a.state, seats[a.state.turn]) === 'shot') shots++;
      await waitFor(() => a.state.shotSeq > before && s.state.shotSeq === a.state.shotSeq, 5000, 'shot').catch((e) => {
        throw new Error(`${e.message}; errors: ${JSON.stringify([a.of('error').slice(-2), b.of('error').slice(-2)])}; state: ${JSON.stringify({ turn: a.state.turn, isBreak: a.state.isBreak, options: a.state.options, bih: a.state.ballInHand, seq: a.state.shotSeq })}`);
      });
    }
    if (a.state.phase === 'playing') seats[a.state.turn].room.send('concede', { scope: 'rack' });
    await waitFor(() => s.state.phase === 'finished', 5000, 'finished');
    const matchId = a.state.matchId;
    const rec = await pollMatch(ctx.server.url, matchId, (m) => m.status === 'finished');
    assert.is(rec.game, '10ball');
    assert.ok(rec.shots.length >= 2);
    const called = rec.shots.filter((x: any) => x.kind === 'shot' && x.seq > 1 && !x.intent.pushOut);
    assert.ok(called.every((x: any) => x.intent.called || x.intent.safety), 'every stored shot after the break carries its call');
    for (const x of [a, b, s]) await x.room.leave();
  });

  test(`[${target.name}] the ranked queue pairs 10-ball players into a 10-ball ranked match`, async () => {
    const tokens = [];
    for (const n of ['tena', 'tenb']) {
      const r = await http(ctx.server.url, 'POST', '/api/auth/register', { username: `${n}_${target.name}`, email: `${n}_${target.name}@example.test`, password: 'correct horse battery' });
      assert.is(r.status, 201, r.text);
      tokens.push(r.body.accessToken as string);
    }
    const paired = await Promise.all(
      tokens.map(async (t) => {
        const c = new Client(ctx.server.url);
        c.auth.token = t;
        const q = await c.joinOrCreate('ranked_queue', { game: '10ball', raceTo: 1 });
        q.onMessage('queue', () => {});
        const p = await new Promise<any>((r) => q.onMessage('paired', r));
        const room = await c.consumeSeatReservation(p.reservation);
        await q.leave();
        return room;
      }),
    );
    await waitFor(() => (paired[0].state as any)?.phase === 'playing', 5000, 'ranked 10-ball playing');
    assert.is((paired[0].state as any).game, '10ball');
    assert.is((paired[0].state as any).mode, 'ranked');
    for (const r of paired) await r.leave();
  });
  test.run();
}
