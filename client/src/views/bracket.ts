// The tournament screens' pure part: the event as the server sends it (REST or the live room's JSON)
// laid out for drawing — elimination sections as columns of rounds (winners, losers, grand final, third
// place), round robin and groups as standings tables with their matches — plus the check-in window,
// the player's own match, the create form's request body and the list's grouping. No DOM, no clock
// (`now` is passed in): tested in client/test/bracket-view.test.ts.
import { GAME_KINDS } from '@dojopool/shared/rules/registry.ts';
import type { BracketMatch, BracketRound, Section, SlotSource, StandingRow } from '@dojopool/shared/brackets/types.ts';
import type { TournamentEventView, TournamentListRow, TournamentMatchView } from '@dojopool/shared/protocol/tournaments.ts';

export type SlotView = {
  playerId: string | null;
  /** The player's name, or where they will come from ("Winner of W1-1"), or "Bye". */
  name: string;
  known: boolean;
  seed: number | null;
  score: number | null;
  /** true the winner, false the loser, null undecided. */
  won: boolean | null;
  mine: boolean;
};

export type CardStatus = 'pending' | 'ready' | 'live' | 'finished' | 'bye';

export type MatchCard = {
  id: string;
  round: number;
  status: CardStatus;
  raceTo: number;
  slots: [SlotView, SlotView];
  /** The match room to watch or sit at (live matches only). */
  roomId: string | null;
  walkover: boolean;
  needsHost: boolean;
  /** The signed-in player plays in it. */
  mine: boolean;
  /** GF2 while it is not known whether it will be played. */
  ifNeeded: boolean;
};

export type RoundColumn = { name: string; round: number; raceTo: number; matches: MatchCard[] };
export type TreeSection = { kind: 'tree'; key: string; title: string; rounds: RoundColumn[] };
export type StandingView = StandingRow & { name: string; mine: boolean; advances: boolean };
export type TableSection = { kind: 'table'; key: string; title: string; rows: StandingView[]; rounds: RoundColumn[] };
export type BracketView = { sections: (TreeSection | TableSection)[]; placements: { name: string; playerId: string; place: string }[] };

const SECTION_TITLES: Partial<Record<Section, string>> = {
  winners: 'Winners bracket',
  knockout: 'Knockout',
  losers: 'Losers bracket',
  'grand-final': 'Grand final',
  'third-place': 'Third place',
};

/** Where an unknown slot's player comes from, as a player reads it. */
export function slotSourceText(from: SlotSource, groupName: (g: number) => string): string {
  switch (from.kind) {
    case 'seed':
      return `Seed ${from.seed}`;
    case 'bye':
      return 'Bye';
    case 'winner':
      return `Winner of ${from.matchId}`;
    case 'loser':
      return `Loser of ${from.matchId}`;
    case 'group':
      return `${groupName(from.group)} #${from.place}`;
  }
}

