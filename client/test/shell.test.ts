// The app shell's pure parts: addresses (each screen's path, old `#/` links, codes and links typed in
// the lobby, ?shot= and ?page=), formatting, the rating chart's geometry, the map adapter's choice of
// library, and the venue page's query, typed places and search ring.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GAME_KINDS, gameLabel } from '@dojopool/shared/rules/registry.ts';
import { chartPoints, niceTicks } from '../src/app/chart.ts';
import { ago, distance, gameName, ratingDelta, ratingWindow, scoreLine, waited, winRate } from '../src/app/format.ts';
import { legacyHashPath, pageParam, paths, ROUTES, shotParam, tableCodeFrom } from '../src/app/paths.ts';
import { chooseMap, MAPBOX_STYLE } from '../src/map/adapter.ts';
import { circleRing, parsePlace, venueQuery } from '../src/map/geo.ts';

test('each screen has its path, and every path matches its route pattern', () => {
  const cases: [string, string, RegExp][] = [
    [paths.lobby(), ROUTES.lobby, /^\/$/],
    [paths.play('ABC123'), ROUTES.play, /^\/play\/ABC123$/],
    [paths.watch('x y'), ROUTES.watch, /^\/watch\/x%20y$/],
    [paths.replay('m1'), ROUTES.replay, /^\/replay\/m1$/],
    [paths.replay('m1', 12), ROUTES.replay, /^\/replay\/m1\?shot=12$/],
    [paths.player('u1'), ROUTES.player, /^\/players\/u1$/],
    [paths.leaderboard(), ROUTES.leaderboard, /^\/leaderboard$/],
    [paths.venues(), ROUTES.venues, /^\/venues$/],
    [paths.tournaments(), ROUTES.tournaments, /^\/tournaments$/],
    [paths.tournament('t1'), ROUTES.tournament, /^\/tournaments\/t1$/],
    [paths.settings(), ROUTES.settings, /^\/settings$/],
    [paths.practice(), ROUTES.practice, /^\/practice$/],
    [paths.practice('a1.b2'), ROUTES.practiceAt, /^\/practice\/a1\.b2$/],
  ];
  for (const [path, pattern, shape] of cases) {
    assert.match(path, shape);
    const re = new RegExp('^' + pattern.replace(/:\w+/g, '[^/?]+') + '(\\?.*)?$');
    assert.ok(re.test(path), `${path} matches ${pattern}`);
  }
  assert.is(paths.replay('m1', 0), '/replay/m1', 'the opening rack needs no ?shot');
  assert.is(paths.leaderboard(GAME_KINDS[1], 3), `/leaderboard?game=${GAME_KINDS[1]}&page=3`);
  assert.is(paths.leaderboard(undefined, 1), '/leaderboard');
});

test('old fragment links land on their real paths', () => {
  assert.is(legacyHashPath('#/table/ABC123'), '/play/ABC123');
  assert.is(legacyHashPath('#/table/ABC123?spectate'), '/watch/ABC123');
  assert.is(legacyHashPath('#/replay/5f0c'), '/replay/5f0c');
  assert.is(legacyHashPath('#/'), '/');
  assert.is(legacyHashPath('#/practice'), '/practice');
  assert.is(legacyHashPath('#/practice/x1.y2-z'), '/practice/x1.y2-z');
  assert.is(legacyHashPath('#screen'), null, 'an in-page anchor stays');
  assert.is(legacyHashPath(''), null);
});

test('a table code or link typed in the lobby', () => {
  assert.is(tableCodeFrom(' abc123 '), 'ABC123');
  assert.is(tableCodeFrom('https://dojo.example/play/XYZ789'), 'XYZ789');
  assert.is(tableCodeFrom('http://localhost:2567/watch/roomABCD?x=1'), 'roomABCD');
  assert.is(tableCodeFrom('http://localhost:2567/#/table/QWE456'), 'QWE456');
  assert.is(tableCodeFrom('aBcD_e-9'), 'aBcD_e-9', 'a room id keeps its case');
  assert.is(tableCodeFrom(''), null);
  assert.is(tableCodeFrom('no spaces allowed'), null);
});

test('?shot= and ?page=', () => {
  assert.is(shotParam('', 10), 0);
  assert.is(shotParam('?shot=4', 10), 4);
  assert.is(shotParam('?shot=40', 10), 10, 'clamped to the log');
  assert.is(shotParam('?shot=-3', 10), 0);
  assert.is(shotParam('?shot=abc', 10), 0);
  assert.is(shotParam('?shot=2.7', 10), 2);
  assert.is(pageParam('?page=3'), 3);
  assert.is(pageParam('?page=0'), 1);
  assert.is(pageParam('?page=x'), 1);
  assert.is(pageParam(''), 1);
});

