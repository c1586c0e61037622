// Issue 13: the match-finished event crosses processes through Redis presence. Two presences stand
// for two processes: an event published through one reaches the other's subscribers exactly once.
import { RedisPresence } from '@colyseus/redis-presence';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MatchEvents, type MatchEvent } from '../src/services/match-events.ts';
import { announce, redisUrl } from './helpers/env.ts';
import { sleep, waitFor } from './helpers/play.ts';

const url = await redisUrl();

if (!url) {
  console.log('  [match-events-redis] REDIS_URL not set: skipped (CI sets it)');
} else {
  test('a match event published on one process reaches subscribers on another, once', async () => {
    announce('match-events-redis', 'redis');
    const p1 = new RedisPresence(url);
    const p2 = new RedisPresence(url);
    const e1 = new MatchEvents(() => p1, () => {});
    const e2 = new MatchEvents(() => p2, () => {});
    await e1.start();
    await e2.start();
    const got1: MatchEvent[] = [];
    const got2: MatchEvent[] = [];
    e1.subscribe((e) => void got1.push(e));
    e2.subscribe((e) => void got2.push(e));
    const event: MatchEvent = {
      type: 'match.aborted',
      matchId: `m-${Date.now()}`,
      roomId: 'ABCDEF',
      game: '9ball',
      mode: 'tournament',
      tournament: { tournamentId: 't1', bracketMatchId: 'W1-1' },
      reason: 'test',
      abortedAt: new Date().toISOString(),
      players: [],
    };
    await e1.publish(event);
    await waitFor(() => got2.length === 1 && got1.length === 1, 3000, 'delivery on both processes');
    await sleep(200);
    assert.is(got2.length, 1);
    assert.equal(got2[0], event);
    await e1.stop();
    await e2.stop();
    p1.shutdown();
    p2.shutdown();
  });
  test.run();
}
