// Seeding: who is seed 1..n, where each seed stands in an elimination bracket, the order in which
// winners-bracket losers drop into the losers bracket, the snake that fills groups and the draw of
// group qualifiers into a knockout.
import { BracketError, type Participant, type ParticipantInput } from './types.ts';

/** Smallest power of two ≥ n (n ≥ 1). */
export function bracketSize(n: number): number {
  let s = 1;
  while (s < n) s *= 2;
  return s;
}

/**
 * The standard seed order of a bracket of `size` (a power of two), top to bottom: position 2i plays
 * 2i+1 in round 1. Built by doubling: every seed s of the bracket of half the size is followed by
 * its mirror size + 1 − s, so for 16 the pairs are 1-16, 8-9, 4-13, 5-12, 2-15, 7-10, 3-14, 6-11
 * (RULES.md "Brackets"). Seeds 1 and 2 can meet only in the final, 1-4 only in the semi-finals, and
 * so on; when the field is short, the missing seeds n+1..size are byes, so the byes meet the top seeds.
 */
export function standardSeedOrder(size: number): number[] {
  let order = [1];
  for (let s = 2; s <= size; s *= 2) order = order.flatMap((seed) => [seed, s + 1 - seed]);
  return order;
}

/** The round (1 = first) in which bracket positions a and b (0-based, size a power of two) can first meet. */
export function meetingRound(a: number, b: number): number {
  let x = a ^ b;
  let r = 0;
  while (x > 0) {
    x >>= 1;
    r++;
  }
  return r;
}

/**
 * How the losers of a winners-bracket round are laid over the losers-bracket matches they drop into.
 * These are the published "superior losers-bracket seeding" orderings (the tl.net thread "Superior
 * double elimination losers bracket seeding", which brackets-manager follows): reversing and
 * half-shifting the drop-down lists sends a dropped player to the side of the losers bracket away
 * from the players it has already beaten. Proved over bracket sizes 4–64 by
 * test/brackets-property.test.ts: a player dropping from winners round 2 or 3 (unless that is the
 * winners final) can never meet a former opponent in its first losers match, and the earliest losers
 * round where any rematch is possible is 3 of 4 (8), 3 of 6 (16), 5 of 8 (32), 6 of 10 (64); with
 * every drop in natural order it would be round 2. (For 16, dropping round 2 in plain reverse would
 * delay that to round 4 but allow the round-3 droppers an immediate rematch; we keep the table.)
 */
export type DropOrdering = 'natural' | 'reverse' | 'half_shift' | 'reverse_half_shift' | 'pair_flip';

export function applyDropOrdering<T>(list: readonly T[], ordering: DropOrdering): T[] {
  const half = list.length / 2;
  if (list.length < 2) return [...list];
  switch (ordering) {
    case 'natural':
      return [...list];
    case 'reverse':
      return [...list].reverse();
    case 'half_shift':
      return [...list.slice(half), ...list.slice(0, half)];
    case 'reverse_half_shift':
      return [...list.slice(0, half).reverse(), ...list.slice(half).reverse()];
    case 'pair_flip':
      return list.map((_, i) => list[i % 2 === 0 ? i + 1 : i - 1]!);
  }
}

/**
 * Per bracket size: entry 0 orders the winners-round-1 losers (paired in losers round 1), entry k
 * the winners-round-(k+1) losers as they drop in. From the published table (bracket sizes 4–128).
 */
export const DROP_ORDERINGS: Readonly<Record<number, readonly DropOrdering[]>> = {
  2: ['natural'],
  4: ['natural', 'reverse'],
  8: ['natural', 'reverse', 'natural'],
  16: ['natural', 'reverse_half_shift', 'reverse', 'natural'],
  32: ['natural', 'reverse', 'half_shift', 'natural', 'natural'],
  64: ['natural', 'reverse', 'half_shift', 'reverse', 'natural', 'natural'],
  128: ['natural', 'reverse', 'half_shift', 'pair_flip', 'pair_flip', 'pair_flip', 'natural'],
};

/** The most participants any format takes (the drop-down table above ends at a bracket of 128). */
export const MAX_PARTICIPANTS = 128;

/**
 * Seeds 1..n. 'rating': highest rating first; equal ratings, and players without one (after all
 * rated players), keep the order they were given in. 'manual': the seeds given, a permutation of 1..n.
 */
