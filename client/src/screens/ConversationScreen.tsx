// /messages/:userId: a direct conversation with a friend, beside the list of friends (their presence
// and unread counts) to switch conversations. The header shows the friend's presence with a Watch link
// at a table, and offers a challenge, reporting the player, and blocking.
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { publicPlayer } from '../net/api.ts';
import { useLoad, useSession, useTitle } from '../app/hooks.ts';
import { paths } from '../app/paths.ts';
import { blockUser, listFriends } from '../social/api.ts';
import { ConfirmButton, NeedsAccount, Presence, UnreadBadge, useAction } from '../social/bits.tsx';
import { ChallengeDialog } from '../social/ChallengeDialog.tsx';
import { Chat, ReportForm } from '../social/Chat.tsx';
import { startSocial, useSocial } from '../social/live.ts';
import { groupFriends, nameOf } from '../social/model.ts';
import '../social/social.css';

export function ConversationScreen() {
  const session = useSession();
  const userId = useParams().userId ?? '';
  if (!session) return <NeedsAccount title="Messages" />;
  return <Conversation key={userId} userId={userId} meId={session.user.id} />;
}

function Conversation({ userId, meId }: { userId: string; meId: string }) {
  const live = useSocial();
  const navigate = useNavigate();
  useEffect(() => startSocial(), []);
  const player = useLoad(() => publicPlayer(userId), [userId]);
  const friends = useLoad(() => listFriends(), []);
  const act = useAction();
  const [challenging, setChallenging] = useState(false);
  const [reporting, setReporting] = useState(false);
  const p = player.data?.player;
  const name = p ? p.displayName || p.username : '…';
  useTitle(p ? `Messages with ${name}` : 'Messages');
  const g = groupFriends(friends.data?.friends ?? [], live.presence);
  const me = g.friends.find((f) => f.user.id === userId);
  const relation = (friends.data?.friends ?? []).find((f) => f.user.id === userId)?.state ?? null;

  return (
    <div className="page social conversation-page">
      <div className="conversation-layout">
        <nav className="card conversation-list" aria-label="Conversations">
          <h2>Friends</h2>
          <ul className="plain">
            {g.friends.map((f) => (
              <li key={f.user.id}>
                <Link to={paths.conversation(f.user.id)} aria-current={f.user.id === userId ? 'page' : undefined} className="conv-link">
                  <span className={`presence-dot ${f.presence?.status ?? 'offline'}`} aria-hidden="true" />
                  <span className="grow">{nameOf(f.user)}</span>
                  <UnreadBadge n={f.user.id === userId ? 0 : live.unread.counts[`dm:${f.user.id}`] ?? 0} />
                </Link>
              </li>
            ))}
            {friends.data && g.friends.length === 0 && <li className="muted small">No friends yet.</li>}
          </ul>
          <Link to={paths.friends()} className="small">Manage friends →</Link>
        </nav>
        <div className="conversation-main">
          <header className="conversation-head">
            <Link to={paths.friends()} className="back-link" aria-label="Back to friends">←</Link>
            <h1>{p ? <Link to={paths.player(userId)}>{name}</Link> : name}</h1>
            {me && <Presence presence={me.presence} name={name} />}
            <span className="grow" />
            {relation === 'friend' && p && <button onClick={() => setChallenging(true)}>Challenge</button>}
            <button onClick={() => setReporting((r) => !r)}>Report player</button>
            {relation !== 'blocked' && p && (
              <ConfirmButton confirm={`Block ${name}?`} onConfirm={() => void act.run('block', () => blockUser(userId)).then((ok) => ok && navigate(paths.friends()))}>
                Block
              </ConfirmButton>
            )}
          </header>
          {player.error && <p className="error" role="alert">{player.error}</p>}
          {act.error && <p className="error" role="alert">{act.error}</p>}
          {relation && relation !== 'friend' && (
            <p className="card slim muted">
              {relation === 'blocked' ? 'You blocked this player: unblock them on the friends page to talk again.' : 'You are not friends (yet): messages go to friends only.'}
            </p>
          )}
          {reporting && p && <ReportForm target={{ userId }} what={name} onDone={() => setReporting(false)} />}
          {p && <Chat kind="dm" id={userId} meId={meId} label={name} onRefused={friends.reload} />}
        </div>
      </div>
      {challenging && p && <ChallengeDialog username={p.username} name={name} onClose={() => setChallenging(false)} />}
    </div>
  );
}
