// One timer for every match room's periodic patch, instead of one setInterval per room. Colyseus gives
// each room its own patch interval, which at 2,500 tables is 25,000 timer callbacks a second, each
// ticking the room's clock and asking the serializer whether anything changed; nearly always nothing
// did (a shot's patch goes at once from the room's commit). The pump visits every room once per
// PATCH_MS: it ticks the room's clock (its timers, and the time Colyseus counts messages per second
// by), and broadcasts a patch only for a room whose state changed.
import type { Room } from '@colyseus/core';

export const PATCH_MS = 100;
/** A room's own patch interval while the pump serves it: the longest a Node timer takes (never fires). */
export const NEVER_MS = 2 ** 31 - 1;

type Pumped = { broadcastPatch(): unknown; clock: { tick(): void }; _serializer?: { encoder?: { hasChanges?: unknown } } };

const rooms = new Set<Pumped>();
let timer: ReturnType<typeof setInterval> | null = null;

function pump() {
  for (const room of rooms) {
    try {
      const changed = room._serializer?.encoder?.hasChanges;
      // Unknown serializer internals (a Colyseus upgrade): patch every time, as Colyseus would.
      if (changed === true || typeof changed !== 'boolean') room.broadcastPatch();
      else room.clock.tick();
    } catch (err) {
      console.error('patch pump: a room failed to patch', err);
    }
  }
}

/** Serves `room`'s periodic patch from the shared pump; its own patchRate must be NEVER_MS. */
export function pumpPatches(room: Room): void {
  rooms.add(room as unknown as Pumped);
  timer ??= setInterval(pump, PATCH_MS);
}

export function stopPumping(room: Room): void {
  rooms.delete(room as unknown as Pumped);
  if (rooms.size === 0 && timer) {
    clearInterval(timer);
    timer = null;
  }
}

/** How many rooms the pump serves (tests, metrics). */
export const pumpedRooms = () => rooms.size;
