// Issue 16's server side for the app shell: live tables from the matchmaker's listing (a ranked match
// appears with players, ratings, game and score; a player's private table never does), chat history
// sent to whoever joins (a reload keeps the conversation), the rating history and rank after a ranked
// match, the leaderboard by game, client settings, venue editing by hosts, and the venues import file
// parser. Each on PGlite and (when DATABASE_URL is set) on Postgres.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { repoRoot } from '../src/config.ts';
import { openPglite } from '../src/db/index.ts';
import { nearbyVenues } from '../src/db/venues.ts';
import { setRoles } from '../src/db/users.ts';
import { parseVenuesCsv, parseVenuesFile, parseVenuesGeoJson } from '../src/services/venue-import.ts';
import { bearer, NO_LIMITS, register } from './accounts-helpers.ts';
import { dbTargets } from './helpers/db.ts';
import { join as joinRoom, waitFor } from './helpers/play.ts';
import { rankedPair } from './helpers/ranked.ts';
import { http } from './helpers/server.ts';
import { serverSuite } from './helpers/suites.ts';

for (const target of await dbTargets()) {
  const { test, ctx } = serverSuite('shell-api', target, { logLevel: 'warn', env: NO_LIMITS });

  test(`[${target.name}] live tables list a ranked match (players, ratings, score) and never a private table; it leaves the list when finished`, async () => {
    const url = ctx.server.url;
    const empty = await http(url, 'GET', '/api/live-tables');
    assert.is(empty.status, 200);
    assert.equal(empty.body.tables, []);
    // A private table, full and playing: not listed.
    const a = await joinRoom(url, 'create', 'match', { name: 'Pat', private: true });
    const b = await joinRoom(url, 'joinById', a.room.roomId, { name: 'Quinn' });
    await waitFor(() => a.state.phase === 'playing', 5000, 'private table playing');
    const { users, rooms, roomId } = await rankedPair(url, '9ball');
    const live = await http(url, 'GET', '/api/live-tables');
    assert.is(live.body.tables.length, 1, JSON.stringify(live.body));
    const t = live.body.tables[0];
    assert.is(t.roomId, roomId);
    assert.is(t.game, '9ball');
    assert.is(t.mode, 'ranked');
    assert.is(t.phase, 'playing');
    assert.equal(t.score, [0, 0]);
    assert.equal(t.players.map((p: any) => p.rating), [1500, 1500]);
    assert.equal(t.players.map((p: any) => p.name).sort(), users.map((u) => u.user.username).sort());
    // A spectator counts as one.
    const watcher = await joinRoom(url, 'joinById', roomId, { spectate: true, name: 'w' });
    await waitFor(() => watcher.state.phase === 'playing', 5000, 'spectator state');
    assert.is((await http(url, 'GET', '/api/live-tables')).body.tables[0].spectators, 1);
    // The player to shoot resigns: the table leaves the list.
    const shooter = rooms.find((r) => r.of('welcome')[0]?.seat === r.state.turn)!;
    shooter.room.send('concede', { scope: 'match' });
    await waitFor(() => rooms[0].state.phase === 'finished', 5000, 'finished');
    const after = Date.now();
    for (;;) {
      const tables = (await http(url, 'GET', '/api/live-tables')).body.tables;
      if (tables.length === 0) break;
      if (Date.now() - after > 3000) assert.unreachable('the finished table is still listed');
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const s of [a, b, watcher, ...rooms]) await s.room.leave().catch(() => undefined);
  });

  test(`[${target.name}] chat history reaches a player who rejoins after a reload, and a spectator`, async () => {
    const url = ctx.server.url;
    const a = await joinRoom(url, 'create', 'match', { name: 'Ann', private: true });
    const b = await joinRoom(url, 'joinById', a.room.roomId, { name: 'Ben' });
    await waitFor(() => a.state.phase === 'playing', 5000, 'playing');
    a.room.send('chat', { text: 'good luck' });
    await b.next('chat', 0);
    b.room.send('chat', { text: 'you too' });
    await a.next('chat', 1);
    const seatKey = b.of('welcome')[0].seatKey;
    // B reloads: a new connection with the seat key gets the conversation after its welcome.
    await b.room.leave(false).catch(() => undefined);
    const b2 = await joinRoom(url, 'joinById', a.room.roomId, { name: 'Ben', seatKey });
    await waitFor(() => b2.of('chat').length === 2, 3000, 'chat history');
    assert.equal(b2.of('chat').map((m) => `${m.name}: ${m.text}`), ['Ann: good luck', 'Ben: you too']);
    assert.is(b2.messages.findIndex((m) => m.type === 'welcome') < b2.messages.findIndex((m) => m.type === 'chat'), true);
    const w = await joinRoom(url, 'joinById', a.room.roomId, { spectate: true, name: 'w' });
    await waitFor(() => w.of('chat').length === 2, 3000, 'spectator chat history');
    for (const s of [a, b2, w]) await s.room.leave().catch(() => undefined);
  });

  test(`[${target.name}] rating history and rank after a ranked match; leaderboard by game`, async () => {
    const url = ctx.server.url;
    const { users, rooms } = await rankedPair(url, '10ball');
    const shooter = rooms.find((r) => r.of('welcome')[0]?.seat === r.state.turn)!;
    const loserName = shooter.state.players[shooter.state.turn].name;
    shooter.room.send('concede', { scope: 'match' });
    await waitFor(() => rooms.every((r) => r.of('finished').some((f) => !f.pending)), 8000, 'finish stored');
    const loser = users.find((u) => u.user.username === loserName)!;
    const winner = users.find((u) => u !== loser)!;
    const h = await http(url, 'GET', `/api/players/${loser.user.id}/rating-history`);
    assert.is(h.status, 200, h.text);
    assert.is(h.body.points.length, 1);
    assert.is(h.body.points[0].before, 1500);
    assert.ok(h.body.points[0].after < 1500);
    assert.is(h.body.points[0].game, '10ball');
    assert.is(h.body.points[0].result, 'loss');
    assert.is(h.body.rating, h.body.points[0].after);
    assert.is((await http(url, 'GET', `/api/players/${loser.user.id}/rating-history?game=8ball`)).body.points.length, 0);
    assert.is((await http(url, 'GET', `/api/players/${loser.user.id}/rating-history?game=chess`)).body.error.fields.game !== undefined, true);
    assert.is((await http(url, 'GET', `/api/players/00000000-0000-4000-8000-000000000000/rating-history`)).status, 404);
    const wr = await http(url, 'GET', `/api/players/${winner.user.id}/rank`);
    const lr = await http(url, 'GET', `/api/players/${loser.user.id}/rank`);
    assert.ok(wr.body.rank < lr.body.rank, `${wr.text} ${lr.text}`);
    assert.ok(wr.body.rating > 1500);
    const board = await http(url, 'GET', '/api/leaderboard?game=10ball');
    assert.is(board.status, 200, board.text);
    assert.equal(board.body.players.map((p: any) => p.userId), [winner.user.id, loser.user.id]);
    assert.equal(board.body.players.map((p: any) => [p.matches, p.wins]), [[1, 1], [1, 0]]);
    assert.equal((await http(url, 'GET', '/api/leaderboard?game=8ball')).body.players, []);
    assert.is((await http(url, 'GET', '/api/leaderboard?game=snooker')).status, 400);
    for (const s of rooms) await s.room.leave().catch(() => undefined);
  });

  test(`[${target.name}] client config; hosts edit venues, players cannot`, async () => {
    const url = ctx.server.url;
    assert.equal((await http(url, 'GET', '/api/client-config')).body, { mapboxToken: null });
    const host = await register(url);
    await setRoles(ctx.server.services.database.db, host.user.id, ['player', 'host']);
    const made = await http(url, 'POST', '/api/venues', { name: 'Cue Club', address: '1 High St', lat: 51.5, lon: -0.12, tables: 6 }, bearer(host.accessToken));
    assert.is(made.status, 201, made.text);
    const id = made.body.venue.id;
    const player = await register(url);
    assert.is((await http(url, 'PATCH', `/api/venues/${id}`, { tables: 8 }, bearer(player.accessToken))).status, 403);
    const edited = await http(url, 'PATCH', `/api/venues/${id}`, { tables: 8, name: 'Cue Club Soho' }, bearer(host.accessToken));
    assert.is(edited.status, 200, edited.text);
    assert.is(edited.body.venue.tables, 8);
    assert.is(edited.body.venue.name, 'Cue Club Soho');
    assert.is((await http(url, 'PATCH', `/api/venues/${id}`, { lat: 95 }, bearer(host.accessToken))).body.error.fields.lat, 'must be between -90 and 90');
  });

  test.run();
}

