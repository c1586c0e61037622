// /notifications: everything the live channel carried, kept while the player was away (friend requests,
// clan invites and news, challenges, tournament matches ready), newest first, each marked read when
// opened or by "Mark all read"; unread direct and clan messages are listed above with their counts.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { SocialNotification } from '@dojopool/shared/protocol/social.ts';
import { errorText, useLoad, useSession, useTitle } from '../app/hooks.ts';
import { paths } from '../app/paths.ts';
import { conversations, listNotifications } from '../social/api.ts';
import { NeedsAccount, UnreadBadge } from '../social/bits.tsx';
import { notifications, startSocial, useSocial } from '../social/live.ts';
import { markAllRead, NotificationItem } from '../social/SocialBar.tsx';
import { nameOf } from '../social/model.ts';
import '../social/social.css';

export function NotificationsScreen() {
  useTitle('Notifications');
  const session = useSession();
  if (!session) return <NeedsAccount title="Notifications" />;
  return <Notifications />;
}

function Notifications() {
  const live = useSocial();
  const [older, setOlder] = useState<SocialNotification[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => startSocial(), []);
  useEffect(() => {
    listNotifications().then(
      (r) => (notifications({ type: 'loaded', list: r.notifications, unread: r.unread }), setMore(r.notifications.length === 50)),
      (e) => setError(errorText(e)),
    );
  }, []);
  const convs = useLoad(() => conversations(), [live.unread]);
  const list = [...live.notifications.list, ...older.filter((o) => !live.notifications.list.some((n) => n.id === o.id))];
  const loadOlder = async () => {
    const last = list[list.length - 1];
    if (!last) return;
    try {
      const r = await listNotifications(last.createdAt);
      setOlder((o) => [...o, ...r.notifications]);
      setMore(r.notifications.length === 50);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const unreadConvs = (convs.data?.conversations ?? []).filter((c) => (live.unread.counts[`dm:${c.userId}`] ?? c.unread) > 0);
  const clanUnread = live.clanId ? live.unread.counts[`clan:${live.clanId}`] ?? 0 : 0;
  return (
    <div className="page social notifications-page">
      <div className="row">
        <h1 className="grow">Notifications</h1>
        {live.notifications.unread > 0 && <button onClick={() => void markAllRead()}>Mark all read</button>}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {(unreadConvs.length > 0 || clanUnread > 0) && (
        <section className="card" aria-labelledby="um-h">
          <h2 id="um-h">Unread messages</h2>
          <ul className="plain people">
            {unreadConvs.map((c) => (
              <li key={c.userId} className="person">
                <Link to={paths.conversation(c.userId)}>{nameOf(c.user)}</Link>
                <UnreadBadge n={live.unread.counts[`dm:${c.userId}`] ?? c.unread} label="unread messages" />
                {c.muted && <span className="muted small">muted</span>}
              </li>
            ))}
            {clanUnread > 0 && live.clanId && (
              <li className="person">
                <Link to={paths.clan(live.clanId)}>Clan chat</Link> <UnreadBadge n={clanUnread} label="unread clan messages" />
              </li>
            )}
          </ul>
        </section>
      )}
      <section className="card" aria-labelledby="nl-h">
        <h2 id="nl-h">{live.notifications.unread > 0 ? `${live.notifications.unread} unread` : 'All caught up'}</h2>
        {!live.notifications.loaded && !error && <p className="muted">Loading…</p>}
        {live.notifications.loaded && list.length === 0 && <p className="muted">No notifications yet. Friend requests, clan invites and challenges show here, also those that came while you were away.</p>}
        <ul className="plain notification-list" data-testid="notification-list">
          {list.map((n) => (
            <NotificationItem key={n.id} n={n} />
          ))}
        </ul>
        {more && <button className="link" onClick={() => void loadOlder()}>Load older notifications</button>}
      </section>
    </div>
  );
}
