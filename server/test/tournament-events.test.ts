// Issue 14: tournaments run end to end on a real server and database with @colyseus/sdk clients:
// single elimination (8 players), double elimination with a bracket reset (6), groups then knockout;
// each match played in its server-made room by its two reserved players (the loser concedes), the
// live tournament room announcing it, every result stored once and advancing the bracket once.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dbTargets } from './helpers/db.ts';
import { serverSuite } from './helpers/suites.ts';
import { sleep, waitFor } from './helpers/play.ts';
import { account, api, getEvent, joinAs, playMatch, playOut, pollEvent, runningEvent, type User } from './helpers/tournament.ts';

const NO_LIMITS = { AUTH_RATE_LIMIT_PER_IP: '1000000', AUTH_RATE_LIMIT_PER_ACCOUNT: '1000000' };

for (const target of await dbTargets()) {
  const { test, ctx } = serverSuite('tournament-events', target, { logLevel: 'warn', env: NO_LIMITS });
  const url = () => ctx.server.url;
  const db = () => ctx.server.services.database.db;

  async function field(n: number, prefix: string) {
    const host = await account(url(), db(), `${prefix}h`, ['host']);
    const players: User[] = [];
    for (let i = 0; i < n; i++) players.push(await account(url(), db(), `${prefix}${i}`));
    // Distinct ratings so seeding by rating is known: players[0] is seed 1.
    for (let i = 0; i < n; i++) await db().updateTable('users').set({ rating: 1800 - i * 50 }).where('id', '=', players[i]!.id).execute();
    return { host, players, byId: new Map(players.map((p) => [p.id, p])) };
  }
  const seedOf = (e: any, id: string) => e.players.find((p: any) => p.id === id).seed as number;

  test(`[${target.name}] 8-player single elimination, rated, run end to end by concessions`, async () => {
    const { host, players, byId } = await field(8, 'se');
    // Every player watches the live tournament room from the start.
    const c = await api(url(), 'POST', '/api/tournaments', host, { name: 'SE8', format: 'single_elimination', game: '9ball', raceTo: { default: 1, final: 2 }, maxPlayers: 8, rated: true, thirdPlace: true });
    assert.is(c.status, 201, c.text);
    const id = c.body.id;
    assert.is(c.body.status, 'registering');
    assert.is(c.body.hostId, host.id);
    for (const p of players) assert.is((await api(url(), 'POST', `/api/tournaments/${id}/register`, p)).status, 201);
    const watchers = await Promise.all(players.map((p) => joinAs(url(), p, 'joinOrCreate', 'tournament', { tournamentId: id })));
    const spectator = await joinAs(url(), null, 'joinOrCreate', 'tournament', { tournamentId: id });
    assert.is(watchers[0]!.room.roomId, spectator.room.roomId, 'one room per event');
    const s = await api(url(), 'POST', `/api/tournaments/${id}/start`, host, {});
    assert.is(s.status, 200, s.text);
    assert.is(s.body.status, 'running');
    // Standard seeding: 1 v 8, 4 v 5, 2 v 7, 3 v 6.
    const first = s.body.matches.filter((m: any) => m.round === 1 && m.bracket === 'winners');
    assert.equal(first.map((m: any) => m.players.map((p: any) => seedOf(s.body, p.id))), [[1, 8], [4, 5], [2, 7], [3, 6]]);
    // Each first-round player hears about their match with its room id; spectators too.
    const ready = await watchers[0]!.next('match_ready', 0, 8000);
    assert.is(ready.matchId, 'W1-1');
    assert.ok(ready.roomId);
    assert.equal(ready.players.map((p: any) => p.id).sort(), [players[0]!.id, players[7]!.id].sort());
    await waitFor(() => spectator.of('match_ready').length >= 4, 8000, 'four announcements to the spectator');
    await waitFor(() => !!spectator.state.event && JSON.parse(spectator.state.event).matches.filter((m: any) => m.roomId).length === 4, 8000, 'the synced event has four rooms');

    const played = await playOut(url(), id, byId, (m) => (seedOf(s.body, m.players[0].id) < seedOf(s.body, m.players[1].id) ? m.players[0].id : m.players[1].id));
    assert.is(played.length, 8, played.join(','));
    const e = await getEvent(url(), id);
    assert.is(e.status, 'finished');
    assert.is(e.winnerId, players[0]!.id);
    const final = e.matches.find((m: any) => m.round === 3 && m.bracket === 'winners');
    assert.is(final.raceTo, 2);
    assert.equal(final.score, [2, 0], 'the conceded race goes to the winner');
    assert.ok(e.matches.every((m: any) => m.status === 'finished' && m.walkover === false));
    assert.equal(e.standings.placements.slice(0, 4).map((p: any) => [p.playerId, p.place]), [[players[0]!.id, 1], [players[1]!.id, 2], [players[2]!.id, 3], [players[3]!.id, 4]]);
    // The room shows the end too.
    await waitFor(() => spectator.state.status === 'finished', 8000, 'room finished');
    assert.equal(spectator.of('tournament_finished').at(-1), { winnerId: players[0]!.id });

    // Stored once: one finished tournament match per bracket match, each player's ratings moved.
    const rows = await db().selectFrom('matches').select(['id', 'settings', 'status']).where('mode', '=', 'tournament').execute();
    const mine = rows.filter((r: any) => (typeof r.settings === 'string' ? JSON.parse(r.settings) : r.settings).tournament?.tournamentId === id);
    assert.is(mine.length, 8);
    assert.ok(mine.every((r) => r.status === 'finished'));
    const tm = await db().selectFrom('tournament_matches').selectAll().where('tournament_id', '=', id).execute();
    assert.is(tm.length, 8);
    assert.ok(tm.every((r) => r.state === 'done' && r.match_id));
    const champ = await db().selectFrom('users').select(['rating', 'rated_games']).where('id', '=', players[0]!.id).executeTakeFirstOrThrow();
    assert.is(champ.rated_games, 3);
    assert.ok(champ.rating > 1800);
    const ach = await db().selectFrom('user_achievements').select('achievement_id').where('user_id', '=', players[0]!.id).execute();
    assert.ok(ach.some((a) => a.achievement_id === 'champion'));
    assert.not.ok(ach.some((a) => a.achievement_id === 'undefeated-champion'), 'undefeated champion is a double-elimination title');
    for (const w of [...watchers, spectator]) await w.room.leave();
  });

  test(`[${target.name}] 6-player double elimination with a bracket reset`, async () => {
    const { host, players, byId } = await field(6, 'de');
    const s = await runningEvent(url(), host, players, { format: 'double_elimination', grandFinalReset: true });
    const seed1 = players[0]!.id;
    const seed2 = players[1]!.id;
    // Higher seed wins everywhere, except seed 2 beats seed 1 whenever they meet in the grand final
    // (GF1 from the losers side: a reset; and GF2). Seed 1 beats seed 2 in the winners final.
    let phase = 0;
    const played = await playOut(url(), s.id, byId, (m) => {
      const [a, b] = m.players.map((p: any) => p.id);
      if (m.bracket === 'final') {
        phase++;
        return seed2;
      }
      return seedOf(s, a) < seedOf(s, b) ? a : b;
    });
    const e = await getEvent(url(), s.id);
    assert.is(e.status, 'finished');
    assert.is(e.winnerId, seed2);
    const finals = e.matches.filter((m: any) => m.bracket === 'final');
    assert.is(finals.length, 2, 'a bracket reset is a second final');
    assert.equal(finals.map((m: any) => m.round), [1, 2]);
    assert.equal(finals[0].players.map((p: any) => p.id), [seed1, seed2]);
    assert.equal(finals.map((m: any) => m.winnerId), [seed2, seed2]);
    assert.is(phase, 2);
    assert.is(played.length, e.matches.length);
    const ach = await db().selectFrom('user_achievements').select('achievement_id').where('user_id', '=', seed2).execute();
    assert.ok(ach.some((a) => a.achievement_id === 'champion'));
    assert.not.ok(ach.some((a) => a.achievement_id === 'undefeated-champion'), 'seed 2 lost the winners final');
  });

  test(`[${target.name}] double elimination without a reset: an undefeated champion`, async () => {
    const { host, players, byId } = await field(4, 'du');
    const s = await runningEvent(url(), host, players, { format: 'double_elimination' });
    // The final's finish message carries the tournament achievements unlocked in its transaction.
    let finalFinish: any = null;
    const played: string[] = [];
    for (;;) {
      const e = await pollEvent(url(), s.id, (x) => x.status === 'finished' || x.matches.some((m: any) => m.status === 'live' && m.roomId && !played.includes(m.id)), 'playable');
      if (e.status === 'finished') break;
      const m = e.matches.find((x: any) => x.status === 'live' && x.roomId && !played.includes(x.id));
      const [a, b] = m.players.map((p: any) => p.id);
      const w = seedOf(s, a) < seedOf(s, b) ? a : b;
      const fin = await playMatch(url(), m, byId.get(w)!, byId.get(w === a ? b : a)!);
      if (m.bracket === 'final') finalFinish = fin;
      played.push(m.id);
    }
    const e = await getEvent(url(), s.id);
    assert.is(e.winnerId, players[0]!.id);
    assert.is(e.matches.filter((m: any) => m.bracket === 'final').length, 1, 'no reset was needed');
    const ids = finalFinish.achievements.flatMap((a: any) => a.ids);
    assert.ok(ids.includes('champion') && ids.includes('undefeated-champion'), JSON.stringify(finalFinish.achievements));
  });

  test(`[${target.name}] groups then knockout`, async () => {
    const { host, players, byId } = await field(6, 'gk');
    const s = await runningEvent(url(), host, players, { format: 'groups_knockout', groups: 2, advancePerGroup: 2, raceTo: { default: 2, groups: 1 } });
    assert.is(s.matches.filter((m: any) => m.bracket === 'group').length, 6, 'two groups of three: three matches each');
    const played = await playOut(url(), s.id, byId, (m) => {
      const [a, b] = m.players.map((p: any) => p.id);
      return seedOf(s, a) < seedOf(s, b) ? a : b;
    });
    const e = await getEvent(url(), s.id);
    assert.is(e.status, 'finished');
    assert.is(e.winnerId, players[0]!.id);
    assert.is(e.standings.groups.length, 2);
    assert.ok(e.standings.groups.every((g: any) => g.table.length === 3));
    const knockout = e.matches.filter((m: any) => m.bracket === 'winners');
    assert.ok(knockout.length === 3, JSON.stringify(knockout.map((m: any) => m.id)));
    assert.ok(knockout.every((m: any) => m.raceTo === 2));
    assert.is(played.length, 9);
    // Group winners meet only in the final.
    const final = knockout.find((m: any) => m.round === 2);
    assert.equal(final.players.map((p: any) => seedOf(s, p.id)).sort(), [1, 2]);
  });

  test.after.each(() => {
    if (process.env.TEST_DEBUG) for (const l of ctx.server.logs.splice(0)) if (/"level":(50|40)/.test(l)) console.log(l.slice(0, 1500));
  });
  test.run();
}
void sleep;
