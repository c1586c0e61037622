// Between joining a room and the table view mounting (a route change, a React render later), the room
// keeps talking: the SDK drops a message nobody listens for, and the first state arrives unseen. So a
// joined room is held: its early messages are kept and its first state noted; release() hands them to
// the listeners the table view has registered by then, in order, as if they had just arrived.
import type { WelcomeMessage } from '@dojopool/shared/protocol/index.ts';
import type { MatchRoom } from './rooms.ts';

export type HeldRoom = {
  room: MatchRoom;
  /** The room's welcome (role, seat) if it came while held. */
  welcome(): WelcomeMessage | null;
  /** Replays what came while held to the listeners registered since; idempotent. */
  release(): void;
};

// The SDK's own dispatch (private in its types): it calls the handlers registered for the type.
type Dispatching = { dispatchMessage(type: string | number, message: unknown): void };

export function holdRoom(room: MatchRoom): HeldRoom {
  const early: [string | number, unknown][] = [];
  let welcome: WelcomeMessage | null = null;
  let gotState = false;
  let released = false;
  const offMessages = room.onMessage('*', (type: string | number, message: unknown) => {
    if (type === 'welcome') welcome = message as WelcomeMessage;
    early.push([type, message]);
  });
  const onState = () => void (gotState = true);
  room.onStateChange(onState);
  return {
    room,
    welcome: () => welcome,
    release() {
      if (released) return;
      released = true;
      offMessages();
      room.onStateChange.remove(onState);
      for (const [type, message] of early) (room as unknown as Dispatching).dispatchMessage(type, message);
      if (gotState) room.onStateChange.invoke(room.state);
    },
  };
}

// The room a screen has just joined, waiting for the table screen of its address to take it.
let pending: HeldRoom | null = null;
export function handOver(held: HeldRoom) {
  if (pending && pending !== held) void pending.room.leave(true).catch(() => undefined);
  pending = held;
}
/** The held room for this id, once; null when none was handed over (a pasted link, a reload). */
export function takeHandedOver(roomId: string): HeldRoom | null {
  if (pending?.room.roomId !== roomId) return null;
  const h = pending;
  pending = null;
  return h;
}
