// The match-ready notice from the per-user channel (the `me` room): a bracket match that gets its table
// notifies both players there (kind `tournament_match_ready`), so a player hears it without the event
// page ever open. On connecting, unread notices of that kind are read back and shown if their match
// still waits at that table (asked of the event), so a reload or a late arrival still sees it.
// It listens on the social client's connection to that room (social/live.ts): one per tab.
import type { SocialNotification } from '@dojopool/shared/protocol/social.ts';
import { addNotice } from '../app/match-ready.ts';
import { api, getSession } from './api.ts';
import { getTournament } from './tournaments.ts';

type ReadyData = { tournamentId: string; tournamentName: string; matchId: string; roomId: string; round: number; raceTo: number; opponent: { id: string; username: string } };

let unsubscribe: (() => void) | null = null;

function show(d: ReadyData) {
  const me = getSession()?.user;
  if (!me) return;
  addNotice({
    tournamentId: d.tournamentId,
    tournamentName: d.tournamentName,
    matchId: d.matchId,
    roomId: d.roomId,
    round: d.round,
    raceTo: d.raceTo,
    bracket: '',
    opponent: d.opponent.username,
    players: [{ id: me.id, username: me.username }, d.opponent],
  });
}

/** Shows a stored notice only while its match still waits at that table. */
async function stillWaiting(d: ReadyData): Promise<boolean> {
  try {
    const e = await getTournament(d.tournamentId);
    return e.matches.some((m) => m.id === d.matchId && m.status === 'live' && m.roomId === d.roomId);
  } catch {
    return false;
  }
}

/** Follows this tab's me-room channel (logged in only) and turns its match-ready notices into the shell's. */
export async function listenForMatchReady(): Promise<void> {
  if (unsubscribe || !getSession()) return;
  const live = await import('../social/live.ts');
  if (unsubscribe || !getSession()) return;
  live.startSocial();
  unsubscribe = live.onMeNotification((n: SocialNotification) => {
    if (n.kind === 'tournament_match_ready') show(n.data as ReadyData);
  });
  try {
    const { notifications } = await api<{ notifications: SocialNotification[] }>('GET', '/notifications?unread=true&limit=20');
    for (const n of notifications) {
      if (n.kind !== 'tournament_match_ready' || n.readAt) continue;
      const d = n.data as ReadyData;
      if (await stillWaiting(d)) show(d);
    }
  } catch {
    /* the notices also come from the event's own room; nothing to show here */
  }
}

/** Logging out: the channel is the account's (the social client closes it itself). */
export function stopListening() {
  unsubscribe?.();
  unsubscribe = null;
}
