// What an event's results say: round-robin tables, who placed where, and the final's outcome that the
// Champion and Undefeated Champion achievements read.
import { computeTable } from './resolve.ts';
import { isComplete } from './play.ts';
import { BracketError, type Bracket, type BracketMatch, type FinalOutcome, type FinishingPlace, type Section, type StandingRow } from './types.ts';

/** The table of a round robin, or of group `group` (1-based) of groups-knockout, as it stands now. */
export function standings(b: Bracket, group?: number): StandingRow[] {
  const seedOf = new Map(b.participants.map((p) => [p.id, p.seed]));
  if (b.format === 'round-robin') {
    return computeTable(b.participants.map((p) => p.id), b.matches, seedOf);
  }
  if (b.format === 'groups-knockout') {
    const g = b.groups.find((x) => x.group === group);
    if (!g) throw new BracketError('no_standings', `name a group 1..${b.groups.length}`);
    return computeTable(g.playerIds, b.matches.filter((m) => m.section === 'group' && m.group === group), seedOf);
  }
  throw new BracketError('no_standings', `a ${b.format} bracket has no table; use placements()`);
}

/**
 * Who placed where, for every player whose place is already settled, best first. An elimination loser
 * shares a band with everyone out at the same stage (losers of a quarter-final: 5..8); the bands are
 * sized by the real matches of each stage, so byes never leave holes. Single elimination: champion,
 * runner-up, then third place by the third-place match or shared by the semi-final losers, then each
 * earlier round. Double elimination: champion, runner-up, then each losers-bracket round from the last
 * (its loser 3rd, the round before 4th, …). Groups-knockout: the knockout's places, then the players
 * out in the groups, banded by their group position. Round robin: the final table, once complete.
 */
export function placements(b: Bracket): FinishingPlace[] {
  if (b.format === 'round-robin') {
    return isComplete(b) ? standings(b).map((r) => ({ playerId: r.playerId, place: r.position, placeTo: r.position })) : [];
  }
  const real = realMatches(b);
  const byId = new Map(b.matches.map((m) => [m.id, m]));
  const stages: { count: number; players: string[] }[] = [];
  const final = finalOutcome(b);
  stages.push({ count: 1, players: final ? [final.championId] : [] });
  stages.push({ count: 1, players: final?.runnerUpId ? [final.runnerUpId] : [] });
  const losers = (ms: BracketMatch[]) => ms.filter((m) => m.status === 'done' && m.result!.loserId !== null).map((m) => m.result!.loserId!);
  const roundOf = (section: Section, r: number) => b.matches.filter((m) => m.section === section && m.round === r);
  const stage = (ms: BracketMatch[]) => stages.push({ count: ms.filter((m) => real.has(m.id)).length, players: losers(ms) });
  if (b.format === 'double-elimination') {
    const lbRounds = Math.max(0, ...b.matches.filter((m) => m.section === 'losers').map((m) => m.round));
    for (let r = lbRounds; r >= 1; r--) stage(roundOf('losers', r));
  } else {
    const section: Section = b.format === 'single-elimination' ? 'winners' : 'knockout';
    const rounds = Math.max(...b.matches.filter((m) => m.section === section).map((m) => m.round));
    const p3 = byId.get('P3');
    if (p3) {
      stages.push({ count: 1, players: p3.status === 'done' ? [p3.result!.winnerId] : [] });
      stage([p3]);
    } else if (rounds >= 2) stage(roundOf(section, rounds - 1));
    for (let r = rounds - 2; r >= 1; r--) stage(roundOf(section, r));
    if (b.format === 'groups-knockout') {
      const seedOf = new Map(b.participants.map((p) => [p.id, p.seed]));
      const largest = Math.max(...b.groups.map((g) => g.playerIds.length));
      for (let place = b.options.advancePerGroup + 1; place <= largest; place++) {
        const players: string[] = [];
        for (const g of b.groups) {
          const ms = b.matches.filter((m) => m.section === 'group' && m.group === g.group);
          if (g.playerIds.length >= place && ms.every((m) => m.status === 'done')) players.push(computeTable(g.playerIds, ms, seedOf)[place - 1]!.playerId);
        }
        stages.push({ count: b.groups.filter((g) => g.playerIds.length >= place).length, players });
      }
    }
  }
  const out: FinishingPlace[] = [];
  let place = 1;
  for (const s of stages) {
    for (const playerId of s.players) out.push({ playerId, place, placeTo: place + s.count - 1 });
    place += s.count;
  }
  return out;
}

/** The champion and how the title was decided, once it is; null before. */
export function finalOutcome(b: Bracket): FinalOutcome | null {
  let decider: BracketMatch | undefined;
  let bracketReset = false;
  if (b.format === 'round-robin') {
    if (!isComplete(b)) return null;
    const table = standings(b);
    return outcome(b, table[0]!.playerId, table[1]!.playerId, null, false);
  }
  if (b.format === 'double-elimination') {
    const gf1 = b.matches.find((m) => m.id === 'GF1')!;
    const gf2 = b.matches.find((m) => m.id === 'GF2');
    if (gf1.status !== 'done') return null;
    if (gf1.result!.winnerId === gf1.slots[0].playerId || !gf2) decider = gf1;
    else {
      if (gf2.status !== 'done') return null;
      decider = gf2;
      bracketReset = true;
    }
  } else {
    const section: Section = b.format === 'single-elimination' ? 'winners' : 'knockout';
    const last = b.rounds.filter((r) => r.section === section).at(-1)!;
    decider = b.matches.find((m) => m.id === last.matchIds[0]);
    if (decider?.status !== 'done') return null;
  }
  return outcome(b, decider!.result!.winnerId, decider!.result!.loserId, decider!.id, bracketReset);
}

function outcome(b: Bracket, championId: string, runnerUpId: string | null, finalMatchId: string | null, bracketReset: boolean): FinalOutcome {
  const championLosses = b.matches.filter((m) => m.status === 'done' && m.result!.loserId === championId).length;
  return { format: b.format, championId, runnerUpId, finalMatchId, bracketReset, championLosses };
}

/**
 * Matches that will have two real players whatever the results: byes are fixed by the draw, so this
 * is known from the layout alone (a bye slot, the loser of a match with a bye, the winner of a match
 * of two byes are all byes). Sizes the placement bands. GF2 counts as not real (it may not be played).
 */
function realMatches(b: Bracket): Set<string> {
  const byeSlots = new Map<string, [boolean, boolean]>();
  const real = new Set<string>();
  for (const m of b.matches) {
    const bye = m.slots.map(({ from }) => {
      if (from.kind === 'bye') return true;
      if (from.kind === 'winner') return byeSlots.get(from.matchId)!.every(Boolean);
      if (from.kind === 'loser') return byeSlots.get(from.matchId)!.some(Boolean);
      return false;
    }) as [boolean, boolean];
    byeSlots.set(m.id, bye);
    if (!bye[0] && !bye[1] && m.resetOf === null) real.add(m.id);
  }
  return real;
}
