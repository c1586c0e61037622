// After a restart, every unfinished match this process owned comes back from its shot log: a room is
// created for it with the same room id, and both players rejoin (accounts by token, guests by seat key)
// to play on from the last completed action.
import { matchMaker } from '@colyseus/core';
import { liveMatches } from '../db/matches.ts';
import type { Services } from '../server.ts';

export async function restoreMatches(services: Services): Promise<number> {
  const owner = services.config.PUBLIC_ADDRESS ?? 'local';
  const live = await liveMatches(services.database.db, owner);
  let n = 0;
  for (const m of live) {
    if (!m.snapshot) continue;
    try {
      await matchMaker.createRoom('match', { restoreMatchId: m.id });
      n++;
    } catch (e) {
      services.log.error({ err: e, matchId: m.id }, 'could not restore match');
    }
  }
  if (live.length) services.log.info({ restored: n, live: live.length }, 'unfinished matches restored');
  return n;
}
