// Playing the computer, through the real SDK against a real server: a person creates a table with
// `opponent: 'computer'`, plays a full match against the server-side computer player (which acts
// through the same engine path: its shots are broadcast and stored like anyone's), and the match is
// stored as a match against the computer (participant `computer: <level>`, no ratings, its record per
// level). Quick play seats the computer after the announced countdown (COMPUTER_QUICK_WAIT_S, 1 s
// here); a second person arriving first gets the seat instead. The client options cannot forge ranked
// play against the computer. The computer's thinking is measured from the room's logs: it is done in
// the worker thread, never inline.
import * as assert from 'uvu/assert';
import { dbTargets } from './helpers/db.ts';
import { http } from './helpers/server.ts';
import { serverSuite } from './helpers/suites.ts';
import { aimAt, join, pollMatch, waitFor, type Seat } from './helpers/play.ts';

const ENV = { COMPUTER_QUICK_WAIT_S: '1', COMPUTER_PAUSE_MS: '0', COMPUTER_WAITS_FOR_BALLS: 'false' };

/** Seat 0 (the person) plays simple strokes until the match ends; the computer answers on its own. */
async function playAgainstComputer(me: Seat, maxActions = 150): Promise<number> {
  let actions = 0;
  while (me.state.phase === 'playing' && actions < maxActions) {
    await waitFor(() => me.state.phase !== 'playing' || me.state.turn === 0, 20_000, 'the person\'s turn (the computer must not stall)');
    if (me.state.phase !== 'playing') break;
    const before = me.state.shotSeq;
    const opts = Array.from(me.state.options as string[]).filter((o) => o !== 'push-out');
    if (opts.length) me.room.send('choose', { option: opts[0] });
    else {
      const live = me.state.balls.filter((b: any) => b.id !== 0 && !b.pocketed).map((b: any) => b.id);
      const target = me.state.game === '8ball' ? live.find((id: number) => id !== 8) ?? 8 : Math.min(...live);
      const call = me.state.game === '10ball' && !me.state.isBreak ? { safety: true } : target === 8 ? { called: { ball: 8, pocket: 'TR' } } : {};
      me.room.send('shot', { angle: aimAt(me.state, target), speed: me.state.isBreak ? 9 : 2 + (actions % 5) * 0.7, ...call });
    }
    actions++;
    await waitFor(() => me.state.shotSeq > before || me.state.phase !== 'playing', 8000, 'the person\'s action to be applied');
  }
  return actions;
}

