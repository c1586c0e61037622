// /players/:id: rating with its history as a chart, games, wins and win rate by game, achievements
// earned and still locked, and recent matches with their replays. Your own profile links to the
// settings (name, location, two-factor, export, deletion).
import { ACHIEVEMENTS } from '@dojopool/shared/achievements/achievements.ts';
import type { RatingPoint } from '@dojopool/shared/protocol/rest.ts';
import { Link, useParams } from 'react-router';
import { playerMatches, publicPlayer, ratingHistory, type MyMatch } from '../net/api.ts';
import { chartPoints, niceTicks } from '../app/chart.ts';
import { ago, gameName, ratingDelta, scoreLine, winRate } from '../app/format.ts';
import { useLoad, useSession, useTitle } from '../app/hooks.ts';
import { paths } from '../app/paths.ts';

export function ProfileScreen() {
  const id = useParams().id ?? '';
  const session = useSession();
  const profile = useLoad(() => publicPlayer(id), [id]);
  const history = useLoad(() => ratingHistory(id), [id]);
  const matches = useLoad(() => playerMatches(id, 50), [id]);
  const p = profile.data?.player;
  useTitle(p ? p.displayName || p.username : 'Player');
  const mine = session?.user.id === id;

  if (profile.error) {
    return (
      <section className="page">
        <h1>Player</h1>
        <p className="error" role="alert">{profile.error}</p>
      </section>
    );
  }
  if (!p) return <p className="page muted">Loading the profile…</p>;
  const earned = new Map(p.achievements.map((a) => [a.id, a.unlockedAt]));
  const byGame = gamesOf(matches.data?.matches ?? []);
  return (
    <div className="page profile">
      <header className="profile-head">
        <span className="avatar" style={{ background: p.avatarColor ?? '#2a8a60' }} aria-hidden="true">{(p.displayName || p.username).slice(0, 1).toUpperCase()}</span>
        <div>
          <h1>{p.displayName || p.username}</h1>
          <p className="muted">@{p.username}</p>
        </div>
        <p className="big-rating"><span className="muted">Rating</span> <b data-testid="profile-rating">{p.rating}</b></p>
        {mine && <Link className="button" to={paths.settings()}>Edit profile and account</Link>}
      </header>

      <section className="card" aria-labelledby="hist-h">
        <h2 id="hist-h">Rating history</h2>
        {history.error && <p className="error" role="alert">{history.error}</p>}
        {history.data && <RatingChart points={history.data.points} />}
      </section>

      <div className="lobby-grid">
        <section className="card" aria-labelledby="stats-h">
          <h2 id="stats-h">Games</h2>
          <p>
            {p.matches} matches · {p.wins} wins · win rate {winRate(p.wins, p.matches)}
          </p>
          {byGame.length > 0 && (
            <table className="board">
              <caption className="visually-hidden">Win rate by game (recent matches)</caption>
              <thead><tr><th scope="col">Game</th><th scope="col">Played</th><th scope="col">Won</th><th scope="col">Win rate</th></tr></thead>
              <tbody>
                {byGame.map((g) => (
                  <tr key={g.game}><td>{gameName(g.game)}</td><td>{g.played}</td><td>{g.wins}</td><td>{winRate(g.wins, g.played)}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card" aria-labelledby="ach-h">
          <h2 id="ach-h">Achievements</h2>
          <ul className="achievements">
            {ACHIEVEMENTS.map((a) => (
              <li key={a.id} className={earned.has(a.id) ? 'earned' : 'locked'} title={a.trigger}>
                <span aria-hidden="true">{earned.has(a.id) ? '★' : '☆'}</span> {a.name}
                <span className="muted"> {earned.has(a.id) ? `· ${ago(earned.get(a.id)!)}` : '· locked'}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>

      <section className="card" aria-labelledby="pm-h">
        <h2 id="pm-h">Recent matches</h2>
        {matches.error && <p className="error" role="alert">{matches.error}</p>}
        {matches.data?.matches.length === 0 && <p className="muted">No finished matches yet.</p>}
        <ul className="plain">
          {(matches.data?.matches ?? []).slice(0, 15).map((m) => (
            <li key={m.id} className="row tight">
              <span className={m.result === 'win' ? 'win' : 'loss'}>{m.result === 'win' ? 'Won' : 'Lost'}</span>
              <span>
                vs {m.opponent.userId ? <Link to={paths.player(m.opponent.userId)}>{m.opponent.name}</Link> : m.opponent.name ?? '?'} · {gameName(m.game)} {m.mode} · {scoreLine(m.score)}
              </span>
              {m.ratingChange !== null && <span className="muted">{ratingDelta(m.ratingChange)}</span>}
              <span className="muted">{ago(m.finishedAt)}</span>
              <Link to={paths.replay(m.id)}>Replay</Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function gamesOf(ms: MyMatch[]) {
  const by = new Map<string, { game: string; played: number; wins: number }>();
  for (const m of ms) {
    const g = by.get(m.game) ?? { game: m.game, played: 0, wins: 0 };
    g.played++;
    if (m.result === 'win') g.wins++;
    by.set(m.game, g);
  }
  return [...by.values()];
}

function RatingChart({ points }: { points: RatingPoint[] }) {
  if (points.length === 0) return <p className="muted">No rated matches yet: the chart starts with the first ranked match.</p>;
  const W = 640;
  const H = 180;
  const L = 44;
  const values = [points[0]!.before, ...points.map((p) => p.after)];
  const { points: pts, min, max } = chartPoints(values, W - L, H);
  const y = (v: number) => 8 + ((max - v) * (H - 16)) / (max - min);
  const d = pts.map((p, i) => `${i ? 'L' : 'M'}${(p.x + L).toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
  const last = points[points.length - 1]!;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Rating from ${values[0]} to ${last.after} over ${points.length} rated matches`} data-testid="rating-chart">
        {niceTicks(min, max).map((t) => (
          <g key={t}>
            <line x1={L} x2={W} y1={y(t)} y2={y(t)} className="grid" />
            <text x={L - 6} y={y(t) + 4} textAnchor="end" className="tick">{t}</text>
          </g>
        ))}
        <path d={d} className="line" />
        {pts.map((p, i) => (
          <circle key={i} cx={p.x + L} cy={p.y} r={3.5} className={i === 0 ? 'dot start' : points[i - 1]!.result === 'win' ? 'dot win' : 'dot loss'}>
            <title>{i === 0 ? `Start: ${p.value}` : `${gameName(points[i - 1]!.game)}, ${points[i - 1]!.result ?? ''}: ${points[i - 1]!.before} → ${p.value}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption className="muted">
        {points.length} rated {points.length === 1 ? 'match' : 'matches'}; last: {ratingDelta(last.after - last.before)} ({gameName(last.game)}, {ago(last.at)})
      </figcaption>
    </figure>
  );
}
