// The match-ready notice from the per-user channel (the `me` room): a bracket match that gets its table
// notifies both players there (kind `tournament_match_ready`), so a player hears it without the event
// page ever open. On connecting, unread notices of that kind are read back and shown if their match
// still waits at that table (asked of the event), so a reload or a late arrival still sees it.
// When the social screens' own me-room client lands, this belongs in it (one connection per tab).
import type { Room } from '@colyseus/sdk';
import type { SocialNotification } from '@dojopool/shared/protocol/social.ts';
import { addNotice } from '../app/match-ready.ts';
import { accessToken, api, getSession } from './api.ts';
import { colyseus } from './rooms.ts';
import { getTournament } from './tournaments.ts';

type ReadyData = { tournamentId: string; tournamentName: string; matchId: string; roomId: string; round: number; raceTo: number; opponent: { id: string; username: string } };

let room: Room | null = null;
let joining = false;

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

/** Connects this tab to the me room once (logged in only) and turns its match-ready notices into the shell's. */
export async function listenForMatchReady(): Promise<void> {
  if (room || joining || !getSession()) return;
  joining = true;
  try {
    const token = await accessToken();
    if (!token) return;
    room = await colyseus().joinOrCreate('me', { token });
    room.onMessage('notification', (n: SocialNotification) => {
      if (n.kind === 'tournament_match_ready') show(n.data as ReadyData);
    });
    for (const t of ['welcome', 'presence', 'message', 'error']) room.onMessage(t, () => undefined);
    room.onLeave(() => (room = null));
    const { notifications } = await api<{ notifications: SocialNotification[] }>('GET', '/notifications?unread=true&limit=20');
    for (const n of notifications) {
      if (n.kind !== 'tournament_match_ready' || n.readAt) continue;
      const d = n.data as ReadyData;
      if (await stillWaiting(d)) show(d);
    }
  } catch {
    /* the notices also come from the event's own room; nothing to show here */
  } finally {
    joining = false;
  }
}

/** Logging out: the channel is the account's. */
export function stopListening() {
  void room?.leave(true).catch(() => undefined);
  room = null;
}
