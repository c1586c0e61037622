// The frame of every screen: the navigation bar (with who you are and your current rating), the
// connection banner, and the screen itself. Navigating clears the previous screen's notices; an old
// `#/…` address (a shared link from the first client, or the table view's own links) is moved to its
// real path.
import { useEffect, useState, type ComponentType } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { onReachability, probeServer } from '../net/api.ts';
import { clearToasts } from '../views/toast.ts';
import { legacyHashPath, paths } from './paths.ts';
import { useSession } from './hooks.ts';
import { MatchReadyNotices } from './MatchReadyNotices.tsx';

/**
 * Friends, clan, the bell and challenges (issue 18): their own chunk, fetched only for a signed-in player
 * and shown as soon as it is in (not through Suspense, whose reveal React holds back ~300 ms).
 */
function useSocialBar(on: boolean): ComponentType | null {
  const [bar, setBar] = useState<{ C: ComponentType } | null>(null);
  useEffect(() => {
    if (on && !bar) void import('../social/SocialBar.tsx').then((m) => setBar({ C: m.default }));
  }, [on, bar]);
  return on ? (bar?.C ?? null) : null;
}

function useConnection(): 'ok' | 'offline' | 'server' {
  const [online, setOnline] = useState(() => navigator.onLine);
  const [reachable, setReachable] = useState(true);
  useEffect(() => {
    const on = () => (setOnline(true), void probeServer());
    const off = () => setOnline(false);
    addEventListener('online', on);
    addEventListener('offline', off);
    const unsub = onReachability(setReachable);
    return () => {
      removeEventListener('online', on);
      removeEventListener('offline', off);
      unsub();
    };
  }, []);
  // While the server is away, ask every few seconds; the banner goes when it answers.
  useEffect(() => {
    if (reachable) return;
    const t = setInterval(() => void probeServer(), 3000);
    return () => clearInterval(t);
  }, [reachable]);
  return !online ? 'offline' : reachable ? 'ok' : 'server';
}

export function Shell() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const connection = useConnection();

  useEffect(() => clearToasts(), [location.pathname]);
  useEffect(() => {
    const move = () => {
      const to = legacyHashPath(window.location.hash);
      if (to) navigate(to, { replace: true });
    };
    move();
    addEventListener('hashchange', move);
    return () => removeEventListener('hashchange', move);
  }, [navigate]);

  const atTable = /^\/(play|watch)\//.test(location.pathname);
  const me = session?.user;
  const Social = useSocialBar(!!me);
  return (
    <div className={`shell${atTable ? ' at-table' : ''}`}>
      <a className="skip" href="#screen">Skip to content</a>
      <header className="topbar">
        <NavLink to={paths.lobby()} className="brand" aria-label="DojoPool lobby">DojoPool</NavLink>
        <nav aria-label="Main">
          <NavLink to={paths.lobby()} end>Play</NavLink>
          <NavLink to={paths.leaderboard()}>Leaderboard</NavLink>
          <NavLink to={paths.venues()}>Venues</NavLink>
          <NavLink to={paths.tournaments()}>Tournaments</NavLink>
          <NavLink to={paths.settings()}>Settings</NavLink>
        </nav>
        {Social && <Social />}
        <div className="who">
          {me ? (
            <NavLink to={paths.player(me.id)} className="me" aria-label={`Your profile: ${me.displayName || me.username}, rating ${Math.round(Number(me.rating ?? 0))}`}>
              {me.displayName || me.username} <span className="rating-chip">{Math.round(Number(me.rating ?? 0))}</span>
            </NavLink>
          ) : (
            <span className="muted">Guest</span>
          )}
        </div>
      </header>
      {connection !== 'ok' && (
        <div className="conn-banner" role="alert">
          {connection === 'offline' ? 'You are offline — waiting for the network…' : 'The server cannot be reached — retrying…'}
        </div>
      )}
      <MatchReadyNotices />
      <main id="screen" className="screen" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
