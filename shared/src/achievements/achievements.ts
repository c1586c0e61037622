// Achievements: the catalogue and pure predicates over a finished match (its racks and shots) and
// the player's history before it. Triggers follow RULES.md "Achievements", pinned precisely below.
// Rule references: break legality 2.3/3.3/9.3, spotting the 8 on the break 3.3(e), push out 2.4/9.4,
// winning shots 2.5/3.6/9.5, 10-ball's wrongly pocketed ball option 9.7. Which game-specific
// achievements a game awards, and its money ball, come from the game registry: 10-ball awards none of
// the break ones (the 10 is spotted on the break, 9.3) but every general one.
import { gameDef, type GameAchievement } from '../rules/registry.ts';
import type { FoulCode, GameKind, GameState, Ruling, Seat, ShotSummary } from '../rules/types.ts';

export type AchievementId =
  | 'first-win'
  | 'break-and-run'
  | 'run-out'
  | 'golden-break'
  | 'nine-on-the-break'
  | 'eight-on-the-break'
  | 'combo-win'
  | 'win-streak-3'
  | 'win-streak-10'
  | 'comeback'
  | 'hundred-matches'
  | 'shutout'
  /** Tournament achievements: unlocked by the tournament service from the bracket's finalOutcome, not by a match. */
  | 'champion'
  | 'undefeated-champion';

/** One judged shot as the room keeps it (build with recordShot). summary null = time foul. */
export type ShotRecord = {
  shooter: Seat;
  isBreak: boolean;
  summary: ShotSummary | null;
  foul: FoulCode | null;
  pushOut: boolean;
  /** The ruling's rack winner after this shot (null while the rack goes on). */
  winner: Seat | null;
  /**
   * 10-ball 9.7: the shot wrongly pocketed a ball and the opponent got the option to shoot or hand
   * it back. The inning ended there: handed back, it is a new inning, as after a push out.
   */
  optionToOpponent?: boolean;
};

/** A finished rack. shots: every judged shot of the rack in order (re-breaks included). */
export type RackRecord = { breaker: Seat; winner: Seat; shots: ShotRecord[] };

export type FinishedMatch = {
  game: GameKind;
  raceTo: number;
  players: [string, string];
  winner: Seat;
  /** Ended by forfeit (abandonment), not by reaching raceTo. */
  forfeit: boolean;
  racks: RackRecord[];
};

/** The player's record before this match. */
export type PlayerHistory = {
  matchesPlayed: number;
  /** Lifetime racks won (any way: legal win, opponent's loss-of-rack foul, concession). */
  rackWins: number;
  /** Consecutive non-forfeit match wins up to now. */
  matchWinStreak: number;
  /** Already unlocked; never returned again. */
  unlocked?: AchievementId[];
};

export type Achievement = { id: AchievementId; name: string; trigger: string };

