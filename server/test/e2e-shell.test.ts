// Issue 16 end to end in a real browser (Debian's Chromium via playwright-core) against a real server
// (Postgres when DATABASE_URL is set, else PGlite): a fresh browser watches a live ranked match from
// the lobby's live-tables list; after it, the lobby shows the loser's new rating and the profile its
// rating history; /replay/:matchId plays back on the table's PixiJS renderer (three.js after its 3D
// toggle) and ?shot=N opens at that shot; /venues draws the offline
// map with markers near a point and asks no host but the server; back and forward move between
// screens, back from a live seat opens the game's own dialog (never the browser's), and the chat is
// still there after a reload.
// With SHELL_SCREENSHOTS=1 each screen is saved under docs/screenshots/.
import { join as pathJoin } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../src/config.ts';
import { setRoles } from '../src/db/users.ts';
import { bearer, NO_LIMITS, register } from './accounts-helpers.ts';
import { dbTargets } from './helpers/db.ts';
import { browserSuite, type PageOptions } from './helpers/browser.ts';
import { waitFor } from './helpers/play.ts';
import { rankedPair } from './helpers/ranked.ts';
import { http } from './helpers/server.ts';

const shots = process.env.SHELL_SCREENSHOTS ? pathJoin(repoRoot, 'docs', 'screenshots') : null;

