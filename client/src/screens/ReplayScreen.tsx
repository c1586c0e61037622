// /replay/:matchId[?shot=N]: a recorded match with its timeline — every action with who played it, what
// it was and the server's ruling — play/pause, step, scrub and speed, and a link to the shot on screen
// (the address follows the step, so copying it shares the moment).
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api } from '../net/api.ts';
import { describeAction, type ReplayMatch } from '../views/replay-model.ts';
import { mountReplayStage, type ReplayStage } from '../views/replay.ts';
import { gameName, scoreLine } from '../app/format.ts';
import { useLoad, useTitle } from '../app/hooks.ts';
import { paths, shotParam } from '../app/paths.ts';
import { loadSettings, saveSettings } from '../table/settings.ts';

const SPEEDS = [0.5, 1, 2, 4];

type FullMatch = Omit<ReplayMatch, 'players'> & { mode?: string; players: { seat: number; name: string; userId?: string | null; ratingBefore?: number | null; ratingAfter?: number | null }[] };

export function ReplayScreen() {
  const matchId = useParams().matchId ?? '';
  const location = useLocation();
  const navigate = useNavigate();
  const load = useLoad(() => api<FullMatch>('GET', `/matches/${encodeURIComponent(matchId)}`), [matchId]);
  const m = load.data;
  useTitle(m ? `Replay: ${m.players.map((p) => p.name).join(' vs ')}` : 'Replay');
  const hostRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<ReplayStage | null>(null);
  const [step, setStep] = useState(-1);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [view, setView] = useState(() => loadSettings().view);
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (!m || !hostRef.current) return;
    const start = shotParam(location.search, m.shots.length) - 1;
    const s = mountReplayStage(hostRef.current, m, start, (i, p) => {
      setStep(i);
      setPlaying(p);
    });
    stageRef.current = s;
    // Autoplay from the start; a shared ?shot= opens paused at that shot.
    if (start < 0) s.setPlaying(true);
    return () => {
      s.dispose();
      stageRef.current = null;
    };
    // Only a new match remounts the stage; ?shot= changes made here follow the stage, not the reverse.
  }, [m]);

  // The address follows the step (replace: stepping is not a history of its own).
  useEffect(() => {
    if (!m) return;
    const want = paths.replay(matchId, step + 1);
    if (location.pathname + location.search !== want) navigate(want, { replace: true });
    listRef.current?.querySelector('[aria-current="step"]')?.scrollIntoView({ block: 'nearest' });
  }, [step, m]);

  if (load.error) {
    return (
      <section className="page">
        <h1>Replay</h1>
        <p className="error" role="alert">Could not load the replay: {load.error}</p>
        <Link to={paths.lobby()}>Back to the lobby</Link>
      </section>
    );
  }
  if (!m) return <p className="page muted">Loading the replay…</p>;

  const who = (seat: number) => m.players.find((p) => p.seat === seat)?.name ?? `Player ${seat + 1}`;
  const winner = m.winner !== null && m.winner !== undefined ? who(m.winner) : null;
  const go = (i: number) => stageRef.current?.goTo(i, false);
  const cur = step >= 0 ? m.shots[step] : null;
  return (
    <div className="replay-screen">
      <header className="replay-head">
        <h1>
          {m.players.map((p, i) => (
            <span key={p.seat}>
              {i > 0 && ' vs '}
              {p.userId ? <Link to={paths.player(p.userId)}>{p.name}</Link> : p.name}
            </span>
          ))}
        </h1>
        <p className="muted">
          {gameName(m.game)} · {scoreLine(m.score)}
          {winner ? ` · ${winner} won` : ''}
          {m.reason ? ` · ${m.reason}` : ''}
        </p>
        <p className="now" aria-live="polite">
          {cur ? `${step + 1}/${m.shots.length} · ${who(cur.seat)} · ${describeAction(cur)}${cur.ruling?.foul ? ` · foul: ${cur.ruling.foul}` : ''}${cur.ruling?.reason ? ` — ${cur.ruling.reason}` : ''}` : 'Opening rack'}
        </p>
      </header>
      <div className="replay-stage" ref={hostRef} />
      <div className="replay-controls" role="group" aria-label="Replay controls">
        <button onClick={() => go(step - 1)} disabled={step < 0} aria-label="Previous action">◀</button>
        <button className="primary" onClick={() => stageRef.current?.setPlaying(!playing)} aria-label={playing ? 'Pause' : 'Play'}>{playing ? 'Pause' : 'Play'}</button>
        <button onClick={() => stageRef.current?.goTo(step + 1, true)} disabled={step >= m.shots.length - 1} aria-label="Next action (animated)">▶</button>
        <input
          type="range"
          min={0}
          max={m.shots.length}
          value={step + 1}
          onChange={(e) => go(Number(e.target.value) - 1)}
          aria-label="Timeline"
          aria-valuetext={cur ? `action ${step + 1} of ${m.shots.length}` : 'opening rack'}
          className="scrubber"
        />
        <label className="field inline">
          <span>Speed</span>
          <select value={speed} onChange={(e) => (setSpeed(Number(e.target.value)), stageRef.current?.setSpeed(Number(e.target.value)))}>
            {SPEEDS.map((s) => <option key={s} value={s}>{s}×</option>)}
          </select>
        </label>
        <button
          className="view-toggle"
          onClick={() => {
            // The same 2D/3D choice as the live table, kept with the table's settings.
            const next = view === '2d' ? '3d' : '2d';
            setView(next);
            saveSettings({ ...loadSettings(), view: next });
            void stageRef.current?.setView(next);
          }}
        >
          {view === '2d' ? '3D view' : '2D view'}
        </button>
      </div>
      <ol className="timeline" ref={listRef} aria-label="Every action of the match">
        <li aria-current={step === -1 ? 'step' : undefined}>
          <button className="link" onClick={() => go(-1)}>Opening rack</button>
        </li>
        {m.shots.map((a, i) => (
          <li key={a.seq} aria-current={step === i ? 'step' : undefined} className={a.ruling?.foul ? 'foul' : ''}>
            <button className="link" onClick={() => go(i)}>
              <span className="n">{i + 1}</span> {who(a.seat)} · {describeAction(a)}
              {a.ruling?.foul ? <span className="foul-tag"> foul: {a.ruling.foul}</span> : null}
              {a.ruling?.reason ? <span className="muted"> — {a.ruling.reason}</span> : null}
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
