// createBracket: validates the options, seeds the field and lays out every match of the event with
// where each slot's player comes from. Nothing is played here; resolve() fills in what is known.
import { ROOM_LIMITS } from '../protocol/join.ts';
import { resolve } from './resolve.ts';
import { DROP_ORDERINGS, applyDropOrdering, bracketSize, drawGroupQualifiers, seedParticipants, snakeGroups, standardSeedOrder } from './seeding.ts';
import {
  BracketError,
  type Bracket,
  type BracketFormat,
  type BracketGroup,
  type BracketMatch,
  type BracketOptions,
  type BracketOptionsInput,
  type BracketRound,
  type ParticipantInput,
  type RaceToInput,
  type Section,
  type SlotSource,
} from './types.ts';

const FORMATS: readonly BracketFormat[] = ['single-elimination', 'double-elimination', 'round-robin', 'groups-knockout'];
const DEFAULT_RACE_TO = 5;

export function createBracket(format: BracketFormat, participants: readonly ParticipantInput[], options: BracketOptionsInput = {}): Bracket {
  if (!FORMATS.includes(format)) throw new BracketError('bad_options', `unknown format ${String(format)}`);
  const opts = normaliseOptions(format, options);
  const seeded = seedParticipants(participants, opts.seeding);
  const n = seeded.length;
  const out: Layout = { matches: [], rounds: [] };
  let groups: BracketGroup[] = [];
  if (format === 'single-elimination') {
    layoutElimination(out, 'winners', 'W', seedSources(n), opts, true, opts.thirdPlace);
  } else if (format === 'double-elimination') {
    layoutDoubleElimination(out, n, opts);
  } else if (format === 'round-robin') {
    layoutRoundRobin(out, 'round-robin', null, seeded.map((p) => p.seed), opts.raceTo.byRound ?? {}, opts.raceTo.default);
  } else {
    if (opts.groups * 2 > n) throw new BracketError('bad_options', `groups: ${opts.groups} groups need at least ${opts.groups * 2} participants`);
    const bySeed = snakeGroups(n, opts.groups);
    const smallest = Math.min(...bySeed.map((g) => g.length));
    if (opts.advancePerGroup > smallest) throw new BracketError('bad_options', `advancePerGroup: at most ${smallest} (the smallest group)`);
    if (opts.groups * opts.advancePerGroup < 2) throw new BracketError('bad_options', 'advancePerGroup: the knockout needs at least 2 players');
    groups = bySeed.map((seeds, i) => ({ group: i + 1, name: groupName(i + 1), playerIds: seeds.map((s) => seeded[s - 1]!.id) }));
    const groupRace = opts.raceTo.groups ?? opts.raceTo.default;
    bySeed.forEach((seeds, i) => layoutRoundRobin(out, 'group', i + 1, seeds, {}, groupRace));
    const draw = drawGroupQualifiers(opts.groups, opts.advancePerGroup);
    const sources: SlotSource[] = draw.map(([group, place]) => ({ kind: 'group', group, place }));
    layoutElimination(out, 'knockout', 'K', sources, opts, true, opts.thirdPlace);
  }
  return resolve({ version: 1, format, options: opts, participants: seeded, groups, rounds: out.rounds, matches: out.matches });
}

function normaliseOptions(format: BracketFormat, o: BracketOptionsInput): BracketOptions {
  if (typeof o !== 'object' || o === null) throw new BracketError('bad_options', 'options must be an object');
  const known = new Set(['thirdPlace', 'grandFinalReset', 'groups', 'advancePerGroup', 'raceTo', 'seeding']);
  for (const k of Object.keys(o)) if (!known.has(k)) throw new BracketError('bad_options', `unknown option ${k}`);
  const bool = (v: unknown, name: string, dflt: boolean) => {
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') throw new BracketError('bad_options', `${name} must be a boolean`);
    return v;
  };
  const count = (v: unknown, name: string, dflt: number) => {
    if (v === undefined) return dflt;
    if (!Number.isInteger(v) || (v as number) < 1) throw new BracketError('bad_options', `${name} must be a whole number ≥ 1`);
    return v as number;
  };
  if (o.seeding !== undefined && o.seeding !== 'rating' && o.seeding !== 'manual') throw new BracketError('bad_options', "seeding must be 'rating' or 'manual'");
  if (format !== 'groups-knockout' && (o.groups !== undefined || o.advancePerGroup !== undefined)) {
    throw new BracketError('bad_options', 'groups and advancePerGroup apply to groups-knockout only');
  }
  return {
    thirdPlace: bool(o.thirdPlace, 'thirdPlace', false),
    grandFinalReset: bool(o.grandFinalReset, 'grandFinalReset', true),
    groups: count(o.groups, 'groups', format === 'groups-knockout' ? 2 : 1),
    advancePerGroup: count(o.advancePerGroup, 'advancePerGroup', format === 'groups-knockout' ? 2 : 1),
    raceTo: normaliseRaceTo(o.raceTo),
    seeding: o.seeding ?? 'rating',
  };
}

