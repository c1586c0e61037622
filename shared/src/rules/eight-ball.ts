// 8-ball judge (WPA 2016 rules 3.x with the fouls of 6.x): the break (3.3, 3.3(c)–(f)), open
// table and groups (3.4), continuing play (3.5), calling the 8 (3.6), standard fouls with ball in
// hand anywhere (1.5, 3.9, 6.1–6.5), only the 8 is ever spotted (3.7), loss of rack (3.8(a)–(d)),
// no three-foul rule (6.14 applies to 9-ball only).
import { afterShot, endRack, foulText, FOUL_RULE, other, ruling } from './common.ts';
import type { FoulCode, GameState, Group, Ruling, ShotSummary } from './types.ts';

export const groupOf = (ball: number): Group | null => (ball >= 1 && ball <= 7 ? 'solids' : ball >= 9 && ball <= 15 ? 'stripes' : null);
const otherGroup = (g: Group): Group => (g === 'solids' ? 'stripes' : 'solids');

/** The balls `seat` may legally hit first on a table (3.4: open table, any ball but the 8). */
export function legalTargetsEight(s: GameState, seat = s.turn): number[] {
  const g = s.groups[seat];
  const candidates = g ? s.onTable.filter((b) => groupOf(b) === g) : s.onTable.filter((b) => b !== 8);
  return candidates.length ? candidates : s.onTable.filter((b) => b === 8);
}

export function judgeEight(s: GameState, shot: ShotSummary): Ruling {
  const me = s.turn;
  const opp = other(me);
  const name = s.players;
  const { next, objDown, off, fouls } = afterShot(s, shot);
  const eightDown = objDown.includes(8);
  const eightOff = off.includes(8);
  next.open = next.groups[0] === null;

  if (s.isBreak) return judgeBreak(s, next, shot, { objDown, fouls, off, eightDown, eightOff });

  const targets = legalTargetsEight(s);
  const onEight = targets.length === 1 && targets[0] === 8;
  if (shot.firstContact === null) fouls.push('no-contact');
  else if (!targets.includes(shot.firstContact)) fouls.push('wrong-ball-first');
  if (shot.firstContact !== null && objDown.length === 0 && !shot.cushionAfterContact) fouls.push('no-rail');
  if (off.length) fouls.push('ball-off-table');
  const foul = fouls[0] ?? null;

  // Loss of rack (3.8): the 8 off the table, early, on a foul, or in an uncalled pocket.
  if (eightOff || eightDown) {
    const eightPocket = shot.pocketed.find((p) => p.ball === 8)?.pocket;
    let lose: string | null = null;
    let rule = '3.8';
    if (eightOff) (lose = 'drove the 8 off the table'), (rule = '3.8(d)');
    else if (!onEight) (lose = s.groups[me] ? 'pocketed the 8 before clearing their group' : 'pocketed the 8 on an open table'), (rule = '3.8(b), 3.6');
    else if (foul) (lose = `fouled (${foulText(fouls)}) pocketing the 8`), (rule = '3.8(a)');
    else if (!shot.called || shot.called.ball !== 8) (lose = 'pocketed the 8 without calling it'), (rule = '3.8(c), 3.6');
    else if (shot.called.pocket !== eightPocket) (lose = `pocketed the 8 in ${eightPocket}, not the called ${shot.called.pocket}`), (rule = '3.8(c)');
    if (lose) {
      endRack(next, opp);
      return ruling(next, { foul, fouls, reason: `${name[me]} ${lose} — ${name[opp]} wins the rack`, rule });
    }
    endRack(next, me);
    return ruling(next, { foul: null, reason: `${name[me]} pocketed the 8 in the called ${eightPocket} — ${name[me]} wins the rack`, rule: '3.6' });
  }

  if (foul) {
    next.fouls[me] = s.fouls[me] + 1;
    next.turn = opp;
    next.ballInHand = 'table';
    const lost = off.length ? ` (${off.join(', ')} not spotted, 3.7)` : '';
    return ruling(next, {
      foul,
      fouls,
      reason: `Foul: ${foulText(fouls)}${lost} — ball in hand for ${name[opp]}`,
      rule: `${FOUL_RULE[foul]}, 3.9, 1.5`,
    });
  }

  next.fouls[me] = 0;
  const callAll = s.options.callAllShots;
  const c = shot.called;
  const calledMade = !!c && c.ball !== 8 && shot.pocketed.some((p) => p.ball === c.ball && p.pocket === c.pocket);
  const mine = (b: number) => (s.groups[me] ? groupOf(b) === s.groups[me] : groupOf(b) !== null);
  let made: number | null = null; // the ball that keeps the shooter at the table
  if (calledMade && mine(c!.ball)) made = c!.ball;
  else if (!callAll) made = objDown.find(mine) ?? null;

  let assigned = '';
  const wasOpen = s.groups[me] === null; // groups are the source of truth; `open` mirrors them
  if (made !== null && wasOpen) {
    const g = groupOf(made)!;
    next.groups[me] = g;
    next.groups[opp] = otherGroup(g);
    next.open = false;
    assigned = ` — ${name[me]} takes ${g}, ${name[opp]} ${otherGroup(g)} (3.4)`;
  }
  if (made !== null) {
    return ruling(next, { foul: null, reason: `${name[me]} pocketed the ${made}${assigned} — ${name[me]} continues`, rule: wasOpen ? '3.4, 3.5' : '3.5' });
  }
  next.turn = opp;
  const why = objDown.length === 0
    ? 'No ball pocketed'
    : callAll && !calledMade ? 'Called ball not made (extra balls stay down)' : `No ball of ${name[me]}'s group pocketed`;
  return ruling(next, { foul: null, reason: `${why} — ${name[opp]} to shoot${next.open ? ' (table open)' : ''}`, rule: '3.5' });
}

