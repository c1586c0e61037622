// The tournament screens' pure parts (views/bracket.ts): laying out the event the server sends (REST or
// the live room) as bracket sections, round columns, match cards and standings tables; the check-in
// window; the player's own waiting match; the list's grouping; and the create form's request body.
// The events are built the way the server builds them: a real shared bracket, played with the shared
// functions, wrapped in the REST view (matches without byes or skipped ones, named players).
import { GAME_KINDS } from '@dojopool/shared/rules/registry.ts';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createBracket, placements, reportResult, standings, startMatch, type Bracket, type BracketFormat, type BracketOptionsInput } from '@dojopool/shared';
import type { TournamentEventView, TournamentListRow, TournamentMatchView } from '@dojopool/shared/protocol/tournaments.ts';
import { bracketView, checkInWindow, createRequest, emptyCreateForm, formFieldOf, groupList, myLiveMatch, ordinal, raceSummary, type MatchCard } from '../src/views/bracket.ts';

const players = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `p${i + 1}`, name: `Player${i + 1}`, rating: 2000 - i * 10 }));
const SECTION: Record<string, TournamentMatchView['bracket']> = { winners: 'winners', knockout: 'winners', losers: 'losers', 'grand-final': 'final', 'third-place': 'third_place', 'round-robin': 'group', group: 'group' };
const FORMAT = { 'single-elimination': 'single_elimination', 'double-elimination': 'double_elimination', 'round-robin': 'round_robin', 'groups-knockout': 'groups_knockout' } as const;

/** The REST view of a bracket, as services/tournaments.ts `view` makes it; `rooms` gives live matches their room. */
function eventOf(b: Bracket, rooms: Record<string, string> = {}, extra: Partial<TournamentEventView> = {}): TournamentEventView {
  const who = (id: string | null) => (id ? { id, username: `Player${id.slice(1)}` } : null);
  const standingsView =
    b.format === 'round-robin'
      ? { table: standings(b), placements: placements(b) }
      : b.format === 'groups-knockout'
        ? { groups: b.groups.map((g) => ({ group: g.group, name: g.name, table: standings(b, g.group) })), placements: placements(b) }
        : { placements: placements(b) };
  return {
    id: 't1', name: 'Test Open', format: FORMAT[b.format], game: '9ball', raceTo: 3, status: 'running', paused: false, hostId: 'host', maxPlayers: 16,
    startsAt: null, checkInMinutes: null, noShowS: 300, rated: false, venueId: null,
    options: { thirdPlace: b.options.thirdPlace, grandFinalReset: b.options.grandFinalReset, groups: null, advancePerGroup: null, seeding: 'rating' },
    players: b.participants.map((p) => ({ id: p.id, username: p.name, seed: p.seed, checkedIn: false, disqualified: false })),
    matches: b.matches
      .filter((m) => m.status !== 'skipped' && !m.slots.some((s) => s.bye))
      .map((m) => ({
        id: m.id, round: m.round, bracket: SECTION[m.section]!, group: m.group, raceTo: m.raceTo,
        players: [who(m.slots[0].playerId), who(m.slots[1].playerId)],
        status: m.status === 'done' ? 'finished' : m.status === 'live' ? 'live' : (m.status as 'pending' | 'ready'),
        roomId: m.status === 'live' ? (rooms[m.id] ?? null) : null, needsHost: false, matchId: null,
        score: m.result?.score ?? null, winnerId: m.result?.winnerId ?? null, walkover: m.result?.outcome === 'walkover',
      })),
    standings: standingsView, winnerId: null, audit: [], bracket: b, ...extra,
  };
}
const make = (format: BracketFormat, n: number, o: BracketOptionsInput = {}) => createBracket(format, players(n), o);
const cards = (v: NonNullable<ReturnType<typeof bracketView>>, key: string) => v.sections.find((s) => s.key === key)!.rounds.flatMap((r) => r.matches);
const card = (v: NonNullable<ReturnType<typeof bracketView>>, id: string): MatchCard => v.sections.flatMap((s) => s.rounds.flatMap((r) => r.matches)).find((m) => m.id === id)!;
/** Plays the first ready match: slot `w` wins `score`. */
const play = (b: Bracket, id: string, w: 0 | 1, score: [number, number]) => reportResult(startMatch(b, id), id, { winner: b.matches.find((m) => m.id === id)!.slots[w].playerId!, score });

test('no bracket before the start: nothing to draw', () => {
  const e = eventOf(make('single-elimination', 4), {}, { status: 'registering' });
  assert.is(bracketView({ ...e, bracket: null }, null), null);
});

