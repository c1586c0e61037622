// The lobby (/): who you are and your current rating, play now for every game in the registry, a
// private table (its link and QR code show at the table), join or watch by code or link, the ranked
// queue with the time waited and the rating window, live tables to watch (updated every few
// seconds), your recent matches with their replays, and the top of the leaderboard.
import { GAME_KINDS, isGameKind } from '@dojopool/shared/rules/registry.ts';
import type { GameKind } from '@dojopool/shared/rules/types.ts';
import type { LiveTable } from '@dojopool/shared/protocol/rest.ts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { BOT_LEVELS } from '@dojopool/shared/bot/levels.ts';
import { leaderboard, liveTables, login, logout, myDrills, playerMatches, refreshMe, register, type LeaderboardRow, type MyMatch } from '../net/api.ts';
import { handOver, holdRoom } from '../net/room-handoff.ts';
import { createPrivate, guestName, playComputer, quickPlay, rankedQueue, setGuestName, type MatchRoom, type QueueHandle, type QueueStatus } from '../net/rooms.ts';
import { gameChoices, queueText } from '../views/lobby.ts';
import { ago, gameName, ratingDelta, scoreLine } from '../app/format.ts';
import { errorText, useSession, useTitle } from '../app/hooks.ts';
import { paths, tableCodeFrom } from '../app/paths.ts';

const LIVE_POLL_MS = 3000;