export function seedParticipants(input: readonly ParticipantInput[], seeding: 'rating' | 'manual'): Participant[] {
  if (!Array.isArray(input) || input.length < 2 || input.length > MAX_PARTICIPANTS) {
    throw new BracketError('bad_participants', `a bracket takes 2 to ${MAX_PARTICIPANTS} participants, got ${Array.isArray(input) ? input.length : 'none'}`);
  }
  const ids = new Set<string>();
  for (const p of input) {
    if (typeof p?.id !== 'string' || p.id === '') throw new BracketError('bad_participants', 'every participant needs a non-empty string id');
    if (ids.has(p.id)) throw new BracketError('bad_participants', `duplicate participant id ${p.id}`);
    ids.add(p.id);
    if (typeof p.name !== 'string') throw new BracketError('bad_participants', `participant ${p.id} needs a name`);
    if (p.rating !== undefined && !Number.isFinite(p.rating)) throw new BracketError('bad_participants', `participant ${p.id} has a rating that is not a finite number`);
  }
  let ordered: ParticipantInput[];
  if (seeding === 'manual') {
    const seen = new Set<number>();
    for (const p of input) {
      if (!Number.isInteger(p.seed) || p.seed! < 1 || p.seed! > input.length || seen.has(p.seed!)) {
        throw new BracketError('bad_participants', `manual seeding needs distinct seeds 1..${input.length}; ${p.id} has ${p.seed}`);
      }
      seen.add(p.seed!);
    }
    ordered = [...input].sort((a, b) => a.seed! - b.seed!);
  } else {
    const indexed = input.map((p, i) => ({ p, i }));
    indexed.sort((a, b) => {
      const ra = a.p.rating ?? -Infinity;
      const rb = b.p.rating ?? -Infinity;
      return ra !== rb ? rb - ra : a.i - b.i;
    });
    ordered = indexed.map((x) => x.p);
  }
  return ordered.map((p, i) => ({ id: p.id, name: p.name, rating: p.rating ?? null, seed: i + 1 }));
}

/**
 * Snake seeding into `groups` groups: seeds 1..g go to groups 1..g, seeds g+1..2g to groups g..1,
 * and so on, so every group gets one player of each strength tier and sizes differ by at most one.
 * Returns the seeds of each group, best first.
 */
export function snakeGroups(n: number, groups: number): number[][] {
  const out: number[][] = Array.from({ length: groups }, () => []);
  for (let seed = 1; seed <= n; seed++) {
    const row = Math.floor((seed - 1) / groups);
    const col = (seed - 1) % groups;
    out[row % 2 === 0 ? col : groups - 1 - col]!.push(seed);
  }
  return out;
}

/**
 * Draws group qualifiers into knockout seeds. Group winners are knockout seeds 1..G in group order
 * (group 1 holds seed 1), so standard seeding keeps them apart for as long as a bracket can. Each
 * later tier (runners-up, then thirds…) takes the next G seeds, laid out so that every qualifier
 * stays as long as possible away from the players of its own group drawn before it: a greedy pass
 * (each seed to the remaining group whose players it would meet latest, the lowest group number on a
 * tie), then pairwise swaps while they raise the sorted list of those earliest meeting rounds. With
 * two groups that is the classic cross-over, A1 v B2 and B1 v A2. Returns [group, place] per
 * knockout seed 1..G·A.
 */
export function drawGroupQualifiers(groups: number, advance: number): [number, number][] {
  const size = bracketSize(groups * advance);
  const position = new Map<number, number>();
  standardSeedOrder(size).forEach((seed, pos) => position.set(seed, pos));
  const drawn: [number, number][] = [];
  const placed: number[][] = Array.from({ length: groups }, () => []);
  const earliest = (group: number, pos: number) => Math.min(Infinity, ...placed[group - 1]!.map((o) => meetingRound(pos, o)));
  for (let place = 1; place <= advance; place++) {
    const positions = Array.from({ length: groups }, (_, i) => position.get(drawn.length + i + 1)!);
    const tier: number[] = [];
    const remaining = Array.from({ length: groups }, (_, g) => g + 1);
    for (const pos of positions) {
      let best = 0;
      remaining.forEach((g, i) => {
        if (earliest(g, pos) > earliest(remaining[best]!, pos)) best = i;
      });
      tier.push(remaining.splice(best, 1)[0]!);
    }
    const quality = (t: number[]) => t.map((g, i) => earliest(g, positions[i]!)).sort((a, b) => a - b);
    const better = (a: number[], b: number[]) => {
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
      return false;
    };
    for (let improved = true; improved; ) {
      improved = false;
      for (let i = 0; i < groups; i++) {
        for (let j = i + 1; j < groups; j++) {
          const swapped = [...tier];
          [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
          if (better(quality(swapped), quality(tier))) {
            tier.splice(0, groups, ...swapped);
            improved = true;
          }
        }
      }
    }
    tier.forEach((g, i) => {
      drawn.push([g, place]);
      placed[g - 1]!.push(positions[i]!);
    });
  }
  return drawn;
}
