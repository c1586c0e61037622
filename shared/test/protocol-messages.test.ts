// Every message a room sends has its type in shared/protocol, and every type listed there is sent:
// the rooms' send and broadcast calls are read from the server's sources and compared, room by room,
// with MATCH_ROOM_MESSAGES, QUEUE_ROOM_MESSAGES and TOURNAMENT_ROOM_MESSAGES (which ServerMessages' keys cover, by type).
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MATCH_ROOM_MESSAGES, QUEUE_ROOM_MESSAGES, TOURNAMENT_ROOM_MESSAGES, type ServerMessageType } from '../src/protocol/index.ts';

const rooms = new URL('../../server/src/rooms/', import.meta.url);

/** Message types a room file sends: its typed this.tell(client, 'x', …) and this.announce('x', …) (or a raw send/broadcast). */
function sentBy(file: string): string[] {
  const src = readFileSync(new URL(file, rooms), 'utf8');
  const types = new Set<string>();
  for (const m of src.matchAll(/\b(?:send|broadcast|announce)\(\s*'([a-z_-]+)'|\btell\(\s*[\w.]+,\s*'([a-z_-]+)'/g)) types.add((m[1] ?? m[2])!);
  return [...types].sort();
}

test('the match room sends exactly the match room messages', () => {
  assert.equal(sentBy('match-room.ts'), [...MATCH_ROOM_MESSAGES].sort());
});

test('the ranked queue sends exactly the queue messages', () => {
  assert.equal(sentBy('ranked-queue-room.ts'), [...QUEUE_ROOM_MESSAGES].sort());
});

test('the tournament room sends exactly the tournament room messages', () => {
  assert.equal(sentBy('tournament-room.ts'), [...TOURNAMENT_ROOM_MESSAGES].sort());
});

// Compile-time: every ServerMessages key is sent by some room (tsc fails on this file otherwise).
type Unsent = Exclude<ServerMessageType, (typeof MATCH_ROOM_MESSAGES)[number] | (typeof QUEUE_ROOM_MESSAGES)[number] | (typeof TOURNAMENT_ROOM_MESSAGES)[number]>;
const everyTypeIsSent: [Unsent] extends [never] ? true : false = true;

test('each room lists a message type once', () => {
  assert.ok(everyTypeIsSent);
  assert.is(new Set(MATCH_ROOM_MESSAGES).size, MATCH_ROOM_MESSAGES.length);
  assert.is(new Set(QUEUE_ROOM_MESSAGES).size, QUEUE_ROOM_MESSAGES.length);
  assert.is(new Set(TOURNAMENT_ROOM_MESSAGES).size, TOURNAMENT_ROOM_MESSAGES.length);
});

test.run();
