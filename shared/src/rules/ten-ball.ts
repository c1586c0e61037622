// 10-ball judge: WPA Rules of Play, section 9 "Ten Ball" (in force since 1 January 2009; 2016 edition
// numbering: 9.2 rack, 9.3 legal break, 9.4 push out, 9.5 call shots, 9.6 safety, 9.7 wrongfully
// pocketed balls, 9.8 continuing play, 9.9 spotting balls, 9.10 standard fouls, 9.11 serious fouls),
// with the fouls of section 6 shared with 9-ball (lowest ball first, rail after contact, three
// consecutive fouls 6.14). game.ts has already checked the call (every shot after the break names a
// ball and a pocket, or safety; none is needed on the break or a push out).
//
// Readings pinned here where the text leaves a choice:
// - The 10 pocketed on the break counts as a pocketed ball: the break is legal and the breaker
//   continues, with the 10 spotted (9.3 intro: "spotted and the player continues").
// - A call or safety sent with the break or a push out is ignored: nothing is called on those shots
//   (9.5 "except on the break shot", 9.4 suspends the shot's requirements).
// - Safety (9.6): play passes, balls pocketed stay down, the 10 is spotted, and no option is offered:
//   the incoming player simply shoots. (Some summaries treat a ball pocketed on a safety as
//   "wrongfully pocketed" with the 9.7 option; we follow 9.6's "play passes to the opponent".)
// - A called ball made in its pocket keeps the shooter at the table even if other balls dropped first
//   or too (9.8: "additional balls pocketed remain pocketed"); an extra 10 is spotted (9.9).
// - Wrongfully pocketed balls (9.7): the call missed (ball not made, or made in another pocket) and
//   some object ball dropped, no foul: the inning ends and the incoming player chooses to shoot
//   ('shoot') or hand the shot back ('pass-back'); the balls stay down, a 10 is spotted. A miss with
//   nothing pocketed simply passes the turn.
// - The 10 wins only when it is the called ball and drops in the called pocket on a shot with no foul,
//   at any time (a called combination included, 9.5/9.8); otherwise it is spotted (9.9), a foul wins
//   nothing (9.10) and three consecutive fouls lose the rack (9.11 → 6.14), warned on the second.
import { afterShot, countFoul, endRack, foulText, FOUL_RULE, other, respotIfGone, rotationFouls, ruling } from './common.ts';
import { RuleError, type GameState, type Ruling, type ShotSummary } from './types.ts';

const TEN = 10;

