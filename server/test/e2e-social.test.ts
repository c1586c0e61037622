// Issue 18's screens end to end in a real browser (Debian's Chromium via playwright-core) against a real
// server (Postgres when DATABASE_URL is set, else PGlite). Two players, each in their own browser
// context: A finds B by name and sends a request while B is away; B comes back to a bell counting the
// stored request, opens it (the count clears) and accepts. Each then sees the other's presence change
// live (appear offline, at a table with a one-click Watch link, back online). They message each other:
// the messages arrive live, raise the unread badge in the nav, and are still there after a reload; the
// length limit and the rate limit show plainly. A challenges B; B's dialog counts the expiry down;
// accepting takes both to their seats at the new table. The bell counts and clears.
// Screenshots go to .tmp/social-shots/ (not committed).
import { join as pathJoin } from 'node:path';
import { SOCIAL_LIMITS } from '@dojopool/shared';
import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../src/config.ts';
import { insertMessage } from '../src/db/messages.ts';
import { bearer, NO_LIMITS, register } from './accounts-helpers.ts';
import { browserSuite } from './helpers/browser.ts';
import { befriend } from './social-helpers.ts';
import { dbTargets } from './helpers/db.ts';
import { http } from './helpers/server.ts';

const shots = pathJoin(repoRoot, '.tmp', 'social-shots');

