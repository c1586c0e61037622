// Venues over HTTP: admin-only creation with validated input, lookup by id, and "near me" search —
// sorted by great-circle distance, bounded by radius and limit, correct across the antimeridian and at
// the poles, served by the GiST index on ll_to_earth(lat, lon) (stored as earth_point) — with bad coordinates and queries
// answering 400 naming the field.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { setRoles } from '../src/db/users.ts';
import { nearbyQuery } from '../src/db/venues.ts';
import { dbTargets } from './helpers/db.ts';
import { announce } from './helpers/env.ts';
import { http, startTestServer, type TestServer } from './helpers/server.ts';
import { bearer, NO_LIMITS, register, TEST_JWT_SECRET } from './accounts-helpers.ts';

/** Great-circle distance on earthdistance's sphere (radius 6378.168 km), haversine form. */
function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const R = 6378.168;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

const LONDON = { lat: 51.5074, lon: -0.1278 };
const PLACES = [
  { name: 'Trafalgar Cue Club', address: 'Trafalgar Square, London', lat: 51.508, lon: -0.1281, tables: 12 },
  { name: 'Camden Pool Hall', address: 'Camden High St, London', lat: 51.539, lon: -0.1426, tables: 8 },
  { name: 'Greenwich Breaks', address: 'Greenwich, London', lat: 51.4826, lon: -0.0077, tables: 6 },
  { name: 'Brighton Rack', address: 'Brighton', lat: 50.8225, lon: -0.1372, tables: 10 },
  { name: 'Paris Billard', address: 'Paris', lat: 48.8566, lon: 2.3522, tables: 20 },
  { name: 'Dateline East', address: 'Fiji', lat: -16.5, lon: 179.995, tables: 2 },
  { name: 'Dateline West', address: 'Samoa side', lat: -16.5, lon: -179.995, tables: 2 },
  { name: 'Pole Position', address: 'Amundsen–Scott', lat: -89.999, lon: 45, tables: 1 },
];