export function judgeTen(s: GameState, shot: ShotSummary): Ruling {
  const me = s.turn;
  const opp = other(me);
  const name = s.players;
  const pushOut = shot.pushOut === true;
  const { next, objDown, off, fouls } = afterShot(s, shot);
  next.pushOutAvailable = false;
  rotationFouls(s, shot, objDown, off, fouls);
  const foul = fouls[0] ?? null;
  const tenGone = objDown.includes(TEN) || off.includes(TEN);
  const spotted = ' (the 10 is spotted, 9.9)';

  if (foul) {
    const { lost, warning } = countFoul(s, next, me);
    if (lost) {
      endRack(next, opp);
      return ruling(next, {
        foul,
        fouls,
        reason: `Foul: ${foulText(fouls)} — third consecutive foul by ${name[me]}: ${name[opp]} wins the rack`,
        rule: '9.11, 6.14',
      });
    }
    const respot = respotIfGone(next, TEN, tenGone);
    next.turn = opp;
    next.ballInHand = 'table';
    return ruling(next, {
      foul,
      fouls,
      reason: `Foul: ${foulText(fouls)}${tenGone ? spotted : ''} — ball in hand for ${name[opp]}${warning ? `. Warning: ${warning}` : ''}`,
      rule: `${FOUL_RULE[foul]}${s.isBreak ? ', 9.3' : ''}${tenGone ? ', 9.9' : ''}, 9.10`,
      respot,
      warning,
    });
  }

  next.fouls[me] = 0;
  // Every legal outcome but the win puts a pocketed (or jumped) 10 back on the table (9.9).
  const c = shot.called;
  const wins = !pushOut && !s.isBreak && shot.safety !== true && !!c && c.ball === TEN && shot.pocketed.some((p) => p.ball === TEN && p.pocket === c.pocket);
  if (wins) {
    endRack(next, me);
    const how = shot.firstContact !== TEN ? ' on a called combination' : '';
    return ruling(next, { foul: null, reason: `${name[me]} pocketed the called 10 in ${c.pocket}${how} — ${name[me]} wins the rack`, rule: '9.5, 9.8' });
  }
  const respot = respotIfGone(next, TEN, tenGone);
  const tenNote = tenGone ? spotted : '';

  if (pushOut) {
    next.turn = opp;
    next.pending = { kind: 'push-out', player: opp, options: ['shoot', 'pass-back'], ballInHand: null };
    return ruling(next, {
      foul: null,
      reason: `Push out${tenNote} — ${name[opp]} chooses: shoot, or pass the shot back to ${name[me]}`,
      rule: tenGone ? '9.4, 9.9' : '9.4',
      respot,
      pushOut: true,
    });
  }

  if (s.isBreak) {
    // A legal break: the shot right after it may be a push out (9.4).
    next.pushOutAvailable = true;
    if (objDown.length > 0) {
      return ruling(next, {
        foul: null,
        reason: `Legal break: ${name[me]} pocketed ${objDown.join(', ')}${tenNote} — ${name[me]} continues (push out available)`,
        rule: tenGone ? '9.3, 9.9' : '9.3',
        respot,
      });
    }
    next.turn = opp;
    return ruling(next, { foul: null, reason: `Legal break, nothing down — ${name[opp]} to shoot (push out available)`, rule: '9.3' });
  }

  if (shot.safety === true) {
    next.turn = opp;
    const down = objDown.length ? `; ${objDown.join(', ')} stay${objDown.length === 1 ? 's' : ''} down` : '';
    return ruling(next, { foul: null, reason: `Safety${down}${tenNote} — ${name[opp]} to shoot`, rule: tenGone ? '9.6, 9.9' : '9.6', respot });
  }

  // game.ts guarantees a call on every other shot (9.5).
  if (!c) throw new RuleError('call-required', 'call a ball and a pocket, or safety (9.5)');
  const made = shot.pocketed.some((p) => p.ball === c.ball && p.pocket === c.pocket);
  if (made) {
    const extra = objDown.filter((b) => b !== c.ball && b !== TEN);
    const also = extra.length ? `; ${extra.join(', ')} stay${extra.length === 1 ? 's' : ''} down` : '';
    return ruling(next, {
      foul: null,
      reason: `${name[me]} pocketed the called ${c.ball} in ${c.pocket}${also}${tenNote} — ${name[me]} continues`,
      rule: tenGone ? '9.8, 9.9' : '9.8',
      respot,
    });
  }
  next.turn = opp;
  if (objDown.length === 0) {
    return ruling(next, { foul: null, reason: `Called ${c.ball} in ${c.pocket} missed — ${name[opp]} to shoot`, rule: '9.8' });
  }
  next.pending = { kind: 'uncalled-pocket', player: opp, options: ['shoot', 'pass-back'], ballInHand: null };
  const what = objDown.includes(c.ball) ? `the ${c.ball} dropped, but not in the called ${c.pocket}` : `called ${c.ball} in ${c.pocket} missed, ${objDown.join(', ')} dropped`;
  return ruling(next, {
    foul: null,
    reason: `Wrongly pocketed: ${what}${tenNote} — ${name[opp]} chooses: shoot, or hand the shot back to ${name[me]}`,
    rule: tenGone ? '9.7, 9.9' : '9.7',
    respot,
  });
}
