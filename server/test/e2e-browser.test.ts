// End to end in a real browser: headless Chromium (Debian's, driven by playwright-core; never a
// downloaded browser) opens the built client served by a real server. Two players meet at a private
// table by its link, the one to break shoots with the mouse, both screens animate the shot and show the
// server's ruling, and leaving a live match by navigation asks first, in the game's own dialog.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pgliteTarget } from './helpers/db.ts';
import { browserSuite } from './helpers/browser.ts';

const suite = browserSuite(test, 'e2e-browser', pgliteTarget());
if (suite) {

  /** Waits until the page's status line matches (or, with `not`, stops matching) a pattern. */
  const status = (p: import('playwright-core').Page, pattern: string, timeout: number, not = false) =>
    p.waitForFunction(
      ([src, negate]) => {
        const text: string = (globalThis as any).document.querySelector('.status')?.textContent ?? '';
        return new RegExp(src, 'i').test(text) !== negate;
      },
      [pattern, not] as const,
      { timeout },
    );

  suite.test('two players meet by link, a mouse-driven break animates on both screens, back asks before forfeiting', async () => {
    const errors: string[] = [];
    const open = (name: string) => suite.open(name, { errors });
    const a = await open('A');
    await a.goto(suite.server.url + '/');
    await a.waitForSelector('.lobby');
    await a.fill('#guest-name', 'Alice');
    await a.getByText('Create private table').click();
    await status(a, 'share code', 10000);
    const code = /code (\w{6})/.exec((await a.locator('.status').textContent()) ?? '')![1];
    assert.match(a.url(), new RegExp(`/play/${code}$`));

    const b = await open('B');
    await b.goto(`${suite.server.url}/#/table/${code}`); // an old fragment link still lands on /play/<code>
    await b.waitForURL(new RegExp(`/play/${code}$`));
    await b.waitForSelector('.table-view');
    await status(a, 'shot|to shoot', 10000);
    const shooter = /Your shot/.test((await a.locator('.status').textContent()) ?? '') ? a : b;
    const other = shooter === a ? b : a;

    // Aim at the apex of the rack (foot spot, x = +L/4) and pull back for power, then release.
    const box = (await shooter.locator('canvas.table-canvas').boundingBox())!;
    const scale = Math.min(box.width / (2.54 + 0.22), box.height / (1.27 + 0.22));
    const tx = box.x + box.width / 2 + 0.635 * scale;
    const ty = box.y + box.height / 2;
    await shooter.mouse.move(tx, ty);
    await shooter.waitForTimeout(200);
    await shooter.mouse.down();
    await shooter.mouse.move(tx - 60, ty, { steps: 4 });
    await shooter.mouse.move(tx - 220, ty, { steps: 6 });
    await shooter.mouse.up();
    // Both screens animate the shot, then show the server's ruling.
    await status(other, 'Shot in progress', 5000);
    for (const p of [shooter, other]) {
      await status(p, 'Shot in progress', 30000, true);
    }
    const reasonA = (await a.locator('.reason').textContent())?.trim() ?? '';
    assert.ok(reasonA.length > 0, 'the ruling is shown');
    assert.is((await b.locator('.reason').textContent())?.trim(), reasonA);

    // Navigating away (here: the address edited to an old lobby link) in a live match asks with the
    // game's own dialog, never the browser's; staying keeps the seat.
    const dialogs: string[] = [];
    b.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await b.evaluate(() => {
      (globalThis as any).location.hash = '#/';
    });
    await b.waitForSelector('dialog.leave-dialog[open]');
    assert.match((await b.locator('dialog.leave-dialog').textContent()) ?? '', /forfeits/);
    await b.getByRole('button', { name: 'Stay at the table' }).click();
    await b.waitForTimeout(300);
    assert.equal(dialogs, []);
    assert.match(b.url(), new RegExp(`/play/${code}(#/)?$`));
    assert.is(await b.locator('.table-view').count(), 1);
    assert.equal(errors, []);
  });

  test.run();
}
