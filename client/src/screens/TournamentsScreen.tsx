// /tournaments and /tournaments/:id: real addresses now; the tournament issue fills them (brackets,
// sign-up, matches). Until the server has tournaments over REST, they say so.
import { Link, useParams } from 'react-router';
import { useTitle } from '../app/hooks.ts';
import { paths } from '../app/paths.ts';

export function TournamentsScreen() {
  const id = useParams().id;
  useTitle(id ? 'Tournament' : 'Tournaments');
  return (
    <section className="page" aria-labelledby="t-h">
      <h1 id="t-h">{id ? `Tournament ${id}` : 'Tournaments'}</h1>
      <div className="card">
        <p>Tournaments are coming: brackets, sign-up and tournament tables will live here.</p>
        <p className="muted">Until then, play ranked from the lobby to climb the leaderboard.</p>
        <div className="row">
          <Link className="button primary" to={paths.lobby()}>To the lobby</Link>
          <Link className="button" to={paths.leaderboard()}>Leaderboard</Link>
        </div>
      </div>
    </section>
  );
}