test('8-player single elimination with third place: rounds as columns, seeds 1 v 8, names, race per round', () => {
  const b = make('single-elimination', 8, { thirdPlace: true, raceTo: { default: 3, final: 5, thirdPlace: 4 } });
  const v = bracketView(eventOf(b), null)!;
  assert.equal(v.sections.map((s) => [s.kind, s.title]), [['tree', 'Winners bracket'], ['tree', 'Third place']]);
  const w = v.sections[0]!;
  assert.equal(w.rounds.map((r) => [r.name, r.raceTo, r.matches.length]), [['Quarter-finals', 3, 4], ['Semi-finals', 3, 2], ['Final', 5, 1]]);
  const first = w.rounds[0]!.matches[0]!;
  assert.equal(first.slots.map((s) => [s.name, s.seed]), [['Player1', 1], ['Player8', 8]]);
  assert.is(first.status, 'ready');
  // Unknown players say where they come from.
  assert.equal(card(v, 'W2-1').slots.map((s) => [s.name, s.known]), [['Winner of W1-1', false], ['Winner of W1-2', false]]);
  assert.equal(card(v, 'P3').slots.map((s) => s.name), ['Loser of W2-1', 'Loser of W2-2']);
  assert.is(card(v, 'P3').raceTo, 4);
});

test('a finished match shows its score, winner and loser, and its winner moves on', () => {
  let b = make('single-elimination', 8);
  b = play(b, 'W1-1', 1, [1, 5]); // the 8 seed beats the 1 seed 5–1
  const v = bracketView(eventOf(b), 'p8')!;
  const m = card(v, 'W1-1');
  assert.is(m.status, 'finished');
  assert.equal(m.slots.map((s) => [s.name, s.score, s.won]), [['Player1', 1, false], ['Player8', 5, true]]);
  assert.ok(m.mine, 'p8 plays in it');
  assert.equal(card(v, 'W2-1').slots.map((s) => s.name), ['Player8', 'Winner of W1-2']);
  assert.is(card(v, 'W2-1').slots[0]!.mine, true);
});

test('a live match carries its room (to watch, or for its players to sit at) and is the player\'s waiting match', () => {
  const b = startMatch(make('single-elimination', 4), 'W1-1');
  const e = eventOf(b, { 'W1-1': 'ROOM1' });
  const v = bracketView(e, 'p4')!;
  const m = card(v, 'W1-1');
  assert.is(m.status, 'live');
  assert.is(m.roomId, 'ROOM1');
  assert.ok(m.mine);
  assert.is(card(v, 'W1-2').roomId, null, 'a ready match without a room has nothing to watch');
  assert.is(myLiveMatch(e, 'p4')?.id, 'W1-1');
  assert.is(myLiveMatch(e, 'p2'), null, 'p2 plays W1-2, which has no room yet');
  assert.is(myLiveMatch(e, null), null);
});

test('6-player double elimination: winners, losers and grand final; byes shown as byes; the reset only "if needed"', () => {
  const b = make('double-elimination', 6, { raceTo: { default: 3, final: 5 } });
  const v = bracketView(eventOf(b), null)!;
  assert.equal(v.sections.map((s) => s.title), ['Winners bracket', 'Losers bracket', 'Grand final']);
  assert.equal(v.sections[1]!.rounds.map((r) => r.name), ['Losers round 1', 'Losers round 2', 'Losers round 3', 'Losers final']);
  assert.equal(v.sections[2]!.rounds.map((r) => [r.name, r.raceTo]), [['Grand final', 5], ['Grand final reset', 5]]);
  const bye = card(v, 'W1-1');
  assert.is(bye.status, 'bye');
  assert.equal(bye.slots.map((s) => s.name), ['Player1', 'Bye']);
  assert.is(bye.slots[0]!.score, null, 'a bye has no score');
  assert.ok(card(v, 'GF2').ifNeeded);
  assert.not.ok(card(v, 'GF1').ifNeeded);
  // The drop-down order crosses the halves (avoiding early rematches): W2-2's loser meets L1-1's winner.
  assert.equal(card(v, 'L2-1').slots.map((s) => s.name).sort(), ['Loser of W2-2', 'Winner of L1-1']);
});

