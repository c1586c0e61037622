// Small pieces the social screens share: a presence dot with its label (and the Watch link when the
// friend is at a table), a button that asks once more before doing something that cannot be undone,
// an unread badge, and an action runner that shows the server's error where the action was.
import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { SocialPresence } from '@dojopool/shared/protocol/social.ts';
import { errorText } from '../app/hooks.ts';
import { paths } from '../app/paths.ts';
import { badgeText, presenceLabel } from './model.ts';

export function Presence({ presence, name }: { presence: SocialPresence | null | undefined; name: string }) {
  const p = presenceLabel(presence);
  return (
    <span className={`presence ${p.status}`} data-testid="presence" data-status={p.status}>
      <span className="presence-dot" aria-hidden="true" />
      <span>{p.text}</span>
      {p.watchRoomId && (
        <Link className="button small watch" to={paths.watch(p.watchRoomId)} aria-label={`Watch ${name}'s table`}>
          Watch
        </Link>
      )}
    </span>
  );
}

export function UnreadBadge({ n, label = 'unread' }: { n: number; label?: string }) {
  const t = badgeText(n);
  return t ? <span className="count-badge" aria-label={`${n} ${label}`}>{t}</span> : null;
}

/** A destructive button that asks "sure?" in place (no browser dialog). */
export function ConfirmButton({ children, confirm, onConfirm, disabled, className }: { children: ReactNode; confirm: string; onConfirm(): void; disabled?: boolean; className?: string }) {
  const [asking, setAsking] = useState(false);
  if (!asking) return <button className={className} onClick={() => setAsking(true)} disabled={disabled}>{children}</button>;
  return (
    <span className="confirm" role="group" aria-label={confirm}>
      <span className="small">{confirm}</span>
      <button className={`danger ${className ?? ''}`} autoFocus onClick={() => (setAsking(false), onConfirm())}>Yes</button>
      <button className={className} onClick={() => setAsking(false)}>No</button>
    </span>
  );
}

/** Runs one action at a time and keeps its error for the screen to show. */
export function useAction(): { busy: string | null; error: string | null; clear(): void; run(what: string, f: () => Promise<unknown>): Promise<boolean> } {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return {
    busy,
    error,
    clear: () => setError(null),
    async run(what, f) {
      setBusy(what);
      setError(null);
      try {
        await f();
        return true;
      } catch (e) {
        setError(errorText(e));
        return false;
      } finally {
        setBusy(null);
      }
    },
  };
}

/** A success line that goes by itself after a few seconds. */
export function useNote(): [string | null, (text: string | null) => void] {
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    if (!note) return;
    const t = setTimeout(() => setNote(null), 6000);
    return () => clearTimeout(t);
  }, [note]);
  return [note, setNote];
}

/** A player's handle beside their display name (nothing when they have none: the name is the handle). */
export const Handle = ({ user }: { user: { username: string; displayName: string | null } }) => (user.displayName ? <span className="muted small">@{user.username}</span> : null);

/** Sign-in needed: what the social screens show a guest. */
export function NeedsAccount({ title }: { title: string }) {
  return (
    <div className="page">
      <h1>{title}</h1>
      <p className="card">
        Friends, messages, clans and challenges need an account. <Link to={paths.lobby()}>Log in or create one in the lobby</Link>.
      </p>
    </div>
  );
}
