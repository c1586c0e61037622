// Issue 14 in a real browser (Debian's Chromium via playwright-core) against a real server (Postgres
// when DATABASE_URL is set, else PGlite): a host creates an event with the page's form (a bad race
// length is answered next to its field), a player registers on the event page, the host's page sees
// the registrations arrive live and starts the event from the browser; then the bracket page of a
// stranger shows the running event and updates, without a reload, when a match finishes; the player
// gets the match-ready notice on another screen and takes the seat with one click; the host pauses,
// resumes and records a result from the console; a click on a live match opens spectating.
// Screenshots go to .tmp/tournament-shots/ (not committed).
import { join as pathJoin } from 'node:path';
import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../src/config.ts';
import { setRoles } from '../src/db/users.ts';
import { NO_LIMITS } from './accounts-helpers.ts';
import { dbTargets } from './helpers/db.ts';
import { browserSuite } from './helpers/browser.ts';
import { waitFor } from './helpers/play.ts';
import { http } from './helpers/server.ts';
import { getEvent, joinAs, playMatch, pollEvent, runningEvent, type User } from './helpers/tournament.ts';

const shots = pathJoin(repoRoot, '.tmp', 'tournament-shots');

const target = (await dbTargets()).at(-1)!; // Postgres when configured
const suite = browserSuite(test, 'e2e-tournament', target, { env: NO_LIMITS }, shots);
if (suite) {
  const errors = suite.errors;

  type Session = { user: { id: string; username: string }; accessToken: string; refreshToken: string };
  type Person = { session: Session; user: User };
  let n = 0;
  /** An account (with roles, and a rating for the seeding), logged in afterwards so its token and session carry the roles. */
  const person = async (prefix: string, rating: number, roles?: ('host' | 'player')[]): Promise<Person> => {
    const username = `${prefix}${Date.now().toString(36).slice(-4)}${++n}`;
    const r = await http(suite.server.url, 'POST', '/api/auth/register', { username, email: `${username}@example.test`, password: 'correct horse battery' });
    assert.is(r.status, 201, r.text);
    const db = suite.server.services.database.db;
    if (roles) await setRoles(db, r.body.user.id, roles);
    await db.updateTable('users').set({ rating }).where('id', '=', r.body.user.id).execute();
    const s = (await http(suite.server.url, 'POST', '/api/auth/login', { login: username, password: 'correct horse battery' })).body as Session;
    return { session: s, user: { id: s.user.id, token: s.accessToken, username } };
  };
  const open = (name: string, session?: Session, viewport = { width: 1280, height: 900 }) => suite.open(name, { session, viewport });
  const snap = async (p: Page, file: string, fullPage = true) => {
    await p.evaluate('window.scrollTo(0, 0)'); // else the sticky bar lands mid-page in a full-page shot
    await p.screenshot({ path: pathJoin(shots, `${file}.png`), fullPage });
  };
  const text = async (p: Page, sel: string) => ((await p.locator(sel).first().textContent()) ?? '').replace(/\s+/g, ' ');
  const waitText = (p: Page, sel: string, re: RegExp, timeout = 10000) =>
    p.waitForFunction(([s, src]) => new RegExp(src).test(((globalThis as any).document.querySelector(s)?.textContent ?? '').replace(/\s+/g, ' ')), [sel, re.source] as const, { timeout });

  let host: Person;
  let ui: Person; // registers through the page and plays seed 1
  let others: Person[];
  let eventId = '';
  let hostPage: Page;
  let playerPage: Page;

  suite.test('a host creates an event with the form (a bad race is answered at its field); a player registers on the page; the host sees it live and starts the event', async () => {
    host = await person('host', 1500, ['player', 'host']);
    ui = await person('ui', 1900);
    others = [await person('two', 1800), await person('three', 1700), await person('four', 1600)];

    hostPage = await open('host', host.session);
    await hostPage.goto(`${suite.server.url}/tournaments`);
    await hostPage.waitForSelector('#create');
    await hostPage.fill('input[name="name"]', 'Friday Night 9-Ball');
    await hostPage.selectOption('select[name="game"]', '9ball'); // the form starts on the registry's first game
    await hostPage.fill('input[name="maxPlayers"]', '8');
    await hostPage.fill('input[name="raceTo"]', '0');
    await hostPage.click('button[type="submit"]');
    // The server's field error, next to the race field.
    await hostPage.waitForSelector('#raceTo-err');
    assert.match(await text(hostPage, '#raceTo-err'), /at least 1/);
    assert.is(await hostPage.locator('input[name="raceTo"]').getAttribute('aria-invalid'), 'true');
    await snap(hostPage, '01-create-error');
    await hostPage.fill('input[name="raceTo"]', '1');
    await hostPage.fill('input[name="raceTo.final"]', '2');
    await hostPage.check('input[name="thirdPlace"]');
    await hostPage.click('button[type="submit"]');
    await hostPage.waitForURL(/\/tournaments\/[0-9a-f-]{36}$/);
    eventId = hostPage.url().split('/').pop()!;
    const created = await getEvent(suite.server.url, eventId);
    assert.is(created.name, 'Friday Night 9-Ball');
    assert.equal(created.raceTo, { default: 1, final: 2 });
    assert.is(created.options.thirdPlace, true);
    await hostPage.waitForSelector('.host-console');
    await waitText(hostPage, '.live-dot', /Live/);

    // Three players register over REST; the fourth on the page, found in the list's upcoming tab.
    for (const p of others) assert.is((await http(suite.server.url, 'POST', `/api/tournaments/${eventId}/register`, undefined, { authorization: `Bearer ${p.user.token}` })).status, 201);
    playerPage = await open('player', ui.session);
    await playerPage.goto(`${suite.server.url}/tournaments`);
    const row = playerPage.locator('.t-row', { hasText: 'Friday Night 9-Ball' });
    await row.waitFor();
    assert.match(((await row.textContent()) ?? '').replace(/\s+/g, ' '), /Single elimination.*9-ball.*3\/8 players/i);
    await snap(playerPage, '02-list');
    await row.locator('a').click();
    await playerPage.waitForURL(new RegExp(`/tournaments/${eventId}$`));
    await playerPage.getByRole('button', { name: 'Register' }).click();
    await waitText(playerPage, '[data-testid="my-registration"]', /You are registered/);
    assert.is(await playerPage.locator('.host-console').count(), 0, 'no console for a player');
    assert.match(await text(playerPage, '[data-testid="races"]'), /Default: race to 1.*Final: race to 2/);

    // The host's page got the four players without a reload, and starts the event.
    await waitText(hostPage, '[data-testid="players"]', new RegExp(ui.user.username));
    assert.is(await hostPage.locator('[data-testid="players"] li').count(), 4);
    await snap(hostPage, '03-host-registering');
    await hostPage.getByRole('button', { name: 'Start the event' }).click();
    await waitText(hostPage, '[data-testid="event-status"]', /Running/);
    await hostPage.waitForSelector('[data-match="W1-1"]');
  });

  suite.test('the bracket page shows a running event and updates when a match finishes; the player is told their match is ready anywhere and takes the seat', async () => {
    const e = await pollEvent(suite.server.url, eventId, (x) => x.matches.filter((m: any) => m.roomId).length === 2, 'two rooms');
    const w11 = e.matches.find((m: any) => m.id === 'W1-1');
    const w12 = e.matches.find((m: any) => m.id === 'W1-2');
    // Seeding by rating: the page's player (1900) is seed 1 and meets seed 4 in W1-1.
    assert.equal(w11.players.map((p: any) => p.id), [ui.user.id, others[2]!.user.id]);

    // A stranger with nothing stored sees the running bracket: both semi-finals live, the final and the third-place match waiting.
    const fan = await open('spectator');
    await fan.goto(`${suite.server.url}/tournaments/${eventId}`);
    await fan.waitForSelector('[data-testid="bracket"]');
    await waitText(fan, '.live-dot', /Live/);
    assert.match(await text(fan, '[data-testid="event-status"]'), /Running/);
    assert.equal(await fan.locator('.bracket-section.winners .round-head b').allTextContents(), ['Semi-finals', 'Final']);
    assert.match(await text(fan, '.bracket-section.winners .round:last-child .round-head'), /race to 2/);
    assert.match(await text(fan, '[data-match="W1-1"]'), new RegExp(`1\\s*${ui.user.username}.*4\\s*${others[2]!.user.username}.*live`));
    assert.match(await text(fan, '[data-match="W2-1"]'), /Winner of W1-1.*Winner of W1-2/);
    assert.match(await text(fan, '[data-match="P3"]'), /Loser of W2-1|Loser of W1-1/);
    assert.is(await fan.locator(`a[data-match="W1-1"][href="/watch/${w11.roomId}"]`).count(), 1, 'a live match links to spectating');
    await snap(fan, '04-bracket-running');

    // The player, gone to the lobby, is told their match is ready there; also after a reload.
    assert.match(await text(playerPage, '.my-match'), /Your match W1-1 is ready/);
    await playerPage.locator('.topbar nav').getByRole('link', { name: 'Play' }).click();
    await playerPage.waitForURL(`${suite.server.url}/`);
    await playerPage.waitForSelector('.match-ready');
    await playerPage.reload();
    await playerPage.waitForSelector('.match-ready');
    assert.match(await text(playerPage, '.match-ready'), new RegExp(`Your match is ready.*Friday Night 9-Ball.*vs ${others[2]!.user.username}.*race to 1`));
    await snap(playerPage, '05-match-ready-in-lobby', false);

    // A player who never opened the event is told too, through the account's own channel (stored notice, still waiting).
    const two = await open('player two', others[0]!.session);
    await two.goto(`${suite.server.url}/leaderboard`);
    await two.waitForSelector('.match-ready');
    assert.match(await text(two, '.match-ready'), new RegExp(`Friday Night 9-Ball: vs ${others[1]!.user.username}, race to 1`));
    assert.is(await two.locator(`.match-ready a[href="/play/${w12.roomId}"]`).count(), 1);

    // W1-2 finishes (seed 2 wins by concession): the stranger's bracket moves without a reload.
    await playMatch(suite.server.url, w12, others[0]!.user, others[1]!.user);
    await waitText(fan, '[data-match="W1-2"]', /final/);
    assert.match(await text(fan, '[data-match="W1-2"]'), new RegExp(`${others[0]!.user.username}\\s*1.*${others[1]!.user.username}\\s*0`));
    assert.is(await fan.locator('[data-match="W1-2"] .slot.won .name').textContent(), others[0]!.user.username);
    await waitText(fan, '[data-match="W2-1"]', new RegExp(`Winner of W1-1.*${others[0]!.user.username}`));
    await waitText(fan, '[data-match="P3"]', new RegExp(others[1]!.user.username));
    await snap(fan, '06-bracket-after-W1-2');
    await two.context().close();

    // One click on the notice takes the seat; the opponent sits down and concedes: the bracket follows.
    await playerPage.getByRole('link', { name: 'Take your seat' }).click();
    await playerPage.waitForURL(new RegExp(`/play/${w11.roomId}$`));
    await playerPage.waitForSelector('.table-view .seats');
    assert.is(await playerPage.locator('.match-ready').count(), 0, 'no notice at the table itself');
    const opp = await joinAs(suite.server.url, others[2]!.user, 'joinById', w11.roomId);
    await waitFor(() => opp.state.phase === 'playing', 10000, 'W1-1 playing');
    await playerPage.waitForSelector('.renderer-host canvas', { timeout: 10000 }).catch(() => undefined);
    await playerPage.waitForTimeout(500);
    await snap(playerPage, '07-seated', false);
    opp.room.send('concede', { scope: 'match' });
    await waitText(fan, '[data-match="W1-1"]', /final/);
    await waitText(fan, '[data-match="W2-1"]', new RegExp(`${ui.user.username}.*${others[0]!.user.username}`));
    await opp.room.leave().catch(() => undefined);

    // A click on a live match opens spectating.
    const final = await pollEvent(suite.server.url, eventId, (x) => !!x.matches.find((m: any) => m.id === 'W2-1')?.roomId, 'the final has a room');
    const w21 = final.matches.find((m: any) => m.id === 'W2-1');
    await fan.waitForSelector(`a[data-match="W2-1"]`);
    await fan.click('a[data-match="W2-1"]');
    await fan.waitForURL(new RegExp(`/watch/${w21.roomId}$`));
    await fan.waitForSelector('.table-view .seats');
    await fan.goBack();
    await fan.waitForSelector('[data-match="W2-1"]');
    await fan.context().close();
  });

  suite.test('the host console: pause and resume, and a result entered by hand moves the bracket; errors are shown plainly; a phone shows it in one column', async () => {
    await hostPage.goto(`${suite.server.url}/tournaments/${eventId}`);
    await waitText(hostPage, '.live-dot', /Live/);
    await hostPage.getByRole('button', { name: 'Pause' }).click();
    await waitText(hostPage, '[data-testid="event-status"]', /Paused/);
    await hostPage.getByRole('button', { name: 'Resume' }).click();
    await waitText(hostPage, '[data-testid="event-status"]', /Running/);

    // The third-place match by hand: first a score the race does not allow (the server's words shown), then a right one.
    await pollEvent(suite.server.url, eventId, (x) => x.matches.find((m: any) => m.id === 'P3')?.status === 'live', 'P3 live');
    const console_ = hostPage.locator('.host-console');
    await console_.locator('select').nth(1).selectOption('P3');
    await console_.getByRole('radio', { name: others[1]!.user.username }).check();
    const scores = console_.locator('.score-input');
    await scores.nth(0).fill('0');
    await scores.nth(1).fill('0');
    await console_.locator('input[placeholder="e.g. reported at the desk"]').fill('reported at the desk');
    await console_.getByRole('button', { name: 'Record the result' }).click();
    await waitText(hostPage, '[data-testid="action-message"]', /race/i);
    assert.is(await hostPage.locator('[data-testid="action-message"].error').count(), 1);
    await snap(hostPage, '08-host-console-error');
    const p3 = (await getEvent(suite.server.url, eventId)).matches.find((m: any) => m.id === 'P3');
    const first = p3.players[0].id === others[1]!.user.id;
    await scores.nth(0).fill(first ? '1' : '0');
    await scores.nth(1).fill(first ? '0' : '1');
    await console_.getByRole('button', { name: 'Record the result' }).click();
    await waitText(hostPage, '[data-match="P3"]', /final/);
    assert.is(await hostPage.locator('[data-match="P3"] .slot.won .name').textContent(), others[1]!.user.username);
    await hostPage.locator('.audit summary').click();
    const audit = await text(hostPage, ".audit");
    assert.match(audit, new RegExp(`enter result P3 \\(winner ${others[1]!.user.username}\\) — reported at the desk`), audit);
    await snap(hostPage, '09-host-console');

    // The final is played: the event is finished, with its standings.
    const e = await getEvent(suite.server.url, eventId);
    const w21 = e.matches.find((m: any) => m.id === 'W2-1');
    await playMatch(suite.server.url, w21, ui.user, others[0]!.user);
    await waitText(hostPage, '[data-testid="event-status"]', /Finished/);
    await hostPage.waitForSelector('.placements');
    assert.match(await text(hostPage, '.placements'), new RegExp(`1st ${ui.user.username}.*2nd ${others[0]!.user.username}.*3rd ${others[1]!.user.username}.*4th ${others[2]!.user.username}`));
    await snap(hostPage, '10-finished');
    assert.is(await hostPage.locator('.live-dot').count(), 0, 'a finished event has nothing live');

    const phone = await open('phone', ui.session, { width: 390, height: 844 });
    await phone.goto(`${suite.server.url}/tournaments/${eventId}`);
    await phone.waitForSelector('[data-testid="bracket"]');
    const width = await phone.evaluate('document.documentElement.scrollWidth');
    assert.ok((width as number) <= 390, `no sideways scroll of the page on a phone (${width}px)`);
    assert.match(await text(phone, '[data-testid="my-registration"]'), /You won this event/);
    await snap(phone, '11-phone');
    await phone.goto(`${suite.server.url}/tournaments?tab=finished`);
    await phone.locator('.t-row', { hasText: 'Friday Night 9-Ball' }).waitFor();
    await snap(phone, '12-phone-list');
    for (const p of [hostPage, playerPage, phone]) await p.context().close();
    assert.equal(errors, [], 'no page errors');
  });

  suite.test('double elimination draws winners, losers and grand final; groups then knockout draws each group as a standings table', async () => {
    const field = await Promise.all(Array.from({ length: 8 }, (_, i) => person(`f${i}`, 1800 - i * 20)));
    const byId = new Map(field.map((p) => [p.user.id, p.user]));
    const playLive = async (id: string, count: number) => {
      // The better seed wins each live match (the loser concedes).
      for (let i = 0; i < count; i++) {
        const e = await pollEvent(suite.server.url, id, (x) => x.matches.some((m: any) => m.status === 'live' && m.roomId), 'a live match');
        const m = e.matches.find((x: any) => x.status === 'live' && x.roomId);
        const seed = (pid: string) => e.players.find((p: any) => p.id === pid).seed as number;
        const [a, b] = m.players.map((p: any) => p.id);
        const [w, l] = seed(a) < seed(b) ? [a, b] : [b, a];
        await playMatch(suite.server.url, m, byId.get(w)!, byId.get(l)!);
      }
    };
    const page = await open('formats');

    const de = await runningEvent(suite.server.url, host.user, field.slice(0, 6).map((p) => p.user), { name: 'Double Six', format: 'double_elimination', raceTo: { default: 1, final: 2 } });
    await playLive(de.id, 3);
    await page.goto(`${suite.server.url}/tournaments/${de.id}`);
    await page.waitForSelector('[data-testid="bracket"]');
    assert.equal(await page.locator('.bracket-section h2').allTextContents(), ['Winners bracket', 'Losers bracket', 'Grand final']);
    assert.equal(await page.locator('.bracket-section.grand-final .round-head b').allTextContents(), ['Grand final', 'Grand final reset']);
    assert.match(await text(page, '[data-match="GF2"]'), /if needed/);
    assert.match(await text(page, '[data-match="W1-1"]'), /bye/, 'the top seed has a bye, shown as one');
    // A winners-round-1 loser has dropped into the losers bracket, by name.
    const e = await getEvent(suite.server.url, de.id);
    const dropped = e.matches.find((m: any) => m.id === 'W1-2').players.find((p: any) => p.id !== e.matches.find((m: any) => m.id === 'W1-2').winnerId);
    assert.match(await text(page, '.bracket-section.losers'), new RegExp(dropped.username));
    await snap(page, '13-double-elimination');
    // The host disqualifies a player of a live losers-bracket match from the console: the list says so and that match is a walkover.
    const liveL = (await getEvent(suite.server.url, de.id)).matches.find((m: any) => m.status === 'live' && m.bracket === 'losers');
    const out = liveL.players[1];
    const hp = await open('host formats', host.session);
    await hp.goto(`${suite.server.url}/tournaments/${de.id}`);
    await hp.waitForSelector('.host-console');
    await waitText(hp, '.live-dot', /Live/);
    const dqForm = hp.locator('.host-console form').first();
    await dqForm.locator('select').selectOption(out.id);
    await dqForm.locator('input').fill('left the venue');
    await dqForm.getByRole('button', { name: 'Disqualify' }).click();
    await waitText(hp, '[data-testid="action-message"]', /disqualified/);
    await waitText(hp, '[data-testid="players"]', new RegExp(`${out.username}\\s*disqualified`));
    await waitText(page, '[data-testid="players"]', new RegExp(`${out.username}\\s*disqualified`));
    await pollEvent(suite.server.url, de.id, (x) => x.matches.find((m: any) => m.id === liveL.id).walkover, 'the live match walked over');
    await waitText(page, `[data-match="${liveL.id}"]`, /walkover/);
    assert.is(await page.locator(`[data-match="${liveL.id}"] .slot.won .name`).textContent(), liveL.players[0].username);
    await hp.context().close();

    const gk = await runningEvent(suite.server.url, host.user, field.map((p) => p.user), { name: 'Groups Eight', format: 'groups_knockout', groups: 2, advancePerGroup: 2, raceTo: { default: 1, groups: 1 } });
    await playLive(gk.id, 4);
    await page.goto(`${suite.server.url}/tournaments/${gk.id}`);
    await page.waitForSelector('[data-testid="standings-g1"]');
    assert.is(await page.locator('[data-testid="standings-g1"] tbody tr').count(), 4);
    assert.is(await page.locator('[data-testid="standings-g2"] tbody tr').count(), 4);
    assert.is(await page.locator('table.standings tr.advances').count(), 4, 'two go through from each group');
    const played = await page.locator('table.standings tbody tr td:nth-child(3)').allTextContents();
    assert.is(played.reduce((n, x) => n + Number(x), 0), 8, 'four matches played, two players each');
    assert.match(await text(page, '[data-match="K1-1"]'), /Group A #1.*Group B #2/);
    await snap(page, '14-groups-knockout');
    await page.context().close();
    assert.equal(errors, [], 'no page errors');
  });

  suite.test('check-in: the window is shown; inside it a registered player checks in on the page; before it there is no button', async () => {
    const hdr = { authorization: `Bearer ${host.user.token}` };
    const soon = await http(suite.server.url, 'POST', '/api/tournaments', { name: 'Check-in Open', format: 'round_robin', game: '8ball', raceTo: 2, maxPlayers: 4, checkInMinutes: 30, startsAt: new Date(Date.now() + 10 * 60_000).toISOString() }, hdr);
    const later = await http(suite.server.url, 'POST', '/api/tournaments', { name: 'Check-in Later', format: 'round_robin', game: '8ball', raceTo: 2, maxPlayers: 4, checkInMinutes: 30, startsAt: new Date(Date.now() + 3 * 3_600_000).toISOString() }, hdr);
    assert.is(soon.status, 201, soon.text);
    const p = await open('check-in', others[2]!.session, { width: 390, height: 844 });
    await p.goto(`${suite.server.url}/tournaments/${later.body.id}`);
    await p.getByRole('button', { name: 'Register' }).click();
    await waitText(p, '[data-testid="my-registration"]', /registered, not checked in yet/);
    assert.match(await text(p, '[data-testid="check-in-window"]'), /Check-in opens .* \(30 min before the start\)/);
    assert.is(await p.getByRole('button', { name: 'Check in' }).count(), 0, 'no check-in before the window');
    await p.goto(`${suite.server.url}/tournaments/${soon.body.id}`);
    await p.getByRole('button', { name: 'Register' }).click();
    await waitText(p, '[data-testid="check-in-window"]', /Check-in is open/);
    await p.getByRole('button', { name: 'Check in' }).click();
    await waitText(p, '[data-testid="my-registration"]', /registered and checked in/);
    assert.is((await getEvent(suite.server.url, soon.body.id)).players.find((x: any) => x.id === others[2]!.user.id).checkedIn, true);
    await snap(p, '15-phone-check-in');
    await p.context().close();
    assert.equal(errors, [], 'no page errors');
  });

  test.run();
}
