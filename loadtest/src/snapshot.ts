// What a bot knows of its table, rebuilt from what any client receives: the synced MatchState (balls,
// turn, ball in hand, groups, fouls, offered options, break / open table / push-out flags, score). The
// shared chooser wants the engine's TableSnapshot, so this fills one in from those fields: the rules'
// GameState comes from createGame() with every synced field laid over it. What the room does not
// sync (who broke the rack, the kind of a pending choice, callAllShots) is inferred: the breaker is
// the player to act on a break, the pending kind follows from the options offered, and bots never set
// callAllShots. The chooser only uses the snapshot to search and to build an intent the room accepts;
// the room judges the real table.
import { createGame, createMatch, type GameKind, type GameState, type OptionId, type PendingChoice, type Seat, type TableSnapshot } from '@dojopool/shared';

/** The synced fields read here (a structural view of shared/state MatchStateSchema). */
export type SyncedTable = {
  matchId: string;
  phase: string;
  game: string;
  raceTo: number;
  turn: number;
  ballInHand: string;
  isBreak: boolean;
  openTable: boolean;
  pushOutAvailable: boolean;
  shotSeq: number;
  rack: number;
  winner: number;
  balls: Iterable<{ id: number; x: number; y: number; pocketed: boolean }>;
  score: Iterable<number>;
  options: Iterable<string>;
  players: Iterable<{ name: string; group: string; fouls: number } | undefined>;
};

const ILLEGAL_BREAK: OptionId[] = ['accept-table', 'rerack', 'rerack-opponent-breaks'];
const EIGHT_ON_BREAK: OptionId[] = ['spot-eight', 'rebreak'];

function pendingOf(options: string[], turn: Seat): PendingChoice | null {
  const choices = options.filter((o) => o !== 'push-out') as OptionId[];
  if (choices.length === 0) return null;
  const kind: PendingChoice['kind'] = choices.some((o) => ILLEGAL_BREAK.includes(o))
    ? 'illegal-break'
    : choices.some((o) => EIGHT_ON_BREAK.includes(o))
      ? 'eight-on-break'
      : 'push-out';
  return { kind, player: turn, options: choices, ballInHand: null };
}

const seatOf = (n: number): Seat => (n === 1 ? 1 : 0);
const groupOf = (g: string | undefined) => (g === 'solids' || g === 'stripes' ? g : null);

export function snapshotOf(st: SyncedTable): TableSnapshot {
  const game = st.game as GameKind;
  const players = Array.from(st.players, (p) => p ?? { name: '', group: '', fouls: 0 });
  const names: [string, string] = [players[0]?.name || 'seat 0', players[1]?.name || 'seat 1'];
  const turn = seatOf(st.turn);
  const balls = Array.from(st.balls, (b) => ({ id: b.id, x: b.x, y: b.y, pocketed: b.pocketed }));
  const fresh = createGame(game, names, { breaker: turn });
  const current: GameState = {
    ...fresh,
    turn,
    breaker: turn,
    onTable: balls.filter((b) => b.id !== 0 && !b.pocketed).map((b) => b.id).sort((a, b) => a - b),
    groups: [groupOf(players[0]?.group), groupOf(players[1]?.group)],
    open: fresh.open && st.openTable,
    isBreak: st.isBreak,
    fouls: [players[0]?.fouls ?? 0, players[1]?.fouls ?? 0],
    pushOutAvailable: st.pushOutAvailable,
    ballInHand: st.ballInHand === 'table' || st.ballInHand === 'kitchen' ? st.ballInHand : null,
    pending: pendingOf(Array.from(st.options), turn),
  };
  const match = createMatch({ game, players: names, raceTo: Math.max(1, st.raceTo), breakRule: 'alternate', breaker: turn });
  const score = Array.from(st.score);
  return {
    v: 1,
    matchId: st.matchId,
    tableSize: '9ft',
    match: { ...match, score: [score[0] ?? 0, score[1] ?? 0], rack: st.rack, current, winner: st.winner === 0 || st.winner === 1 ? st.winner : null },
    balls,
    seq: st.shotSeq,
    rackCount: 0,
    rackShots: [],
    racks: [],
  };
}
