// The social parts of the shell, loaded only for a signed-in player (the lobby and table pages do not
// carry them otherwise): the Friends and Clan links with their unread counts, the notification bell
// with its live count and latest notifications, the incoming-challenge cards with their countdown, and
// the move to the table when a challenge the player sent is accepted.
import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, useNavigate } from 'react-router';
import { errorText } from '../app/hooks.ts';
import { ApiError } from '../net/api.ts';
import { gameName, ago } from '../app/format.ts';
import { paths } from '../app/paths.ts';
import { acceptChallenge, dropChallenge, readAllNotifications, readNotification } from './api.ts';
import { dismissIncoming, notifications, startSocial, takeSeat, useSocial, type Incoming, type SocialState } from './live.ts';
import { badgeText, challengeTerms, countdown, nameOf, notificationText, secondsLeft, unreadTotal } from './model.ts';
import type { SocialNotification } from '@dojopool/shared/protocol/social.ts';
import './social.css';

function Badge({ n, label }: { n: number; label: string }) {
  const t = badgeText(n);
  return t ? <span className="count-badge" aria-label={`${n} ${label}`}>{t}</span> : null;
}

/** Friends and Clan, with unread direct and clan messages (a second navigation beside the main one). */
function SocialNav({ s }: { s: SocialState }) {
  return (
    <nav className="social-nav" aria-label="Social">
      <NavLink to={paths.friends()} data-testid="nav-friends">
        Friends <Badge n={unreadTotal(s.unread, 'dm:')} label="unread messages" />
      </NavLink>
      <NavLink to={s.clanId ? paths.clan(s.clanId) : paths.clans()} data-testid="nav-clan">
        Clan <Badge n={unreadTotal(s.unread, 'clan:')} label="unread clan messages" />
      </NavLink>
    </nav>
  );
}

/** Where a notification leads. */
export function notificationHref(n: Pick<SocialNotification, 'kind' | 'data'>): string | null {
  const l = notificationText(n).link;
  if (!l) return null;
  switch (l.to) {
    case 'friends':
    case 'challenge':
      return paths.friends();
    case 'clan':
      return l.id ? paths.clan(l.id) : paths.clans();
    case 'play':
      return l.id ? paths.play(l.id) : null;
    case 'tournament':
      return l.id ? paths.tournament(l.id) : paths.tournaments();
  }
}

export async function markRead(n: SocialNotification) {
  if (n.readAt) return;
  notifications({ type: 'read', id: n.id, at: new Date().toISOString() });
  await readNotification(n.id).catch(() => undefined);
}

export async function markAllRead() {
  notifications({ type: 'read_all', at: new Date().toISOString() });
  await readAllNotifications().catch(() => undefined);
}

/** The social links, the bell, the incoming challenges, and following an accepted challenge to its table. */
export default function SocialBar() {
  const s = useSocial();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => startSocial(), []);

  // A challenge I sent was accepted: both go to the new table (the table screen guards a live seat).
  useEffect(() => {
    if (!s.seat) return;
    const seat = takeSeat();
    if (seat) navigate(paths.play(seat.roomId));
  }, [s.seat, navigate]);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !panel.current?.contains(e.target as Node)) setOpen(false);
    };
    addEventListener('mousedown', close);
    addEventListener('keydown', close);
    return () => (removeEventListener('mousedown', close), removeEventListener('keydown', close));
  }, [open]);

  const unread = s.notifications.unread;
  const latest = s.notifications.list.slice(0, 8);
  const messages = unreadConversations(s);
  return (
    <div className="social-bar">
      <SocialNav s={s} />
      <span className="bell-wrap" ref={panel}>
      <button
        className={`bell${unread ? ' has-unread' : ''}`}
        aria-expanded={open}
        aria-controls="bell-panel"
        aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
        data-testid="bell"
        onClick={() => setOpen((o) => !o)}
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
        {unread > 0 && <span className="count-badge" data-testid="bell-count">{badgeText(unread)}</span>}
      </button>
      {s.link === 'retrying' && <span className="link-state" title="Live updates are reconnecting" aria-label="Live updates reconnecting">•</span>}
      {open && (
        <div id="bell-panel" className="bell-panel" role="region" aria-label="Notifications">
          <div className="row bell-head">
            <b>Notifications</b>
            {unread > 0 && <button className="link" onClick={() => void markAllRead()}>Mark all read</button>}
          </div>
          {messages.length > 0 && (
            <ul className="plain bell-messages" aria-label="Unread messages">
              {messages.map((m) => (
                <li key={m.href}>
                  <Link to={m.href} onClick={() => setOpen(false)}>{m.label}</Link> <Badge n={m.count} label="unread messages" />
                </li>
              ))}
            </ul>
          )}
          {latest.length === 0 ? (
            <p className="muted">{s.notifications.loaded ? 'Nothing new.' : 'Loading…'}</p>
          ) : (
            <ul className="plain notification-list">
              {latest.map((n) => (
                <NotificationItem key={n.id} n={n} onGo={() => setOpen(false)} />
              ))}
            </ul>
          )}
          <Link to={paths.notifications()} onClick={() => setOpen(false)}>All notifications →</Link>
        </div>
      )}
      </span>
      <div className="incoming-stack" aria-live="polite">
        {s.incoming.map((i) => (
          <IncomingChallenge key={i.challenge.id} incoming={i} />
        ))}
      </div>
    </div>
  );
}