test('an unplayed bracket reset disappears once the winners-bracket player takes the first grand final', () => {
  let b = make('double-elimination', 2, { raceTo: 3 });
  b = play(b, 'W1-1', 0, [3, 0]);
  const gf = b.matches.find((m) => m.id === 'GF1')!;
  b = play(b, 'GF1', gf.slots[0].playerId === 'p1' ? 0 : 1, gf.slots[0].playerId === 'p1' ? [3, 1] : [1, 3]);
  const v = bracketView(eventOf(b, {}, { status: 'finished' }), null)!;
  assert.is(cards(v, 'grand-final').length, 1, 'GF2 skipped: not drawn');
  assert.equal(v.placements.map((p) => [p.name, p.place]), [['Player1', '1st'], ['Player2', '2nd']]);
});

test('round robin: one standings table with names, and its rounds', () => {
  let b = make('round-robin', 5, { raceTo: 2 });
  const r1 = b.rounds[0]!.matchIds;
  for (const id of r1) b = play(b, id, 0, [2, 1]);
  const v = bracketView(eventOf(b), 'p3')!;
  assert.is(v.sections.length, 1);
  const s = v.sections[0]!;
  assert.is(s.kind, 'table');
  if (s.kind !== 'table') return;
  assert.is(s.rounds.length, 5);
  assert.is(s.rows.length, 5);
  assert.equal(s.rows.map((r) => r.position), [1, 2, 3, 4, 5]);
  assert.ok(s.rows.every((r) => /^Player\d$/.test(r.name)));
  assert.is(s.rows.filter((r) => r.wins === 1).length, 2);
  assert.is(s.rows.find((r) => r.playerId === 'p3')!.mine, true);
  assert.ok(s.rows.every((r) => !r.advances), 'nobody "goes through" in a round robin');
});

test('groups then knockout: a table per group with who goes through, then the knockout from group places', () => {
  const b = make('groups-knockout', 8, { groups: 2, advancePerGroup: 2, thirdPlace: true });
  const e = eventOf(b);
  e.options.groups = 2;
  e.options.advancePerGroup = 2;
  const v = bracketView(e, null)!;
  assert.equal(v.sections.map((s) => [s.kind, s.title]), [['table', 'Group A'], ['table', 'Group B'], ['tree', 'Knockout'], ['tree', 'Third place']]);
  const a = v.sections[0]!;
  if (a.kind !== 'table') throw new Error('table');
  assert.is(a.rows.length, 4);
  assert.equal(a.rows.map((r) => r.advances), [true, true, false, false]);
  assert.equal(a.rounds.map((r) => r.matches.length), [2, 2, 2]);
  assert.equal(card(v, 'K1-1').slots.map((s) => s.name), ['Group A #1', 'Group B #2']);
});

test('race lengths per round, from the bracket or, before the start, from the options', () => {
  const b = make('single-elimination', 4, { raceTo: { default: 3, final: 7 } });
  assert.equal(raceSummary(eventOf(b)), ['Semi-finals: race to 3', 'Final: race to 7']);
  const g = make('groups-knockout', 8, { groups: 2, advancePerGroup: 2, raceTo: { default: 4, groups: 2 } });
  assert.equal(raceSummary(eventOf(g)), ['Group matches: race to 2', 'Semi-finals – Final: race to 4']);
  assert.equal(raceSummary(eventOf(make('round-robin', 4, { raceTo: 3 }))), ['Every match: race to 3']);
  const d = make('double-elimination', 8, { raceTo: { default: 2, byRound: { 3: 3 }, final: 4 } });
  assert.equal(raceSummary(eventOf(d)), ['Winners round 1 – Winners round 2: race to 2', 'Winners final: race to 3', 'Losers round 1 – Losers final: race to 2', 'Grand final – Grand final reset: race to 4']);
  const e = eventOf(b, {}, { bracket: null, raceTo: { default: 5, byRound: { 3: 7 }, final: 9 } });
  assert.equal(raceSummary(e), ['Default: race to 5', 'Round 3: race to 7', 'Final: race to 9']);
  assert.equal(raceSummary({ ...e, raceTo: 4 }), ['Every match: race to 4']);
});