// The import parser needs no server: once.
{
  const csv = parseVenuesCsv('name,address,lat,lng,tables\n"Corner Pocket, The",1 Main St,40.7,-74.0,12\nBad,,100,0,1\nNo Tables,x,10,10,\n');
  assert.equal(csv.venues, [
    { name: 'Corner Pocket, The', address: '1 Main St', lat: 40.7, lon: -74, tables: 12 },
    { name: 'No Tables', address: 'x', lat: 10, lon: 10, tables: 0 },
  ]);
  assert.equal(csv.problems, ['line 3: lat must be between -90 and 90']);
  assert.match(parseVenuesCsv('title,lat\nx,1').problems[0]!, /must name name, lon/);
  const geo = parseVenuesGeoJson(JSON.stringify({ type: 'FeatureCollection', features: [
    { type: 'Feature', geometry: { type: 'Point', coordinates: [2.35, 48.85] }, properties: { name: 'Paris Billard', tables: 4 } },
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [] }, properties: {} },
  ] }));
  assert.equal(geo.venues, [{ name: 'Paris Billard', address: 'Paris Billard', lat: 48.85, lon: 2.35, tables: 4 }]);
  assert.equal(geo.problems, ['feature 2: not a Point']);
  assert.equal(parseVenuesFile('x.geojson', '{').venues, []);
  console.log('  venue import parser: ok');
}

