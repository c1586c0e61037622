// After a restart, every unfinished match this process owned comes back from its shot log: a room is
// created for it (through a server-only ticket, never a client option) with the same room id, and both
// players rejoin (accounts by token, guests by seat key) to play on from the last completed action.
// One query lists the matches and each room loads only its own: linear in the number of live matches.
import { matchMaker } from '@colyseus/core';
import { roomServices } from '../rooms/room-services.ts';
import { withTicket } from './room-tickets.ts';

export async function restoreMatches(): Promise<number> {
  const { lifecycle, log } = roomServices();
  const ids = await lifecycle.liveMatchIds();
  let n = 0;
  for (const matchId of ids) {
    try {
      await withTicket(matchMaker.presence, { kind: 'restore', matchId }, (ticket) => matchMaker.createRoom('match', { ticket }));
      n++;
    } catch (e) {
      log.error({ err: e, matchId }, 'could not restore match');
    }
  }
  if (ids.length) log.info({ restored: n, live: ids.length }, 'unfinished matches restored');
  return n;
}
