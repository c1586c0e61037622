// resolve: derives every match's players, status and bye results from the slot sources, the reported
// results and the live marks, in match order (sources come first). It is the one place that decides
// what a result advances, so a report, a correction and a rebuild after loading all agree.
// Given the ids of the matches that changed, it recomputes only them and what depends on them (a
// round robin of 64 has 2016 independent matches: recomputing every one on each report made playing
// it through quadratic).
import { BracketError, type Bracket, type BracketMatch, type BracketRound, type Slot, type SlotSource, type StandingRow } from './types.ts';

/** What never changes after createBracket: where each match sits and which matches read its result. */
type Wiring = { index: Map<string, number>; dependents: Map<string, string[]>; groupReaders: Map<number, string[]> };

// Keyed by the rounds array, which every bracket derived from one createBracket shares (a bracket
// parsed from JSON gets its own entry). A cache of a pure function of the layout: no state leaks.
const wirings = new WeakMap<readonly BracketRound[], Wiring>();

function wiringOf(b: Bracket): Wiring {
  let w = wirings.get(b.rounds);
  if (!w) {
    w = { index: new Map(), dependents: new Map(), groupReaders: new Map() };
    const add = <K>(map: Map<K, string[]>, key: K, id: string) => map.set(key, [...(map.get(key) ?? []), id]);
    for (const [i, m] of b.matches.entries()) {
      w.index.set(m.id, i);
      if (m.resetOf !== null) add(w.dependents, m.resetOf, m.id);
      for (const { from } of m.slots) {
        if (from.kind === 'winner' || from.kind === 'loser') add(w.dependents, from.matchId, m.id);
        if (from.kind === 'group') add(w.groupReaders, from.group, m.id);
      }
    }
    wirings.set(b.rounds, w);
  }
  return w;
}

export function resolve(b: Bracket, changed?: readonly string[]): Bracket {
  const wiring = wiringOf(b);
  const bySeed = new Map(b.participants.map((p) => [p.seed, p]));
  const seedOf = new Map(b.participants.map((p) => [p.id, p.seed]));
  const matches = b.matches.slice();
  const get = (id: string) => matches[wiring.index.get(id)!]!;
  const tables = new Map<number, StandingRow[] | null>();

  const groupTable = (group: number): StandingRow[] | null => {
    if (!tables.has(group)) {
      const ms = matches.filter((m) => m.section === 'group' && m.group === group);
      const complete = ms.every((m) => m.status === 'done');
      const ids = b.groups.find((g) => g.group === group)!.playerIds;
      tables.set(group, complete ? computeTable(ids, ms, seedOf) : null);
    }
    return tables.get(group)!;
  };

  const slotFrom = (from: SlotSource): Slot => {
    const known = (playerId: string): Slot => ({ from, playerId, seed: seedOf.get(playerId)!, bye: false });
    const unknown: Slot = { from, playerId: null, seed: null, bye: false };
    const bye: Slot = { from, playerId: null, seed: null, bye: true };
    switch (from.kind) {
      case 'seed':
        return known(bySeed.get(from.seed)!.id);
      case 'bye':
        return bye;
      case 'winner':
      case 'loser': {
        const src = get(from.matchId);
        if (src.status === 'skipped') return bye;
        if (src.status !== 'done') return unknown;
        const id = from.kind === 'winner' ? src.result!.winnerId : src.result!.loserId;
        return id === null ? bye : known(id);
      }
      case 'group': {
        const table = groupTable(from.group);
        return table ? known(table[from.place - 1]!.playerId) : unknown;
      }
    }
  };

  const resolveMatch = (m: BracketMatch): BracketMatch => {
    const slots: [Slot, Slot] = [slotFrom(m.slots[0].from), slotFrom(m.slots[1].from)];
    const [a, c] = slots;
    let status: BracketMatch['status'] = 'pending';
    let result: BracketMatch['result'] = null;
    const reset = m.resetOf === null ? null : get(m.resetOf);
    if (reset && reset.status === 'done' && reset.result!.winnerId === reset.slots[0].playerId) {
      status = 'skipped';
    } else if (a.bye && c.bye) {
      status = 'skipped';
    } else if (a.bye || c.bye) {
      const other = a.bye ? c : a;
      if (other.playerId !== null) {
        status = 'done';
        result = { winnerId: other.playerId, loserId: null, score: [0, 0], outcome: 'bye' };
      }
    } else if (a.playerId !== null && c.playerId !== null) {
      const r = m.result;
      const players = [a.playerId, c.playerId];
      if (r && r.outcome !== 'bye' && players.includes(r.winnerId) && players.includes(r.loserId!)) {
        status = 'done';
        result = r;
      } else {
        status = m.live ? 'live' : 'ready';
      }
    }
    return { ...m, slots, status, result, live: status === 'live' };
  };

  // Sources always stand before their readers, so recomputing in index order sees them up to date.
  let todo: number[];
  if (changed === undefined) todo = matches.map((_, i) => i);
  else {
    const seen = new Set<number>();
    const stack = [...changed];
    while (stack.length > 0) {
      const id = stack.pop()!;
      const i = wiring.index.get(id)!;
      if (seen.has(i)) continue;
      seen.add(i);
      stack.push(...(wiring.dependents.get(id) ?? []));
      const group = matches[i]!.group;
      if (group !== null) stack.push(...(wiring.groupReaders.get(group) ?? []));
    }
    todo = [...seen].sort((x, y) => x - y);
  }
  for (const i of todo) matches[i] = resolveMatch(matches[i]!);
  return { ...b, matches };
}

