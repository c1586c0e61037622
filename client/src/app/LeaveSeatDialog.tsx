// The game's own "leave the match?" dialog, shown when any navigation (the back button, a link, an
// edited address) would take a seated player away from a match being played. A native <dialog> opened
// as a modal: focus starts on "Stay", Esc stays.
import { useEffect, useRef } from 'react';

export function LeaveSeatDialog({ onStay, onLeave }: { onStay(): void; onLeave(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current!;
    if (!d.open) d.showModal();
    return () => d.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="leave-dialog"
      aria-labelledby="leave-title"
      aria-describedby="leave-text"
      onCancel={(e) => {
        e.preventDefault();
        onStay();
      }}
    >
      <h2 id="leave-title">Leave this match?</h2>
      <p id="leave-text">You are playing. Leaving the table forfeits the match.</p>
      <div className="row end">
        <button className="primary" autoFocus onClick={onStay}>Stay at the table</button>
        <button className="danger" onClick={onLeave}>Leave and forfeit</button>
      </div>
    </dialog>
  );
}