const target = (await dbTargets()).at(-1)!; // Postgres when configured
const suite = browserSuite(test, 'e2e-shell', target, { env: NO_LIMITS }, shots);
if (suite) {
  type Page = import('playwright-core').Page;
  const errors = suite.errors;

  /** A fresh browser context (nothing stored), optionally logged in as an account. */
  const open = (name: string, session?: PageOptions['session'], viewport?: PageOptions['viewport']) => suite.open(name, { session, viewport });
  const snap = async (p: Page, file: string) => {
    if (shots) await p.screenshot({ path: pathJoin(shots, `${file}.png`) });
  };
  const login = async (username: string, password: string) => (await http(suite.server.url, 'POST', '/api/auth/login', { login: username, password })).body;

  let finished: { matchId: string; loser: { user: { id: string }; username: string; password: string } } | null = null;

  suite.test('a fresh browser watches a live ranked match from the lobby; after it the lobby shows the new rating and the profile its history', async () => {
    const pair = await rankedPair(suite.server.url, '9ball');
    const sessions = await Promise.all(pair.users.map((u) => login(u.username, u.password)));
    // A spectator with nothing stored finds the table in the lobby's live list.
    const w = await open('watcher');
    await w.goto(suite.server.url + '/');
    await w.waitForSelector('.live-table', { timeout: 8000 });
    const row = w.locator('.live-table').first();
    assert.match((await row.textContent()) ?? '', /ranked/i);
    assert.match((await row.textContent()) ?? '', new RegExp(pair.users[0]!.username));
    assert.match((await row.textContent()) ?? '', /1500/);
    await snap(w, 'lobby-live-tables');
    await row.getByRole('link', { name: /Watch/ }).click();
    await w.waitForURL(new RegExp(`/watch/${pair.roomId}$`));
    await w.waitForSelector('.table-view .seats');
    await w.waitForFunction((n) => ((globalThis as any).document.querySelector('.seats')?.textContent ?? '').includes(n), pair.users[1]!.username, { timeout: 8000 });
    await snap(w, 'watch');
    // A link pasted into another fresh browser works too.
    const w2 = await open('watcher 2');
    await w2.goto(`${suite.server.url}/watch/${pair.roomId}`);
    await w2.waitForSelector('.table-view .seats');

    // Players' sessions were stored before the match (rating 1500); one resigns.
    const { loser } = await pair.resign();
    const loserSession = sessions.find((s) => s.user.id === loser.user.id)!;
    assert.is(loserSession.user.rating, 1500);
    const history = await http(suite.server.url, 'GET', `/api/players/${loser.user.id}/rating-history`);
    const after = history.body.points[0].after as number;
    assert.ok(after < 1500);
    const l = await open('loser', loserSession);
    await l.goto(suite.server.url + '/');
    await l.waitForFunction((r) => (globalThis as any).document.querySelector('[data-testid="my-rating"]')?.textContent === String(r), after, { timeout: 8000 });
    await l.waitForSelector('text=Your recent matches');
    await snap(l, 'lobby');
    await l.locator('.topbar .me').click();
    await l.waitForURL(new RegExp(`/players/${loser.user.id}$`));
    await l.waitForSelector('[data-testid="rating-chart"]');
    assert.is(await l.locator('[data-testid="profile-rating"]').textContent(), String(after));
    assert.is(await l.locator('[data-testid="rating-chart"] circle').count(), 2);
    assert.match((await l.locator('[data-testid="rating-chart"]').getAttribute('aria-label')) ?? '', new RegExp(`from 1500 to ${after}`));
    await snap(l, 'profile');
    finished = { matchId: pair.matchId, loser };
    for (const r of pair.rooms) await r.room.leave().catch(() => undefined);
    for (const p of [w, w2, l]) await p.context().close();
  });

  suite.test('/replay/:matchId plays back; ?shot=N opens at that shot; the address follows the step', async () => {
    assert.ok(finished, 'needs the match of the first test');
    const m = (await http(suite.server.url, 'GET', `/api/matches/${finished!.matchId}`)).body;
    const p = await open('replay');
    await p.goto(`${suite.server.url}/replay/${finished!.matchId}`);
    await p.waitForSelector('.timeline');
    assert.is(await p.locator('.timeline li').count(), m.shots.length + 1);
    // It plays by itself to the last action, and the address follows.
    await p.waitForURL(new RegExp(`/replay/${finished!.matchId}\\?shot=${m.shots.length}$`), { timeout: 15000 });
    await p.waitForFunction(() => (globalThis as any).document.querySelector('.replay-controls .primary')?.textContent === 'Play', undefined, { timeout: 15000 });
    assert.match((await p.locator('.now').textContent()) ?? '', new RegExp(`^${m.shots.length}/${m.shots.length}`));
    await snap(p, 'replay');
    // The same table as play and spectate: PixiJS in 2D, and three.js after the toggle.
    await p.waitForSelector('.replay-stage canvas.table-canvas[data-renderer="2d"]', { timeout: 15000 });
    await p.getByRole('button', { name: '3D view' }).click();
    await p.waitForSelector('.replay-stage canvas.table-canvas[data-renderer="3d"]', { timeout: 20000 });
    assert.is(await p.locator('.replay-stage canvas.table-canvas').count(), 1, 'one table canvas after the switch');
    await p.getByRole('button', { name: '2D view' }).click();
    await p.waitForSelector('.replay-stage canvas.table-canvas[data-renderer="2d"]', { timeout: 20000 });
    await p.goto(`${suite.server.url}/replay/${finished!.matchId}?shot=1`);
    await p.waitForSelector('.timeline li[aria-current="step"]');
    assert.match((await p.locator('.now').textContent()) ?? '', new RegExp(`^1/${m.shots.length}`));
    assert.is(await p.locator('.replay-controls .primary').textContent(), 'Play', 'a shared shot opens paused');
    await p.goto(`${suite.server.url}/replay/00000000-0000-4000-8000-000000000000`);
    await p.waitForSelector('text=Could not load the replay');
    await p.context().close();
  });

  suite.test('/venues: the offline map with markers near a point, no request to any other host; an empty area says how to add venues', async () => {
    const admin = await register(suite.server.url);
    await setRoles(suite.server.services.database.db, admin.user.id, ['player', 'admin']);
    for (const [name, lat, lon] of [['Soho Cues', 51.514, -0.133], ['Camden Pool Hall', 51.539, -0.142], ['Greenwich Baize', 51.482, -0.008]] as const)
      assert.is((await http(suite.server.url, 'POST', '/api/venues', { name, address: `${name}, London`, lat, lon, tables: 8 }, bearer(admin.accessToken))).status, 201);
    const p = await open('venues');
    const hosts = new Set<string>();
    p.on('request', (r) => hosts.add(new URL(r.url()).host));
    await p.goto(`${suite.server.url}/venues?lat=51.51&lon=-0.12&radiusKm=25`);
    await p.waitForSelector('[data-testid="venue-list"] li');
    assert.is(await p.locator('[data-testid="venue-list"] li').count(), 3);
    await p.waitForSelector('.venue-marker', { timeout: 15000 });
    await p.waitForTimeout(500);
    const markers = await p.locator('.venue-marker').evaluateAll((els) => els.map((e) => e.textContent || '1').reduce((n, t) => n + Number(t), 0));
    assert.is(markers, 3, 'every venue is a marker or inside a cluster');
    assert.ok((await p.locator('.map canvas').count()) >= 1, 'the map has its canvas');
    await snap(p, 'venues');
    await p.locator('.venue-marker:not(.cluster)').first().click().catch(async () => p.locator('.venue-row').first().click());
    await p.goto(`${suite.server.url}/venues?lat=-45&lon=170&radiusKm=25`);
    await p.waitForSelector('text=No venues within 25 km');
    await p.waitForSelector('text=npm run venues -- import');
    const server_ = new URL(suite.server.url).host;
    assert.equal([...hosts].filter((h) => h !== server_), [], 'requests to other hosts');
    await p.context().close();
    // An admin adds a venue with the page's form; it is on the map and in the list at once.
    const adminSession = await login(admin.username, admin.password);
    const q = await open('admin', adminSession);
    await q.goto(`${suite.server.url}/venues?lat=51.51&lon=-0.12&radiusKm=25`);
    await q.waitForSelector('form[aria-label="Add a venue"]');
    await q.getByLabel('Name', { exact: true }).fill('Brixton Break');
    await q.getByLabel('Address', { exact: true }).fill('1 Electric Ave, London');
    await q.getByLabel('Latitude', { exact: true }).fill('51.462');
    await q.getByLabel('Longitude', { exact: true }).fill('-0.114');
    await q.getByLabel('Tables', { exact: true }).fill('5');
    await q.getByRole('button', { name: 'Add venue' }).click();
    await q.waitForSelector('text=Added');
    await q.waitForFunction(() => (globalThis as any).document.querySelectorAll('[data-testid="venue-list"] li').length === 4);
    await q.context().close();
  });

  suite.test('back and forward move between screens; back from a live seat opens the game\'s own dialog, never the browser\'s', async () => {
    const a = await open('A');
    await a.goto(suite.server.url + '/');
    await a.fill('#guest-name', 'Alice');
    await a.getByRole('button', { name: 'Create private table' }).click();
    await a.waitForURL(/\/play\/\w{6}$/);
    const code = /\/play\/(\w{6})$/.exec(a.url())![1]!;
    await a.waitForSelector('.share .qr');
    assert.match((await a.locator('.share-url').inputValue()) ?? '', new RegExp(`/play/${code}$`));
    await snap(a, 'private-table');

    const b = await open('B', undefined, { width: 390, height: 844 });
    const native: string[] = [];
    b.on('dialog', (d) => (native.push(d.message()), void d.dismiss()));
    await b.goto(suite.server.url + '/');
    await b.fill('#guest-name', 'Bob');
    await snap(b, 'lobby-phone');
    await b.getByLabel('Table code or link').fill(code.toLowerCase());
    await b.getByRole('button', { name: 'Join', exact: true }).click();
    await b.waitForURL(new RegExp(`/play/${code}$`));
    for (const p of [a, b]) await p.waitForFunction(() => /shot|to shoot|break/i.test((globalThis as any).document.querySelector('.status')?.textContent ?? ''), undefined, { timeout: 10000 });
    // Chat survives a reload: the room sends its history to the rejoining seat.
    await a.locator('.chat-form input').fill('good luck');
    await a.locator('.chat-form input').press('Enter');
    await b.waitForSelector('.chat-line:has-text("good luck")');
    await b.reload();
    await b.waitForURL(new RegExp(`/play/${code}$`));
    await b.waitForSelector('.chat-line:has-text("good luck")', { timeout: 10000 });
    assert.is(await b.locator('.chat-line').count(), 1);
    await b.waitForFunction(() => /shot|to shoot|break/i.test((globalThis as any).document.querySelector('.status')?.textContent ?? ''), undefined, { timeout: 10000 });
    // Back: the game's own dialog; "Stay" keeps the seat and the address.
    await b.goBack();
    await b.waitForSelector('dialog.leave-dialog[open]');
    assert.match((await b.locator('dialog.leave-dialog').textContent()) ?? '', /forfeits/);
    await snap(b, 'leave-dialog-phone');
    await b.getByRole('button', { name: 'Stay at the table' }).click();
    await b.waitForTimeout(200);
    assert.match(b.url(), new RegExp(`/play/${code}$`));
    assert.is(await b.locator('.table-view').count(), 1);
    // A link in the page asks the same way; "Leave" forfeits and goes.
    await b.goBack();
    await b.getByRole('button', { name: 'Leave and forfeit' }).click();
    await b.waitForURL(suite.server.url + '/');
    await a.waitForFunction(() => /forfeit|won|wins/i.test((globalThis as any).document.querySelector('.banner')?.textContent ?? ''), undefined, { timeout: 10000 });
    assert.equal(native, [], 'no browser dialog');
    // Between ordinary screens back and forward just move.
    await b.goto(suite.server.url + '/leaderboard');
    await b.waitForSelector('h1:text("Leaderboard")');
    await b.getByRole('link', { name: 'Venues' }).first().click();
    await b.waitForURL(/\/venues$/);
    await b.goBack();
    await b.waitForURL(/\/leaderboard$/);
    await b.waitForSelector('h1:text("Leaderboard")');
    await b.goForward();
    await b.waitForURL(/\/venues$/);
    // An old fragment link lands on its real address.
    await b.goto(`${suite.server.url}/#/replay/${finished?.matchId ?? '00000000-0000-4000-8000-000000000000'}`);
    await b.waitForURL(/\/replay\/[\w-]+$/);
    assert.equal(native, []);
    for (const p of [a, b]) await p.context().close();
    assert.equal(errors, []);
  });

  test.run();
}