function normaliseRaceTo(v: RaceToInput | number | undefined): RaceToInput {
  const race = (x: unknown, name: string) => {
    const { min, max } = ROOM_LIMITS.raceTo;
    if (!Number.isInteger(x) || (x as number) < min || (x as number) > max) throw new BracketError('bad_options', `${name} must be a whole number of racks ${min}..${max}`);
    return x as number;
  };
  if (v === undefined) return { default: DEFAULT_RACE_TO };
  if (typeof v === 'number') return { default: race(v, 'raceTo') };
  if (typeof v !== 'object' || v === null) throw new BracketError('bad_options', 'raceTo must be a number or an object');
  const known = new Set(['default', 'byRound', 'losersByRound', 'final', 'thirdPlace', 'groups']);
  for (const k of Object.keys(v)) if (!known.has(k)) throw new BracketError('bad_options', `unknown option raceTo.${k}`);
  const table = (t: Record<number, number> | undefined, name: string) => {
    if (t === undefined) return undefined;
    if (typeof t !== 'object' || t === null) throw new BracketError('bad_options', `${name} must map round numbers to races`);
    const out: Record<number, number> = {};
    for (const [k, x] of Object.entries(t)) {
      if (!/^[1-9][0-9]*$/.test(k)) throw new BracketError('bad_options', `${name}: ${k} is not a round number`);
      out[Number(k)] = race(x, `${name}[${k}]`);
    }
    return out;
  };
  const out: RaceToInput = { default: race(v.default, 'raceTo.default') };
  const byRound = table(v.byRound, 'raceTo.byRound');
  const losersByRound = table(v.losersByRound, 'raceTo.losersByRound');
  if (byRound) out.byRound = byRound;
  if (losersByRound) out.losersByRound = losersByRound;
  if (v.final !== undefined) out.final = race(v.final, 'raceTo.final');
  if (v.thirdPlace !== undefined) out.thirdPlace = race(v.thirdPlace, 'raceTo.thirdPlace');
  if (v.groups !== undefined) out.groups = race(v.groups, 'raceTo.groups');
  return out;
}

type Layout = { matches: BracketMatch[]; rounds: BracketRound[] };

function addMatch(out: Layout, round: BracketRound, id: string, section: Section, group: number | null, a: SlotSource, b: SlotSource, resetOf: string | null = null): void {
  const slot = (from: SlotSource) => ({ from, playerId: null, seed: null, bye: false });
  out.matches.push({ id, section, group, round: round.round, order: round.matchIds.length + 1, raceTo: round.raceTo, slots: [slot(a), slot(b)], status: 'pending', result: null, live: false, resetOf });
  round.matchIds.push(id);
}

function addRound(out: Layout, section: Section, group: number | null, round: number, name: string, raceTo: number): BracketRound {
  const r: BracketRound = { section, group, round, name, raceTo, matchIds: [] };
  out.rounds.push(r);
  return r;
}

/** Seed 1..n as sources; seeds beyond the field are byes. */
function seedSources(n: number): SlotSource[] {
  return Array.from({ length: n }, (_, i) => ({ kind: 'seed', seed: i + 1 }));
}

function eliminationRoundName(matches: number): string {
  if (matches === 1) return 'Final';
  if (matches === 2) return 'Semi-finals';
  if (matches === 4) return 'Quarter-finals';
  return `Round of ${matches * 2}`;
}

/**
 * A single-elimination bracket over sources[0..] (knockout seed 1 first), byes for the missing seeds
 * of the next power of two. isFinal: its last round is the event's final (raceTo.final applies).
 * Returns the id of its last match.
 */
function layoutElimination(out: Layout, section: Section, prefix: string, sources: SlotSource[], opts: BracketOptions, isFinal: boolean, thirdPlace: boolean): string {
  const size = bracketSize(sources.length);
  const order = standardSeedOrder(size);
  const rounds = Math.log2(size);
  const race = opts.raceTo;
  let previous: string[] = [];
  for (let r = 1; r <= rounds; r++) {
    const count = size >> r;
    const last = r === rounds;
    const raceTo = (last && isFinal ? race.final : undefined) ?? race.byRound?.[r] ?? race.default;
    const name = section === 'winners' && !isFinal ? (last ? 'Winners final' : `Winners round ${r}`) : eliminationRoundName(count);
    const round = addRound(out, section, null, r, name, raceTo);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = `${prefix}${r}-${i + 1}`;
      const src = (k: number): SlotSource => (r === 1 ? (sources[order[k]! - 1] ?? { kind: 'bye' }) : { kind: 'winner', matchId: previous[k]! });
      addMatch(out, round, id, section, null, src(2 * i), src(2 * i + 1));
      ids.push(id);
    }
    previous = ids;
  }
  if (thirdPlace && rounds >= 2) {
    const semis = out.rounds.find((r) => r.section === section && r.round === rounds - 1)!.matchIds;
    const round = addRound(out, 'third-place', null, 1, 'Third-place match', race.thirdPlace ?? race.default);
    addMatch(out, round, 'P3', 'third-place', null, { kind: 'loser', matchId: semis[0]! }, { kind: 'loser', matchId: semis[1]! });
  }
  return previous[0]!;
}

