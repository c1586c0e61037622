// Mirrors a table engine snapshot (and the last ruling) into the synced room state. Only fields that
// changed produce bytes in the next patch, since @colyseus/schema tracks assignments per field.
import { offeredOptions, type Ruling, type Seat, type ShotMessage, type ShotOutcome, type TableSnapshot } from '@dojopool/shared';
import { BallSchema, type MatchStateSchema } from '@dojopool/shared/state/match-state.ts';

export function syncMatchState(st: MatchStateSchema, s: TableSnapshot, ruling: Ruling | null, reason?: string): void {
  const cur = s.match.current;
  while (st.balls.length > s.balls.length) st.balls.pop();
  s.balls.forEach((b, i) => {
    let sb = st.balls[i];
    if (!sb) {
      sb = new BallSchema();
      st.balls.push(sb);
    }
    sb.id = b.id;
    sb.x = b.x;
    sb.y = b.y;
    sb.pocketed = b.pocketed;
  });
  st.turn = cur.turn;
  st.ballInHand = cur.ballInHand ?? '';
  st.score[0] = s.match.score[0];
  st.score[1] = s.match.score[1];
  st.rack = s.match.rack;
  st.isBreak = cur.isBreak;
  st.openTable = cur.open;
  st.pushOutAvailable = cur.pushOutAvailable;
  st.shotSeq = s.seq;
  // What the player to act may choose, and 'push-out' when the next shot may be one (the rules' list).
  const opts = s.match.winner === null ? offeredOptions(cur) : [];
  st.options.splice(0, st.options.length, ...opts);
  for (const seat of [0, 1] as const) {
    const p = st.players[seat];
    if (!p) continue;
    p.group = cur.groups[seat] ?? '';
    p.fouls = cur.fouls[seat];
  }
  if (ruling) {
    st.reason = ruling.reason;
    st.foul = ruling.foul ?? '';
  } else if (reason) {
    st.reason = reason;
    st.foul = '';
  }
  if (s.match.winner !== null) {
    st.winner = s.match.winner;
    st.phase = 'finished';
    st.shotClock = 0;
  }
}

/**
 * The broadcast every client animates a shot from: the stroke and the starting positions. Clients
 * re-simulate with the same deterministic physics, which yields the events too, so they are not sent.
 */
export function shotMessage(seat: Seat, out: ShotOutcome): ShotMessage {
  return {
    seq: out.snapshot.seq,
    seat,
    stroke: out.stroke,
    start: out.start.map((b) => (b.id === 0 ? b : { id: b.id, x: b.x, y: b.y, ...(b.pocketed ? { pocketed: true } : {}) })) as ShotMessage['start'],
    duration: out.result.duration,
    ...(out.summary.called ? { called: out.summary.called } : {}),
    ...(out.summary.safety ? { safety: true as const } : {}),
    ...(out.summary.pushOut ? { pushOut: true as const } : {}),
    foul: out.ruling.foul,
    reason: out.ruling.reason,
  };
}
