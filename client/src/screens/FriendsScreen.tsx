// /friends: friends with live presence (a Watch link when they are at a table), unread messages per
// friend, requests received (accept, decline) and sent (cancel), finding a player by name to add,
// remove, block and unblock, challenge, and appearing offline. Lists refresh when a friend request or
// acceptance arrives on the live channel; presence changes come from it directly.
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { PublicUser } from '@dojopool/shared/protocol/social.ts';
import { useLoad, useSession, useTitle } from '../app/hooks.ts';
import { paths } from '../app/paths.ts';
import { acceptFriend, blockUser, dropFriend, getPresence, listFriends, requestFriend, searchUsers, setAppearOffline, unblockUser } from '../social/api.ts';
import { ConfirmButton, Handle, NeedsAccount, Presence, UnreadBadge, useAction, useNote } from '../social/bits.tsx';
import { ChallengeDialog } from '../social/ChallengeDialog.tsx';
import { startSocial, useSocial } from '../social/live.ts';
import { groupFriends, nameOf, type FriendRow } from '../social/model.ts';
import '../social/social.css';

export function FriendsScreen() {
  useTitle('Friends');
  const session = useSession();
  if (!session) return <NeedsAccount title="Friends" />;
  return <Friends />;
}

function Friends() {
  const live = useSocial();
  useEffect(() => startSocial(), []);
  const list = useLoad(() => listFriends(), []);
  const act = useAction();
  const [challenging, setChallenging] = useState<PublicUser | null>(null);
  const [note, setNote] = useNote();

  // A request, an acceptance or a change of relation arrived: read the list again.
  const newest = live.notifications.list.find((n) => n.kind === 'friend_request' || n.kind === 'friend_accepted')?.id;
  useEffect(() => {
    if (newest) list.reload();
  }, [newest]);

  const g = groupFriends(list.data?.friends ?? [], live.presence);
  const online = g.friends.filter((f) => f.presence?.status !== 'offline').length;
  const doit = async (what: string, f: () => Promise<unknown>, done?: string) => {
    setNote(null);
    if (await act.run(what, f)) {
      list.reload();
      if (done) setNote(done);
    }
  };

  return (
    <div className="page social friends-page">
      <h1>Friends</h1>
      {act.error && (
        <p className="error" role="alert">
          {act.error} <button className="link" onClick={act.clear} aria-label="Dismiss the message">✕</button>
        </p>
      )}
      {note && <p className="ok" role="status">{note}</p>}
      <div className="social-grid">
        <div>
          {(g.received.length > 0 || g.sent.length > 0) && (
            <section className="card" aria-labelledby="req-h">
              <h2 id="req-h">Requests</h2>
              <ul className="plain people">
                {g.received.map((r) => (
                  <li key={r.user.id} className="person" data-testid="request-received">
                    <span className="who-name"><Link to={paths.player(r.user.id)}>{nameOf(r.user)}</Link> <Handle user={r.user} /> <span className="muted small">wants to be your friend</span></span>
                    <span className="actions">
                      <button className="primary" disabled={!!act.busy} onClick={() => void doit('accept', () => acceptFriend(r.user.id), `You and ${nameOf(r.user)} are friends`)}>Accept</button>
                      <button disabled={!!act.busy} onClick={() => void doit('decline', () => dropFriend(r.user.id))}>Decline</button>
                    </span>
                  </li>
                ))}
                {g.sent.map((r) => (
                  <li key={r.user.id} className="person" data-testid="request-sent">
                    <span className="who-name"><Link to={paths.player(r.user.id)}>{nameOf(r.user)}</Link> <span className="muted small">request sent, waiting</span></span>
                    <span className="actions">
                      <button disabled={!!act.busy} onClick={() => void doit('cancel', () => dropFriend(r.user.id))}>Cancel request</button>
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}

          <section className="card" aria-labelledby="fr-h">
            <h2 id="fr-h">
              Friends {list.data && <span className="muted">· {online} of {g.friends.length} online</span>}
            </h2>
            {list.error && <p className="error" role="alert">{list.error}</p>}
            {!list.data && !list.error && <p className="muted">Loading…</p>}
            {list.data && g.friends.length === 0 && <p className="muted">No friends yet. Find players by name to add them.</p>}
            <ul className="plain people" data-testid="friend-list">
              {g.friends.map((f) => (
                <FriendItem key={f.user.id} f={f} unread={live.unread.counts[`dm:${f.user.id}`] ?? 0} busy={!!act.busy} onChallenge={() => setChallenging(f.user)} doit={doit} />
              ))}
            </ul>
          </section>

          {g.blocked.length > 0 && (
            <details className="card">
              <summary>Blocked ({g.blocked.length})</summary>
              <p className="muted small">Blocked players cannot message or challenge you, see your presence, or find you by name.</p>
              <ul className="plain people">
                {g.blocked.map((b) => (
                  <li key={b.user.id} className="person">
                    <span className="who-name">{nameOf(b.user)} <Handle user={b.user} /></span>
                    <span className="actions"><button disabled={!!act.busy} onClick={() => void doit('unblock', () => unblockUser(b.user.id), `${nameOf(b.user)} is unblocked`)}>Unblock</button></span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>

        <div>
          <AddFriend onAdded={(msg) => (list.reload(), setNote(msg))} known={new Set((list.data?.friends ?? []).map((f) => f.user.id))} />
          <AppearOffline />
        </div>
      </div>
      {challenging && <ChallengeDialog username={challenging.username} name={nameOf(challenging)} onClose={() => setChallenging(null)} />}
    </div>
  );
}

function FriendItem({ f, unread, busy, onChallenge, doit }: { f: FriendRow; unread: number; busy: boolean; onChallenge(): void; doit(what: string, fn: () => Promise<unknown>, done?: string): Promise<void> }) {
  const name = nameOf(f.user);
  return (
    <li className="person" data-testid="friend" data-username={f.user.username}>
      <span className="who-name">
        <Link to={paths.player(f.user.id)}>{name}</Link> <Handle user={f.user} />
        <Presence presence={f.presence} name={name} />
      </span>
      <span className="actions">
        <Link className="button" to={paths.conversation(f.user.id)} aria-label={`Message ${name}${unread ? `, ${unread} unread` : ''}`}>
          Message <UnreadBadge n={unread} />
        </Link>
        <button onClick={onChallenge} disabled={busy}>Challenge</button>
        <details className="more">
          <summary aria-label={`More for ${name}`}>⋯</summary>
          <div className="more-menu">
            <ConfirmButton confirm={`Remove ${name}?`} onConfirm={() => void doit('remove', () => dropFriend(f.user.id), `${name} is no longer your friend`)} disabled={busy}>Remove friend</ConfirmButton>
            <ConfirmButton confirm={`Block ${name}?`} onConfirm={() => void doit('block', () => blockUser(f.user.id), `${name} is blocked`)} disabled={busy}>Block</ConfirmButton>
          </div>
        </details>
      </span>
    </li>
  );
}

/** Find a player by name (the server hides anyone who blocked you) and send a request. */
function AddFriend({ onAdded, known }: { onAdded(msg: string): void; known: Set<string> }) {
  const [q, setQ] = useState('');
  const [results, setResults] = useState<PublicUser[] | null>(null);
  const act = useAction();
  useEffect(() => {
    const term = q.trim();
    if (term.length < 2) return setResults(null);
    let live = true;
    const t = setTimeout(() => searchUsers(term).then((r) => live && setResults(r.users), () => live && setResults([])), 250);
    return () => ((live = false), clearTimeout(t));
  }, [q]);
  const add = (username: string) =>
    act.run('add', async () => {
      const r = await requestFriend(username);
      onAdded(r.friend.state === 'friend' ? `You and ${nameOf(r.friend.user)} are friends` : `Request sent to ${nameOf(r.friend.user)}`);
      setQ('');
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (q.trim()) void add(q.trim());
  };
  return (
    <section className="card" aria-labelledby="add-h">
      <h2 id="add-h">Add a friend</h2>
      <form className="row" onSubmit={submit} role="search">
        <label className="field inline grow">
          <span className="visually-hidden">Username</span>
          <input value={q} onChange={(e) => setQ(e.target.value)} placeholder="Username" aria-label="Find a player by username" autoComplete="off" maxLength={32} />
        </label>
        <button type="submit" className="primary" disabled={!q.trim() || !!act.busy}>Send request</button>
      </form>
      {act.error && <p className="error" role="alert">{act.error}</p>}
      {results && (
        <ul className="plain people search-results" aria-label="Players found">
          {results.length === 0 && <li className="muted">No player by that name.</li>}
          {results.map((u) => (
            <li key={u.id} className="person">
              <span className="who-name">{nameOf(u)} <Handle user={u} /></span>
              <span className="actions">
                {known.has(u.id) ? <span className="muted small">in your list</span> : <button disabled={!!act.busy} onClick={() => void add(u.username)} aria-label={`Add ${u.username}`}>Add</button>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AppearOffline() {
  const p = useLoad(() => getPresence(), []);
  const act = useAction();
  const [hidden, setHidden] = useState<boolean | null>(null);
  const value = hidden ?? p.data?.appearOffline ?? false;
  return (
    <section className="card" aria-labelledby="vis-h">
      <h2 id="vis-h">Your presence</h2>
      <label className="check">
        <input
          type="checkbox"
          checked={value}
          disabled={!p.data || !!act.busy}
          onChange={(e) => {
            const v = e.target.checked;
            setHidden(v);
            void act.run('presence', () => setAppearOffline(v)).then((ok) => ok || setHidden(!v));
          }}
        />
        <span>
          Appear offline
          <span className="muted small" style={{ display: 'block' }}>Friends and clan mates see you as offline, in or out of a match.</span>
        </span>
      </label>
      {act.error && <p className="error" role="alert">{act.error}</p>}
    </section>
  );
}