const target = (await dbTargets()).at(-1)!; // Postgres when configured
const suite = browserSuite(test, 'e2e-social', target, { env: NO_LIMITS }, shots);
if (suite) {
  const errors = suite.errors;

  type Account = Awaited<ReturnType<typeof register>>;
  const open = (name: string, who: Account, viewport = { width: 1280, height: 800 }) =>
    suite.open(name, { viewport, session: { user: who.user, accessToken: who.accessToken, refreshToken: who.refreshToken }, initScript: 'window.__name = (f) => f;' });
  const snap = (p: Page, file: string) => p.screenshot({ path: pathJoin(shots, `${file}.png`) });
  const friendRow = (p: Page, username: string) => p.locator(`[data-testid="friend"][data-username="${username}"]`);
  const presenceOf = (p: Page, username: string, status: string) => p.waitForSelector(`[data-testid="friend"][data-username="${username}"] [data-testid="presence"][data-status="${status}"]`, { timeout: 5000 });
  /** Waits until `f` holds, timing how long it took (live updates should take well under a second). */
  const within = async (what: string, f: () => Promise<unknown>) => {
    const t0 = Date.now();
    await f();
    const ms = Date.now() - t0;
    console.log(`    ${what}: ${ms} ms`);
    return ms;
  };

  suite.test('two players befriend, see presence live, message, challenge and sit down at the same table; the bell counts and clears', async () => {
    const a = await register(suite.server.url);
    const b = await register(suite.server.url);

    // A finds B by name and sends a request while B is away.
    const pa = await open('A', a);
    await pa.goto(suite.server.url + '/friends');
    await pa.getByRole('heading', { level: 1, name: 'Friends' }).waitFor();
    await pa.getByLabel('Find a player by username').fill(b.username.slice(0, -1));
    await pa.getByRole('button', { name: `Add ${b.username}` }).click();
    await pa.waitForSelector(`text=Request sent to ${b.username}`);
    await pa.waitForSelector(`[data-testid="request-sent"]:has-text("${b.username}")`);
    await snap(pa, '01-a-request-sent');

    // B comes back (a phone): the request waited for them and the bell counts it.
    const pb = await open('B', b, { width: 390, height: 844 });
    await pb.goto(suite.server.url + '/');
    await pb.waitForSelector('[data-testid="bell-count"]:has-text("1")', { timeout: 8000 });
    await snap(pb, '02-b-phone-bell');
    await pb.getByTestId('bell').click();
    await pb.getByRole('region', { name: 'Notifications' }).waitFor();
    await snap(pb, '03-b-phone-bell-open');
    // Opening it marks it read at once (optimistically); the server has it once the POST is answered.
    const read = pb.waitForResponse((r) => /\/api\/notifications\/[^/]+\/read$/.test(r.url()) && r.request().method() === 'POST');
    await pb.locator('.notification-go', { hasText: `${a.username} wants to be your friend` }).click();
    await pb.waitForURL(/\/friends$/);
    await pb.waitForSelector('[data-testid="bell-count"]', { state: 'detached' });
    assert.ok((await read).ok());
    assert.is((await http(suite.server.url, 'GET', '/api/notifications', undefined, bearer(b.accessToken))).body.unread, 0, 'opening it marked it read on the server');
    await pb.locator('[data-testid="request-received"]').getByRole('button', { name: 'Accept' }).click();
    await pb.waitForSelector(`text=You and ${a.username} are friends`);

    // Both now list each other as online friends (A's list follows the acceptance live).
    await within('A sees B accept and online', () => presenceOf(pa, b.username, 'online'));
    await presenceOf(pb, a.username, 'online');
    await snap(pb, '04-b-phone-friends');

    // B sees A's presence change live: A appears offline, then back.
    await pa.getByLabel(/Appear offline/).check();
    await within('B sees A appear offline', () => presenceOf(pb, a.username, 'offline'));
    await pa.getByLabel(/Appear offline/).uncheck();
    await within('B sees A online again', () => presenceOf(pb, a.username, 'online'));

    // A sees B sit down at a table, with a Watch link that opens it; and come back.
    await pb.getByRole('link', { name: 'Play', exact: true }).click();
    await pb.getByRole('button', { name: 'Create private table' }).click();
    await pb.waitForURL(/\/play\/\w{6}$/);
    const code = /\/play\/(\w{6})$/.exec(pb.url())![1]!;
    await within('A sees B in a match', () => presenceOf(pa, b.username, 'in_match'));
    await snap(pa, '05-a-friends-b-in-match');
    await friendRow(pa, b.username).getByRole('link', { name: `Watch ${b.username}'s table` }).click();
    await pa.waitForURL(new RegExp(`/watch/${code}$`));
    await pa.waitForSelector('.table-view .seats');
    await pa.goBack();
    await pa.waitForURL(/\/friends$/);
    await pb.getByTestId('nav-friends').click();
    await pb.waitForURL(/\/friends$/);
    await within('A sees B leave the table', () => presenceOf(pa, b.username, 'online'));

    // Messages: A writes; B's nav counts it live; B opens it (the count clears) and answers; A gets it live.
    await friendRow(pa, b.username).getByRole('link', { name: new RegExp(`^Message ${b.username}`) }).click();
    await pa.waitForURL(new RegExp(`/messages/${b.user.id}$`));
    await pa.waitForSelector('text=No messages yet');
    const compose = pa.getByRole('textbox', { name: `Message ${b.username}` });
    await compose.fill('hello B, fancy a game?');
    await compose.press('Enter');
    await pa.waitForSelector('[data-testid="message"]:has-text("hello B, fancy a game?")');
    await within('B sees the unread badge', () => pb.waitForSelector('[data-testid="nav-friends"] .count-badge:has-text("1")', { timeout: 5000 }));
    await snap(pb, '06-b-phone-unread');
    // The bell lists the unread conversation above the notifications.
    await pb.getByTestId('bell').click();
    await pb.getByRole('list', { name: 'Unread messages' }).getByRole('link', { name: `Messages from ${a.username}` }).waitFor();
    await pb.keyboard.press('Escape');
    await friendRow(pb, a.username).getByRole('link', { name: /^Message/ }).click();
    await pb.waitForSelector('[data-testid="message"]:has-text("hello B, fancy a game?")');
    await pb.waitForSelector('[data-testid="nav-friends"] .count-badge', { state: 'detached' });
    const replyBox = pb.getByRole('textbox', { name: `Message ${a.username}` });
    await replyBox.fill('hi A! yes, 9-ball?');
    await pb.getByRole('button', { name: 'Send', exact: true }).click();
    await within('A receives the reply', () => pa.waitForSelector('[data-testid="message"]:has-text("hi A! yes, 9-ball?")', { timeout: 5000 }));
    await snap(pb, '07-b-phone-conversation');
    // After a reload both are still there, in order.
    await pa.reload();
    await pa.waitForSelector('[data-testid="message"]:has-text("hi A! yes, 9-ball?")');
    const texts = await pa.locator('[data-testid="message"] .msg-text').allTextContents();
    assert.equal(texts, ['hello B, fancy a game?', 'hi A! yes, 9-ball?']);
    // The length limit is shown and holds the send button.
    await pa.getByRole('textbox', { name: `Message ${b.username}` }).fill('x'.repeat(SOCIAL_LIMITS.messageLength + 3));
    assert.match((await pa.getByTestId('chars-left').textContent()) ?? '', /3 characters over the 500 limit/);
    assert.ok(await pa.getByRole('button', { name: 'Send', exact: true }).isDisabled());
    await snap(pa, '08-a-conversation-too-long');
    // Sending too fast is refused, and said plainly.
    for (let i = 0; i < SOCIAL_LIMITS.messagesPerWindow + 2; i++) {
      const box = pa.getByRole('textbox', { name: `Message ${b.username}` });
      await box.fill(`quick ${i}`);
      await box.press('Enter');
      await pa.waitForFunction(() => {
        const d = (globalThis as any).document;
        return !d.querySelector('.chat-compose textarea').value || !!d.querySelector('[data-testid="send-error"]');
      });
      if (await pa.getByTestId('send-error').count()) break;
    }
    assert.match((await pa.getByTestId('send-error').textContent()) ?? '', /^Slow down: retry in \d+ s$/);
    assert.ok((await pa.locator('[data-testid="message"]').count()) <= SOCIAL_LIMITS.messagesPerWindow + 2);
    await snap(pa, '09-a-conversation-rate-limited');

    // A challenges B from the friends list.
    await pa.getByTestId('nav-friends').click();
    await pa.waitForURL(/\/friends$/);
    await friendRow(pa, b.username).getByRole('button', { name: 'Challenge' }).click();
    const dialog = pa.getByRole('dialog', { name: `Challenge ${b.username}` });
    await dialog.getByLabel('Game').selectOption('9ball');
    await dialog.getByLabel('Race to').selectOption('3');
    await snap(pa, '10-a-challenge-dialog');
    await dialog.getByRole('button', { name: 'Send challenge' }).click();
    await pa.getByTestId('challenge-sent').waitFor();
    // B (still in the conversation) gets the challenge with its expiry counting down.
    const card = pb.getByTestId('incoming-challenge');
    await within('B gets the challenge', () => card.waitFor({ timeout: 5000 }));
    assert.match((await card.textContent()) ?? '', new RegExp(`${a.username} challenges you`));
    assert.match((await card.textContent()) ?? '', /9-ball, race to 3, casual/i);
    const t1 = (await pb.getByTestId('challenge-countdown').textContent())!;
    assert.match(t1, /^[45]:\d\d$/);
    await pb.waitForFunction((t) => (globalThis as any).document.querySelector('[data-testid="challenge-countdown"]').textContent !== t, t1, { timeout: 3000 });
    await pb.waitForSelector('[data-testid="bell-count"]:has-text("1")');
    await snap(pb, '11-b-phone-incoming-challenge');
    await card.getByRole('button', { name: 'Accept and play' }).click();
    // Both are taken to their seats at the same new table.
    await pb.waitForURL(/\/play\/[\w-]+$/);
    const roomId = /\/play\/([\w-]+)$/.exec(pb.url())![1]!;
    await within('A is taken to the table', () => pa.waitForURL(new RegExp(`/play/${roomId}$`), { timeout: 8000 }));
    for (const p of [pa, pb]) {
      await p.waitForFunction((names) => names.every((n) => ((globalThis as any).document.querySelector('.seats')?.textContent ?? '').includes(n)), [a.username, b.username], { timeout: 10000 });
    }
    await snap(pa, '12-a-at-the-table');
    await snap(pb, '13-b-phone-at-the-table');

    // The bell: A has unread news (B accepted the request and the challenge); marking all read clears it.
    await pa.waitForSelector('[data-testid="bell-count"]');
    const aUnread = (await http(suite.server.url, 'GET', '/api/notifications', undefined, bearer(a.accessToken))).body.unread as number;
    // The bell follows the server's count (pushed live; a notification may still be on its way).
    await pa.waitForFunction((n) => (globalThis as any).document.querySelector('[data-testid="bell-count"]')?.textContent === n, String(aUnread), { timeout: 5000 });
    assert.ok(aUnread >= 2, `A has ${aUnread} unread`);
    await pa.getByTestId('bell').click();
    await pa.locator('.notification-go', { hasText: `${b.username} accepted your challenge` }).waitFor();
    await snap(pa, '14-a-bell-at-table');
    // The bell clears at once (optimistically); the server has it once the POST has been answered.
    const readAll = pa.waitForResponse((r) => r.url().endsWith('/api/notifications/read-all') && r.request().method() === 'POST');
    await pa.getByRole('button', { name: 'Mark all read' }).click();
    await pa.waitForSelector('[data-testid="bell-count"]', { state: 'detached' });
    assert.is((await readAll).status(), 200);
    assert.is((await http(suite.server.url, 'GET', '/api/notifications', undefined, bearer(a.accessToken))).body.unread, 0);
    assert.equal(errors, []);
  });

  suite.test('clans: create through the UI, invite a friend who accepts from the bell, promote, clan chat arrives live', async () => {
    const a = await register(suite.server.url);
    const b = await register(suite.server.url);
    const pa = await open('A', a);
    const pb = await open('B', b);
    await pa.goto(suite.server.url + '/clans');
    const tag = `T${a.username.slice(-3)}`.slice(0, 5).replace(/[^\p{L}\p{N}]/gu, 'X');
    await pa.getByLabel(/^Name/).fill(`Sharks ${a.username}`);
    await pa.getByLabel(/^Tag/).fill(tag);
    await pa.getByLabel(/Invite only/).check();
    await pa.getByRole('button', { name: 'Create clan' }).click();
    await pa.waitForURL(/\/clans\/[\w-]+$/);
    const clanId = /\/clans\/([\w-]+)$/.exec(pa.url())![1]!;
    await pa.getByRole('heading', { name: new RegExp(`Sharks ${a.username}`) }).waitFor();
    await pa.getByLabel('Username to invite').fill(b.username);
    await pa.getByRole('button', { name: 'Invite', exact: true }).click();
    await pa.waitForSelector(`text=Invite sent to ${b.username}`);
    await pb.goto(suite.server.url + '/');
    await pb.waitForSelector('[data-testid="bell-count"]:has-text("1")');
    await pb.getByTestId('bell').click();
    await pb.locator('.notification-go', { hasText: 'invited you to Sharks' }).click();
    await pb.waitForURL(new RegExp(`/clans/${clanId}$`));
    await pb.getByRole('button', { name: 'Accept the invite' }).click();
    await pb.waitForSelector(`[data-testid="clan-member"][data-username="${b.username}"]`);
    // Role actions are shown only to those allowed: the member sees none; the leader promotes.
    assert.is(await pb.getByRole('button', { name: 'Make officer' }).count(), 0);
    assert.is(await pb.getByRole('button', { name: 'Disband' }).count(), 0);
    await pa.reload();
    const row = pa.locator(`[data-testid="clan-member"][data-username="${b.username}"]`);
    await row.getByRole('button', { name: 'Make officer' }).click();
    await row.locator('.role.officer').waitFor();
    // Clan chat: B writes, A reads it live (and the Clan link counts it while A is elsewhere).
    await pb.reload();
    await pb.getByRole('textbox', { name: /^Message Sharks/ }).fill('glad to be here');
    await pb.getByRole('textbox', { name: /^Message Sharks/ }).press('Enter');
    await pa.waitForSelector('[data-testid="message"]:has-text("glad to be here")', { timeout: 5000 });
    await snap(pa, '15-a-clan-page');
    await snap(pb, '16-b-clan-page-officer');
    await pb.setViewportSize({ width: 390, height: 844 });
    await snap(pb, '16b-b-phone-clan-page');
    await pb.screenshot({ path: pathJoin(shots, '16c-b-phone-clan-page-full.png'), fullPage: true });
    // The leader cannot leave without handing over: the page says so instead of offering it.
    assert.is(await pa.getByRole('button', { name: 'Leave clan' }).count(), 0);
    await pa.waitForSelector('text=hand the clan to another member first');
    await pa.goto(suite.server.url + '/clans');
    await pa.waitForSelector(`[data-testid="clan-board"] >> text=Sharks ${a.username}`);
    await pa.getByTestId('bell').waitFor({ timeout: 3000 });
    await snap(pa, '17-a-clan-leaderboard');
    assert.equal(errors, []);
  });

  suite.test('block from the friends list: the blocked player\'s message is refused in plain words; a player is reported; unblock; the notifications page', async () => {
    const a = await register(suite.server.url);
    const b = await register(suite.server.url);
    await befriend(suite.server.url, a, b, a.user.id);
    const pa = await open('A', a);
    const pb = await open('B', b, { width: 390, height: 844 });
    await pb.goto(`${suite.server.url}/messages/${a.user.id}`);
    await pb.waitForSelector('text=No messages yet');
    await pa.goto(suite.server.url + '/friends');
    const row = friendRow(pa, b.username);
    // A challenge declined: the card goes, and the challenger's dialog says so live.
    await row.getByRole('button', { name: 'Challenge' }).click();
    await pa.getByRole('dialog').getByRole('button', { name: 'Send challenge' }).click();
    await pa.getByTestId('challenge-sent').waitFor();
    await pb.getByTestId('incoming-challenge').getByRole('button', { name: 'Decline' }).click();
    await pb.getByTestId('incoming-challenge').waitFor({ state: 'detached' });
    await pa.getByRole('dialog').getByText(`${b.username} declined the challenge.`).waitFor({ timeout: 5000 });
    await pa.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await row.locator('summary').click();
    await row.getByRole('button', { name: 'Block' }).click();
    await row.getByRole('button', { name: 'Yes' }).click();
    await pa.waitForSelector(`text=${b.username} is blocked`);
    await pa.locator('details.card summary', { hasText: 'Blocked (1)' }).click();
    await snap(pa, '18-a-friends-blocked');
    // B's message is refused, and says why.
    const box = pb.getByRole('textbox', { name: `Message ${a.username}` });
    await box.fill('are you there?');
    await box.press('Enter');
    await pb.getByTestId('send-error').waitFor();
    assert.match((await pb.getByTestId('send-error').textContent()) ?? '', /cannot message this player/);
    // B reports A.
    await pb.getByRole('button', { name: 'Report player' }).click();
    await pb.getByLabel(new RegExp(`Why are you reporting ${a.username}`)).fill('spam in messages');
    await pb.getByRole('form', { name: `Report ${a.username}` }).getByRole('button', { name: 'Report' }).click();
    await pb.waitForSelector('text=Reported. Moderators will look at it.');
    await snap(pb, '19-b-phone-blocked-and-reported');
    // A unblocks B.
    await pa.getByRole('button', { name: 'Unblock' }).click();
    await pa.waitForSelector(`text=${b.username} is unblocked`);
    assert.is(await pa.locator('details.card summary', { hasText: 'Blocked' }).count(), 0);
    await pa.goto(suite.server.url + '/notifications');
    await pa.waitForSelector(`[data-testid="notification-list"] >> text=${b.username} accepted your friend request`);
    await pa.getByTestId('bell').waitFor({ timeout: 3000 });
    await snap(pa, '20-a-notifications');
    await pa.getByRole('button', { name: 'Mark all read' }).click();
    await pa.waitForSelector('text=All caught up');
    assert.equal(errors, []);
  });

  suite.test('a long conversation opens at its newest page and loads older ones; a muted conversation stays muted after a reload and raises no badge', async () => {
    const a = await register(suite.server.url);
    const b = await register(suite.server.url);
    await befriend(suite.server.url, a, b, a.user.id);
    // More history than a page, written straight to the database (the send route's rate limit would take minutes).
    const db = suite.server.services.database.db;
    const total = SOCIAL_LIMITS.historyPage + 7;
    for (let i = 1; i <= total; i++) await insertMessage(db, i % 2 ? { from: a.user.id, to: b.user.id, text: `line ${i}` } : { from: b.user.id, to: a.user.id, text: `line ${i}` });
    const pb = await open('B', b);
    await pb.goto(`${suite.server.url}/messages/${a.user.id}`);
    await pb.waitForSelector(`[data-testid="message"]:has-text("line ${total}")`);
    assert.is(await pb.locator('[data-testid="message"]').count(), SOCIAL_LIMITS.historyPage);
    assert.is(await pb.locator('[data-testid="message"] .msg-text').first().textContent(), `line ${total - SOCIAL_LIMITS.historyPage + 1}`);
    await pb.getByRole('button', { name: 'Load older messages' }).click();
    await pb.waitForSelector('[data-testid="message"] .msg-text:text-is("line 1")');
    assert.is(await pb.locator('[data-testid="message"]').count(), total);
    assert.is(await pb.getByRole('button', { name: 'Load older messages' }).count(), 0, 'nothing older left');
    await snap(pb, '21-b-long-conversation');
    // Mute: kept on the server; A's next message arrives but raises no badge.
    await pb.getByRole('button', { name: 'Mute' }).click();
    await pb.getByRole('button', { name: /Muted/ }).waitFor();
    await pb.reload();
    await pb.getByRole('button', { name: /Muted/ }).waitFor();
    await pb.getByTestId('nav-friends').click();
    await pb.waitForURL(/\/friends$/);
    assert.is((await http(suite.server.url, 'POST', `/api/messages/${b.user.id}`, { text: 'still there?' }, bearer(a.accessToken))).status, 201);
    await friendRow(pb, a.username).getByRole('link', { name: /^Message/ }).locator('.count-badge').waitFor();
    assert.is(await pb.locator('[data-testid="nav-friends"] .count-badge').count(), 0, 'a muted conversation is not in the nav badge');
    assert.equal(errors, []);
  });

  test.run();
}
