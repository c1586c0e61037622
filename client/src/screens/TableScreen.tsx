// /play/:roomId and /watch/:roomId: joins the table (or takes the room the lobby has just joined),
// mounts the table view in it, and stays around it: the share link and QR code while a private table
// waits, the reason a join was refused with what can be done about it, and the game's own dialog when
// navigation would take a seated player out of a live match. Leaving the screen leaves the room.
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useBlocker, useNavigate, useParams } from 'react-router';
import { refreshMe } from '../net/api.ts';
import { joinProblem, type JoinProblem } from '../net/join-errors.ts';
import { holdRoom, takeHandedOver, type HeldRoom } from '../net/room-handoff.ts';
import { joinTable } from '../net/rooms.ts';
import { mountTable } from '../views/table-2d.ts';
import { joinName } from '../app/identity.ts';
import { LeaveSeatDialog } from '../app/LeaveSeatDialog.tsx';
import { paths } from '../app/paths.ts';
import { useTitle } from '../app/hooks.ts';

// The QR code only shows while a private table waits for its second player: loaded then, not on every
// /play and /watch page (it is 7.5 kB gzipped).
const QrCode = lazy(() => import('../app/qr.tsx').then((m) => ({ default: m.QrCode })));

export function TableScreen({ spectate }: { spectate: boolean }) {
  const roomId = useParams().roomId ?? '';
  const navigate = useNavigate();
  const [held, setHeld] = useState<HeldRoom | null>(null);
  const [problem, setProblem] = useState<JoinProblem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [phase, setPhase] = useState('');
  const [privateCode, setPrivateCode] = useState('');
  const [copied, setCopied] = useState(false);
  const stageRef = useRef<HTMLDivElement>(null);
  const leaving = useRef(false);
  const current = useRef<HeldRoom | null>(null);
  useTitle(spectate ? `Watching ${roomId}` : `Table ${roomId}`);

  const adopt = useCallback((h: HeldRoom) => {
    current.current = h;
    setHeld(h);
  }, []);

  // Join (or take the handed-over room); leave when the screen goes or the table changes.
  useEffect(() => {
    let live = true;
    leaving.current = false;
    setProblem(null);
    setHeld(null);
    setPhase('');
    const handed = takeHandedOver(roomId);
    const joined = handed ? Promise.resolve(handed) : joinTable(roomId, joinName(), spectate).then(holdRoom);
    joined.then(
      (h) => (live ? adopt(h) : void h.room.leave(true).catch(() => undefined)),
      (e) => live && setProblem(joinProblem(e)),
    );
    return () => {
      live = false;
      const h = current.current;
      current.current = null;
      if (h) void h.room.leave(true).catch(() => undefined);
      // A ranked result may have moved the rating the header shows: read it again.
      void refreshMe().catch(() => undefined);
    };
  }, [roomId, spectate, attempt, adopt]);

  /** The SDK's reconnection gave up (a restarted server restores the table by id): join again for ~30 s. */
  const rejoin = useCallback(async (): Promise<boolean> => {
    for (let i = 0; i < 12; i++) {
      await new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** i, 5000)));
      if (leaving.current || !current.current) return true;
      try {
        adopt(holdRoom(await joinTable(roomId, joinName(), spectate)));
        return true;
      } catch {
        /* not back yet */
      }
    }
    return false;
  }, [roomId, spectate, adopt]);

  // Follow the phase (a live seat is guarded) and a private table's code (shared while it waits).
  useEffect(() => {
    if (!held) return;
    const read = () => {
      setPhase(String(held.room.state?.phase ?? ''));
      setPrivateCode(String(held.room.state?.privateCode ?? ''));
    };
    read();
    held.room.onStateChange(read);
    return () => held.room.onStateChange.remove(read);
  }, [held]);

  // The table itself (one line to switch when the table module moves).
  useEffect(() => {
    if (!held || !stageRef.current) return;
    const unmount = mountTable(stageRef.current, held.room, { onLeave: () => ((leaving.current = true), navigate(paths.lobby())), rejoin });
    held.release();
    return unmount;
  }, [held, navigate, rejoin]);

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => !leaving.current && !spectate && phase === 'playing' && currentLocation.pathname !== nextLocation.pathname,
  );

  if (problem) {
    const back = () => navigate(paths.lobby());
    return (
      <section className="page join-problem" aria-labelledby="jp-title">
        <h1 id="jp-title">Could not {spectate ? 'watch' : 'join'} table {roomId}</h1>
        <p role="alert">{problem.text}</p>
        <div className="row">
          {problem.remedy === 'watch' && !spectate && <button className="primary" onClick={() => navigate(paths.watch(roomId), { replace: true })}>Watch this table</button>}
          {problem.remedy === 'retry' && <button className="primary" onClick={() => setAttempt((n) => n + 1)}>Try again</button>}
          {problem.remedy === 'login' && <button className="primary" onClick={back}>Log in in the lobby</button>}
          {problem.remedy === 'queue' && <button className="primary" onClick={back}>Ranked queue in the lobby</button>}
          <button onClick={back}>Lobby</button>
        </div>
      </section>
    );
  }

  const shareUrl = `${location.origin}${paths.play(privateCode || roomId)}`;
  return (
    <div className="table-screen">
      {!spectate && phase === 'waiting' && privateCode && (
        <aside className="share" aria-label="Invite a friend">
          <Suspense fallback={<div style={{ width: 112, height: 112 }} aria-hidden />}>
            <QrCode text={shareUrl} size={112} label={`QR code for ${shareUrl}`} />
          </Suspense>
          <div>
            <p>
              Private table <b className="code">{privateCode}</b>: send this link, or let a friend scan the code.
            </p>
            <div className="row">
              <input readOnly value={shareUrl} aria-label="Share link" onFocus={(e) => e.currentTarget.select()} className="share-url" />
              <button
                onClick={() =>
                  void navigator.clipboard?.writeText(shareUrl).then(
                    () => setCopied(true),
                    () => setCopied(false),
                  )
                }
              >
                {copied ? 'Copied' : 'Copy link'}
              </button>
            </div>
          </div>
        </aside>
      )}
      {!held && <p className="page muted" aria-live="polite">{spectate ? 'Opening the table…' : 'Joining the table…'}</p>}
      <div className="table-host" ref={stageRef} />
      {blocker.state === 'blocked' && (
        <LeaveSeatDialog
          onStay={() => blocker.reset()}
          onLeave={() => {
            leaving.current = true;
            blocker.proceed();
          }}
        />
      )}
    </div>
  );
}