/** Conversations with unread messages that are not muted, as links: the bell lists them above the notifications. */
function unreadConversations(s: SocialState): { href: string; label: string; count: number }[] {
  const out: { href: string; label: string; count: number }[] = [];
  for (const [key, count] of Object.entries(s.unread.counts)) {
    if (!count || s.unread.muted[key]) continue;
    const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    if (kind === 'dm') out.push({ href: paths.conversation(id), label: `Messages from ${nameOf(s.people[id])}`, count });
    else out.push({ href: paths.clan(id), label: 'Clan chat', count });
  }
  return out;
}

export function NotificationItem({ n, onGo }: { n: SocialNotification; onGo?(): void }) {
  const navigate = useNavigate();
  const { text } = notificationText(n);
  const href = notificationHref(n);
  return (
    <li className={`notification${n.readAt ? '' : ' unread'}`} data-kind={n.kind}>
      <button
        className="link notification-go"
        onClick={() => {
          void markRead(n);
          onGo?.();
          if (href) navigate(href);
        }}
      >
        {!n.readAt && <><span className="dot" aria-hidden="true" /><span className="visually-hidden">Unread: </span></>} {text}
      </button>
      <span className="muted small">{ago(n.createdAt)}</span>
      {!n.readAt && (
        <button className="link small" onClick={() => void markRead(n)} aria-label={`Mark read: ${text}`}>
          Mark read
        </button>
      )}
    </li>
  );
}

/** "X challenges you": accept (both go to a new table), decline, and the time left. */
export function IncomingChallenge({ incoming }: { incoming: Incoming }) {
  const navigate = useNavigate();
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [gone, setGone] = useState(false);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const c = incoming.challenge;
  const left = secondsLeft(c.expiresAt, now, incoming.skewMs);
  const who = nameOf(incoming.from);
  const titleId = `ch-${c.id}`;
  const act = async (accept: boolean) => {
    setBusy(true);
    setError(null);
    try {
      if (accept) {
        const { roomId } = await acceptChallenge(c.id);
        dismissIncoming(c.id);
        navigate(paths.play(roomId));
      } else {
        await dropChallenge(c.id);
        dismissIncoming(c.id);
      }
    } catch (e) {
      setError(errorText(e));
      // Cancelled, expired or settled meanwhile: nothing left to answer.
      if (e instanceof ApiError && [404, 409, 410].includes(e.status)) setGone(true);
    } finally {
      setBusy(false);
    }
  };
  const open = left > 0 && !gone;
  return (
    <section className="incoming card" role="alertdialog" aria-labelledby={titleId} data-testid="incoming-challenge">
      <h2 id={titleId}>{who} challenges you</h2>
      <p>{challengeTerms(c, gameName)}</p>
      {open ? (
        <p className="muted" aria-live="off">
          Expires in <b className="countdown" data-testid="challenge-countdown">{countdown(left)}</b>
        </p>
      ) : (
        !gone && <p className="muted">This challenge expired.</p>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <div className="row">
        {open ? (
          <>
            <button className="primary" disabled={busy} onClick={() => void act(true)}>Accept and play</button>
            <button disabled={busy} onClick={() => void act(false)}>Decline</button>
          </>
        ) : (
          <button onClick={() => dismissIncoming(c.id)}>Dismiss</button>
        )}
      </div>
    </section>
  );
}