for (const target of await dbTargets()) {
  const test = suite(`venues [${target.name}]`);
  let s: TestServer;
  let base = '';
  let adminAuth: Record<string, string>;
  let playerAuth: Record<string, string>;
  const ids: Record<string, string> = {};

  test.before(async () => {
    announce('venues', target.name);
    s = await startTestServer(target, { env: { JWT_SECRET: TEST_JWT_SECRET, ...NO_LIMITS } });
    base = s.url;
    const admin = await register(base);
    await setRoles(s.services.database.db, admin.user.id, ['player', 'admin']);
    adminAuth = bearer(admin.accessToken);
    playerAuth = bearer((await register(base)).accessToken);
  });
  test.after(async () => {
    await s?.dispose();
  });

  test('POST /venues: admin only (401/403), validated, 201', async () => {
    const v = PLACES[0]!;
    assert.is((await http(base, 'POST', '/api/venues', v)).status, 401);
    const f = await http(base, 'POST', '/api/venues', v, playerAuth);
    assert.is(f.status, 403);
    assert.is(f.body.error.code, 'forbidden');
    const bad = await http(base, 'POST', '/api/venues', { name: '', address: 'x', lat: 91, lon: -180.5, tables: -1, extra: 1 }, adminAuth);
    assert.is(bad.status, 400);
    assert.equal(Object.keys(bad.body.error.fields).sort(), ['extra', 'lat', 'lon', 'name', 'tables']);
    assert.is((await http(base, 'POST', '/api/venues', { ...v, lat: '51.5' }, adminAuth)).body.error.fields.lat, 'must be a number');
    assert.ok((await http(base, 'POST', '/api/venues', { ...v, tables: 2.5 }, adminAuth)).body.error.fields.tables);
    assert.equal(Object.keys((await http(base, 'POST', '/api/venues', {}, adminAuth)).body.error.fields).sort(), ['address', 'lat', 'lon', 'name', 'tables']);
    for (const p of PLACES) {
      const r = await http(base, 'POST', '/api/venues', p, adminAuth);
      assert.is(r.status, 201, r.text);
      assert.is(r.body.venue.name, p.name);
      assert.is(r.body.venue.lat, p.lat);
      ids[p.name] = r.body.venue.id;
    }
    const sqlish = await http(base, 'POST', '/api/venues', { ...v, lat: 51.6, name: "Bobby'); DROP TABLE venues;--" }, adminAuth);
    assert.is(sqlish.status, 201);
    assert.is((await http(base, 'GET', `/api/venues/${sqlish.body.venue.id}`)).body.venue.name, "Bobby'); DROP TABLE venues;--");
  });

  test('GET /venues/:id: 200, 404, 400', async () => {
    const r = await http(base, 'GET', `/api/venues/${ids['Paris Billard']}`);
    assert.is(r.status, 200);
    assert.equal({ ...r.body.venue, id: undefined, createdAt: undefined }, { ...PLACES[4], id: undefined, createdAt: undefined });
    assert.not.ok('createdBy' in r.body.venue);
    assert.is((await http(base, 'GET', `/api/venues/${randomUUID()}`)).status, 404);
    const bad = await http(base, 'GET', `/api/venues/not-a-uuid`);
    assert.is(bad.status, 400);
    assert.ok(bad.body.error.fields.id);
  });

  test('GET /venues?lat&lon: nearest first, within radius, exact great-circle distances', async () => {
    const r = await http(base, 'GET', `/api/venues?lat=${LONDON.lat}&lon=${LONDON.lon}`);
    assert.is(r.status, 200, r.text);
    assert.is(r.body.radiusKm, 10);
    const names = r.body.venues.map((v: any) => v.name);
    assert.equal(names, ['Trafalgar Cue Club', 'Camden Pool Hall', 'Greenwich Breaks']);
    for (const v of r.body.venues) {
      const d = distanceKm(LONDON.lat, LONDON.lon, v.lat, v.lon);
      assert.ok(Math.abs(v.distanceKm - d) < 0.002, `${v.name}: ${v.distanceKm} vs ${d}`);
      assert.ok(v.distanceKm <= 10);
    }
    const dists = r.body.venues.map((v: any) => v.distanceKm);
    assert.equal(dists, [...dists].sort((a: number, b: number) => a - b));
    const wide = await http(base, 'GET', `/api/venues?lat=${LONDON.lat}&lon=${LONDON.lon}&radiusKm=500`);
    assert.equal(wide.body.venues.slice(-2).map((v: any) => v.name), ['Brighton Rack', 'Paris Billard']);
    const lim = await http(base, 'GET', `/api/venues?lat=${LONDON.lat}&lon=${LONDON.lon}&radiusKm=500&limit=2`);
    assert.is(lim.body.venues.length, 2);
    const nothing = await http(base, 'GET', `/api/venues?lat=0&lon=0&radiusKm=1`);
    assert.equal(nothing.body.venues, []);
  });

  test('GET /venues: across the antimeridian and at the pole', async () => {
    const east = await http(base, 'GET', `/api/venues?lat=-16.5&lon=180&radiusKm=5`);
    assert.equal(east.body.venues.map((v: any) => v.name).sort(), ['Dateline East', 'Dateline West']);
    const west = await http(base, 'GET', `/api/venues?lat=-16.5&lon=-180&radiusKm=5`);
    assert.is(west.body.venues.length, 2);
    const pole = await http(base, 'GET', `/api/venues?lat=-90&lon=-135&radiusKm=1`);
    assert.equal(pole.body.venues.map((v: any) => v.name), ['Pole Position']);
  });

  test('GET /venues: bad queries name the field', async () => {
    const cases: [string, string[]][] = [
      ['', ['lat', 'lon']],
      ['lat=91&lon=0', ['lat']],
      ['lat=-90.5&lon=0', ['lat']],
      ['lat=0&lon=180.01', ['lon']],
      ['lat=abc&lon=0', ['lat']],
      ['lat=&lon=0', ['lat']],
      ['lat=NaN&lon=Infinity', ['lat', 'lon']],
      ['lat=0&lon=0&radiusKm=0', ['radiusKm']],
      ['lat=0&lon=0&radiusKm=501', ['radiusKm']],
      ['lat=0&lon=0&radiusKm=-5', ['radiusKm']],
      ['lat=0&lon=0&limit=0', ['limit']],
      ['lat=0&lon=0&limit=201', ['limit']],
      ['lat=0&lon=0&limit=2.5', ['limit']],
      ['lat=0&lon=0&sort=name', ['sort']],
      ["lat=0;DROP TABLE venues&lon=0", ['lat']],
      ['lat=1&lat=2&lon=0', ['lat']],
    ];
    for (const [q, fields] of cases) {
      const r = await http(base, 'GET', `/api/venues?${q}`);
      assert.is(r.status, 400, `${q}: ${r.text}`);
      assert.is(r.body.error.code, 'validation_failed');
      assert.equal(Object.keys(r.body.error.fields).sort(), fields, `${q}: ${r.text}`);
    }
  });

  test('the nearby query is served by the GiST index', async () => {
    const db = s.services.database.db;
    // A spread of 5,000 venues so the planner prefers the index on its own.
    const t0 = performance.now();
    await sql`INSERT INTO venues (name, address, lat, lon, tables)
      SELECT 'seed ' || i, 'seeded', -60 + (i * 7919 % 12000) / 100.0, -180 + (i * 104729 % 36000) / 100.0, 4
      FROM generate_series(1, 5000) AS i`.execute(db);
    await sql`ANALYZE venues`.execute(db);
    const q = nearbyQuery(db, { lat: LONDON.lat, lon: LONDON.lon, radiusKm: 10, limit: 50 }).compile();
    const plan = await sql.raw(`EXPLAIN ${q.sql.replace(/\$(\d+)/g, (_m, i) => JSON.stringify(q.parameters[Number(i) - 1]))}`).execute(db);
    const text = (plan.rows as any[]).map((r) => r['QUERY PLAN']).join('\n');
    assert.ok(text.includes('venues_earth_point_idx'), text);
    console.log(`  [venues] seeded and explained in ${Math.round(performance.now() - t0)} ms`);
    const r = await http(base, 'GET', `/api/venues?lat=${LONDON.lat}&lon=${LONDON.lon}`);
    assert.is(r.body.venues[0].name, 'Trafalgar Cue Club');
  });

  test.run();
}