export const ACHIEVEMENTS: readonly Achievement[] = [
  { id: 'first-win', name: 'First Win', trigger: 'Lifetime rack wins go from 0 to 1 (any rack win counts, including by the opponent\'s loss-of-rack foul, concession or a forfeited match\'s racks already won).' },
  { id: 'break-and-run', name: 'Break and Run', trigger: 'The rack-winning inning starts with the rack\'s (last) break: a break with no foul and at least one object ball down (an 8 spotted under 3.3(e), or a 10 spotted under 9.3, counts), then at least one more shot, every shot by the breaker, no foul, no push out, ending in a legal win. A win on the break shot itself does not count.' },
  { id: 'run-out', name: 'Run-Out', trigger: 'The rack-winning inning starts after the break (after the opponent\'s miss or foul, a push out passed back, 2.4/9.4, or a wrongly pocketed ball handed back, 9.7) and ends with the player\'s legal winning shot.' },
  { id: 'golden-break', name: 'Golden Break', trigger: '9-ball: the break hits the 1 first, pockets the 9, no foul, and so wins the rack (2.5).' },
  { id: 'nine-on-the-break', name: '9 on the Break', trigger: '9-ball: the 9 drops on the player\'s break shot (legal under 2.3 because a ball was pocketed), whether it wins or a foul has it spotted (2.6).' },
  { id: 'eight-on-the-break', name: '8 on the Break', trigger: '8-ball: a break shot by the player pockets the 8 with no foul (no scratch); not a win (3.3(e)).' },
  { id: 'combo-win', name: 'Combo Win', trigger: 'The player\'s legal rack-winning shot first contacts a ball other than the money ball (9-ball, and 10-ball\'s called combination on the 10, 9.5; 8-ball requires the 8 first). A golden break counts.' },
  { id: 'win-streak-3', name: 'Hat Trick', trigger: 'This match win makes 3 consecutive match wins. Forfeit wins neither count nor reset; any loss (forfeit included) resets.' },
  { id: 'win-streak-10', name: 'Unstoppable', trigger: 'This match win makes 10 consecutive match wins (same forfeit rule as win-streak-3).' },
  { id: 'comeback', name: 'Comeback', trigger: 'Won a non-forfeit race to 3 or more after trailing 0–2 (no racks won while the opponent had two or more).' },
  { id: 'hundred-matches', name: 'Centurion', trigger: 'This is the player\'s 100th finished match (forfeits count as played).' },
  { id: 'champion', name: 'Champion', trigger: 'Won a tournament\'s deciding final (the grand-final reset when one is played; a round robin has no final, so no champion achievement). Read from the shared brackets finalOutcome by the tournament service in the final\'s finish transaction, never by a single match.' },
  { id: 'undefeated-champion', name: 'Undefeated Champion', trigger: 'Won a double-elimination tournament without losing a match (no bracket reset, championLosses 0; walkovers count as losses).' },
  { id: 'shutout', name: 'Shutout', trigger: 'Won a non-forfeit race to N ≥ 2 by N–0.' },
];

/** What the room records per judged shot: `before` is the state judge was called with. */
export function recordShot(before: GameState, shot: ShotSummary | null, ruling: Ruling): ShotRecord {
  const rec: ShotRecord = {
    shooter: before.turn,
    isBreak: before.isBreak,
    summary: shot,
    foul: ruling.foul,
    pushOut: ruling.pushOut === true,
    winner: ruling.winner,
  };
  if (ruling.state.pending?.kind === 'uncalled-pocket') rec.optionToOpponent = true;
  return rec;
}

const moneyBall = (game: GameKind) => gameDef(game).moneyBall;
const awards = (game: GameKind, id: GameAchievement) => gameDef(game).achievements.includes(id);
const objectDown = (s: ShotRecord) => (s.summary?.pocketed ?? []).filter((p) => p.ball !== 0).map((p) => p.ball);

/** The rack's last shot, if it is a legal winning shot by `player`. */
function winningShot(rack: RackRecord, player: Seat): ShotRecord | null {
  const last = rack.shots[rack.shots.length - 1];
  if (!last || rack.winner !== player || last.shooter !== player || last.winner !== player || last.foul !== null || last.pushOut) return null;
  return last;
}

/**
 * Start index of the final inning: a new inning starts at every break shot (a re-rack starts
 * over), where the shooter changes, and after a push out or a 9.7 option (2.4, 9.4, 9.7: passed
 * back, it is a new inning).
 */
function finalInningStart(shots: ShotRecord[]): number {
  let i = shots.length - 1;
  while (i > 0 && !shots[i].isBreak && shots[i - 1].shooter === shots[i].shooter && !shots[i - 1].pushOut && !shots[i - 1].optionToOpponent) i--;
  return i;
}

function lastBreakIndex(shots: ShotRecord[]): number {
  for (let i = shots.length - 1; i >= 0; i--) if (shots[i].isBreak) return i;
  return -1;
}

