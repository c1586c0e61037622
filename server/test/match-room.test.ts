import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dbTargets } from './helpers/db.ts';
import { serverSuite } from './helpers/suites.ts';
import { join, aimAt, pollMatch, waitFor, type Seat } from './helpers/play.ts';

// One suite per target, run one after the other: a process has one matchmaker and one set of room
// services, so the two targets' servers must not be up at the same time (uvu runs a suite's hooks
// around its own tests only).
for (const target of await dbTargets()) {
  const { test, ctx } = serverSuite('match-room', target, { logLevel: 'info' });

  test(`[${target.name}] two guests and two spectators play a scripted race-to-1 9-ball match to its end`, async () => {
    const a = await join(ctx.server.url, 'create', 'match', { game: '9ball', mode: 'casual', raceTo: 1, name: 'Ann' });
    const roomId = a.room.roomId;
    assert.is(a.state.phase, 'waiting');
    const s1 = await join(ctx.server.url, 'joinById', roomId, { spectate: true });
    const b = await join(ctx.server.url, 'joinById', roomId, { name: 'Bo' });
    const s2 = await join(ctx.server.url, 'joinById', roomId, { spectate: true });
    await waitFor(() => a.state.phase === 'playing' && s2.state.spectators === 2, 5000, 'playing with 2 spectators');
    assert.is(a.state.players.length, 2);
    assert.is(a.state.players[0].name, 'Ann');
    assert.is(a.state.players[1].name, 'Bo');
    assert.is(a.state.balls.length, 10);
    // A third player is refused with a clear error.
    let refused = '';
    try {
      await join(ctx.server.url, 'joinById', roomId, { name: 'Cy' });
    } catch (e) {
      refused = String((e as Error).message);
    }
    assert.match(refused, /full/);

    // Play: whoever's turn it is shoots straight at the lowest ball, hard on the break, until someone wins.
    const seats: Seat[] = [a, b];
    let shots = 0;
    const seenShotSeqs = new Set<number>();
    while (a.state.phase === 'playing' && shots < 150) {
      const me = seats[a.state.turn];
      const opts = Array.from(a.state.options as string[]).filter((o) => o !== 'push-out');
      const before = a.state.shotSeq;
      if (opts.length) {
        me.room.send('choose', { option: opts[0] });
      } else {
        const lowest = Math.min(...a.state.balls.filter((x: any) => x.id !== 0 && !x.pocketed).map((x: any) => x.id));
        const from = s1.messages.length;
        // Speeds vary so the simple aim cannot cycle through the same miss forever.
        me.room.send('shot', { angle: aimAt(a.state, lowest), speed: a.state.isBreak ? 9 : 2 + (shots % 6) * 0.8 });
        const shot = await s1.next('shot', from);
        assert.ok(shot.start.length > 0 && shot.duration > 0 && !('events' in shot), 'the broadcast carries the start and a duration (clients re-simulate the events)');
        seenShotSeqs.add(shot.seq);
        shots++;
      }
      await waitFor(() => a.state.shotSeq > before && b.state.shotSeq === a.state.shotSeq && s2.state.shotSeq === a.state.shotSeq, 5000, 'state to advance for everyone');
    }
    if (a.state.phase === 'playing') {
      // The simple aim did not decide it in 150 shots: the shooter concedes the rack (race to 1).
      seats[a.state.turn].room.send('concede', { scope: 'rack' });
      await waitFor(() => a.state.phase === 'finished', 5000, 'finished after the concession');
    }
    assert.is(a.state.phase, 'finished');
    assert.ok(a.state.winner === 0 || a.state.winner === 1);
    // Every client, spectators included, saw the same final table.
    const view = (s: Seat) => JSON.stringify(Array.from(s.state.balls).map((x: any) => [x.id, x.x, x.y, x.pocketed]));
    assert.is(view(b), view(a));
    assert.is(view(s1), view(a));
    assert.is(view(s2), view(a));
    const fin = await a.next('finished', 0);
    assert.is(fin.winner, a.state.winner);
    // Persisted with its full shot log.
    const rec = await pollMatch(ctx.server.url, a.state.matchId, (m) => m.status === 'finished', 'finished');
    assert.is(rec.status, 'finished');
    assert.is(rec.winner, a.state.winner);
    assert.is(rec.shots.filter((s: any) => s.kind === 'shot').length, shots);
    for (const s of [a, b, s1, s2]) await s.room.leave();
  });
  test.run();
}
