// The rules entry points the match room calls: createGame, judge (after every shot), choose (an
// option the rules offered: 3.3(d)–(f), 2.4, 9.4, 9.7), timeFoul (shot clock: a standard foul,
// 1.5/6.14), concede. Dispatches through the game registry (registry.ts) to the game's judge; an
// unknown kind is a RuleError, never another game's judge. Pure: state in, new state out.
import { addBall, copyState, countFoul, endRack, other, ruling } from './common.ts';
import { fullRack, GAME_KINDS, gameDef, GAMES, isGameKind } from './registry.ts';
import { validateSummary } from './summary.ts';
import { RuleError, type GameKind, type GameOptions, type GameState, type OptionId, type Ruling, type Seat, type ShotSummary } from './types.ts';

/**
 * Defaults. breakScratchKitchen = true: RULES.md marks the scratch-on-a-legal-break clause as
 * unverified and asks for the WPA reading or the more common one; the secondary summaries of the
 * WPA rule put the cue ball behind the head string (as 3.3(f) does explicitly for 8 + scratch), only
 * one source says anywhere. Rooms may set false for "every foul is ball in hand anywhere" (1.5).
 */
export const DEFAULT_GAME_OPTIONS: GameOptions = { callAllShots: false, breakScratchKitchen: true };

const isSeat = (p: unknown): p is Seat => p === 0 || p === 1;

export function createGame(
  game: GameKind,
  players: [string, string],
  opts?: { breaker?: Seat; callAllShots?: boolean; breakScratchKitchen?: boolean },
): GameState {
  const def = gameDef(game); // RuleError('bad-game') for an unknown kind
  if (!Array.isArray(players) || players.length !== 2 || players.some((p) => typeof p !== 'string')) {
    throw new RuleError('bad-players', 'players must be two names');
  }
  const breaker = opts?.breaker ?? 0;
  if (!isSeat(breaker)) throw new RuleError('bad-seat', 'breaker must be 0 or 1');
  return {
    game,
    players: [players[0], players[1]],
    options: {
      callAllShots: opts?.callAllShots ?? DEFAULT_GAME_OPTIONS.callAllShots,
      breakScratchKitchen: opts?.breakScratchKitchen ?? DEFAULT_GAME_OPTIONS.breakScratchKitchen,
    },
    turn: breaker,
    breaker,
    onTable: fullRack(game),
    groups: [null, null],
    open: def.groups,
    isBreak: true,
    fouls: [0, 0],
    pushOutAvailable: false,
    ballInHand: 'kitchen', // the break is from behind the head string (2.3, 3.3)
    pending: null,
    shotCount: 0,
    rackOver: false,
    winner: null,
  };
}

function assertLive(state: GameState): void {
  if (!state || !isGameKind(state.game)) throw new RuleError('bad-state', `not a GameState (game ${JSON.stringify(state?.game)})`);
  if (state.turn !== 0 && state.turn !== 1) throw new RuleError('bad-state', 'state.turn must be 0 or 1');
  if (!Array.isArray(state.onTable)) throw new RuleError('bad-state', 'state.onTable must be an array');
  if (state.rackOver) throw new RuleError('rack-over', 'the rack is over');
}

/**
 * Fill fields a hand-built or older state may lack with their createGame defaults, so judge works
 * on any state with game, players, turn and onTable.
 */
function normalize(state: GameState): GameState {
  const base = createGame(state.game, state.players ?? ['', ''], { breaker: state.breaker ?? state.turn });
  const groups = state.groups ?? base.groups;
  return {
    ...base,
    ...state,
    options: { ...DEFAULT_GAME_OPTIONS, ...(state.options ?? {}) },
    groups,
    open: gameDef(state.game).groups && groups[0] === null && groups[1] === null,
    fouls: state.fouls ?? [0, 0],
    pending: state.pending ?? null,
    ballInHand: state.ballInHand ?? null,
    pushOutAvailable: state.pushOutAvailable ?? false,
    isBreak: state.isBreak ?? false,
    shotCount: state.shotCount ?? 0,
    rackOver: state.rackOver ?? false,
    winner: state.winner ?? null,
  };
}

