// Issue 6: ranked play end to end (HTTP accounts → queue → paired seat reservation → match → REST and
// database, each effect exactly once, also when the finish is retried), an 8-ball race to 2 with a real
// second rack, and the persist queue's retry of transient failures.
import { Client } from '@colyseus/sdk';
import { matchMaker } from '@colyseus/core';
import { finishedMatch, parseJoinError } from '@dojopool/shared';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { finishMatch } from '../src/db/matches.ts';
import { createLogger } from '../src/log.ts';
import { PersistQueue } from '../src/services/persist-queue.ts';
import { dbTargets } from './helpers/db.ts';
import { serverSuite } from './helpers/suites.ts';
import { join, playTurn, Seat, sleep, waitFor, pollMatch } from './helpers/play.ts';
import { http, LogCapture } from './helpers/server.ts';

const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

async function register(url: string, username: string) {
  const r = await http(url, 'POST', '/api/auth/register', { username, email: `${username}@example.test`, password: 'correct horse battery' });
  assert.is(r.status, 201, r.text);
  return { id: r.body.user.id as string, token: r.body.accessToken as string };
}

async function queue(url: string, token: string, options: object) {
  const client = new Client(url);
  client.auth.token = token;
  const room = await client.joinOrCreate('ranked_queue', options);
  return { client, seat: new Seat(room) };
}

