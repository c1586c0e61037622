// "Your match is ready": shown by the shell on every screen while a followed event has a table waiting
// for this player, with one click to take the seat (/play/:roomId joins with the account's token: the
// seat is reserved for it). Taken once that table is opened; it goes when the match is no longer waiting.
import { useEffect, useSyncExternalStore } from 'react';
import { Link, useLocation } from 'react-router';
import { dropNotices, followedTournaments, getNotices, onNotices } from './match-ready.ts';
import { paths } from './paths.ts';
import { useSession } from './hooks.ts';
import './match-ready.css';

let meNotices: typeof import('../net/me-notices.ts') | null = null;

export function MatchReadyNotices() {
  const notices = useSyncExternalStore(onNotices, getNotices);
  const { pathname } = useLocation();
  const userId = useSession()?.user.id ?? null;
  // A reload: reconnect to the events this tab followed (the live-room code loads only then).
  useEffect(() => {
    if (followedTournaments().length) void import('../net/tournaments.ts').then((m) => m.resumeFollowed()).catch(() => undefined);
  }, []);
  // The account's own channel carries the notice too, for events this tab never opened.
  // Guests have no such channel: the code loads only for an account (a spectator's page stays light).
  useEffect(() => {
    if (userId)
      void import('../net/me-notices.ts')
        .then((m) => {
          meNotices = m;
          m.listenForMatchReady();
        })
        .catch(() => undefined);
    else {
      meNotices?.stopListening();
      dropNotices(() => true);
    }
  }, [userId]);
  // Sitting down at the table is taking the notice.
  useEffect(() => dropNotices((n) => pathname === paths.play(n.roomId)), [pathname]);
  // Not at that table, nor on the event's own page (which says it in place).
  const shown = notices.filter((n) => pathname !== paths.play(n.roomId) && pathname !== paths.tournament(n.tournamentId));
  if (!shown.length) return null;
  return (
    <div className="match-ready-stack" role="region" aria-label="Matches ready">
      {shown.map((n) => (
        <div key={n.roomId} className="match-ready" role="alert">
          <div>
            <b>Your match is ready</b> — {n.tournamentName}: vs {n.opponent}, race to {n.raceTo}
          </div>
          <div className="row tight">
            <Link className="button primary" to={paths.play(n.roomId)}>Take your seat</Link>
            <Link className="button" to={paths.tournament(n.tournamentId)}>Bracket</Link>
            <button className="link" aria-label={`Dismiss the notice for ${n.tournamentName}`} onClick={() => dropNotices((x) => x.roomId === n.roomId)}>Dismiss</button>
          </div>
        </div>
      ))}
    </div>
  );
}
