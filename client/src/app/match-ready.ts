// The match-ready notices a player sees wherever they are in the app: the tournament's live room (net/
// tournament-live.ts, loaded only once an event is followed) adds one when the player's bracket match
// has its table; the shell shows them (MatchReadyNotices.tsx) with one click to take the seat. This
// module is the small store between the two, with no network code, so the shell stays light.
import type { MatchReadyMessage } from '@dojopool/shared/protocol/index.ts';

export type MatchReadyNotice = MatchReadyMessage & { tournamentId: string; tournamentName: string; opponent: string };

let notices: MatchReadyNotice[] = [];
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((f) => f());

export const getNotices = () => notices;
export const onNotices = (f: () => void) => (listeners.add(f), () => void listeners.delete(f));

/** Adds (or replaces) the notice for a bracket match; the same table is never announced twice. */
export function addNotice(n: MatchReadyNotice) {
  if (notices.some((x) => x.roomId === n.roomId)) return;
  notices = [...notices.filter((x) => !(x.tournamentId === n.tournamentId && x.matchId === n.matchId)), n];
  emit();
}

/** Drops notices: one table's, or every one of an event whose matches are no longer waiting. */
export function dropNotices(pred: (n: MatchReadyNotice) => boolean) {
  const next = notices.filter((n) => !pred(n));
  if (next.length !== notices.length) (notices = next), emit();
}

const FOLLOW_KEY = 'dojopool.followedTournaments';
/** Events this browser tab follows (a reload reconnects to them for the notices). */
export function followedTournaments(): string[] {
  try {
    const v = JSON.parse(sessionStorage.getItem(FOLLOW_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
export function setFollowed(ids: string[]) {
  try {
    sessionStorage.setItem(FOLLOW_KEY, JSON.stringify([...new Set(ids)]));
  } catch {
    /* storage unavailable */
  }
}
