// The shared patch pump (src/rooms/patch-pump.ts): one timer serves every match room's 10 Hz patch; a
// room whose state changed is patched, an unchanged one only has its clock ticked, a room with
// serializer internals the pump does not know is patched every time (as Colyseus would), and the
// timer stops with the last room. In a real server, a table refused at creation is not left pumped.
import { matchMaker } from '@colyseus/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PATCH_MS, pumpedRooms, pumpPatches, stopPumping } from '../src/rooms/patch-pump.ts';
import { pgliteTarget } from './helpers/db.ts';
import { join } from './helpers/play.ts';
import { startTestServer } from './helpers/server.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fakeRoom(hasChanges: unknown) {
  const r = {
    patches: 0,
    ticks: 0,
    broadcastPatch() {
      r.patches++;
      r._serializer.encoder.hasChanges = typeof hasChanges === 'boolean' ? false : hasChanges;
    },
    clock: { tick: () => r.ticks++ },
    _serializer: { encoder: { hasChanges } as { hasChanges: unknown } },
  };
  return r;
}

test('changed rooms are patched once, unchanged ones only ticked, unknown internals patched each time', async () => {
  const changed = fakeRoom(true);
  const idle = fakeRoom(false);
  const unknown = fakeRoom(undefined);
  for (const r of [changed, idle, unknown]) pumpPatches(r as any);
  assert.is(pumpedRooms(), 3);
  await sleep(PATCH_MS * 3.5);
  assert.is(changed.patches, 1, 'the changed room was patched once (then had nothing new)');
  assert.ok(changed.ticks >= 2, 'and its clock kept ticking');
  assert.is(idle.patches, 0);
  assert.ok(idle.ticks >= 3 && idle.ticks <= 4, `idle ticks ${idle.ticks}`);
  assert.ok(unknown.patches >= 3, 'unknown serializer: patched every time');
  idle._serializer.encoder.hasChanges = true; // a change in a room: the next pass patches it
  await sleep(PATCH_MS * 1.5);
  assert.is(idle.patches, 1);
  for (const r of [changed, idle, unknown]) stopPumping(r as any);
  assert.is(pumpedRooms(), 0);
  const t = unknown.patches;
  await sleep(PATCH_MS * 2);
  assert.is(unknown.patches, t, 'a room no longer pumped is not patched');
});

test('in a server: every live table is pumped, a table refused at creation is not, a closed one is let go', async () => {
  const server = await startTestServer(pgliteTarget(), { logLevel: 'warn' });
  try {
    const before = pumpedRooms();
    // A server-side creation with a ticket nobody issued gets past onAuth and is refused in onCreate.
    const refused = await matchMaker.createRoom('match', { ticket: 'forged-ticket' }).then(
      () => null,
      (e: Error) => e.message,
    );
    assert.ok(refused, 'a forged ticket was accepted');
    assert.is(pumpedRooms(), before, 'the refused table stayed in the pump');
    const a = await join(server.url, 'create', 'match', { game: '8ball', mode: 'casual', raceTo: 1, name: 'Ann' });
    assert.is(pumpedRooms(), before + 1);
    // The periodic patch reaches the client: a spectator's arrival changes the spectator count.
    const s = await join(server.url, 'joinById', a.room.roomId, { spectate: true });
    const t0 = Date.now();
    while (a.state.spectators !== 1 && Date.now() - t0 < 2000) await sleep(10);
    assert.is(a.state.spectators, 1, 'the spectator count never reached the player');
    await s.room.leave();
    await a.room.leave();
    const t1 = Date.now();
    while (pumpedRooms() !== before && Date.now() - t1 < 5000) await sleep(50);
    assert.is(pumpedRooms(), before, 'the closed table is still pumped');
  } finally {
    await server.dispose();
  }
});

test.run();
