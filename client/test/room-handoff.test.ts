// A joined room held until the table mounts: what came meanwhile (messages in order, the first state)
// reaches the listeners registered since, once; later messages go straight to them; the handed-over
// room is taken once, by its own id only.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { handOver, holdRoom, takeHandedOver } from '../src/net/room-handoff.ts';

/** Just enough of the SDK's Room: typed handlers, a '*' fallback, the state signal, leave. */
function fakeRoom(roomId = 'R1') {
  const handlers = new Map<string | number, Set<(...a: unknown[]) => void>>();
  const stateCbs = new Set<(s: unknown) => void>();
  const onStateChange = Object.assign((cb: (s: unknown) => void) => void stateCbs.add(cb), {
    remove: (cb: (s: unknown) => void) => void stateCbs.delete(cb),
    invoke: (s: unknown) => stateCbs.forEach((cb) => cb(s)),
  });
  const room = {
    roomId,
    state: { phase: 'waiting' } as unknown,
    left: 0,
    onMessage(type: string | number, cb: (...a: unknown[]) => void) {
      if (!handlers.has(type)) handlers.set(type, new Set());
      handlers.get(type)!.add(cb);
      return () => void handlers.get(type)!.delete(cb);
    },
    dispatchMessage(type: string | number, msg: unknown) {
      const hs = handlers.get(type);
      if (hs && hs.size) hs.forEach((h) => h(msg));
      else handlers.get('*')?.forEach((h) => h(type, msg));
    },
    onStateChange,
    async leave() {
      room.left++;
    },
  };
  return room;
}

test('messages and the first state that came while held reach the table, in order, once', () => {
  const room = fakeRoom();
  const held = holdRoom(room as any);
  room.dispatchMessage('welcome', { role: 'player', seat: 1 });
  room.dispatchMessage('chat', { text: 'hi' });
  room.dispatchMessage('chat', { text: 'again' });
  room.onStateChange.invoke(room.state);
  assert.equal(held.welcome(), { role: 'player', seat: 1 });
  // The table mounts: its listeners, then release.
  const got: string[] = [];
  room.onMessage('welcome', (m: any) => got.push(`welcome ${m.seat}`));
  room.onMessage('chat', (m: any) => got.push(`chat ${m.text}`));
  room.onStateChange(() => got.push('state'));
  held.release();
  assert.equal(got, ['welcome 1', 'chat hi', 'chat again', 'state']);
  held.release();
  assert.is(got.length, 4, 'release is idempotent');
  room.dispatchMessage('chat', { text: 'live' });
  assert.equal(got.slice(4), ['chat live'], 'later messages go straight to the table');
});

test('no state yet: release does not invent one', () => {
  const room = fakeRoom();
  const held = holdRoom(room as any);
  const got: string[] = [];
  room.onStateChange(() => got.push('state'));
  held.release();
  assert.equal(got, []);
});

test('a handed-over room is taken once, by its id; a second hand-over leaves the first', () => {
  const a = fakeRoom('A');
  const b = fakeRoom('B');
  handOver(holdRoom(a as any));
  assert.is(takeHandedOver('B'), null);
  handOver(holdRoom(b as any));
  assert.is(a.left, 1, 'the room nobody took is left');
  assert.is(takeHandedOver('B')?.room, b as any);
  assert.is(takeHandedOver('B'), null);
});

test.run();