test('the check-in window: none, not yet open, open, closed once started', () => {
  const startsAt = '2026-12-01T18:00:00.000Z';
  const t = Date.parse(startsAt);
  assert.equal(checkInWindow({ status: 'registering', startsAt, checkInMinutes: null }, t), { kind: 'none' });
  assert.equal(checkInWindow({ status: 'registering', startsAt, checkInMinutes: 30 }, t - 31 * 60_000), { kind: 'before', opensAt: t - 30 * 60_000, startsAt: t });
  assert.equal(checkInWindow({ status: 'registering', startsAt, checkInMinutes: 30 }, t - 30 * 60_000), { kind: 'open', opensAt: t - 30 * 60_000, startsAt: t });
  assert.equal(checkInWindow({ status: 'registering', startsAt, checkInMinutes: 30 }, t + 3_600_000), { kind: 'open', opensAt: t - 30 * 60_000, startsAt: t }, 'open until the host starts');
  assert.equal(checkInWindow({ status: 'registering', startsAt: null, checkInMinutes: 30 }, t), { kind: 'open', opensAt: null, startsAt: null });
  assert.equal(checkInWindow({ status: 'running', startsAt, checkInMinutes: 30 }, t), { kind: 'closed' });
});

test('the list: upcoming soonest first (no date last), running, finished', () => {
  const row = (id: string, status: TournamentListRow['status'], startsAt: string | null): TournamentListRow => ({ id, name: id, format: 'round_robin', game: '9ball', status, paused: false, maxPlayers: 8, players: 0, startsAt, host: null, winnerId: null });
  const g = groupList([row('a', 'registering', null), row('b', 'finished', null), row('c', 'registering', '2026-12-02T10:00:00Z'), row('d', 'running', null), row('e', 'registering', '2026-12-01T10:00:00Z')]);
  assert.equal(g.upcoming.map((r) => r.id), ['e', 'c', 'a']);
  assert.equal(g.running.map((r) => r.id), ['d']);
  assert.equal(g.finished.map((r) => r.id), ['b']);
});

test('the create form: a plain race is a number; per-round races make the object; options of other formats stay out', () => {
  const f = { ...emptyCreateForm(), name: 'Friday 9-Ball', raceTo: '4', maxPlayers: '8' };
  assert.equal(createRequest(f), { body: { name: 'Friday 9-Ball', format: 'single_elimination', game: GAME_KINDS[0], raceTo: 4, maxPlayers: 8, noShowS: 300, rated: false, seeding: 'rating', thirdPlace: false } });
  const d = createRequest({ ...f, format: 'double_elimination', byRound: '3=5, 4=7', losersByRound: '5=6', final: '9', groups: '4', thirdPlace: true, grandFinalReset: false });
  assert.ok('body' in d);
  if (!('body' in d)) return;
  assert.equal(d.body.raceTo, { default: 4, byRound: { 3: 5, 4: 7 }, losersByRound: { 5: 6 }, final: 9 });
  assert.is(d.body.grandFinalReset, false);
  assert.is(d.body.thirdPlace, undefined, 'no third-place match in double elimination');
  assert.is(d.body.groups, undefined, 'groups only for groups-knockout');
  const g = createRequest({ ...f, format: 'groups_knockout', groups: '2', advancePerGroup: '2', groupsRace: '3', thirdPlace: true, thirdPlaceRace: '2', checkInMinutes: '30', venueId: ' v1 ' });
  assert.ok('body' in g);
  if (!('body' in g)) return;
  assert.equal(g.body.raceTo, { default: 4, thirdPlace: 2, groups: 3 });
  assert.equal([g.body.groups, g.body.advancePerGroup, g.body.checkInMinutes, g.body.venueId, g.body.thirdPlace], [2, 2, 30, 'v1', true]);
});

test('the create form: local start time to UTC; malformed fields named before sending; server field keys to form fields', () => {
  const f = { ...emptyCreateForm(), name: 'x', startsAt: '2026-12-01T19:30' };
  const r = createRequest(f, -60); // UTC+1: getTimezoneOffset() is −60
  assert.ok('body' in r && r.body.startsAt === '2026-12-01T18:30:00.000Z');
  assert.equal(createRequest({ ...f, byRound: 'final=7', raceTo: '', maxPlayers: 'lots' }), { fields: { 'raceTo.byRound': 'write round=race pairs, e.g. 3=7, 4=9', maxPlayers: 'must be a number', raceTo: 'is required' } });
  // Ranges are the server's to check: 0 goes through and comes back as the server's field error.
  const zero = createRequest({ ...f, raceTo: '0' });
  assert.ok('body' in zero && zero.body.raceTo === 0);
  assert.is(formFieldOf('raceTo.byRound.2'), 'raceTo.byRound');
  assert.is(formFieldOf('raceTo.losersByRound.11'), 'raceTo.losersByRound');
  assert.is(formFieldOf('raceTo.final'), 'raceTo.final');
  assert.is(formFieldOf('maxPlayers'), 'maxPlayers');
});

test('ordinals', () => {
  assert.equal([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal), ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '111th']);
});

test.run();