/**
 * A round-robin table over the decided matches among playerIds. Order, in this priority (stated in the
 * issue): 1. wins; 2. head to head: wins against the other players level on wins (one mini-table over
 * the whole tied set, not re-applied to its parts); 3. rack difference; 4. racks won; 5. seed (better
 * seed first), so the order is total. A walkover is a win and a loss like any other; its racks are
 * the score reported with it (0–0 for a no-show), so a forfeit neither helps nor hurts rack difference.
 */
export function computeTable(playerIds: readonly string[], matches: readonly BracketMatch[], seedOf: ReadonlyMap<string, number>): StandingRow[] {
  const rows = new Map<string, StandingRow>(
    playerIds.map((id) => [id, { playerId: id, seed: seedOf.get(id)!, played: 0, wins: 0, losses: 0, headToHeadWins: 0, racksWon: 0, racksLost: 0, rackDifference: 0, position: 0 }]),
  );
  const decided = matches.filter((m) => m.status === 'done' && m.result !== null && m.result.loserId !== null);
  for (const m of decided) {
    m.slots.forEach((s, i) => {
      const row = rows.get(s.playerId!)!;
      row.played++;
      if (m.result!.winnerId === s.playerId) row.wins++;
      else row.losses++;
      row.racksWon += m.result!.score[i]!;
      row.racksLost += m.result!.score[1 - i]!;
    });
  }
  const all = [...rows.values()];
  for (const row of all) {
    row.rackDifference = row.racksWon - row.racksLost;
    const tied = new Set(all.filter((o) => o.wins === row.wins).map((o) => o.playerId));
    row.headToHeadWins = decided.filter((m) => m.result!.winnerId === row.playerId && tied.has(m.result!.loserId!)).length;
  }
  all.sort((x, y) => y.wins - x.wins || y.headToHeadWins - x.headToHeadWins || y.rackDifference - x.rackDifference || y.racksWon - x.racksWon || x.seed - y.seed);
  all.forEach((row, i) => (row.position = i + 1));
  return all;
}

export function findMatch(b: Bracket, matchId: string): BracketMatch {
  const m = b.matches[wiringOf(b).index.get(matchId) ?? -1];
  if (m?.id !== matchId) throw new BracketError('unknown_match', `no match ${String(matchId)} in this bracket`);
  return m;
}
