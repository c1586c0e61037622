// /leaderboard[?game=…&page=N]: all games or one (ratings are one Elo across games; a game's board
// lists those who played it rated, with their record in it), 20 a page, and your own rank.
import { GAME_KINDS } from '@dojopool/shared/rules/registry.ts';
import { Link, useLocation } from 'react-router';
import { leaderboard, playerRank } from '../net/api.ts';
import { gameName, winRate } from '../app/format.ts';
import { useLoad, useSession, useTitle } from '../app/hooks.ts';
import { pageParam, paths } from '../app/paths.ts';

const PER_PAGE = 20;

export function LeaderboardScreen() {
  const { search } = useLocation();
  const q = new URLSearchParams(search);
  const game = GAME_KINDS.find((g) => g === q.get('game'));
  const page = pageParam(search);
  const session = useSession();
  useTitle(game ? `${gameName(game)} leaderboard` : 'Leaderboard');
  // One more than a page: whether there is a next page.
  const board = useLoad(() => leaderboard({ limit: PER_PAGE + 1, offset: (page - 1) * PER_PAGE, game }), [game, page]);
  const rank = useLoad(() => (session ? playerRank(session.user.id) : Promise.resolve(null)), [session?.user.id]);
  const rows = board.data?.players.slice(0, PER_PAGE) ?? [];
  const more = (board.data?.players.length ?? 0) > PER_PAGE;
  return (
    <div className="page">
      <h1>Leaderboard</h1>
      <nav className="row tabs" aria-label="Game">
        <Link to={paths.leaderboard()} aria-current={!game ? 'page' : undefined} className={!game ? 'selected button' : 'button'}>All games</Link>
        {GAME_KINDS.map((g) => (
          <Link key={g} to={paths.leaderboard(g)} aria-current={game === g ? 'page' : undefined} className={game === g ? 'selected button' : 'button'}>{gameName(g)}</Link>
        ))}
      </nav>
      {session && rank.data && (
        <p className="card slim" data-testid="my-rank">
          {rank.data.rank ? <>You are <b>#{rank.data.rank}</b> overall with <b>{rank.data.rating}</b>.</> : 'Play a ranked match to get a rank.'}
        </p>
      )}
      {board.error && <p className="error" role="alert">{board.error}</p>}
      <table className="board card">
        <caption className="visually-hidden">{game ? gameName(game) : 'All games'}, page {page}</caption>
        <thead>
          <tr><th scope="col">#</th><th scope="col">Player</th><th scope="col">Rating</th><th scope="col">{game ? 'Played' : 'Matches'}</th><th scope="col">Won</th><th scope="col">Win rate</th></tr>
        </thead>
        <tbody>
          {board.loading && !board.data ? (
            <tr><td colSpan={6} className="muted">Loading…</td></tr>
          ) : rows.length === 0 ? (
            <tr><td colSpan={6} className="muted">{game ? `No rated ${gameName(game)} matches yet.` : 'No rated players yet: the ranked queue makes the first.'}</td></tr>
          ) : (
            rows.map((p) => (
              <tr key={p.userId} className={p.userId === session?.user.id ? 'me' : ''}>
                <td>{p.rank}</td>
                <td><Link to={paths.player(p.userId)}>{p.displayName || p.username}</Link></td>
                <td><b>{p.rating}</b></td>
                <td>{p.matches}</td>
                <td>{p.wins}</td>
                <td>{winRate(p.wins, p.matches)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <nav className="row pager" aria-label="Pages">
        {page > 1 ? <Link className="button" to={paths.leaderboard(game, page - 1)}>← Previous</Link> : <span />}
        <span className="muted">Page {page}</span>
        {more && <Link className="button" to={paths.leaderboard(game, page + 1)}>Next →</Link>}
      </nav>
    </div>
  );
}
