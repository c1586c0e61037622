// The table in a real browser (Debian's Chromium through playwright-core, against a real server):
// the 2D table is a PixiJS WebGL canvas that is not blank; a mouse-driven break animates on both
// players' screens and the spectator's, and the tray changes only after the balls stop; the 3D toggle
// draws a non-blank three.js canvas; a phone-sized viewport shows the table turned; a /watch page
// stays within 350 kB of JS gzip before 3D. Screenshots of
// each view go to .tmp/table-shots/ (TABLE_SHOTS overrides) for people to look at; frame times of
// the 2D break are printed (a measurement, not an assertion).
import { readFileSync } from 'node:fs';
import { join as pathJoin } from 'node:path';
import { gzipSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../src/config.ts';
import { pgliteTarget } from './helpers/db.ts';
import { browserSuite } from './helpers/browser.ts';

const shots = process.env.TABLE_SHOTS || pathJoin(repoRoot, '.tmp', 'table-shots');

const suite = browserSuite(test, 'e2e-table', pgliteTarget(), {}, shots);
if (suite) {
  type Page = import('playwright-core').Page;

  const status = (p: Page, pattern: string, timeout: number, not = false) =>
    p.waitForFunction(([src, negate]) => new RegExp(src, 'i').test((globalThis as any).document.querySelector('.status')?.textContent ?? '') !== negate, [pattern, not] as const, { timeout });
  const trayDown = (p: Page) => p.locator('.tray-ball.down').count();
  /** Bytes of a PNG screenshot of the table canvas: a blank or flat canvas compresses to a few kB, a drawn table does not. */
  const drawnBytes = async (p: Page) => (await p.locator('canvas.table-canvas').screenshot()).length;

  suite.test('2D PixiJS table: a mouse break on both players and a spectator, the tray waits for the balls to stop; 3D and phone views', async () => {
    const errors: string[] = [];
    const open = (name: string, viewport = { width: 1280, height: 760 }) => suite.open(name, { viewport, deviceScaleFactor: 1, errors, echoConsole: true });
    const a = await open('A');
    await a.goto(suite.server.url + '/');
    await a.waitForSelector('.lobby');
    await a.fill('#guest-name', 'Alice');
    await a.getByText('Create private table').click();
    await status(a, 'share code', 10000);
    const code = /code (\w{6})/.exec((await a.locator('.status').textContent()) ?? '')![1];
    // Spectators first, so the shot clock (armed when the second player sits) is not spent on page loads.
    const s = await open('S');
    await s.goto(`${suite.server.url}/watch/${code}`);
    await s.waitForSelector('canvas.table-canvas', { timeout: 30000 });
    const phone = await open('phone', { width: 390, height: 844 });
    await phone.goto(`${suite.server.url}/watch/${code}`);
    await phone.waitForSelector('canvas.table-canvas', { timeout: 30000, state: 'attached' });
    await phone.screenshot({ path: pathJoin(shots, 'phone-waiting.png') });
    const b = await open('B');
    await b.goto(`${suite.server.url}/play/${code}`);
    await b.waitForSelector('canvas.table-canvas', { timeout: 30000 });
    await status(a, 'shot|to shoot', 10000);
    await status(s, 'to shoot', 10000);
    await status(phone, 'to shoot', 10000);

    for (const p of [a, b, s]) {
      assert.is(await p.locator('canvas.table-canvas').getAttribute('data-renderer'), '2d', 'the PixiJS WebGL table, not the Canvas fallback');
    }
    // The spectator sees no spin, power or concede controls, and sees the spectator count.
    assert.is(await s.locator('.player-controls').isVisible(), false, 'no player controls for a spectator');
    assert.is(await s.locator('text=Resign').isVisible(), false);
    assert.match((await s.locator('.spectator-count').textContent()) ?? '', /Spectators: 2/);
    assert.ok((await drawnBytes(a)) > 40000, 'the 2D canvas is drawn');

    const shooter = /Your shot/.test((await a.locator('.status').textContent()) ?? '') ? a : b;
    const other = shooter === a ? b : a;
    // Frame times while the break plays, measured on the spectator's page.
    await s.evaluate(`window.__frames = []; (function f(t) { if (/Shot in progress/.test(document.querySelector('.status').textContent)) window.__frames.push(t); requestAnimationFrame(f); })(performance.now())`);
    const box = (await shooter.locator('canvas.table-canvas').boundingBox())!;
    const scale = Math.min(box.width / (2.54 + 0.22), box.height / (1.27 + 0.22));
    const tx = box.x + box.width / 2 + 0.635 * scale;
    const ty = box.y + box.height / 2;
    await shooter.mouse.move(tx, ty);
    await shooter.waitForTimeout(300);
    await shooter.screenshot({ path: pathJoin(shots, '2d-aim.png') });
    await shooter.mouse.down();
    await shooter.mouse.move(tx - 60, ty, { steps: 4 });
    await shooter.mouse.move(tx - 260, ty, { steps: 6 });
    await shooter.mouse.up();
    // While the balls roll, nothing of the outcome shows: the tray stays full and no ruling is shown.
    const during: number[] = [];
    for (const p of [shooter, other, s]) {
      await status(p, 'Shot in progress', 15000);
      const [down, reasonNow] = (await p.evaluate(`[document.querySelectorAll('.tray-ball.down').length, document.querySelector('.reason').textContent.trim(), ]`)) as [number, string];
      if (/Shot in progress/.test((await p.locator('.status').textContent()) ?? '')) {
        during.push(down);
        assert.is(reasonNow, '', 'no ruling while the balls roll');
      }
    }
    assert.ok(during.length >= 2, `the break was still rolling on the screens checked (${during.length})`);
    assert.equal(during, during.map(() => 0), 'the tray waits for the balls to stop');
    await s.screenshot({ path: pathJoin(shots, '2d-break.png') });
    for (const p of [shooter, other, s]) await status(p, 'Shot in progress', 40000, true);
    const frames = (await s.evaluate('window.__frames')) as number[];
    const dts = frames.map((t, i, arr) => (i ? t - arr[i - 1]! : 0)).slice(1).sort((x, y) => x - y);
    if (dts.length) {
      const mean = dts.reduce((x, y) => x + y, 0) / dts.length;
      console.log(`  2D break frame times (spectator, headless): ${dts.length} frames, mean ${mean.toFixed(1)} ms (${(1000 / mean).toFixed(0)} fps), median ${dts[dts.length >> 1]!.toFixed(1)} ms, p95 ${dts[Math.floor(dts.length * 0.95)]!.toFixed(1)} ms`);
    }
    const reason = (await s.locator('.reason').textContent())?.trim() ?? '';
    assert.ok(reason.length > 0, 'the ruling is shown once the balls rest');
    assert.is((await a.locator('.reason').textContent())?.trim(), reason);
    assert.not.match(reason, /\(\d+\.\d+\)/, 'no rule numbers shown to players');
    await s.screenshot({ path: pathJoin(shots, '2d-rest.png') });
    await phone.screenshot({ path: pathJoin(shots, 'phone.png') });
    assert.is(await phone.locator('canvas.table-canvas').getAttribute('data-rotated'), '1', 'the phone table is turned');
    const pbox = (await phone.locator('canvas.table-canvas').boundingBox())!;
    assert.ok(pbox.height > 400, `the phone table fills the height (${pbox.height} px)`);

    // A second shot watched with only the shooter and the spectator open (the break above ran four
    // pages of software WebGL at once): the spectator's frame times are printed.
    const next = /Your shot/.test((await a.locator('.status').textContent()) ?? '') ? a : /Your shot/.test((await b.locator('.status').textContent()) ?? '') ? b : null;
    if (next) {
      for (const p of [a, b, phone]) if (p !== next) await p.context().close();
      await s.evaluate(`window.__frames = []`);
      const nb = (await next.locator('canvas.table-canvas').boundingBox())!;
      const cx = nb.x + nb.width / 2;
      const cy = nb.y + nb.height / 2;
      await next.mouse.move(cx + 200, cy + 40);
      await next.mouse.down();
      await next.mouse.move(cx + 100, cy + 20, { steps: 3 });
      await next.mouse.move(cx - 150, cy - 30, { steps: 6 });
      await next.mouse.up();
      await status(s, 'Shot in progress', 15000);
      await status(s, 'Shot in progress', 60000, true);
      const f2 = (await s.evaluate('window.__frames')) as number[];
      const d2 = f2.map((t, i, arr) => (i ? t - arr[i - 1]! : 0)).slice(1).sort((x, y) => x - y);
      if (d2.length) {
        const mean = d2.reduce((x, y) => x + y, 0) / d2.length;
        console.log(`  2D shot frame times (spectator, two pages open): ${d2.length} frames, mean ${mean.toFixed(1)} ms (${(1000 / mean).toFixed(0)} fps), median ${d2[d2.length >> 1]!.toFixed(1)} ms, p95 ${d2[Math.floor(d2.length * 0.95)]!.toFixed(1)} ms`);
      }
    }
    // What a watching page loaded before the 3D view opened (Vite's measure: gzip of each JS file).
    const jsBefore = new Set(((await s.evaluate(`performance.getEntriesByType('resource').map((e) => e.name)`)) as string[]).filter((n) => n.endsWith('.js')).map((n) => n.split('/').pop()!));
    const gzKb = (names: Iterable<string>) => [...names].reduce((n, f) => n + gzipSync(readFileSync(pathJoin(repoRoot, 'client', 'dist', 'assets', f)), { level: 9 }).length, 0) / 1000;
    const watchKb = gzKb(jsBefore);
    console.log(`  JS a watching page loaded before 3D: ${watchKb.toFixed(2)} kB gzip in ${jsBefore.size} files: ${[...jsBefore].join(", ")}`);
    assert.ok(watchKb <= 350, `a /watch page loads at most 350 kB of JS gzip before 3D (the issue's budget): ${watchKb.toFixed(2)} kB`);
    assert.ok(![...jsBefore].some((f) => f.startsWith('three-renderer')), 'three.js is not loaded before the 3D view is chosen');
    // The 3D view: toggled on the spectator's page, three.js draws the table.
    await s.getByText('3D view').click();
    await s.waitForSelector('canvas.table-canvas[data-renderer="3d"]', { timeout: 20000 });
    await s.waitForTimeout(800);
    assert.ok((await drawnBytes(s)) > 40000, 'the 3D canvas is drawn');
    const jsAfter = ((await s.evaluate(`performance.getEntriesByType('resource').map((e) => e.name)`)) as string[]).filter((n) => n.endsWith('.js')).map((n) => n.split('/').pop()!).filter((f) => !jsBefore.has(f));
    console.log(`  JS the 3D view added: ${gzKb(jsAfter).toFixed(1)} kB gzip (${jsAfter.join(', ')})`);
    await s.screenshot({ path: pathJoin(shots, '3d.png') });
    assert.equal(errors, []);
  });

  test.run();
}
