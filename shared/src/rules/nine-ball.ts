// 9-ball judge (WPA 2016 rules 2.x with the fouls of 6.x): lowest ball first (2.7 → 6.2), the
// break (2.3), push out (2.4), winning with the 9 (2.5, break and combinations included), spotting
// the 9 (2.6), standard fouls with ball in hand anywhere (1.5), three consecutive fouls (6.14, 2.8).
import { afterShot, endRack, foulText, FOUL_RULE, other, ruling } from './common.ts';
import type { GameState, Ruling, Seat, ShotSummary } from './types.ts';

/** Record a foul by `me` in `next` (6.14): returns the warning text or the loss, if any. */
export function countNineFoul(s: GameState, next: GameState, me: Seat): { lost: boolean; warning?: string } {
  next.fouls[me] = s.fouls[me] + 1;
  if (next.fouls[me] >= 3) return { lost: true };
  if (next.fouls[me] === 2) {
    return { lost: false, warning: `${s.players[me]} is on two consecutive fouls: a third loses the rack (6.14)` };
  }
  return { lost: false };
}

export function judgeNine(s: GameState, shot: ShotSummary): Ruling {
  const me = s.turn;
  const opp = other(me);
  const name = s.players;
  const pushOut = shot.pushOut === true;
  const lowest = Math.min(...s.onTable);
  const { next, objDown, off, fouls } = afterShot(s, shot);
  next.pushOutAvailable = false;

  if (!pushOut) {
    // 6.2 and 6.3 are suspended on a push out (2.4).
    if (shot.firstContact === null) fouls.push('no-contact');
    else if (shot.firstContact !== lowest) fouls.push('wrong-ball-first');
    if (s.isBreak) {
      if (objDown.length === 0 && shot.objectBallsToCushion < 4) fouls.push('illegal-break');
    } else if (shot.firstContact !== null && objDown.length === 0 && !shot.cushionAfterContact) fouls.push('no-rail');
  }
  if (off.length) fouls.push('ball-off-table');
  const foul = fouls[0] ?? null;
  const nineGone = objDown.includes(9) || off.includes(9);

  if (foul) {
    const { lost, warning } = countNineFoul(s, next, me);
    if (lost) {
      endRack(next, opp);
      return ruling(next, {
        foul,
        fouls,
        reason: `Foul: ${foulText(fouls)} — third consecutive foul by ${name[me]}: ${name[opp]} wins the rack`,
        rule: '6.14',
      });
    }
    const respot = nineGone ? [9] : [];
    if (nineGone) next.onTable = [...next.onTable, 9].sort((a, b) => a - b);
    next.turn = opp;
    next.ballInHand = 'table';
    const spot = nineGone ? '; the 9 is spotted (2.6)' : '';
    return ruling(next, {
      foul,
      fouls,
      reason: `Foul: ${foulText(fouls)}${spot} — ball in hand for ${name[opp]}${warning ? `. Warning: ${warning}` : ''}`,
      rule: `${FOUL_RULE[foul]}${s.isBreak ? ', 2.3' : ''}${nineGone ? ', 2.6' : ''}, 1.5`,
      respot,
      warning,
    });
  }

  next.fouls[me] = 0;
  if (pushOut) {
    const respot = nineGone ? [9] : [];
    if (nineGone) next.onTable = [...next.onTable, 9].sort((a, b) => a - b);
    next.turn = opp;
    next.pending = { kind: 'push-out', player: opp, options: ['shoot', 'pass-back'], ballInHand: null };
    return ruling(next, {
      foul: null,
      reason: `Push out${nineGone ? ' (the 9 is spotted)' : ''} — ${name[opp]} chooses: shoot, or pass the shot back to ${name[me]}`,
      rule: nineGone ? '2.4, 2.6' : '2.4',
      respot,
      pushOut: true,
    });
  }
  if (objDown.includes(9)) {
    endRack(next, me);
    const how = s.isBreak ? ' on the break' : shot.firstContact !== 9 ? ' on a combination' : '';
    return ruling(next, { foul: null, reason: `${name[me]} pocketed the 9${how} — ${name[me]} wins the rack`, rule: '2.5' });
  }
  // The shot right after a break with no foul may be a push out (2.4).
  next.pushOutAvailable = s.isBreak;
  const po = s.isBreak ? ' (push out available)' : '';
  if (objDown.length > 0) {
    return ruling(next, {
      foul: null,
      reason: `${s.isBreak ? 'Legal break: ' : ''}${name[me]} pocketed ${objDown.join(', ')} — ${name[me]} continues${po}`,
      rule: s.isBreak ? '2.3' : '2.7',
    });
  }
  next.turn = opp;
  return ruling(next, {
    foul: null,
    reason: `${s.isBreak ? 'Legal break, nothing down' : 'No ball pocketed'} — ${name[opp]} to shoot${po}`,
    rule: s.isBreak ? '2.3' : '2.7',
  });
}
