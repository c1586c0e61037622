// /tournaments/:id: one event — its details and race lengths, registration and check-in (with the
// window), the players with their seeds, the bracket drawn from the live room (winners, losers, grand
// final and third place as columns of rounds; round robin and groups as standings tables), a click on
// a live match to watch it (or, for its players, to take the seat), and for its host the console:
// start (with a manual seed order when the event asks for one), pause and resume, disqualify, enter a
// result, and the audit trail. Everything shown is what the server sent; actions answer with the event.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import type { TournamentControl, TournamentControls } from '@dojopool/shared/protocol/index.ts';
import type { TournamentEventView } from '@dojopool/shared/protocol/tournaments.ts';
import { checkIn, getTournament, registerFor, startTournament, unregisterFrom, watchEvent } from '../net/tournaments.ts';
import { bracketView, checkInWindow, formatLabel, myLiveMatch, ordinal, raceSummary, type MatchCard, type RoundColumn, type StandingView, type TableSection, type TreeSection } from '../views/bracket.ts';
import { gameName } from '../app/format.ts';
import { errorText, useSession, useTitle } from '../app/hooks.ts';
import { paths } from '../app/paths.ts';
import { when } from './TournamentsScreen.tsx';
import './tournaments.css';

type Send = <K extends TournamentControl>(type: K, body: TournamentControls[K]) => void;

