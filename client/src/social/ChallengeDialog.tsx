// "Challenge a friend or clan mate": the game and the race (casual only: rated games come from the
// ranked queue, where nobody picks their opponent), then the sent challenge with its countdown and a
// cancel. When the other player accepts, the shell takes this player to the new table.
import { ROOM_LIMITS } from '@dojopool/shared/protocol/join.ts';
import { SOCIAL_LIMITS } from '@dojopool/shared/protocol/social.ts';
import { GAME_KINDS, gameLabel, isGameKind } from '@dojopool/shared/rules/registry.ts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorText } from '../app/hooks.ts';
import { challenge, dropChallenge } from './api.ts';
import { useSocial } from './live.ts';
import { countdown, secondsLeft, type ChallengeView } from './model.ts';

const RACES = [1, 3, 5, 7, 9].filter((n) => n >= ROOM_LIMITS.raceTo.min && n <= ROOM_LIMITS.raceTo.max);

export function ChallengeDialog({ username, name, onClose }: { username: string; name: string; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [game, setGame] = useState<string>(GAME_KINDS[0]);
  const [raceTo, setRaceTo] = useState(3);
  const [sent, setSent] = useState<{ c: ChallengeView; skewMs: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const live = useSocial();
  const declined = !!sent && live.notifications.list.some((n) => n.kind === 'challenge_declined' && (n.data as { challengeId?: string }).challengeId === sent.c.id);
  useEffect(() => {
    const d = ref.current!;
    if (!d.open) d.showModal();
    return () => d.close();
  }, []);
  useEffect(() => {
    if (!sent) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [sent]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const t0 = Date.now();
      const { challenge: c } = await challenge({ username, game, raceTo });
      // The server stamped createdAt while we waited: its clock minus ours, give or take the round trip.
      const skew = Date.parse(c.createdAt) - (t0 + Date.now()) / 2;
      setSent({ c, skewMs: Math.abs(skew) < 1000 ? 0 : skew });
      setNow(Date.now());
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const cancel = async () => {
    if (sent) await dropChallenge(sent.c.id).catch(() => undefined);
    onClose();
  };
  const left = sent ? secondsLeft(sent.c.expiresAt, now, sent.skewMs) : SOCIAL_LIMITS.challengeTtlS;
  return (
    <dialog ref={ref} className="social-dialog" aria-labelledby="challenge-title" onCancel={(e) => (e.preventDefault(), sent ? undefined : onClose())}>
      <h2 id="challenge-title">Challenge {name}</h2>
      {!sent ? (
        <form onSubmit={submit}>
          <div className="row">
            <label className="field inline">
              <span>Game</span>
              <select value={game} onChange={(e) => isGameKind(e.target.value) && setGame(e.target.value)}>
                {GAME_KINDS.map((k) => <option key={k} value={k}>{gameLabel(k)}</option>)}
              </select>
            </label>
            <label className="field inline">
              <span>Race to</span>
              <select value={raceTo} onChange={(e) => setRaceTo(Number(e.target.value))}>
                {RACES.map((n) => <option key={n} value={n}>{n}</option>)}
              </select>
            </label>
          </div>
          <p className="muted small">
            Casual (not rated): rated games come from the ranked queue, where nobody picks their opponent. The challenge expires after {Math.round(SOCIAL_LIMITS.challengeTtlS / 60)} minutes.
          </p>
          {error && <p className="error" role="alert">{error}</p>}
          <div className="row end">
            <button type="button" onClick={onClose}>Close</button>
            <button type="submit" className="primary" disabled={busy}>Send challenge</button>
          </div>
        </form>
      ) : (
        <div aria-live="polite">
          {declined ? (
            <p role="status">{name} declined the challenge.</p>
          ) : left > 0 ? (
            <p data-testid="challenge-sent">
              Challenge sent. Waiting for {name} to accept… <span className="muted">expires in <b>{countdown(left)}</b></span>
            </p>
          ) : (
            <p>The challenge expired without an answer.</p>
          )}
          <p className="muted small">When {name} accepts, you are both taken to the new table.</p>
          <div className="row end">
            {left > 0 && !declined ? <button onClick={() => void cancel()}>Cancel the challenge</button> : <button onClick={onClose}>Close</button>}
          </div>
        </div>
      )}
    </dialog>
  );
}