// One suite per target, run one after the other: a process has one matchmaker and one set of room
// services, so the two targets' servers must not be up at the same time (uvu runs a suite's hooks
// around its own tests only).
for (const target of await dbTargets()) {
  const { test, ctx } = serverSuite('match-ranked', target, { logLevel: 'warn', env: { AUTH_RATE_LIMIT_PER_IP: '1000', AUTH_RATE_LIMIT_PER_ACCOUNT: '1000' } });

  test(`[${target.name}] guests are refused in ranked play and in the ranked queue`, async () => {
    for (const [name, opts, status, joinCode] of [
      ['ranked_queue', { name: 'Guest' }, 401, 'needs_account'],
      ['match', { mode: 'ranked', name: 'Guest' }, 403, 'ranked_via_queue'],
    ] as const) {
      let code: unknown = null;
      let message = '';
      try {
        const r = await new Client(ctx.server.url).joinOrCreate(name, opts);
        await r.leave();
      } catch (e) {
        code = (e as any).code;
        message = (e as Error).message;
      }
      assert.is(code, status, name);
      assert.is(parseJoinError(message).code, joinCode, message);
    }
    let code: unknown = null;
    try {
      const c = new Client(ctx.server.url);
      c.auth.token = 'not-a-token';
      await c.joinOrCreate('ranked_queue', {});
    } catch (e) {
      code = (e as any).code;
    }
    assert.is(code, 401, 'a bad token');
  });

  test(`[${target.name}] ranked: queue, pair, play, finish; REST and database record it exactly once, also when the finish is retried`, async () => {
    const u1 = await register(ctx.server.url, `ann_${target.name}`);
    const u2 = await register(ctx.server.url, `bo_${target.name}`);
    const q1 = await queue(ctx.server.url, u1.token, { game: '9ball', raceTo: 1 });
    const q2 = await queue(ctx.server.url, u2.token, { game: '9ball', raceTo: 1 });
    const p1 = await q1.seat.next('paired', 0, 5000);
    const p2 = await q2.seat.next('paired', 0, 5000);
    assert.is(p1.reservation.roomId, p2.reservation.roomId);
    assert.is(p1.opponentRating, 1500);
    const r1 = new Seat(await q1.client.consumeSeatReservation(p1.reservation));
    const r2 = new Seat(await q2.client.consumeSeatReservation(p2.reservation));
    await q1.seat.room.leave();
    await q2.seat.room.leave();
    await waitFor(() => r1.state?.phase === 'playing' && r2.state?.phase === 'playing', 5000, 'ranked match playing');
    assert.is(r1.state.mode, 'ranked');
    const byUser = (id: string) => (r1.state.players[0].userId === id ? 0 : 1);
    const seatOf = [r1, r2].map((_, i) => byUser([u1.id, u2.id][i]));
    const seats: Seat[] = [];
    seats[seatOf[0]] = r1;
    seats[seatOf[1]] = r2;
    const matchId = r1.state.matchId;
    // A stranger cannot take a seat in the reserved room.
    const u3 = await register(ctx.server.url, `cy_${target.name}`);
    let refused = '';
    try {
      const c = new Client(ctx.server.url);
      c.auth.token = u3.token;
      await c.joinById(p1.reservation.roomId, { mode: 'ranked' });
    } catch (e) {
      refused = (e as Error).message;
    }
    assert.ok(refused, 'a third account cannot join the reserved table');

    // A few real shots, then the player to shoot concedes the rack (race to 1: the match).
    let shots = 0;
    for (let i = 0; i < 3 && r1.state.phase === 'playing'; i++) {
      const before = r1.state.shotSeq;
      if (playTurn(r1.state, seats[r1.state.turn]) === 'shot') shots++;
      await waitFor(() => r1.state.shotSeq > before && r2.state.shotSeq === r1.state.shotSeq, 5000, 'shot');
    }
    if (r1.state.phase === 'playing') seats[r1.state.turn].room.send('concede', { scope: 'rack' });
    await waitFor(() => r1.state.phase === 'finished', 5000, 'finished');
    const winner = r1.state.winner as 0 | 1;
    const loser = winner === 0 ? 1 : 0;
    const winnerId = r1.state.players[winner].userId;
    const loserId = r1.state.players[loser].userId;
    const fin = await r1.next('finished', 0, 5000);
    assert.is(fin.winner, winner);
    assert.equal(fin.ratings.find((r: any) => r.seat === winner), { seat: winner, before: 1500, after: 1520 });
    assert.equal(fin.ratings.find((r: any) => r.seat === loser), { seat: loser, before: 1500, after: 1480 });

    // REST.
    const m = await pollMatch(ctx.server.url, matchId, (b) => b.status === 'finished');
    assert.is(m.mode, 'ranked');
    assert.is(m.winner, winner);
    assert.is(m.forfeit, false);
    assert.is(m.shots.filter((s: any) => s.kind === 'shot').length, shots);
    assert.is(new Set(m.shots.map((s: any) => s.seq)).size, m.shots.length, 'each action logged once');
    assert.equal(m.shots.map((s: any) => s.seq), m.shots.map((_: any, i: number) => i));
    assert.is(m.players[winner].result, 'win');
    assert.is(m.players[winner].ratingBefore, 1500);
    assert.is(m.players[winner].ratingAfter, 1520);
    assert.is(m.players[loser].ratingAfter, 1480);
    const hw = await http(ctx.server.url, 'GET', `/api/players/${winnerId}/matches`);
    assert.is(hw.status, 200);
    assert.is(hw.body.matches.length, 1);
    assert.is(hw.body.matches[0].id, matchId);
    assert.is(hw.body.matches[0].result, 'win');
    assert.is(hw.body.matches[0].ratingChange, 20);
    const hl = await http(ctx.server.url, 'GET', `/api/players/${loserId}/matches`);
    assert.is(hl.body.matches[0].ratingChange, -20);
    const lb = await http(ctx.server.url, 'GET', '/api/leaderboard');
    assert.is(lb.status, 200);
    assert.equal(
      lb.body.players.map((p: any) => [p.userId, p.rating, p.ratedGames, p.wins, p.matches]),
      [
        [winnerId, 1520, 1, 1, 1],
        [loserId, 1480, 1, 0, 1],
      ],
    );

    // Database: each effect exactly once; then a retried finish changes nothing.
    const db = ctx.server.services.database.db;
    const snapshotDb = async () => ({
      users: await db.selectFrom('users').select(['id', 'rating', 'rated_games']).where('id', 'in', [winnerId, loserId]).orderBy('id').execute(),
      stats: await db.selectFrom('player_stats').select(['user_id', 'matches_played', 'match_wins', 'rack_wins', 'match_win_streak']).orderBy('user_id').execute(),
      ach: await db.selectFrom('user_achievements').select(['user_id', 'achievement_id', 'match_id']).orderBy('user_id').orderBy('achievement_id').execute(),
      players: await db.selectFrom('match_players').select(['seat', 'result', 'racks_won', 'rating_before', 'rating_after']).where('match_id', '=', matchId).orderBy('seat').execute(),
      shots: (await db.selectFrom('match_shots').select((eb) => eb.fn.countAll().as('n')).where('match_id', '=', matchId).executeTakeFirstOrThrow()).n,
      match: await db.selectFrom('matches').select(['status', 'winner_seat', 'finished_at']).where('id', '=', matchId).executeTakeFirstOrThrow(),
    });
    const before = await snapshotDb();
    assert.equal(
      before.users.map((u) => [u.id, Math.round(u.rating), u.rated_games]).sort(),
      [
        [winnerId, 1520, 1],
        [loserId, 1480, 1],
      ].sort(),
    );
    const sw = before.stats.find((s) => s.user_id === winnerId)!;
    const sl = before.stats.find((s) => s.user_id === loserId)!;
    assert.equal([sw.matches_played, sw.match_wins, sw.rack_wins], [1, 1, 1]);
    assert.equal([sl.matches_played, sl.match_wins, sl.rack_wins], [1, 0, 0]);
    assert.is(before.stats.length, 2);
    assert.is(before.ach.filter((a) => a.user_id === winnerId && a.achievement_id === 'first-win').length, 1);
    assert.is(before.ach.filter((a) => a.user_id === loserId && a.achievement_id === 'first-win').length, 0);
    assert.ok(before.ach.every((a) => a.match_id === matchId));
    const row = await db.selectFrom('matches').select(['final_state', 'score', 'result_reason']).where('id', '=', matchId).executeTakeFirstOrThrow();
    const snap = parse(row.final_state) as any;
    const input = { matchId, rated: true, finished: finishedMatch(snap)!, score: snap.match.score, reason: row.result_reason ?? '', finalState: snap };
    const again = await finishMatch(db, input);
    assert.is(again.alreadyFinished, true);
    assert.equal(again.ratings, []);
    // Two retries at once (a lost acknowledgement retried twice) are still one finish.
    const both = await Promise.all([finishMatch(db, input), finishMatch(db, input)]);
    assert.ok(both.every((r) => r.alreadyFinished));
    assert.equal(await snapshotDb(), before);
    for (const s of [r1, r2]) await s.room.leave();
  });

  test(`[${target.name}] 8-ball race to 2 with a real second rack, persisted rack by rack`, async () => {
    const a = await join(ctx.server.url, 'create', 'match', { game: '8ball', raceTo: 2, name: 'Ann' });
    const id = a.room.roomId;
    const s = await join(ctx.server.url, 'joinById', id, { spectate: true });
    const b = await join(ctx.server.url, 'joinById', id, { name: 'Bo' });
    await waitFor(() => a.state.phase === 'playing' && b.state.phase === 'playing' && s.state.phase === 'playing', 5000, 'playing');
    assert.is(a.state.balls.length, 16);
    const seats = [a, b];
    const rackStartTurns: number[] = [];
    let breaksSeen = 0;
    for (let rack = 1; a.state.phase === 'playing' && rack <= 3; rack++) {
      await waitFor(() => a.state.rack === rack || a.state.phase !== 'playing', 3000, `rack ${rack}`);
      if (a.state.phase !== 'playing') break;
      rackStartTurns.push(a.state.turn);
      assert.is(a.state.isBreak, true, `rack ${rack} starts with a break`);
      assert.is(a.state.balls.filter((x: any) => !x.pocketed).length, 16, `rack ${rack} is a full rack`);
      // Real shots for a while; if the simple aiming has not decided the rack, the shooter concedes it.
      for (let i = 0; i < 40 && a.state.rack === rack && a.state.phase === 'playing'; i++) {
        const before = a.state.shotSeq;
        if (a.state.isBreak) breaksSeen++;
        playTurn(a.state, seats[a.state.turn]);
        await waitFor(() => a.state.shotSeq > before && s.state.shotSeq === a.state.shotSeq, 5000, 'shot').catch((e) => {
          throw new Error(`${e.message}; errors: ${JSON.stringify([a.of('error').slice(-2), b.of('error').slice(-2)])}; state: ${JSON.stringify({ turn: a.state.turn, options: a.state.options, seq: [a.state.shotSeq, b.state.shotSeq, s.state.shotSeq], connected: a.state.players.map((p: any) => p.connected), phase: a.state.phase, reason: a.state.reason, isBreak: a.state.isBreak, bih: a.state.ballInHand, rack: a.state.rack, score: a.state.score })}\n${JSON.stringify((() => { const r: any = matchMaker.getLocalRoomById(id); return { now: Date.now(), clock: r?.clock?.currentTime, clients: r?.clients?.map((c: any) => ({ st: c.state, n: c._numMessagesLastSecond, reset: c._messageCountResetsAt, q: c._enqueuedMessages?.length, seat: c.userData?.seat })) }; })())}`);
        });
      }
      if (a.state.rack === rack && a.state.phase === 'playing') {
        const before = a.state.shotSeq;
        seats[a.state.turn].room.send('concede', { scope: 'rack' });
        await waitFor(() => a.state.shotSeq > before, 5000, 'rack conceded');
      }
    }
    await waitFor(() => a.state.phase === 'finished' && s.state.phase === 'finished', 5000, 'finished');
    assert.ok(a.state.rack >= 2, 'a second rack was played');
    assert.ok(breaksSeen >= 2, 'both racks were broken');
    assert.equal(Array.from(a.state.score).sort(), a.state.score[0] === 2 ? [...[Array.from(a.state.score)[1], 2]].sort() : [...[Array.from(a.state.score)[0], 2]].sort());
    assert.is(a.state.score[a.state.winner], 2);
    // Alternate breaks: the second rack is broken by the other player.
    assert.is.not(rackStartTurns[1], rackStartTurns[0]);
    const m = await pollMatch(ctx.server.url, a.state.matchId, (x) => x.status === 'finished');
    assert.equal(m.score, Array.from(a.state.score));
    assert.is(m.winner, a.state.winner);
    assert.ok(m.shots.some((x: any) => x.rack === 2), 'actions logged in rack 2');
    assert.is(m.players[m.winner].racksWon, 2);
    for (const x of [a, b, s]) await x.room.leave();
  });
  test.run();
}