/**
 * Winners bracket as single elimination; losers bracket of 2(k−1) rounds for a bracket of 2^k: odd
 * rounds pair the survivors (round 1: the winners-round-1 losers), even rounds 2j take the losers of
 * winners round j+1 in slot 1 against the survivors, laid out by DROP_ORDERINGS. Then the grand final
 * (winners champion in slot 1, losers champion in slot 2) and, with grandFinalReset, GF2.
 */
function layoutDoubleElimination(out: Layout, n: number, opts: BracketOptions): void {
  const wbFinal = layoutElimination(out, 'winners', 'W', seedSources(n), opts, false, false);
  const size = bracketSize(n);
  const k = Math.log2(size);
  const orderings = DROP_ORDERINGS[size]!;
  const wbRound = (r: number) => out.rounds.find((x) => x.section === 'winners' && x.round === r)!.matchIds;
  const lbRounds = 2 * (k - 1);
  const raceOf = (r: number) => opts.raceTo.losersByRound?.[r] ?? opts.raceTo.default;
  const lbName = (r: number) => (r === lbRounds ? 'Losers final' : `Losers round ${r}`);
  let survivors: string[] = [];
  if (lbRounds > 0) {
    const dropped = applyDropOrdering(wbRound(1), orderings[0]!);
    const round = addRound(out, 'losers', null, 1, lbName(1), raceOf(1));
    for (let i = 0; i < dropped.length / 2; i++) {
      addMatch(out, round, `L1-${i + 1}`, 'losers', null, { kind: 'loser', matchId: dropped[2 * i]! }, { kind: 'loser', matchId: dropped[2 * i + 1]! });
    }
    survivors = round.matchIds;
  }
  for (let r = 2; r <= lbRounds; r++) {
    const round = addRound(out, 'losers', null, r, lbName(r), raceOf(r));
    if (r % 2 === 0) {
      const j = r / 2;
      const dropped = applyDropOrdering(wbRound(j + 1), orderings[j]!);
      survivors.forEach((s, i) => addMatch(out, round, `L${r}-${i + 1}`, 'losers', null, { kind: 'loser', matchId: dropped[i]! }, { kind: 'winner', matchId: s }));
    } else {
      for (let i = 0; i < survivors.length / 2; i++) {
        addMatch(out, round, `L${r}-${i + 1}`, 'losers', null, { kind: 'winner', matchId: survivors[2 * i]! }, { kind: 'winner', matchId: survivors[2 * i + 1]! });
      }
    }
    survivors = round.matchIds;
  }
  const lbChampion: SlotSource = lbRounds > 0 ? { kind: 'winner', matchId: survivors[0]! } : { kind: 'loser', matchId: wbFinal };
  const raceTo = opts.raceTo.final ?? opts.raceTo.default;
  const gf = addRound(out, 'grand-final', null, 1, 'Grand final', raceTo);
  addMatch(out, gf, 'GF1', 'grand-final', null, { kind: 'winner', matchId: wbFinal }, lbChampion);
  if (opts.grandFinalReset) {
    const reset = addRound(out, 'grand-final', null, 2, 'Grand final reset', raceTo);
    addMatch(out, reset, 'GF2', 'grand-final', null, { kind: 'loser', matchId: 'GF1' }, { kind: 'winner', matchId: 'GF1' }, 'GF1');
  }
}

/**
 * Round robin by the circle method (RULES.md "Brackets"): the first seed stays put, the others rotate
 * one place a round; an odd field adds a bye, whose partner sits the round out. n(n−1)/2 matches,
 * each player at most once per round. The better seed takes slot 1.
 */
function layoutRoundRobin(out: Layout, section: Section, group: number | null, seeds: number[], byRound: Record<number, number>, dflt: number): void {
  const ring: (number | null)[] = seeds.length % 2 === 0 ? [...seeds] : [...seeds, null];
  const m = ring.length;
  for (let r = 0; r < m - 1; r++) {
    const rest = ring.slice(1);
    const rotated = [ring[0]!, ...rest.map((_, i) => rest[(i + r) % rest.length]!)];
    const roundNo = r + 1;
    const name = group === null ? `Round ${roundNo}` : `${groupName(group)} round ${roundNo}`;
    const round = addRound(out, section, group, roundNo, name, byRound[roundNo] ?? dflt);
    for (let i = 0; i < m / 2; i++) {
      const a = rotated[i];
      const b = rotated[m - 1 - i];
      if (a === null || b === null || a === undefined || b === undefined) continue;
      const [hi, lo] = a < b ? [a, b] : [b, a];
      const id = group === null ? `R${roundNo}-${round.matchIds.length + 1}` : `G${group}-R${roundNo}-${round.matchIds.length + 1}`;
      addMatch(out, round, id, section, group, { kind: 'seed', seed: hi }, { kind: 'seed', seed: lo });
    }
  }
}

function groupName(group: number): string {
  return group <= 26 ? `Group ${String.fromCharCode(64 + group)}` : `Group ${group}`;
}