/** Judge one shot. Throws RuleError for a malformed summary or a shot out of turn; never otherwise. */
export function judge(state: GameState, shot: ShotSummary): Ruling {
  assertLive(state);
  state = normalize(state);
  if (state.pending) {
    throw new RuleError('choice-pending', `${state.players[state.pending.player]} must first choose: ${state.pending.options.join(', ')}`);
  }
  validateSummary(shot, state.game, state.onTable);
  const problem = shotProblem(state, shot);
  if (problem) throw problem;
  return gameDef(state.game).judge(state, shot);
}

/**
 * Why the game does not allow this shot as announced (push out, call, safety), or null. The engine
 * asks before it simulates, judge again before it judges, so both refuse the same shots:
 * - a push out only where the game has one and only right after a foul-free break (2.4, 9.4);
 * - safety only in games that call every shot (9.6), and not together with a call;
 * - games that call every shot need a call or safety on every shot after the break (9.5); the break
 *   and a push out need neither (a call sent with them is ignored).
 */
export function shotProblem(state: GameState, shot: { called?: unknown; pushOut?: boolean; safety?: boolean }): RuleError | null {
  const def = gameDef(state.game);
  if (shot.pushOut) {
    if (!def.pushOut) {
      const withPushOut = GAME_KINDS.filter((k) => GAMES[k].pushOut).map((k) => GAMES[k].label).join(' and ');
      return new RuleError('push-out-unavailable', `push outs exist only in ${withPushOut} (2.4, 9.4); ${def.label} has none`);
    }
    if (!state.pushOutAvailable) return new RuleError('push-out-unavailable', `a push out is allowed only on the shot right after a break with no foul (${def.wpaSection}.4)`);
  }
  if (shot.safety && def.callRule !== 'every-shot') return new RuleError('safety-unavailable', `${def.label} has no safety call: nothing needs calling off`);
  if (shot.safety && shot.called) return new RuleError('bad-call', 'call either a ball and a pocket or safety, not both');
  if (def.callRule === 'every-shot' && !state.isBreak && !shot.pushOut && !shot.called && !shot.safety) {
    return new RuleError('call-required', `${def.label}: call a ball and a pocket, or safety, on every shot after the break (WPA ${def.wpaSection}.5)`);
  }
  return null;
}

function rerack(s: GameState, breaker: Seat): void {
  s.onTable = fullRack(s.game);
  s.breaker = breaker;
  s.turn = breaker;
  s.isBreak = true;
  s.groups = [null, null];
  s.open = gameDef(s.game).groups;
  s.ballInHand = 'kitchen';
  s.pushOutAvailable = false;
  s.pending = null;
}

