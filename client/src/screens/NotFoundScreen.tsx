import { Link, useLocation } from 'react-router';
import { useTitle } from '../app/hooks.ts';
import { paths } from '../app/paths.ts';

export function NotFoundScreen() {
  useTitle('Not found');
  return (
    <section className="page">
      <h1>Nothing here</h1>
      <p>There is no page at <code>{useLocation().pathname}</code>.</p>
      <Link className="button primary" to={paths.lobby()}>To the lobby</Link>
    </section>
  );
}
