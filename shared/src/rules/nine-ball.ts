// 9-ball judge (WPA 2016 rules 2.x with the fouls of 6.x): lowest ball first (2.7 → 6.2), the
// break (2.3), push out (2.4), winning with the 9 (2.5, break and combinations included), spotting
// the 9 (2.6), standard fouls with ball in hand anywhere (1.5), three consecutive fouls (6.14, 2.8).
import { afterShot, countFoul, endRack, foulText, FOUL_RULE, other, respotIfGone, rotationFouls, ruling } from './common.ts';
import type { GameState, Ruling, ShotSummary } from './types.ts';

export function judgeNine(s: GameState, shot: ShotSummary): Ruling {
  const me = s.turn;
  const opp = other(me);
  const name = s.players;
  const pushOut = shot.pushOut === true;
  const { next, objDown, off, fouls } = afterShot(s, shot);
  next.pushOutAvailable = false;
  rotationFouls(s, shot, objDown, off, fouls);
  const foul = fouls[0] ?? null;
  const nineGone = objDown.includes(9) || off.includes(9);

  if (foul) {
    const { lost, warning } = countFoul(s, next, me);
    if (lost) {
      endRack(next, opp);
      return ruling(next, {
        foul,
        fouls,
        reason: `Foul: ${foulText(fouls)} — third consecutive foul by ${name[me]}: ${name[opp]} wins the rack`,
        rule: '6.14',
      });
    }
    const respot = respotIfGone(next, 9, nineGone);
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
    const respot = respotIfGone(next, 9, nineGone);
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