export function LobbyScreen() {
  useTitle('');
  const session = useSession();
  const navigate = useNavigate();
  const [name, setName] = useState(guestName());
  const [game, setGame] = useState<GameKind>(GAME_KINDS[0]!);
  const [raceTo, setRaceTo] = useState(3);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [queue, setQueue] = useState<QueueStatus | null>(null);
  const queueRef = useRef<QueueHandle | null>(null);
  const [tables, setTables] = useState<LiveTable[] | null>(null);
  const [tablesError, setTablesError] = useState<string | null>(null);
  const [recent, setRecent] = useState<MyMatch[] | null>(null);
  const [top, setTop] = useState<LeaderboardRow[] | null>(null);
  const [level, setLevel] = useState<string>('casual');
  const [drills, setDrills] = useState<{ drill: string; best: number; runs: number }[]>([]);

  // The rating shown is the server's, read again whenever the lobby opens (after a ranked match, too).
  useEffect(() => {
    if (!session) return setRecent(null);
    void refreshMe().catch(() => undefined);
    playerMatches(session.user.id, 6).then((r) => setRecent(r.matches), () => setRecent([]));
    myDrills().then((r) => setDrills(r.drills), () => setDrills([]));
  }, [session?.user.id]);

  useEffect(() => {
    leaderboard({ limit: 5 }).then((r) => setTop(r.players), () => setTop([]));
  }, []);

  useEffect(() => {
    let live = true;
    let first = true;
    const poll = () =>
      liveTables().then(
        (r) => {
          if (!live) return;
          setTables(r.tables);
          setTablesError(null);
          // The lobby is interactive once its live list is in (the benchmark reads this mark).
          if (first) requestAnimationFrame(() => performance.mark('lobby-interactive'));
          first = false;
        },
        (e) => live && setTablesError(errorText(e)),
      );
    void poll();
    const t = setInterval(poll, LIVE_POLL_MS);
    return () => ((live = false), clearInterval(t));
  }, []);

  // Leaving the lobby leaves the queue.
  useEffect(() => () => queueRef.current?.cancel(), []);

  const playerName = () => {
    if (session) return session.user.displayName || session.user.username;
    const n = name.trim();
    if (n) setGuestName(n);
    return n;
  };
  const enter = (room: MatchRoom) => {
    handOver(holdRoom(room));
    navigate(paths.play(room.roomId));
  };
  const run = async (what: string, f: () => Promise<void>) => {
    setError(null);
    if (what !== 'watch' && !playerName()) {
      setError('Enter a name first (or log in)');
      document.getElementById('guest-name')?.focus();
      return;
    }
    setBusy(what);
    try {
      await f();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const joinByCode = (watch: boolean) => (e?: FormEvent) => {
    e?.preventDefault();
    const id = tableCodeFrom(code);
    if (!id) return setError('Enter a table code or paste a table link');
    if (!watch && !playerName()) return setError('Enter a name first (or log in)');
    navigate(watch ? paths.watch(id) : paths.play(id));
  };

  const startQueue = () =>
    run('ranked', async () => {
      const q = await rankedQueue(game, (s) => setQueue(s));
      queueRef.current = q;
      setQueue({ waiting: 1, game });
      q.done.then(
        (room) => {
          queueRef.current = null;
          setQueue(null);
          enter(room);
        },
        (e) => {
          if (queueRef.current) setError(errorText(e));
          queueRef.current = null;
          setQueue(null);
        },
      );
    });
  const stopQueue = () => {
    const q = queueRef.current;
    queueRef.current = null;
    setQueue(null);
    q?.cancel();
  };

  return (
    <div className="page lobby">
      <h1 className="visually-hidden">DojoPool lobby</h1>
      {error && (
        <p className="error" role="alert">
          {error} <button className="link" onClick={() => setError(null)} aria-label="Dismiss the message">✕</button>
        </p>
      )}
      <div className="lobby-grid">
        <section aria-labelledby="you-h" className="card">
          <h2 id="you-h">You</h2>
          {session ? (
            <div className="you">
              <p>
                Playing as <Link to={paths.player(session.user.id)}><b>{session.user.displayName || session.user.username}</b></Link>
              </p>
              <p className="big-rating" aria-label={`Your rating ${Math.round(Number(session.user.rating ?? 0))}`}>
                <span className="muted">Rating</span> <b data-testid="my-rating">{Math.round(Number(session.user.rating ?? 0))}</b>
              </p>
              {drills.length > 0 && (
                <p className="muted">Practice drills: {drills.map((d) => `${d.drill} ${d.best}/5 (${d.runs} run${d.runs === 1 ? '' : 's'})`).join(' · ')}</p>
              )}
              <button onClick={() => void logout()}>Log out</button>
            </div>
          ) : (
            <>
              <label className="field">
                <span>Guest name</span>
                <input id="guest-name" value={name} maxLength={24} placeholder="Your name" autoComplete="nickname" onChange={(e) => setName(e.target.value)} />
              </label>
              <AuthForms onError={setError} />
            </>
          )}
        </section>

        <section aria-labelledby="play-h" className="card">
          <h2 id="play-h">Play now</h2>
          <div className="row quick">
            {gameChoices().map((c) => (
              <button key={c.value} className="primary" disabled={!!busy} onClick={() => run(`quick-${c.value}`, async () => enter(await quickPlay(c.value, playerName())))}>
                {busy === `quick-${c.value}` ? 'Finding a table…' : `Quick ${c.label}`}
              </button>
            ))}
          </div>
          <h3>Private table</h3>
          <div className="row">
            <label className="field inline">
              <span>Game</span>
              <select value={game} onChange={(e) => isGameKind(e.target.value) && setGame(e.target.value)}>
                {gameChoices().map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
              </select>
            </label>
            <label className="field inline">
              <span>Race to</span>
              <select value={raceTo} onChange={(e) => setRaceTo(Number(e.target.value))}>
                {[1, 3, 5, 7, 9].map((n) => <option key={n} value={n}>{n}</option>)}
              </select>
            </label>
            <button disabled={!!busy} onClick={() => run('private', async () => enter(await createPrivate(game, playerName(), raceTo)))}>Create private table</button>
          </div>
          <h3>Play the computer</h3>
          <div className="row">
            <label className="field inline">
              <span>Level</span>
              <select value={level} onChange={(e) => setLevel(e.target.value)}>
                {BOT_LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}
              </select>
            </label>
            <button disabled={!!busy} onClick={() => run('computer', async () => enter(await playComputer(game, playerName(), level, raceTo)))}>Play the computer</button>
            <Link className="button" to={paths.practice()}>Practice table</Link>
          </div>
          <p className="muted small">The computer plays the game and race chosen for a private table.</p>
          <h3>Join by code</h3>
          <form className="row" onSubmit={joinByCode(false)}>
            <label className="field inline">
              <span className="visually-hidden">Table code or link</span>
              <input value={code} onChange={(e) => setCode(e.target.value)} placeholder="ABC123 or a link" className="code-input" aria-label="Table code or link" />
            </label>
            <button type="submit">Join</button>
            <button type="button" onClick={joinByCode(true)}>Watch</button>
          </form>
          <h3>Ranked</h3>
          {!session ? (
            <p className="muted">Log in or create an account to play ranked.</p>
          ) : queue ? (
            <div className="row" aria-live="polite">
              <span className="queue-status">{queueText(queue)}</span>
              <button onClick={stopQueue}>Leave queue</button>
            </div>
          ) : (
            <div className="row">
              <label className="field inline">
                <span>Game</span>
                <select value={game} onChange={(e) => isGameKind(e.target.value) && setGame(e.target.value)} aria-label="Ranked game">
                  {gameChoices().map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
                </select>
              </label>
              <button className="primary" disabled={!!busy} onClick={startQueue}>Join the ranked queue</button>
            </div>
          )}
        </section>

        <section aria-labelledby="live-h" className="card wide">
          <h2 id="live-h">Live tables</h2>
          {tablesError && <p className="error" role="alert">{tablesError}</p>}
          {tables === null ? (
            <p className="muted">Looking for tables…</p>
          ) : tables.length === 0 ? (
            <p className="muted">No one is playing right now. Start a table and it shows here for others to watch.</p>
          ) : (
            <ul className="live-tables">
              {tables.map((t) => (
                <li key={t.roomId} className="live-table">
                  <span className={`badge ${t.mode}`}>{t.mode}</span>
                  <span className="game">{gameName(t.game)} · race to {t.raceTo}</span>
                  <span className="players">
                    {t.players.map((p, i) => (
                      <span key={i} className="player">
                        {p?.name ?? 'open seat'}
                        {p?.rating ? <span className="muted"> ({p.rating})</span> : null}
                      </span>
                    ))}
                  </span>
                  <span className="score" aria-label={`Score ${scoreLine(t.score)}`}>{scoreLine(t.score)}</span>
                  <span className="muted">{t.spectators} watching</span>
                  <Link className="button" to={paths.watch(t.roomId)} aria-label={`Watch ${t.players.map((p) => p?.name).join(' against ')}`}>Watch</Link>
                </li>
              ))}
            </ul>
          )}
        </section>

        {session && (
          <section aria-labelledby="recent-h" className="card">
            <h2 id="recent-h">Your recent matches</h2>
            {recent === null ? (
              <p className="muted">Loading…</p>
            ) : recent.length === 0 ? (
              <p className="muted">No finished matches yet.</p>
            ) : (
              <ul className="plain">
                {recent.map((m) => (
                  <li key={m.id} className="row tight">
                    <span className={m.result === 'win' ? 'win' : 'loss'}>{m.result === 'win' ? 'Won' : 'Lost'}</span>
                    <span>vs {m.opponent?.name ?? '?'} · {gameName(m.game)} · {scoreLine(m.score)}</span>
                    {m.ratingChange !== null && <span className="muted">{ratingDelta(m.ratingChange)}</span>}
                    <span className="muted">{ago(m.finishedAt)}</span>
                    <Link to={paths.replay(m.id)}>Replay</Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}

        <section aria-labelledby="top-h" className="card">
          <h2 id="top-h">Top players</h2>
          {top === null ? (
            <p className="muted">Loading…</p>
          ) : top.length === 0 ? (
            <p className="muted">No rated players yet: the ranked queue makes the first.</p>
          ) : (
            <ol className="plain top">
              {top.map((p) => (
                <li key={p.userId}>
                  <span className="muted">{p.rank}.</span> <Link to={paths.player(p.userId)}>{p.displayName || p.username}</Link> <b>{p.rating}</b>
                </li>
              ))}
            </ol>
          )}
          <Link to={paths.leaderboard()}>Full leaderboard →</Link>
        </section>
      </div>
    </div>
  );
}

function AuthForms({ onError }: { onError(e: string | null): void }) {
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const v = (k: string) => String(f.get(k) ?? '');
    setBusy(true);
    onError(null);
    try {
      if (mode === 'login') await login(v('login'), v('password'));
      else await register(v('username'), v('email'), v('password'));
    } catch (err) {
      onError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="auth">
      <summary>Log in or create an account (needed for ranked play)</summary>
      <div className="row tabs" role="tablist">
        <button role="tab" aria-selected={mode === 'login'} className={mode === 'login' ? 'selected' : ''} onClick={() => setMode('login')}>Log in</button>
        <button role="tab" aria-selected={mode === 'register'} className={mode === 'register' ? 'selected' : ''} onClick={() => setMode('register')}>Create account</button>
      </div>
      <form className="auth-form" onSubmit={submit}>
        {mode === 'login' ? (
          <>
            <label className="field"><span>Username or email</span><input name="login" required autoComplete="username" /></label>
            <label className="field"><span>Password</span><input name="password" type="password" required autoComplete="current-password" /></label>
          </>
        ) : (
          <>
            <label className="field"><span>Username</span><input name="username" required autoComplete="username" /></label>
            <label className="field"><span>Email</span><input name="email" type="email" required autoComplete="email" /></label>
            <label className="field"><span>Password (10+ characters)</span><input name="password" type="password" required minLength={10} autoComplete="new-password" /></label>
          </>
        )}
        <button type="submit" className="primary" disabled={busy}>{mode === 'login' ? 'Log in' : 'Create account'}</button>
      </form>
    </details>
  );
}
