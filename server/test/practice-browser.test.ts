// The practice table and "Play the computer" in a real browser (headless Debian Chromium through
// playwright-core, the built client served by a real server). Practice: from the lobby, shoot the
// rack, save the position as a link, undo, and the saved link of the position before the shot equals
// the one after undo (undo restores the exact positions, to the link's 0.1 mm); the link opens the
// same position. Computer: the lobby's "Play the computer" starts a match at once with the
// computer's seat shown.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GAME_KINDS } from '@dojopool/shared';
import { pgliteTarget } from './helpers/db.ts';
import { browserSuite } from './helpers/browser.ts';


const suite = browserSuite(test, 'practice-browser', pgliteTarget(), { env: { COMPUTER_PAUSE_MS: '0' } });
if (suite) {

  const codeOf = (url: string) => /#\/practice\/([\w.-]+)$/.exec(url)?.[1] ?? null;

  suite.test('practice: shoot, save, undo — undo gives back exactly the saved position; the link opens it', async () => {
    const errors: string[] = [];
    const page = await (await suite.browser.newContext({ viewport: { width: 1280, height: 760 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(suite.server.url + '/');
    await page.waitForSelector('.lobby');
    await page.getByText('Practice table').click();
    await page.waitForSelector('.table-view.practice');
    const save = async () => {
      await page.getByText('Save position as link').click();
      await page.waitForFunction(() => /#\/practice\//.test((globalThis as any).location.hash));
      return codeOf(page.url())!;
    };
    const before = await save();
    assert.match(before, new RegExp(`^${GAME_KINDS[0]}\\.9ft\\.`), 'the first game\'s rack');
    // Aim at the rack's apex and click to shoot (speed slider at its default).
    const box = (await page.locator('canvas.table-canvas').boundingBox())!;
    const scale = Math.min(box.width / (2.54 + 0.22), box.height / (1.27 + 0.22));
    const x = box.x + box.width / 2 + 0.635 * scale;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.up();
    await page.waitForTimeout(300);
    const after = await save();
    assert.is.not(after, before, 'the shot moved the balls');
    await page.getByText('Undo', { exact: true }).click();
    const undone = await save();
    assert.is(undone, before, 'undo restored the position before the shot');
    // The saved link opens that position.
    const other = await (await suite.browser.newContext()).newPage();
    await other.goto(`${suite.server.url}/#/practice/${after}`);
    await other.waitForSelector('.table-view.practice');
    await other.getByText('Save position as link').click();
    await other.waitForFunction(() => /#\/practice\//.test((globalThis as any).location.hash));
    assert.is(codeOf(other.url()), after);
    assert.equal(errors, []);
  });

  suite.test('lobby: Play the computer starts a match at once against the computer', async () => {
    const page = await (await suite.browser.newContext({ viewport: { width: 1280, height: 760 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(suite.server.url + '/');
    await page.waitForSelector('.lobby');
    await page.fill('#guest-name', 'Pat');
    await page.getByRole('button', { name: 'Play the computer' }).click();
    await page.waitForSelector('.table-view');
    await page.waitForFunction(() => /computer/i.test((globalThis as any).document.querySelector('.table-view')?.textContent ?? ''), null, { timeout: 10000 });
    assert.equal(errors, []);
  });

  test.run();
}