/** The event's bracket laid out for drawing; null before the event starts (no bracket yet). */
export function bracketView(e: TournamentEventView, me: string | null): BracketView | null {
  const b = e.bracket;
  if (!b) return null;
  const names = new Map<string, string>(b.participants.map((p) => [p.id, p.name]));
  for (const p of e.players) names.set(p.id, p.username);
  const seeds = new Map(b.participants.map((p) => [p.id, p.seed]));
  const listed = new Map(e.matches.map((m) => [m.id, m]));
  const byId = new Map(b.matches.map((m) => [m.id, m]));
  const groupName = (g: number) => b.groups.find((x) => x.group === g)?.name ?? `Group ${g}`;
  const nameOf = (id: string) => names.get(id) ?? 'deleted player';

  const card = (m: BracketMatch): MatchCard | null => {
    if (m.status === 'skipped') return null;
    const v: TournamentMatchView | undefined = listed.get(m.id);
    const bye = m.slots.some((s) => s.bye);
    const status: CardStatus = bye ? 'bye' : (v?.status ?? (m.status === 'done' ? 'finished' : m.status));
    const score = v?.score ?? m.result?.score ?? null;
    const winnerId = v?.winnerId ?? m.result?.winnerId ?? null;
    const slots = m.slots.map((s, i): SlotView => {
      const id = s.playerId;
      return {
        playerId: id,
        name: id ? nameOf(id) : s.bye ? 'Bye' : slotSourceText(s.from, groupName),
        known: !!id,
        seed: id ? (seeds.get(id) ?? null) : null,
        score: status === 'finished' && score && !bye ? score[i]! : null,
        won: winnerId && id ? winnerId === id : winnerId && !id ? false : null,
        mine: !!me && id === me,
      };
    }) as [SlotView, SlotView];
    return {
      id: m.id,
      round: m.round,
      status,
      raceTo: m.raceTo,
      slots,
      roomId: status === 'live' ? (v?.roomId ?? null) : null,
      walkover: !!v?.walkover,
      needsHost: !!v?.needsHost,
      mine: slots.some((s) => s.mine),
      ifNeeded: !!m.resetOf && m.status === 'pending',
    };
  };

  const column = (r: BracketRound): RoundColumn => ({
    name: r.name,
    round: r.round,
    raceTo: r.raceTo,
    matches: r.matchIds.map((id) => byId.get(id)).flatMap((m) => (m ? [card(m)] : [])).filter((c): c is MatchCard => !!c),
  });

  const sections: (TreeSection | TableSection)[] = [];
  const standings = e.standings;
  const rowsOf = (table: StandingRow[] | undefined, advance: number): StandingView[] =>
    (table ?? []).map((r) => ({ ...r, name: nameOf(r.playerId), mine: r.playerId === me, advances: r.position <= advance }));

  if (b.format === 'round-robin') {
    sections.push({ kind: 'table', key: 'rr', title: 'Round robin', rows: rowsOf(standings?.table, 0), rounds: b.rounds.filter((r) => r.section === 'round-robin').map(column) });
  }
  if (b.format === 'groups-knockout') {
    for (const g of b.groups) {
      const table = standings?.groups?.find((x) => x.group === g.group)?.table;
      sections.push({ kind: 'table', key: `g${g.group}`, title: g.name, rows: rowsOf(table, b.options.advancePerGroup), rounds: b.rounds.filter((r) => r.section === 'group' && r.group === g.group).map(column) });
    }
  }
  for (const section of ['winners', 'knockout', 'losers', 'grand-final', 'third-place'] as Section[]) {
    const rounds = b.rounds.filter((r) => r.section === section).map(column).filter((c) => c.matches.length > 0);
    if (rounds.length) sections.push({ kind: 'tree', key: section, title: SECTION_TITLES[section]!, rounds });
  }

  const placements = (standings?.placements ?? [])
    .slice()
    .sort((a, b) => a.place - b.place)
    .map((p) => ({ playerId: p.playerId, name: nameOf(p.playerId), place: p.place === p.placeTo ? ordinal(p.place) : `${ordinal(p.place)}–${ordinal(p.placeTo)}` }));
  return { sections, placements };
}

export function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}

/** The race lengths of an event, round by round ("Round 1: race to 3"), from the bracket or the options. */
export function raceSummary(e: TournamentEventView): string[] {
  if (e.bracket) {
    const rounds = e.bracket.rounds;
    if (rounds.length && rounds.every((r) => r.raceTo === rounds[0]!.raceTo)) return [`Every match: race to ${rounds[0]!.raceTo}`];
    // Consecutive rounds of one section with the same race read as one line ("Winners round 1 – Winners final").
    const runs: { section: string; first: string; last: string; raceTo: number }[] = [];
    for (const r of rounds) {
      const name = r.section === 'group' ? 'Group matches' : r.name;
      const prev = runs[runs.length - 1];
      if (prev && prev.section === r.section && prev.raceTo === r.raceTo) prev.last = name;
      else runs.push({ section: r.section, first: name, last: name, raceTo: r.raceTo });
    }
    return runs.map((x) => `${x.first === x.last ? x.first : `${x.first} – ${x.last}`}: race to ${x.raceTo}`);
  }
  const r = e.raceTo;
  if (typeof r === 'number') return [`Every match: race to ${r}`];
  const out = [`Default: race to ${r.default}`];
  for (const [k, v] of Object.entries(r.byRound ?? {})) out.push(`Round ${k}: race to ${v}`);
  for (const [k, v] of Object.entries(r.losersByRound ?? {})) out.push(`Losers round ${k}: race to ${v}`);
  if (r.groups !== undefined) out.push(`Group matches: race to ${r.groups}`);
  if (r.thirdPlace !== undefined) out.push(`Third place: race to ${r.thirdPlace}`);
  if (r.final !== undefined) out.push(`Final: race to ${r.final}`);
  return out;
}