function useNow(ms: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

export function TournamentScreen() {
  const id = useParams().id ?? '';
  const session = useSession();
  const me = session?.user.id ?? null;
  const [event, setEvent] = useState<TournamentEventView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [live, setLive] = useState<'connecting' | 'live' | 'offline'>('connecting');
  const [role, setRole] = useState<'host' | 'viewer'>('viewer');
  // Where an action's answer shows: under the player's own buttons, or in the host console beside its forms.
  const [actionMsg, setActionMsg] = useState<{ ok: boolean; text: string; where: 'you' | 'host' } | null>(null);
  const [busy, setBusy] = useState(false);
  const sendRef = useRef<Send | null>(null);
  const keepRef = useRef<((keep: boolean) => void) | null>(null);
  const eventRef = useRef<TournamentEventView | null>(null);
  eventRef.current = event;
  useTitle(event?.name ?? 'Tournament');

  // The event over REST first (the page reads at once), then live from the event's room.
  useEffect(() => {
    let gone = false;
    let stop: ((keep: boolean) => void) | null = null;
    setEvent(null);
    setLoadError(null);
    getTournament(id).then(
      (e) => !gone && setEvent((cur) => cur ?? e),
      (e) => !gone && setLoadError(errorText(e)),
    );
    watchEvent(id, {
      onChange: (s) => {
        if (gone) return;
        if (s.event) setEvent(s.event);
        setRole(s.role);
        setLive(s.connected ? 'live' : 'offline');
      },
      onControl: (r) => !gone && (setBusy(false), setActionMsg(r.ok ? { ok: true, text: CONTROL_DONE[r.type], where: 'host' } : { ok: false, text: r.message, where: 'host' })),
    }).then(
      (w) => {
        if (gone) return w.stop(keepFor(eventRef.current, me));
        stop = w.stop;
        sendRef.current = w.send;
        keepRef.current = w.keep;
        w.keep(keepFor(eventRef.current, me));
      },
      () => !gone && setLive('offline'),
    );
    return () => {
      gone = true;
      sendRef.current = null;
      keepRef.current = null;
      // A player of a running or upcoming event stays connected: their match-ready notice finds them anywhere.
      stop?.(keepFor(eventRef.current, me));
    };
  }, [id, me]);

  const act = async (what: () => Promise<TournamentEventView>, done: string, where: 'you' | 'host' = 'you') => {
    setActionMsg(null);
    setBusy(true);
    try {
      setEvent(await what());
      setActionMsg({ ok: true, text: done, where });
    } catch (e) {
      setActionMsg({ ok: false, text: errorText(e), where });
    } finally {
      setBusy(false);
    }
  };
  const control: Send = (type, body) => {
    setActionMsg(null);
    if (!sendRef.current) return setActionMsg({ ok: false, text: 'Not connected to the event yet: wait a moment and try again', where: 'host' });
    setBusy(true);
    sendRef.current(type, body);
  };

  // A player of the event follows it in this tab (a reload reconnects for the match-ready notice).
  const keep = keepFor(event, me);
  useEffect(() => keepRef.current?.(keep), [keep]);

  const view = useMemo(() => (event ? bracketView(event, me) : null), [event, me]);
  if (loadError && !event) {
    return (
      <section className="page" aria-labelledby="t-h">
        <h1 id="t-h">Tournament</h1>
        <p className="error" role="alert">Could not load this tournament: {loadError}</p>
        <Link to={paths.tournaments()}>All tournaments</Link>
      </section>
    );
  }
  if (!event) return <section className="page"><p className="muted">Loading the tournament…</p></section>;

  const isHost = role === 'host' || (!!me && me === event.hostId) || ((session?.user.roles as string[] | undefined) ?? []).includes('admin');
  const mine = event.players.find((p) => p.id === me) ?? null;
  const myMatch = myLiveMatch(event, me);
  const statusText = event.status === 'registering' ? 'Registration open' : event.status === 'running' ? (event.paused ? 'Paused' : 'Running') : 'Finished';

  return (
    <section className="page tournament" aria-labelledby="t-h">
      <p className="crumbs"><Link to={paths.tournaments()}>Tournaments</Link></p>
      <div className="row t-head">
        <h1 id="t-h">{event.name}</h1>
        <span className={`badge status-${event.status}${event.paused ? ' paused' : ''}`} data-testid="event-status">{statusText}</span>
        {event.status !== 'finished' && <span className={`live-dot ${live}`} title={live === 'live' ? 'Updating live' : live === 'connecting' ? 'Connecting…' : 'Not live: reload to update'}>
          {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Not live'}
        </span>}
      </div>
      {myMatch && (
        <div className="card my-match" role="alert">
          <b>Your match {myMatch.id} is ready</b> — vs {myMatch.players.find((p) => p && p.id !== me)?.username ?? 'your opponent'}, race to {myMatch.raceTo}.{' '}
          <Link className="button primary" to={paths.play(myMatch.roomId!)}>Take your seat</Link>
        </div>
      )}
      <div className="t-top">
        <Details event={event} />
        <div className="card">
          <h2>You</h2>
          <Registration event={event} me={me} mine={mine} busy={busy} act={act} />
          {actionMsg?.where === 'you' && <ActionMessage m={actionMsg} />}
        </div>
      </div>
      {isHost && <HostConsole event={event} busy={busy} act={(f, done) => act(f, done, 'host')} control={control} message={actionMsg?.where === 'host' ? actionMsg : null} />}
      {view && view.placements.length > 0 && event.status === 'finished' && (
        <div className="card">
          <h2>Final standings</h2>
          <ol className="plain placements">
            {view.placements.slice(0, 8).map((p) => (
              <li key={p.playerId} className={p.playerId === me ? 'me' : ''}><span className="place">{p.place}</span> {p.name}</li>
            ))}
          </ol>
        </div>
      )}
      {view ? (
        <div className="sections" data-testid="bracket">
          {view.sections.map((s) => (s.kind === 'tree' ? <Tree key={s.key} s={s} me={me} /> : <Table key={s.key} s={s} me={me} />))}
        </div>
      ) : (
        <div className="card"><p className="muted">The bracket is drawn when the host starts the event{event.checkInMinutes !== null ? ' (only checked-in players play)' : ''}.</p></div>
      )}
      <Players event={event} me={me} />
    </section>
  );
}

/** A player of an event not finished keeps the connection for their notices. */
const keepFor = (e: TournamentEventView | null, me: string | null) => !!e && !!me && e.status !== 'finished' && e.players.some((p) => p.id === me && !p.disqualified);

function Details({ event }: { event: TournamentEventView }) {
  const o = event.options;
  return (
    <div className="card">
      <h2>Details</h2>
      <dl className="facts">
        <dt>Format</dt><dd>{formatLabel(event.format)}{event.format === 'groups_knockout' && o.groups ? ` (${o.groups} groups, top ${o.advancePerGroup ?? 1} go through)` : ''}</dd>
        <dt>Game</dt><dd>{gameName(event.game)}{event.rated ? ', rated' : ''}</dd>
        <dt>Players</dt><dd>{event.players.length} of {event.maxPlayers}</dd>
        <dt>Starts</dt><dd>{when(event.startsAt)}</dd>
        <dt>No-show</dt><dd>A player not seated within {event.noShowS} s loses by walkover</dd>
        {(event.format === 'single_elimination' || event.format === 'groups_knockout') && <><dt>Third place</dt><dd>{o.thirdPlace ? 'Played' : 'Not played'}</dd></>}
        {event.format === 'double_elimination' && <><dt>Grand final</dt><dd>{o.grandFinalReset ? 'With a reset if the losers-bracket player wins the first' : 'One match'}</dd></>}
        <dt>Seeding</dt><dd>{o.seeding === 'manual' ? 'Set by the host' : 'By rating'}</dd>
        <dt>Races</dt>
        <dd><ul className="plain races" data-testid="races">{raceSummary(event).map((r) => <li key={r}>{r}</li>)}</ul></dd>
      </dl>
    </div>
  );
}

function Registration({ event, me, mine, busy, act }: { event: TournamentEventView; me: string | null; mine: TournamentEventView['players'][number] | null; busy: boolean; act(f: () => Promise<TournamentEventView>, done: string): void }) {
  const now = useNow(15000);
  const win = checkInWindow(event, now);
  if (!me) return <p className="muted">{event.status === 'registering' ? <>Log in from the <Link to={paths.lobby()}>lobby</Link> to register.</> : event.status === 'running' ? 'Watching: click a live match to see it played.' : 'This event is over.'}</p>;
  if (event.status !== 'registering') {
    if (!mine) return <p className="muted">{event.status === 'running' ? 'Registration closed: the event is being played.' : 'This event is over.'}</p>;
    const place = event.standings?.placements.find((p) => p.playerId === me);
    const placed = place ? (place.place === place.placeTo ? ordinal(place.place) : `${ordinal(place.place)}–${ordinal(place.placeTo)}`) : null;
    return (
      <p data-testid="my-registration">
        {mine.disqualified
          ? 'You were disqualified from this event.'
          : event.status === 'running'
            ? `You are playing${mine.seed ? ` as seed ${mine.seed}` : ''}.`
            : event.winnerId === me
              ? 'You won this event.'
              : placed
                ? `You finished ${placed}.`
                : 'You played in this event.'}
      </p>
    );
  }
  const full = event.players.length >= event.maxPlayers;
  return (
    <div>
      {mine ? (
        <p data-testid="my-registration">
          You are registered{event.checkInMinutes === null ? '.' : mine.checkedIn ? ' and checked in.' : ', not checked in yet.'}
        </p>
      ) : (
        <p>{full ? 'The event is full.' : 'Registration is open.'}</p>
      )}
      {win.kind !== 'none' && (
        <p className="muted" data-testid="check-in-window">
          {win.kind === 'before'
            ? `Check-in opens ${new Date(win.opensAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })} (${event.checkInMinutes} min before the start).`
            : win.kind === 'open'
              ? `Check-in is open${win.startsAt ? ` until the host starts the event (planned ${new Date(win.startsAt).toLocaleTimeString([], { timeStyle: 'short' })})` : ' until the host starts the event'}. Players not checked in are dropped at the start.`
              : 'Check-in is closed.'}
        </p>
      )}
      <div className="row">
        {!mine && <button className="primary" disabled={busy || full} onClick={() => act(() => registerFor(event.id), 'You are registered')}>Register</button>}
        {mine && win.kind === 'open' && !mine.checkedIn && <button className="primary" disabled={busy} onClick={() => act(() => checkIn(event.id), 'You are checked in')}>Check in</button>}
        {mine && <button disabled={busy} onClick={() => act(() => unregisterFrom(event.id), 'You are no longer registered')}>Unregister</button>}
      </div>
    </div>
  );
}

function Players({ event, me }: { event: TournamentEventView; me: string | null }) {
  const players = [...event.players].sort((a, b) => (a.seed ?? 999) - (b.seed ?? 999));
  return (
    <div className="card">
      <h2>Players ({event.players.length})</h2>
      {event.status === 'registering' && players.length > 0 && <p className="muted">Seeds are set when the host starts the event ({event.options.seeding === 'manual' ? 'in the host’s order' : 'by rating'}).</p>}
      {players.length === 0 ? (
        <p className="muted">Nobody has registered yet.</p>
      ) : (
        <ol className="plain player-list" data-testid="players">
          {players.map((p) => (
            <li key={p.id} className={p.id === me ? 'me' : ''}>
              <span className="seed" aria-label={p.seed ? `seed ${p.seed}` : 'not seeded yet'}>{p.seed ?? ''}</span>
              <Link to={paths.player(p.id)}>{p.username}</Link>
              {event.checkInMinutes !== null && event.status === 'registering' && <span className={p.checkedIn ? 'ok' : 'muted'}>{p.checkedIn ? 'checked in' : 'not checked in'}</span>}
              {p.disqualified && <span className="error">disqualified</span>}
              {event.winnerId === p.id && <span className="champion">champion</span>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function Tree({ s, me }: { s: TreeSection; me: string | null }) {
  return (
    <section className={`card bracket-section ${s.key}`} aria-labelledby={`sec-${s.key}`}>
      <h2 id={`sec-${s.key}`}>{s.title}</h2>
      <div className="bracket-tree" role="list">
        {s.rounds.map((r, i) => <Round key={`${r.round}`} r={r} me={me} merge={s.rounds[i + 1]?.matches.length === r.matches.length / 2} fed={i > 0} />)}
      </div>
    </section>
  );
}

/**
 * One round's column. Its matches sit in equal boxes so each lines up with the two feeding it; when two
 * of them feed one match of the next round (`merge`) they share a box whose bracket line joins them.
 */
function Round({ r, me, merge = false, fed = false }: { r: RoundColumn; me: string | null; merge?: boolean; fed?: boolean }) {
  const boxes: MatchCard[][] = [];
  r.matches.forEach((m, i) => (merge && i % 2 === 1 ? boxes[boxes.length - 1]!.push(m) : boxes.push([m])));
  return (
    <div className={`round${merge ? ' merge' : ''}${fed ? ' fed' : ''}`} role="listitem" aria-label={`${r.name}, race to ${r.raceTo}`}>
      <div className="round-head"><b>{r.name}</b> <span className="muted">race to {r.raceTo}</span></div>
      <div className="round-matches">
        {boxes.map((box) => (
          <ol key={box[0]!.id} className={`plain match-box n${box.length}`}>
            {box.map((m) => <li key={m.id}><Match m={m} me={me} /></li>)}
          </ol>
        ))}
      </div>
    </div>
  );
}

function Match({ m, me }: { m: MatchCard; me: string | null }) {
  const statusText = m.status === 'live' ? (m.needsHost ? 'waits for the host' : m.mine ? 'your table is ready' : 'live') : m.status === 'ready' ? 'ready' : m.status === 'finished' ? (m.walkover ? 'walkover' : 'final') : m.status === 'bye' ? 'bye' : m.ifNeeded ? 'if needed' : 'pending';
  const body = (
    <>
      {m.slots.map((s, i) => (
        <div key={i} className={`slot${s.won === true ? ' won' : s.won === false ? ' lost' : ''}${s.known ? '' : ' tbd'}${s.mine ? ' mine' : ''}`}>
          <span className="seed">{s.seed ?? ''}</span>
          <span className="name">{s.name}</span>
          <span className="score">{s.score ?? ''}</span>
        </div>
      ))}
      <div className="match-foot"><span>{m.id}</span><span className={`state ${m.status}`}>{statusText}</span></div>
    </>
  );
  const label = `${m.id}: ${m.slots.map((s) => s.name).join(' vs ')}, ${statusText}`;
  const cls = `match-card ${m.status}${m.mine ? ' mine' : ''}${m.ifNeeded ? ' if-needed' : ''}`;
  if (m.status === 'live' && m.roomId) {
    const seat = m.mine && me;
    return (
      <Link className={cls} to={seat ? paths.play(m.roomId) : paths.watch(m.roomId)} aria-label={`${label}: ${seat ? 'take your seat' : 'watch'}`} data-match={m.id}>
        {body}
      </Link>
    );
  }
  return <div className={cls} aria-label={label} data-match={m.id}>{body}</div>;
}

function Table({ s, me }: { s: TableSection; me: string | null }) {
  return (
    <section className="card bracket-section table-section" aria-labelledby={`sec-${s.key}`}>
      <h2 id={`sec-${s.key}`}>{s.title}</h2>
      <div className="table-scroll">
        <table className="board standings" data-testid={`standings-${s.key}`}>
          <caption className="visually-hidden">{s.title} standings: wins, then head-to-head, then rack difference</caption>
          <thead><tr><th scope="col">#</th><th scope="col">Player</th><th scope="col">P</th><th scope="col">W</th><th scope="col">L</th><th scope="col">Racks</th><th scope="col">±</th></tr></thead>
          <tbody>
            {s.rows.map((r: StandingView) => (
              <tr key={r.playerId} className={`${r.mine ? 'me' : ''}${r.advances ? ' advances' : ''}`}>
                <td>{r.position}</td><td>{r.name}{r.advances ? <span className="visually-hidden"> (goes through)</span> : null}</td><td>{r.played}</td><td>{r.wins}</td><td>{r.losses}</td><td>{r.racksWon}–{r.racksLost}</td><td>{r.rackDifference > 0 ? `+${r.rackDifference}` : r.rackDifference}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="rr-rounds">
        {s.rounds.map((r) => <Round key={r.round} r={r} me={me} />)}
      </div>
    </section>
  );
}

const CONTROL_DONE: Record<TournamentControl, string> = { start: 'The event has started', pause: 'Paused: no new matches start', resume: 'Resumed', disqualify: 'The player is disqualified; their matches are walkovers', result: 'The result is recorded' };

function ActionMessage({ m }: { m: { ok: boolean; text: string } }) {
  return <p className={`action-message ${m.ok ? 'ok' : 'error'}`} role={m.ok ? 'status' : 'alert'} data-testid="action-message">{m.text}</p>;
}

function HostConsole({ event, busy, act, control, message }: { event: TournamentEventView; busy: boolean; act(f: () => Promise<TournamentEventView>, done: string): void; control: Send; message: { ok: boolean; text: string } | null }) {
  const [order, setOrder] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [dq, setDq] = useState({ playerId: '', reason: '' });
  const [res, setRes] = useState({ matchId: '', winnerId: '', s0: '', s1: '', walkover: false, reason: '' });
  const playing = event.players.filter((p) => event.checkInMinutes === null || p.checkedIn);
  useEffect(() => setOrder((o) => (o.length === playing.length && playing.every((p) => o.includes(p.id)) ? o : playing.map((p) => p.id))), [playing.map((p) => p.id).join()]);
  const name = (id: string) => event.players.find((p) => p.id === id)?.username ?? id;
  const decidable = event.matches.filter((m) => m.players[0] && m.players[1] && (m.status !== 'pending'));
  const picked = event.matches.find((m) => m.id === res.matchId);
  const move = (i: number, d: number) => setOrder((o) => {
    const n = [...o];
    const j = i + d;
    if (j < 0 || j >= n.length) return o;
    [n[i], n[j]] = [n[j]!, n[i]!];
    return n;
  });
  const submitResult = (e: FormEvent) => {
    e.preventDefault();
    const score: [number, number] | undefined = res.walkover || (res.s0 === '' && res.s1 === '') ? undefined : [Number(res.s0), Number(res.s1)];
    control('result', { matchId: res.matchId, winnerId: res.winnerId, ...(score ? { score } : {}), ...(res.walkover ? { walkover: true } : {}), reason: res.reason });
  };
  return (
    <section className="card host-console" aria-labelledby="host-h">
      <h2 id="host-h">Host console</h2>
      {message && <ActionMessage m={message} />}
      {event.status === 'registering' && (
        <div>
          <p>{playing.length} player{playing.length === 1 ? '' : 's'} {event.checkInMinutes !== null ? 'checked in' : 'registered'}; starting fixes the field{event.options.seeding === 'manual' ? ' in the order below' : ' and seeds it by rating'}.</p>
          {event.options.seeding === 'manual' && (
            <ol className="seed-order">
              {order.map((pid, i) => (
                <li key={pid}>
                  {name(pid)}{' '}
                  <button type="button" aria-label={`Move ${name(pid)} up`} disabled={i === 0} onClick={() => move(i, -1)}>↑</button>{' '}
                  <button type="button" aria-label={`Move ${name(pid)} down`} disabled={i === order.length - 1} onClick={() => move(i, 1)}>↓</button>
                </li>
              ))}
            </ol>
          )}
          <button className="primary" disabled={busy} onClick={() => act(() => startTournament(event.id, event.options.seeding === 'manual' ? order : undefined), 'The event has started')}>Start the event</button>
        </div>
      )}
      {event.status === 'running' && (
        <div className="host-grid">
          <div>
            <h3>{event.paused ? 'Paused: no new matches start' : 'Running'}</h3>
            <label className="field"><span>Reason (optional)</span><input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={300} /></label>
            <button disabled={busy} onClick={() => control(event.paused ? 'resume' : 'pause', reason.trim() ? { reason: reason.trim() } : {})}>{event.paused ? 'Resume' : 'Pause'}</button>
          </div>
          <form onSubmit={(e) => (e.preventDefault(), control('disqualify', { playerId: dq.playerId, reason: dq.reason }))}>
            <h3>Disqualify a player</h3>
            <label className="field"><span>Player</span>
              <select value={dq.playerId} onChange={(e) => setDq({ ...dq, playerId: e.target.value })} required>
                <option value="">Choose…</option>
                {event.players.filter((p) => !p.disqualified && p.seed !== null).map((p) => <option key={p.id} value={p.id}>{p.username}</option>)}
              </select>
            </label>
            <label className="field"><span>Reason</span><input value={dq.reason} onChange={(e) => setDq({ ...dq, reason: e.target.value })} required maxLength={300} /></label>
            <button className="danger" disabled={busy || !dq.playerId || !dq.reason.trim()}>Disqualify</button>
          </form>
          <form onSubmit={submitResult}>
            <h3>Enter a result</h3>
            <label className="field"><span>Match</span>
              <select value={res.matchId} onChange={(e) => setRes({ ...res, matchId: e.target.value, winnerId: '' })} required>
                <option value="">Choose…</option>
                {decidable.map((m) => <option key={m.id} value={m.id}>{m.id}: {m.players.map((p) => p!.username).join(' vs ')}{m.status === 'finished' ? ' (correct)' : m.needsHost ? ' (waits for you)' : ''}</option>)}
              </select>
            </label>
            {picked && (
              <>
                <fieldset className="row tight"><legend>Winner</legend>
                  {picked.players.map((p) => p && <label key={p.id} className="check"><input type="radio" name="winner" value={p.id} checked={res.winnerId === p.id} onChange={() => setRes({ ...res, winnerId: p.id })} /> {p.username}</label>)}
                </fieldset>
                <label className="check"><input type="checkbox" checked={res.walkover} onChange={(e) => setRes({ ...res, walkover: e.target.checked })} /> Walkover (no racks played)</label>
                {!res.walkover && (
                  <div className="row tight">
                    <label className="field inline"><span>{picked.players[0]!.username}</span><input type="number" min={0} max={21} className="score-input" value={res.s0} onChange={(e) => setRes({ ...res, s0: e.target.value })} /></label>
                    <label className="field inline"><span>{picked.players[1]!.username}</span><input type="number" min={0} max={21} className="score-input" value={res.s1} onChange={(e) => setRes({ ...res, s1: e.target.value })} /></label>
                    <span className="muted">race to {picked.raceTo}</span>
                  </div>
                )}
              </>
            )}
            <label className="field"><span>Reason</span><input value={res.reason} onChange={(e) => setRes({ ...res, reason: e.target.value })} required maxLength={300} placeholder="e.g. reported at the desk" /></label>
            <button className="primary" disabled={busy || !res.matchId || !res.winnerId || !res.reason.trim()}>Record the result</button>
          </form>
        </div>
      )}
      {event.status === 'finished' && <p className="muted">The event is over.</p>}
      {event.audit.length > 0 && (
        <details className="audit">
          <summary>Audit trail ({event.audit.length})</summary>
          <ol className="plain">
            {[...event.audit].reverse().map((a, i) => (
              <li key={i}><span className="muted">{new Date(a.at).toLocaleTimeString()}</span> {a.by ? (a.by === event.hostId ? 'host' : name(a.by)) : 'server'}: {a.action.replace(/_/g, ' ')}{a.matchId ? ` ${a.matchId}` : ''}{a.playerId ? ` (${/result/.test(a.action) ? 'winner ' : ''}${name(a.playerId)})` : ''}{a.reason ? ` — ${a.reason}` : ''}</li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