for (const target of await dbTargets()) {
  const { test, ctx } = serverSuite('bot-computer', target, { logLevel: 'debug', env: ENV });

  test(`[${target.name}] a person plays a full 9-ball match against the computer; it is stored as a match against the computer`, async () => {
    const a = await join(ctx.server.url, 'create', 'match', { game: '9ball', raceTo: 1, name: 'Ann', opponent: 'computer', level: 'strong' });
    await waitFor(() => a.state.phase === 'playing', 5000, 'the match to start at once');
    const matchId = a.state.matchId;
    assert.is(a.state.players[1].computer, 'strong');
    assert.is(a.state.players[1].name, 'Computer (strong)');
    assert.is(a.state.players[0].computer, '');
    const actions = await playAgainstComputer(a);
    if (a.state.phase === 'playing') {
      a.room.send('concede', { scope: 'match' });
      await waitFor(() => a.state.phase === 'finished', 5000, 'finished after the concession');
    }
    await waitFor(() => a.state.phase === 'finished', 5000, 'finished');
    const fin = await a.next('finished', 0, 10_000);
    assert.equal(fin.ratings, [], 'no rating changes against the computer');
    const m = await pollMatch(ctx.server.url, matchId, (x) => x.status === 'finished', 'finished');
    assert.is(m.mode, 'casual');
    assert.is(m.players[1].computer, 'strong');
    assert.is(m.players[1].userId, null);
    assert.is(m.players[0].computer, null);
    assert.is(m.players[0].ratingBefore, null);
    assert.is(m.players[1].ratingBefore, null);
    const computerShots = m.shots.filter((s: any) => s.seat === 1 && s.kind === 'shot');
    assert.ok(computerShots.length >= 1, 'the computer\'s shots are in the shot log');
    assert.ok(a.of('shot').some((s: any) => s.seat === 1), 'and were broadcast like a person\'s');
    const rec = await http(ctx.server.url, 'GET', '/api/computer/record');
    const row = rec.body.record.find((r: any) => r.level === 'strong' && r.game === '9ball');
    assert.ok(row && row.wins + row.losses >= 1, 'the computer\'s record per level counts the match');
    assert.is(row.wins + row.losses, 1);
    assert.is(m.players[1].result === 'win' ? 1 : 0, row.wins);
    // How long the computer thought and where: the worker, never the room's thread.
    const moves = ctx.server.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'computer moved');
    assert.is(moves.length, m.shots.filter((s: any) => s.seat === 1 && (s.kind === 'shot' || s.kind === 'choose')).length, 'one decision per computer action');
    assert.ok(moves.every((l) => l.inline === false), 'decided in the worker thread');
    const ms = moves.map((l) => l.thinkMs).sort((x: number, y: number) => x - y);
    console.log(`    ${actions} actions by the person, ${moves.length} by the computer; thinking median ${ms[Math.floor(ms.length / 2)]} ms, max ${ms[ms.length - 1]} ms (in the worker)`);
    await a.room.leave();
  });

  test(`[${target.name}] quick play: after the announced wait the computer takes the empty seat`, async () => {
    const a = await join(ctx.server.url, 'joinOrCreate', 'match', { game: '8ball', quick: true, name: 'Solo' });
    const countdown = await a.next('computer_countdown', 0, 3000).catch(() => null);
    assert.ok(a.state.computerAt > 0 || countdown, 'the countdown is visible');
    if (countdown) assert.is(countdown.seconds, 1);
    assert.is(a.state.phase, 'waiting');
    await waitFor(() => a.state.phase === 'playing', 5000, 'the computer to sit down after the wait');
    assert.is(a.state.players[1].computer, 'casual');
    assert.is(a.state.computerAt, 0);
    const matchId = a.state.matchId;
    a.room.send('concede', { scope: 'match' });
    await waitFor(() => a.state.phase === 'finished', 5000, 'finished');
    const m = await pollMatch(ctx.server.url, matchId, (x) => x.status === 'finished', 'finished');
    assert.is(m.players[1].computer, 'casual');
    assert.is(m.players[1].result, 'win');
    await a.room.leave();
  });

  test(`[${target.name}] quick play: a second person arriving before the wait is over gets the seat`, async () => {
    const a = await join(ctx.server.url, 'joinOrCreate', 'match', { game: '10ball', quick: true, name: 'Ann' });
    const b = await join(ctx.server.url, 'joinOrCreate', 'match', { game: '10ball', quick: true, name: 'Bo' });
    await waitFor(() => a.state.phase === 'playing', 5000, 'playing');
    assert.is(a.room.roomId, b.room.roomId);
    assert.is(a.state.players[1].name, 'Bo');
    assert.is(a.state.players[1].computer, '');
    await new Promise((r) => setTimeout(r, 1300));
    assert.is(a.state.players[1].name, 'Bo', 'the countdown was cancelled');
    await a.room.leave();
    await b.room.leave();
  });

  test(`[${target.name}] client options cannot forge ranked play against the computer or a level without one`, async () => {
    const tries: [object, RegExp][] = [
      [{ game: '9ball', opponent: 'computer', mode: 'ranked' }, /ranked_via_queue/],
      [{ game: '9ball', level: 'strong' }, /bad_options: level/],
      [{ game: '9ball', opponent: 'computer', level: 'godlike' }, /bad_options: level/],
      [{ game: '9ball', opponent: 'human' }, /bad_options: opponent/],
      [{ game: '9ball', opponent: 'computer', quick: true }, /bad_options: opponent/],
    ];
    for (const [opts, re] of tries) {
      let err = '';
      try {
        await join(ctx.server.url, 'create', 'match', opts);
      } catch (e) {
        err = String((e as Error).message);
      }
      assert.match(err, re, JSON.stringify(opts));
    }
  });

  test.run();
}