test('formatting', () => {
  assert.is(ratingDelta(12.4), '+12');
  assert.is(ratingDelta(-8), '−8');
  assert.is(ratingDelta(0.2), '±0');
  assert.is(waited(7.9), '7 s');
  assert.is(waited(65), '1 min 05 s');
  assert.is(waited(-3), '0 s');
  assert.is(winRate(2, 3), '67 %');
  assert.is(winRate(0, 0), '—');
  const now = Date.parse('2026-11-30T12:00:00Z');
  assert.is(ago('2026-11-30T11:59:50Z', now), 'just now');
  assert.is(ago('2026-11-30T11:50:00Z', now), '10 min ago');
  assert.is(ago('2026-11-30T09:00:00Z', now), '3 h ago');
  assert.is(ago('2026-11-29T10:00:00Z', now), 'yesterday');
  assert.is(ago('2026-11-25T12:00:00Z', now), '5 days ago');
  assert.is(ago('not a date', now), '');
  for (const k of GAME_KINDS) assert.is(gameName(k), gameLabel(k));
  assert.is(gameName('snooker'), 'snooker');
  assert.is(scoreLine([3, 1]), '3–1');
  assert.is(scoreLine(null), '');
  assert.is(distance(0.85), '850 m');
  assert.is(distance(4.23), '4.2 km');
  assert.is(distance(37.4), '37 km');
  assert.is(ratingWindow(149.6), '±150');
});

test('the rating chart: points fill the box, higher ratings higher up; round ticks', () => {
  const { points, min, max } = chartPoints([1500, 1480, 1495], 300, 100, 10);
  assert.equal(points.map((p) => p.x), [10, 150, 290]);
  assert.ok(points[0]!.y < points[2]!.y && points[2]!.y < points[1]!.y);
  assert.is(points[0]!.y, 10);
  assert.is(points[1]!.y, 90);
  assert.equal([min, max], [1480, 1500]);
  const flat = chartPoints([1500], 300, 100, 10);
  assert.is(flat.points[0]!.x, 150, 'a single point sits in the middle');
  assert.ok(flat.max > flat.min, 'a flat history still has a range');
  assert.equal(chartPoints([], 10, 10).points, []);
  assert.equal(niceTicks(1480, 1500), [1480, 1485, 1490, 1495, 1500]);
  assert.equal(niceTicks(1412, 1608), [1450, 1500, 1550, 1600]);
  assert.equal(niceTicks(1500, 1500), [1500]);
});

test('the map adapter uses mapbox-gl only with a public token, maplibre-gl offline otherwise', () => {
  assert.equal(chooseMap(null), { library: 'maplibre', style: 'offline' });
  assert.equal(chooseMap(''), { library: 'maplibre', style: 'offline' });
  assert.equal(chooseMap('  '), { library: 'maplibre', style: 'offline' });
  assert.equal(chooseMap('sk.secret.token'), { library: 'maplibre', style: 'offline' }, 'a secret token never goes to a browser map');
  assert.equal(chooseMap('not-a-token'), { library: 'maplibre', style: 'offline' });
  assert.equal(chooseMap('pk.eyJ1IjoiZG9qbyJ9.abc-DEF_1'), { library: 'mapbox', style: MAPBOX_STYLE, token: 'pk.eyJ1IjoiZG9qbyJ9.abc-DEF_1' });
});

test('venues: the page\'s point and radius, a typed place, the search ring', () => {
  assert.equal(venueQuery('?lat=51.5&lon=-0.12&radiusKm=50'), { lat: 51.5, lon: -0.12, radiusKm: 50 });
  assert.equal(venueQuery('?lat=51.5&lon=-0.12'), { lat: 51.5, lon: -0.12, radiusKm: 25 });
  assert.equal(venueQuery('?lat=51.5&lon=-0.12&radiusKm=33'), { lat: 51.5, lon: -0.12, radiusKm: 25 }, 'only the offered radii');
  assert.is(venueQuery('?lat=95&lon=0'), null);
  assert.is(venueQuery('?lat=abc&lon=0'), null);
  assert.is(venueQuery(''), null);
  assert.equal(parsePlace('51.51, -0.13'), { lat: 51.51, lon: -0.13 });
  assert.equal(parsePlace('-33.9 151.2'), { lat: -33.9, lon: 151.2 });
  assert.is(parsePlace('London'), null);
  assert.is(parsePlace('91, 0'), null);
  const ring = circleRing(51.5, -0.12, 10);
  assert.is(ring.length, 65);
  assert.equal(ring[0], ring[64]);
  // Every point is 10 km from the centre (haversine).
  for (const [lon, lat] of ring) {
    const r = (d: number) => (d * Math.PI) / 180;
    const a = Math.sin(r(lat - 51.5) / 2) ** 2 + Math.cos(r(51.5)) * Math.cos(r(lat)) * Math.sin(r(lon + 0.12) / 2) ** 2;
    const km = 2 * 6371.0088 * Math.asin(Math.sqrt(a));
    assert.ok(Math.abs(km - 10) < 1e-6, `${km}`);
  }
});

test.run();
