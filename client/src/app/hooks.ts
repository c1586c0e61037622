// Small hooks every screen shares: the session (logged in or not, kept current), a REST load whose
// error belongs to the screen that asked (and goes when the screen does), and the document title.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError, getSession, onSession, type Session } from '../net/api.ts';
import { joinProblem } from '../net/join-errors.ts';

export function useSession(): Session | null {
  return useSyncExternalStore(
    (cb) => {
      const off = onSession(() => cb());
      return () => void off();
    },
    getSession,
  );
}

/** A failure as the player reads it: REST errors carry their message; a refused join reads by its code. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof TypeError && /fetch/i.test(e.message)) return 'The server cannot be reached: check your connection';
  return e instanceof Error || typeof e === 'string' ? joinProblem(e).text : String(e);
}

export type Load<T> = { data: T | null; error: string | null; loading: boolean; reload(): void };

/** Loads `fetcher()` when `key` changes; a stale answer (the key moved on, the screen left) is dropped. */
export function useLoad<T>(fetcher: () => Promise<T>, key: unknown[]): Load<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [n, setN] = useState(0);
  const f = useRef(fetcher);
  f.current = fetcher;
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    f.current().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (e) => live && setState({ data: null, error: errorText(e), loading: false }),
    );
    return () => void (live = false);
  }, [...key, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { ...state, reload };
}

export function useTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · DojoPool` : 'DojoPool';
  }, [title]);
}
