// /clans: your clan (or creating one: name, tag, open or invite-only) and the clan leaderboard.
// /clans/:id: the clan page — tag, name, rating (mean of the top five), members with roles, ratings
// and presence, recent matches; join, apply, accept or decline an invite, leave (a leader hands over
// first); for officers and the leader what their role allows (invite, accept applications, kick,
// promote, edit, disband), shown only to them; and clan chat for members.
import { clanMay, SOCIAL_LIMITS, type ClanRole } from '@dojopool/shared/protocol/social.ts';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { gameName, scoreLine, ago } from '../app/format.ts';
import { useLoad, useSession, useTitle } from '../app/hooks.ts';
import { paths } from '../app/paths.ts';
import { clanLeaderboard, createClan, disbandClan, dropClanRequest, editClan, getClan, inviteToClan, joinClan, kickMember, leaveClan, setClanRole, type Clan, type ClanMember } from '../social/api.ts';
import { ConfirmButton, NeedsAccount, Presence, useAction, useNote } from '../social/bits.tsx';
import { ChallengeDialog } from '../social/ChallengeDialog.tsx';
import { Chat } from '../social/Chat.tsx';
import { refreshCounts, startSocial, useSocial } from '../social/live.ts';
import { nameOf } from '../social/model.ts';
import '../social/social.css';

const ROLE_LABEL: Record<ClanRole, string> = { leader: 'Leader', officer: 'Officer', member: 'Member' };
const { clanNameLength: N, clanTagLength: T } = SOCIAL_LIMITS;