export type CheckIn =
  | { kind: 'none' }
  /** The window opens at `opensAt` (ms). */
  | { kind: 'before'; opensAt: number; startsAt: number }
  | { kind: 'open'; opensAt: number | null; startsAt: number | null }
  | { kind: 'closed' };

/** The check-in window as the server enforces it: from startsAt − checkInMinutes until the host starts. */
export function checkInWindow(e: Pick<TournamentEventView, 'status' | 'startsAt' | 'checkInMinutes'>, now: number): CheckIn {
  if (e.checkInMinutes === null) return { kind: 'none' };
  if (e.status !== 'registering') return { kind: 'closed' };
  if (!e.startsAt) return { kind: 'open', opensAt: null, startsAt: null };
  const startsAt = new Date(e.startsAt).getTime();
  const opensAt = startsAt - e.checkInMinutes * 60_000;
  return now < opensAt ? { kind: 'before', opensAt, startsAt } : { kind: 'open', opensAt, startsAt };
}

/** The signed-in player's match that waits for them (its room is open), if any. */
export function myLiveMatch(e: TournamentEventView, me: string | null): TournamentMatchView | null {
  if (!me) return null;
  return e.matches.find((m) => m.status === 'live' && m.roomId && m.players.some((p) => p?.id === me)) ?? null;
}

/** The list's three sections: upcoming (registering), running, finished; upcoming soonest first. */
export function groupList(rows: TournamentListRow[]): { upcoming: TournamentListRow[]; running: TournamentListRow[]; finished: TournamentListRow[] } {
  const at = (r: TournamentListRow) => (r.startsAt ? new Date(r.startsAt).getTime() : Number.POSITIVE_INFINITY);
  return {
    upcoming: rows.filter((r) => r.status === 'registering').sort((a, b) => at(a) - at(b)),
    running: rows.filter((r) => r.status === 'running'),
    finished: rows.filter((r) => r.status === 'finished'),
  };
}

export const FORMAT_LABELS: Record<string, string> = {
  single_elimination: 'Single elimination',
  double_elimination: 'Double elimination',
  round_robin: 'Round robin',
  groups_knockout: 'Groups, then knockout',
};
export const formatLabel = (f: string) => FORMAT_LABELS[f] ?? f;

/** What the create form holds: every text as typed (empty = not given). */
export type CreateForm = {
  name: string;
  format: string;
  game: string;
  raceTo: string;
  /** "2=5, 3=7": per winners/knockout/round-robin round. */
  byRound: string;
  losersByRound: string;
  final: string;
  thirdPlaceRace: string;
  groupsRace: string;
  maxPlayers: string;
  startsAt: string;
  checkInMinutes: string;
  noShowS: string;
  rated: boolean;
  thirdPlace: boolean;
  grandFinalReset: boolean;
  groups: string;
  advancePerGroup: string;
  seeding: 'rating' | 'manual';
  venueId: string;
};

export const emptyCreateForm = (): CreateForm => ({
  name: '',
  format: 'single_elimination',
  game: GAME_KINDS[0]!,
  raceTo: '5',
  byRound: '',
  losersByRound: '',
  final: '',
  thirdPlaceRace: '',
  groupsRace: '',
  maxPlayers: '16',
  startsAt: '',
  checkInMinutes: '',
  noShowS: '300',
  rated: false,
  thirdPlace: false,
  grandFinalReset: true,
  groups: '',
  advancePerGroup: '',
  seeding: 'rating',
  venueId: '',
});

/**
 * The form as `POST /api/tournaments` takes it, or the fields the browser can already tell are
 * malformed (the server checks every range and names its own field errors the same way: `raceTo`,
 * `raceTo.byRound.2`, `maxPlayers`…). Options that do not apply to the format are left out.
 */