const queueSuite = suite('persist queue');
queueSuite('persist queue: a write that fails twice with a transient error is retried and succeeds once, in order', async () => {
  const capture = new LogCapture();
  const q = new PersistQueue(createLogger({ level: 'debug' }, capture), { baseMs: 5, maxMs: 20 });
  let attempts = 0;
  const order: string[] = [];
  const first = q.push('flaky', async () => {
    attempts++;
    if (attempts <= 2) throw Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
    order.push('flaky');
    return 'ok';
  });
  const second = q.push('next', async () => {
    order.push('next');
    return 2;
  });
  assert.is(q.pending, 2);
  assert.is(await first, 'ok');
  assert.is(await second, 2);
  assert.is(attempts, 3);
  assert.equal(order, ['flaky', 'next']);
  assert.is(capture.lines.filter((l) => l.includes('retrying')).length, 2);
  assert.ok(await q.drain(1000));
  assert.is(q.pending, 0);
  // A permanent error (a constraint violation) is not retried and does not block what follows.
  let permanentAttempts = 0;
  const bad = q.push('bad', async () => {
    permanentAttempts++;
    throw Object.assign(new Error('duplicate key'), { code: '23505' });
  });
  const after = q.push('after', async () => 'ran');
  let rejected = false;
  await bad.catch(() => (rejected = true));
  assert.ok(rejected);
  await bad.catch(() => {});
  assert.is(permanentAttempts, 1);
  assert.is(await after, 'ran');
});
queueSuite.run();