export function ClansScreen() {
  useTitle('Clans');
  const session = useSession();
  const live = useSocial();
  const navigate = useNavigate();
  useEffect(() => startSocial(), []);
  const board = useLoad(() => clanLeaderboard(50), []);
  const act = useAction();
  if (!session) return <NeedsAccount title="Clans" />;
  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    await act.run('create', async () => {
      const { clan } = await createClan({ name: String(f.get('name') ?? ''), tag: String(f.get('tag') ?? ''), open: f.get('open') === 'open', description: String(f.get('description') ?? '') || undefined });
      await refreshCounts().catch(() => undefined);
      navigate(paths.clan(clan.id));
    });
  };
  return (
    <div className="page social">
      <h1>Clans</h1>
      <div className="social-grid">
        <section className="card" aria-labelledby="board-h">
          <h2 id="board-h">Clan leaderboard</h2>
          <p className="muted small">A clan's rating is the mean of its top {SOCIAL_LIMITS.clanRatingTop} members' ratings.</p>
          {board.error && <p className="error" role="alert">{board.error}</p>}
          <table className="board" data-testid="clan-board">
            <caption className="visually-hidden">Clans by rating</caption>
            <thead><tr><th scope="col">#</th><th scope="col">Clan</th><th scope="col">Rating</th><th scope="col">Members</th><th scope="col">Joining</th></tr></thead>
            <tbody>
              {!board.data ? (
                <tr><td colSpan={5} className="muted">Loading…</td></tr>
              ) : board.data.clans.length === 0 ? (
                <tr><td colSpan={5} className="muted">No clans yet: found the first.</td></tr>
              ) : (
                board.data.clans.map((c) => (
                  <tr key={c.id} className={c.id === live.clanId ? 'me' : ''}>
                    <td>{c.rank}</td>
                    <td><Link to={paths.clan(c.id)}><span className="clan-tag">[{c.tag}]</span> {c.name}</Link></td>
                    <td><b>{c.rating ?? '—'}</b></td>
                    <td>{c.members}</td>
                    <td className="muted">{c.open ? 'open' : 'invite only'}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </section>
        <div>
          {live.clanId ? (
            <section className="card">
              <h2>Your clan</h2>
              <Link className="button primary" to={paths.clan(live.clanId)}>Open your clan's page</Link>
            </section>
          ) : (
            <form className="card" onSubmit={create} aria-labelledby="create-h">
              <h2 id="create-h">Create a clan</h2>
              <label className="field"><span>Name ({N.min}–{N.max} characters)</span><input name="name" required minLength={N.min} maxLength={N.max} /></label>
              <label className="field"><span>Tag ({T.min}–{T.max} letters or digits)</span><input name="tag" required minLength={T.min} maxLength={T.max} pattern="[\p{L}\p{N}]+" className="tag-input" /></label>
              <label className="field"><span>Description (optional)</span><input name="description" maxLength={280} /></label>
              <fieldset className="field plain-fieldset">
                <legend className="small muted">Who can join</legend>
                <label className="check"><input type="radio" name="open" value="open" defaultChecked /> Open: anyone joins at once</label>
                <label className="check"><input type="radio" name="open" value="invite" /> Invite only: players apply, officers accept</label>
              </fieldset>
              {act.error && <p className="error" role="alert">{act.error}</p>}
              <button type="submit" className="primary" disabled={!!act.busy}>Create clan</button>
            </form>
          )}
        </div>
      </div>
    </div>
  );
}

export function ClanScreen() {
  const session = useSession();
  const id = useParams().id ?? '';
  if (!session) return <NeedsAccount title="Clan" />;
  return <ClanPage key={id} id={id} meId={session.user.id} />;
}

function ClanPage({ id, meId }: { id: string; meId: string }) {
  const live = useSocial();
  const navigate = useNavigate();
  useEffect(() => startSocial(), []);
  const data = useLoad(() => getClan(id), [id]);
  const act = useAction();
  const [note, setNote] = useNote();
  const [challenging, setChallenging] = useState<ClanMember | null>(null);
  const [editing, setEditing] = useState(false);
  const [declined, setDeclined] = useState(false);
  const clan = data.data?.clan;
  const myRole = data.data?.myRole ?? null;
  useTitle(clan ? `[${clan.tag}] ${clan.name}` : 'Clan');

  // Membership news for this clan (a join, a role, an application) reloads the page.
  const newest = live.notifications.list.find((n) => (n.data as { clan?: { id?: string } }).clan?.id === id)?.id;
  useEffect(() => {
    if (newest) data.reload();
  }, [newest]);

  const doit = async (what: string, f: () => Promise<unknown>, done?: string) => {
    setNote(null);
    if (await act.run(what, f)) {
      if (done) setNote(done);
      data.reload();
      void refreshCounts().catch(() => undefined);
    }
  };
  if (data.error) {
    return (
      <div className="page">
        <h1>Clan</h1>
        <p className="error" role="alert">{data.error}</p>
        <Link to={paths.clans()}>All clans →</Link>
      </div>
    );
  }
  if (!clan) return <p className="page muted">Loading the clan…</p>;

  const invited = !declined && live.notifications.list.some((n) => n.kind === 'clan_invite' && (n.data as { clan?: { id?: string } }).clan?.id === id);
  const inOtherClan = !myRole && !!live.clanId && live.clanId !== id;
  const others = clan.members.length - 1;
  const presenceOf = (m: ClanMember) => live.presence.get(m.user.id) ?? m.presence;

  return (
    <div className="page social clan-page">
      <header className="clan-head">
        <span className="clan-badge" aria-hidden="true">{clan.tag}</span>
        <div>
          <h1>
            <span className="clan-tag">[{clan.tag}]</span> {clan.name}
          </h1>
          <p className="muted">
            {clan.open ? 'Open clan' : 'Invite only'} · {clan.members.length}/{clan.memberCap} members · founded {ago(clan.createdAt)}
          </p>
          {clan.description && <p>{clan.description}</p>}
        </div>
        <p className="big-rating">
          <span className="muted">Clan rating</span> <b data-testid="clan-rating">{clan.rating ?? '—'}</b>
        </p>
      </header>
      {act.error && (
        <p className="error" role="alert">
          {act.error} <button className="link" onClick={act.clear} aria-label="Dismiss the message">✕</button>
        </p>
      )}
      {note && <p className="ok" role="status">{note}</p>}

      <div className="row clan-actions">
        {!myRole && !inOtherClan && invited && (
          <>
            <button className="primary" disabled={!!act.busy} onClick={() => void doit('join', () => joinClan(id), `Welcome to ${clan.name}`)}>Accept the invite</button>
            <button disabled={!!act.busy} onClick={() => void doit('decline', async () => (await dropClanRequest(id, meId), setDeclined(true)), 'Invite declined')}>Decline</button>
          </>
        )}
        {!myRole && !inOtherClan && !invited && (
          <button className="primary" disabled={!!act.busy} onClick={() => void doit('join', async () => setNote((await joinClan(id)).status === 'joined' ? `Welcome to ${clan.name}` : 'Application sent: an officer will answer'))}>
            {clan.open ? 'Join the clan' : 'Apply to join'}
          </button>
        )}
        {inOtherClan && <p className="muted">You belong to another clan: leave it to join this one.</p>}
        {myRole && myRole !== 'leader' && (
          <ConfirmButton confirm={`Leave ${clan.name}?`} onConfirm={() => void doit('leave', () => leaveClan(id), `You left ${clan.name}`)}>Leave clan</ConfirmButton>
        )}
        {myRole === 'leader' && others === 0 && (
          <ConfirmButton confirm="Leave and disband the clan?" onConfirm={() => void doit('leave', () => leaveClan(id)).then(() => navigate(paths.clans()))}>Leave (disbands the clan)</ConfirmButton>
        )}
        {clanMay(myRole, 'edit') && <button onClick={() => setEditing((e) => !e)} aria-expanded={editing}>Edit clan</button>}
        {clanMay(myRole, 'disband') && (
          <ConfirmButton confirm={`Disband ${clan.name} for everyone?`} onConfirm={() => void act.run('disband', () => disbandClan(id)).then((ok) => ok && (void refreshCounts().catch(() => undefined), navigate(paths.clans())))}>
            Disband
          </ConfirmButton>
        )}
        {myRole === 'leader' && others > 0 && <span className="muted small">To leave, hand the clan to another member first (Make leader).</span>}
        <Link to={paths.clans()} className="grow-left">Clan leaderboard →</Link>
      </div>
      {editing && <EditClan clan={clan} onSaved={() => (setEditing(false), data.reload())} />}

      <div className="clan-layout">
        <div>
          <section className="card" aria-labelledby="members-h">
            <h2 id="members-h">Members</h2>
            <table className="board members" data-testid="clan-members">
              <caption className="visually-hidden">Members of {clan.name} with role, rating and presence</caption>
              <thead><tr><th scope="col">Player</th><th scope="col">Role</th><th scope="col">Rating</th>{myRole && <th scope="col">Presence</th>}<th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {clan.members.map((m) => (
                  <MemberRow key={m.user.id} m={m} me={m.user.id === meId} myRole={myRole} presence={presenceOf(m)} busy={!!act.busy} onChallenge={() => setChallenging(m)} doit={doit} clanId={id} />
                ))}
              </tbody>
            </table>
          </section>
          {clanMay(myRole, 'invite') && <InviteForm clanId={id} onDone={(msg) => (setNote(msg), data.reload())} />}
          {clan.requests && clan.requests.length > 0 && (
            <section className="card" aria-labelledby="req-h">
              <h2 id="req-h">Applications and invites</h2>
              <ul className="plain people">
                {clan.requests.map((r) => (
                  <li key={r.user.id} className="person">
                    <span className="who-name">{nameOf(r.user)} <span className="muted small">{r.kind === 'application' ? 'applied' : 'invited'} {ago(r.createdAt)}</span></span>
                    <span className="actions">
                      {r.kind === 'application' && (
                        <button className="primary" disabled={!!act.busy} onClick={() => void doit('accept', () => inviteToClan(id, r.user.username), `${nameOf(r.user)} joined`)}>Accept</button>
                      )}
                      <button disabled={!!act.busy} onClick={() => void doit('drop', () => dropClanRequest(id, r.user.id))}>{r.kind === 'application' ? 'Refuse' : 'Withdraw invite'}</button>
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section className="card" aria-labelledby="cm-h">
            <h2 id="cm-h">Recent matches</h2>
            {clan.recentMatches.length === 0 ? (
              <p className="muted">No finished matches by members yet.</p>
            ) : (
              <ul className="plain">
                {clan.recentMatches.map((m) => (
                  <li key={m.id} className="row tight">
                    <span>
                      {m.players.map((p, i) => (
                        <span key={p.seat}>
                          {i > 0 && <span className="muted"> vs </span>}
                          <span className={p.result === 'win' ? 'win' : ''}>{p.userId ? <Link to={paths.player(p.userId)}>{p.name}</Link> : p.name}</span>
                        </span>
                      ))}
                    </span>
                    <span className="muted">{gameName(m.game)} {m.mode} · {scoreLine(m.score)} · {ago(m.finishedAt)}</span>
                    <Link to={paths.replay(m.id)}>Replay</Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <div>
          {myRole ? (
            <>
              <h2 className="section-h">Clan chat</h2>
              <Chat kind="clan" id={id} meId={meId} label={clan.name} />
            </>
          ) : (
            <p className="card muted">Clan chat is for members.</p>
          )}
        </div>
      </div>
      {challenging && <ChallengeDialog username={challenging.user.username} name={nameOf(challenging.user)} onClose={() => setChallenging(null)} />}
    </div>
  );
}

function MemberRow({ m, me, myRole, presence, busy, onChallenge, doit, clanId }: {
  m: ClanMember;
  me: boolean;
  myRole: ClanRole | null;
  presence: ClanMember['presence'];
  busy: boolean;
  onChallenge(): void;
  doit(what: string, f: () => Promise<unknown>, done?: string): Promise<void>;
  clanId: string;
}) {
  const name = nameOf(m.user);
  const canKick = !me && m.role !== 'leader' && clanMay(myRole, m.role === 'officer' ? 'kickOfficer' : 'kickMember');
  const canRole = !me && clanMay(myRole, 'setRole');
  return (
    <tr className={me ? 'me' : ''} data-testid="clan-member" data-username={m.user.username}>
      <td><Link to={paths.player(m.user.id)}>{name}</Link>{me && <span className="muted small"> (you)</span>}</td>
      <td><span className={`role ${m.role}`}>{ROLE_LABEL[m.role]}</span></td>
      <td>{m.rating}</td>
      {myRole && <td>{me ? <span className="muted small">—</span> : <Presence presence={presence} name={name} />}</td>}
      <td>
        <div className="member-actions">
        {myRole && !me && <button className="small" disabled={busy} onClick={onChallenge}>Challenge</button>}
        {canRole && m.role === 'member' && <button className="small" disabled={busy} onClick={() => void doit('promote', () => setClanRole(clanId, m.user.id, 'officer'), `${name} is an officer`)}>Make officer</button>}
        {canRole && m.role === 'officer' && <button className="small" disabled={busy} onClick={() => void doit('demote', () => setClanRole(clanId, m.user.id, 'member'), `${name} is a member`)}>Make member</button>}
        {canRole && (
          <ConfirmButton className="small" confirm={`Hand the clan to ${name}? You become an officer.`} onConfirm={() => void doit('handover', () => setClanRole(clanId, m.user.id, 'leader'), `${name} leads the clan now`)} disabled={busy}>
            Make leader
          </ConfirmButton>
        )}
        {canKick && (
          <ConfirmButton className="small" confirm={`Remove ${name} from the clan?`} onConfirm={() => void doit('kick', () => kickMember(clanId, m.user.id), `${name} was removed`)} disabled={busy}>
            Kick
          </ConfirmButton>
        )}
        </div>
      </td>
    </tr>
  );
}

function InviteForm({ clanId, onDone }: { clanId: string; onDone(msg: string): void }) {
  const [username, setUsername] = useState('');
  const act = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await act.run('invite', async () => {
      const r = await inviteToClan(clanId, username.trim());
      setUsername('');
      onDone(r.status === 'joined' ? `${nameOf(r.user)} joined (they had applied)` : `Invite sent to ${nameOf(r.user)}`);
    });
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="inv-h">
      <h2 id="inv-h">Invite a player</h2>
      <div className="row">
        <input value={username} onChange={(e) => setUsername(e.target.value)} placeholder="Username" aria-label="Username to invite" required maxLength={64} />
        <button type="submit" className="primary" disabled={!username.trim() || !!act.busy}>Invite</button>
      </div>
      {act.error && <p className="error" role="alert">{act.error}</p>}
    </form>
  );
}

function EditClan({ clan, onSaved }: { clan: Clan; onSaved(): void }) {
  const act = useAction();
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const patch: { name?: string; tag?: string; open?: boolean; description?: string } = {};
    const name = String(f.get('name') ?? '').trim();
    const tag = String(f.get('tag') ?? '').trim();
    const description = String(f.get('description') ?? '').trim();
    const open = f.get('open') === 'open';
    if (name !== clan.name) patch.name = name;
    if (tag !== clan.tag) patch.tag = tag;
    if (description !== clan.description) patch.description = description;
    if (open !== clan.open) patch.open = open;
    if (Object.keys(patch).length === 0) return onSaved();
    if (await act.run('edit', () => editClan(clan.id, patch))) onSaved();
  };
  return (
    <form className="card" onSubmit={submit} aria-label="Edit the clan">
      <div className="form-grid">
        <label className="field"><span>Name</span><input name="name" defaultValue={clan.name} required minLength={N.min} maxLength={N.max} /></label>
        <label className="field"><span>Tag</span><input name="tag" defaultValue={clan.tag} required minLength={T.min} maxLength={T.max} /></label>
        <label className="field"><span>Description</span><input name="description" defaultValue={clan.description} maxLength={280} /></label>
        <label className="field"><span>Who can join</span>
          <select name="open" defaultValue={clan.open ? 'open' : 'invite'}><option value="open">Open</option><option value="invite">Invite only</option></select>
        </label>
      </div>
      {act.error && <p className="error" role="alert">{act.error}</p>}
      <div className="row"><button type="submit" className="primary" disabled={!!act.busy}>Save</button><button type="button" onClick={onSaved}>Cancel</button></div>
    </form>
  );
}