const rackChecks: Record<string, (rack: RackRecord, p: Seat, game: GameKind) => boolean> = {
  'break-and-run': (rack, p) => {
    if (!winningShot(rack, p)) return false;
    const b = lastBreakIndex(rack.shots);
    const start = finalInningStart(rack.shots);
    if (b < 0 || start !== b || rack.shots.length - b < 2) return false;
    const brk = rack.shots[b];
    return brk.shooter === p && brk.foul === null && objectDown(brk).length > 0 && rack.shots.slice(b).every((s) => s.foul === null && !s.pushOut);
  },
  'run-out': (rack, p) => {
    if (!winningShot(rack, p)) return false;
    const start = finalInningStart(rack.shots);
    return start > lastBreakIndex(rack.shots) && !rack.shots[start].isBreak;
  },
  'golden-break': (rack, p, game) => {
    const w = winningShot(rack, p);
    return awards(game, 'golden-break') && !!w && w.isBreak && w.summary?.firstContact === 1 && objectDown(w).includes(moneyBall(game));
  },
  'nine-on-the-break': (rack, p, game) =>
    awards(game, 'nine-on-the-break') && rack.shots.some((s) => s.isBreak && s.shooter === p && objectDown(s).includes(moneyBall(game))),
  'eight-on-the-break': (rack, p, game) =>
    awards(game, 'eight-on-the-break') && rack.shots.some((s) => s.isBreak && s.shooter === p && s.foul === null && objectDown(s).includes(moneyBall(game))),
  'combo-win': (rack, p, game) => {
    const w = winningShot(rack, p);
    return !!w && w.summary !== null && w.summary.firstContact !== moneyBall(game) && objectDown(w).includes(moneyBall(game));
  },
};

/** Score (seat 0, seat 1) after each rack. */
function scoreline(match: FinishedMatch): [number, number][] {
  const s: [number, number] = [0, 0];
  return match.racks.map((r) => {
    s[r.winner] += 1;
    return [s[0], s[1]] as [number, number];
  });
}

/** Achievements `player` newly unlocks with this finished match, in catalogue order. */
export function unlockedAchievements(match: FinishedMatch, player: Seat, history: PlayerHistory): AchievementId[] {
  const opp: Seat = player === 0 ? 1 : 0;
  const won = match.winner === player;
  const counted = won && !match.forfeit;
  const racksWon = match.racks.filter((r) => r.winner === player).length;
  const scores = scoreline(match);
  const final = scores[scores.length - 1] ?? [0, 0];
  const got = new Set<AchievementId>();
  if (history.rackWins === 0 && racksWon > 0) got.add('first-win');
  for (const rack of match.racks) {
    for (const [id, check] of Object.entries(rackChecks)) if (check(rack, player, match.game)) got.add(id as AchievementId);
  }
  if (counted && history.matchWinStreak + 1 === 3) got.add('win-streak-3');
  if (counted && history.matchWinStreak + 1 === 10) got.add('win-streak-10');
  if (counted && match.raceTo >= 3 && scores.some((s) => s[player] === 0 && s[opp] >= 2)) got.add('comeback');
  if (history.matchesPlayed + 1 === 100) got.add('hundred-matches');
  if (counted && match.raceTo >= 2 && final[player] === match.raceTo && final[opp] === 0) got.add('shutout');
  const already = new Set(history.unlocked ?? []);
  return ACHIEVEMENTS.map((a) => a.id).filter((id) => got.has(id) && !already.has(id));
}

/** The player's history after this match (the caller stores it). */
export function updateHistory(history: PlayerHistory, match: FinishedMatch, player: Seat): PlayerHistory {
  const won = match.winner === player;
  const unlocked = unlockedAchievements(match, player, history);
  return {
    matchesPlayed: history.matchesPlayed + 1,
    rackWins: history.rackWins + match.racks.filter((r) => r.winner === player).length,
    matchWinStreak: won ? (match.forfeit ? history.matchWinStreak : history.matchWinStreak + 1) : 0,
    unlocked: [...(history.unlocked ?? []), ...unlocked],
  };
}