/** Apply an option the rules offered to `player` (state.pending). */
export function choose(state: GameState, player: Seat, option: OptionId | string): Ruling {
  assertLive(state);
  state = normalize(state);
  const p = state.pending;
  if (option === 'push-out') throw new RuleError('option-not-offered', 'a push out is a shot: send it as a shot with pushOut: true, not as a choice');
  if (!p) throw new RuleError('no-choice', 'no choice is pending');
  if (player !== p.player) throw new RuleError('option-not-offered', `the choice belongs to ${state.players[p.player]}, not ${state.players[player] ?? player}`);
  if (!(p.options as string[]).includes(option)) {
    throw new RuleError('option-not-offered', `option ${JSON.stringify(option)} is not offered; choose one of ${p.options.join(', ')}`);
  }
  const s = copyState(state);
  s.pending = null;
  const name = s.players;
  const me = player;
  switch (option as OptionId) {
    case 'accept-table':
      s.turn = me;
      s.isBreak = false;
      s.ballInHand = p.ballInHand;
      return ruling(s, { foul: null, reason: `${name[me]} accepts the table${p.ballInHand ? ` with ball in hand${p.ballInHand === 'kitchen' ? ' behind the head string' : ''}` : ''}`, rule: '3.3(d)' });
    case 'rerack':
      rerack(s, me);
      return ruling(s, { foul: null, reason: `Re-rack — ${name[me]} breaks`, rule: '3.3(d)', rerack: true });
    case 'rerack-opponent-breaks':
      rerack(s, other(me));
      return ruling(s, { foul: null, reason: `Re-rack — ${name[other(me)]} breaks again`, rule: '3.3(d)', rerack: true });
    case 'spot-eight': {
      s.onTable = addBall(s.onTable, 8);
      s.turn = me;
      s.isBreak = false;
      s.ballInHand = p.ballInHand; // 3.3(f): behind the head string; 3.3(e): the cue ball where it lies
      const rule = p.kind === 'eight-on-break-foul' ? '3.3(f)' : '3.3(e)';
      const how = p.kind === 'eight-on-break-foul' ? ' with ball in hand behind the head string' : ' and continues';
      return ruling(s, { foul: null, reason: `The 8 is spotted — ${name[me]} shoots${how}; table open`, rule, respot: [8] });
    }
    case 'rebreak':
      rerack(s, me);
      return ruling(s, { foul: null, reason: `Re-rack — ${name[me]} breaks`, rule: p.kind === 'eight-on-break-foul' ? '3.3(f)' : '3.3(e)', rerack: true });
    case 'shoot':
    case 'pass-back': {
      // After a push out (2.4, 9.4) or a wrongly pocketed ball (10-ball 9.7): the chooser takes the
      // table as it lies, or hands it back to the player who just shot.
      const after = p.kind === 'uncalled-pocket' ? 'the wrongly pocketed ball' : 'the push out';
      const rule = p.kind === 'uncalled-pocket' ? '9.7' : `${gameDef(s.game).wpaSection}.4`; // 2.4 / 9.4
      if (option === 'shoot') {
        s.turn = me;
        return ruling(s, { foul: null, reason: `${name[me]} shoots after ${after}`, rule });
      }
      s.turn = other(me);
      return ruling(s, { foul: null, reason: `${name[me]} passes the shot back — ${name[other(me)]} shoots`, rule });
    }
  }
  throw new RuleError('option-not-offered', `unknown option ${JSON.stringify(option)}`);
}

/**
 * The shot clock ran out on the shooter: a standard foul ('time'). Ball in hand anywhere for the
 * opponent (1.5); counts toward three fouls in 9-ball (6.14). Pinned: on a break shot the break
 * passes to the opponent (cue ball behind the head string), the rack untouched.
 */
export function timeFoul(state: GameState): Ruling {
  assertLive(state);
  state = normalize(state);
  if (state.pending) throw new RuleError('choice-pending', 'a choice is pending, not a shot');
  const s = copyState(state);
  const me = s.turn;
  const opp = other(me);
  s.shotCount += 1;
  s.pushOutAvailable = false;
  const name = s.players;
  let warning: string | undefined;
  if (gameDef(s.game).threeFoulRule) {
    const r = countFoul(state, s, me);
    if (r.lost) {
      endRack(s, opp);
      return ruling(s, { foul: 'time', fouls: ['time'], reason: `Foul: shot clock expired — third consecutive foul by ${name[me]}: ${name[opp]} wins the rack`, rule: '6.14' });
    }
    warning = r.warning;
  } else s.fouls[me] += 1;
  s.turn = opp;
  if (s.isBreak) {
    s.breaker = opp;
    s.ballInHand = 'kitchen';
    return ruling(s, { foul: 'time', fouls: ['time'], reason: `Foul: shot clock expired on the break — ${name[opp]} breaks${warning ? `. Warning: ${warning}` : ''}`, rule: '1.5', warning });
  }
  s.ballInHand = 'table';
  return ruling(s, { foul: 'time', fouls: ['time'], reason: `Foul: shot clock expired — ball in hand for ${name[opp]}${warning ? `. Warning: ${warning}` : ''}`, rule: '1.5', warning });
}

/** `player` concedes the rack; the opponent wins it. */
export function concede(state: GameState, player: Seat): Ruling {
  assertLive(state);
  state = normalize(state);
  if (!isSeat(player)) throw new RuleError('bad-seat', 'player must be 0 or 1');
  const s = copyState(state);
  endRack(s, other(player));
  return ruling(s, { foul: null, reason: `${s.players[player]} concedes — ${s.players[other(player)]} wins the rack`, rule: '1 (general rules: concession)' });
}