function judgeBreak(
  s: GameState,
  next: GameState,
  shot: ShotSummary,
  k: { objDown: number[]; fouls: FoulCode[]; off: number[]; eightDown: boolean; eightOff: boolean },
): Ruling {
  const me = s.turn;
  const opp = other(me);
  const name = s.players;
  const { objDown, fouls } = k;
  if (k.off.some((b) => b !== 8)) fouls.push('ball-off-table');
  const foul = fouls[0] ?? null;
  const bihAfterScratch = s.options.breakScratchKitchen ? 'kitchen' : 'table';
  const legal = objDown.length > 0 || k.eightOff || shot.objectBallsToCushion >= 4;
  next.open = true;
  next.groups = [null, null];

  if (k.eightDown || k.eightOff) {
    // The 8 waits off the table until the choice is made; only choose('spot-eight') respots it.
    const how = k.eightDown ? 'pocketed' : 'driven off the table';
    if (foul) {
      next.turn = opp;
      next.pending = { kind: 'eight-on-break-foul', player: opp, options: ['spot-eight', 'rebreak'], ballInHand: 'kitchen' };
      return ruling(next, {
        foul,
        fouls,
        reason: `Foul: 8 ${how} on the break and ${foulText(fouls)} — ${name[opp]} chooses: spot the 8 and take ball in hand behind the head string, or re-break`,
        rule: '3.3(f)',
      });
    }
    next.pending = { kind: 'eight-on-break', player: me, options: ['spot-eight', 'rebreak'], ballInHand: null };
    return ruling(next, {
      foul: null,
      reason: `8 ${how} on the break (not a win) — ${name[me]} chooses: spot the 8 and continue, or re-break`,
      rule: '3.3(e)',
    });
  }

  if (!legal) {
    const all: FoulCode[] = ['illegal-break', ...fouls];
    next.turn = opp;
    next.pending = {
      kind: 'illegal-break',
      player: opp,
      options: ['accept-table', 'rerack', 'rerack-opponent-breaks'],
      ballInHand: fouls.includes('scratch') || fouls.includes('cue-ball-off-table') ? bihAfterScratch : null,
    };
    next.fouls[me] = s.fouls[me] + 1;
    return ruling(next, {
      foul: 'illegal-break',
      fouls: all,
      reason: `Foul: ${foulText(all)} — ${name[opp]} chooses: accept the table, re-rack and break, or re-rack and ${name[me]} breaks again`,
      rule: '3.3(d)',
    });
  }

  if (foul) {
    next.turn = opp;
    next.ballInHand = fouls.includes('scratch') || fouls.includes('cue-ball-off-table') ? bihAfterScratch : 'table';
    next.fouls[me] = s.fouls[me] + 1;
    const where = next.ballInHand === 'kitchen' ? ' behind the head string' : '';
    return ruling(next, {
      foul,
      fouls,
      reason: `Foul on the break: ${foulText(fouls)}; pocketed balls stay down, table open — ball in hand${where} for ${name[opp]}`,
      rule: `3.3, ${FOUL_RULE[foul]}, 3.9`,
    });
  }

  next.fouls[me] = 0;
  if (objDown.length > 0) {
    return ruling(next, {
      foul: null,
      reason: `Legal break, ${objDown.length} ball${objDown.length > 1 ? 's' : ''} down — table open, ${name[me]} continues`,
      rule: '3.3(c), 3.4',
    });
  }
  next.turn = opp;
  return ruling(next, { foul: null, reason: `Legal break, nothing down — table open, ${name[opp]} to shoot`, rule: '3.3, 3.4' });
}