// The command itself, as the README gives it (from the repository root, through npm), on an embedded
// data directory: a bad file writes nothing, a good one is imported and found near its point.
{
  const dir = mkdtempSync(join(tmpdir(), 'dojo-venues-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'DATABASE_URL' && k !== 'REDIS_URL') env[k] = v;
  Object.assign(env, { DATA_DIR: dir, LOG_LEVEL: 'warn' });
  const run = (file: string) => spawnSync('npm', ['run', '--silent', 'venues', '--', 'import', file], { cwd: repoRoot, env, encoding: 'utf8', timeout: 120_000 });
  try {
    writeFileSync(join(dir, 'bad.csv'), 'name,lat,lon\nOk,1,1\nBad,100,1\n');
    const bad = run(join(dir, 'bad.csv'));
    assert.is(bad.status, 1, bad.stdout + bad.stderr);
    assert.match(bad.stderr, /line 3: lat must be between -90 and 90/);
    writeFileSync(join(dir, 'v.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', geometry: { type: 'Point', coordinates: [-0.13, 51.51] }, properties: { name: 'Soho Cues', address: '1 Soho Sq', tables: 6 } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [-0.14, 51.54] }, properties: { name: 'Camden Pool', tables: 9 } },
    ] }));
    const ok = run(join(dir, 'v.geojson'));
    assert.is(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /imported 2 venues/);
    const h = await openPglite(join(dir, 'pglite'));
    try {
      const near = await nearbyVenues(h.db, { lat: 51.5, lon: -0.12, radiusKm: 10, limit: 10 });
      assert.equal(near.map((v) => [v.name, v.tables]), [['Soho Cues', 6], ['Camden Pool', 9]]);
    } finally {
      await h.close();
    }
    console.log('  npm run venues -- import: ok');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