export function createRequest(f: CreateForm, timeZoneOffsetMin = 0): { body: Record<string, unknown> } | { fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const num = (key: string, v: string): number | undefined => {
    const t = v.trim();
    if (!t) return undefined;
    const n = Number(t);
    if (!Number.isFinite(n)) fields[key] = 'must be a number';
    return n;
  };
  const rounds = (key: string, v: string): Record<string, number> | undefined => {
    const t = v.trim();
    if (!t) return undefined;
    const out: Record<string, number> = {};
    for (const part of t.split(/[,;\s]+/).filter(Boolean)) {
      const m = /^(\d{1,2})[=:](\d+)$/.exec(part);
      if (!m) {
        fields[key] = 'write round=race pairs, e.g. 3=7, 4=9';
        return undefined;
      }
      out[m[1]!] = Number(m[2]);
    }
    return out;
  };
  const elimination = f.format === 'single_elimination' || f.format === 'groups_knockout';
  const double = f.format === 'double_elimination';
  const race = num('raceTo', f.raceTo);
  const byRound = rounds('raceTo.byRound', f.byRound);
  const losersByRound = double ? rounds('raceTo.losersByRound', f.losersByRound) : undefined;
  const final = f.format === 'round_robin' ? undefined : num('raceTo.final', f.final);
  const thirdPlaceRace = elimination && f.thirdPlace ? num('raceTo.thirdPlace', f.thirdPlaceRace) : undefined;
  const groupsRace = f.format === 'groups_knockout' ? num('raceTo.groups', f.groupsRace) : undefined;
  const raceTo =
    byRound || losersByRound || final !== undefined || thirdPlaceRace !== undefined || groupsRace !== undefined
      ? { default: race, ...(byRound ? { byRound } : {}), ...(losersByRound ? { losersByRound } : {}), ...(final !== undefined ? { final } : {}), ...(thirdPlaceRace !== undefined ? { thirdPlace: thirdPlaceRace } : {}), ...(groupsRace !== undefined ? { groups: groupsRace } : {}) }
      : race;
  let startsAt: string | undefined;
  if (f.startsAt.trim()) {
    // <input type="datetime-local"> gives local wall time without a zone: add the browser's offset.
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(f.startsAt.trim());
    if (!m) fields.startsAt = 'must be a date and time';
    else {
      const utc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!) + timeZoneOffsetMin * 60_000;
      startsAt = new Date(utc).toISOString();
    }
  }
  const body: Record<string, unknown> = {
    name: f.name,
    format: f.format,
    game: f.game,
    raceTo,
    maxPlayers: num('maxPlayers', f.maxPlayers),
    ...(startsAt ? { startsAt } : {}),
    ...(num('checkInMinutes', f.checkInMinutes) !== undefined ? { checkInMinutes: num('checkInMinutes', f.checkInMinutes) } : {}),
    ...(num('noShowS', f.noShowS) !== undefined ? { noShowS: num('noShowS', f.noShowS) } : {}),
    rated: f.rated,
    seeding: f.seeding,
    ...(elimination ? { thirdPlace: f.thirdPlace } : {}),
    ...(double ? { grandFinalReset: f.grandFinalReset } : {}),
    ...(f.format === 'groups_knockout' && num('groups', f.groups) !== undefined ? { groups: num('groups', f.groups) } : {}),
    ...(f.format === 'groups_knockout' && num('advancePerGroup', f.advancePerGroup) !== undefined ? { advancePerGroup: num('advancePerGroup', f.advancePerGroup) } : {}),
    ...(f.venueId.trim() ? { venueId: f.venueId.trim() } : {}),
  };
  if (body.maxPlayers === undefined) fields.maxPlayers = 'is required';
  if (race === undefined) fields.raceTo = 'is required';
  return Object.keys(fields).length ? { fields } : { body };
}

/** A server field error's key as the form's field it belongs to (`raceTo.byRound.2` → `raceTo.byRound`). */
export function formFieldOf(key: string): string {
  const m = /^(raceTo\.(?:byRound|losersByRound))\./.exec(key);
  return m ? m[1]! : key;
}
