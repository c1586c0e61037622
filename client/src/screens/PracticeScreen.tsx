// /practice and /practice/:code: the practice table (views/practice.ts, in the browser only), optionally
// at a saved position. The view writes its saved position into the fragment (#/practice/<code>); the
// shell maps such a link to /practice/<code>.
import { useEffect, useRef } from 'react';
import { useNavigate, useParams } from 'react-router';
import { mountPractice } from '../views/practice.ts';
import { useTitle } from '../app/hooks.ts';
import { paths } from '../app/paths.ts';

export function PracticeScreen() {
  const code = useParams().code ?? null;
  const navigate = useNavigate();
  const ref = useRef<HTMLDivElement>(null);
  useTitle('Practice');
  useEffect(() => {
    if (!ref.current) return;
    return mountPractice(ref.current, code, () => navigate(paths.lobby()));
  }, [code, navigate]);
  return (
    <div className="table-screen">
      <div className="table-host" ref={ref} />
    </div>
  );
}
