// The table's rulings and the phone table in a real browser (Debian's Chromium through playwright-core,
// against a real server), the two bars of issue 15 that e2e-table.test.ts does not cover:
// - a foul shows the banner and the ball-in-hand step: a 9-ball break driven by the mouse straight into
//   a corner pocket; the incoming player sees "Foul" with the reason in plain words (no rule number
//   until "why?" is opened), the status asks to drag the cue ball, and the first press — on the cue
//   ball, dragged — places it and takes no stroke;
// - a phone-sized viewport (390×844) shows the table turned with balls at least 14 CSS px across and
//   their numbers drawn (pixels sampled from a screenshot: ivory number circles with dark ink in them).
// Screenshots go to .tmp/table-shots/ (TABLE_SHOTS overrides).
import { join as pathJoin } from 'node:path';
import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../src/config.ts';
import { pgliteTarget } from './helpers/db.ts';
import { browserSuite } from './helpers/browser.ts';

const shots = process.env.TABLE_SHOTS || pathJoin(repoRoot, '.tmp', 'table-shots');
const R = 0.028575;

type TableState = { renderer: string; rotated: boolean; ballPx: number; balls: { id: number; x: number; y: number }[]; placing: boolean };

const suite = browserSuite(test, 'e2e-table-rules', pgliteTarget(), {}, shots);
if (suite) {
  const errors = suite.errors;

  const open = (name: string, viewport = { width: 1280, height: 760 }, deviceScaleFactor = 1) => suite.open(name, { viewport, deviceScaleFactor, hasTouch: viewport.width < 600 });
  const status = (p: Page, pattern: string, timeout: number, not = false) =>
    p.waitForFunction(([src, negate]) => new RegExp(src, 'i').test((globalThis as any).document.querySelector('.status')?.textContent ?? '') !== negate, [pattern, not] as const, { timeout });
  /** The 2D renderer's own account of its last frame, in CSS pixels relative to the canvas. */
  const tableState = async (p: Page) => (await p.evaluate(`document.querySelector('canvas.table-canvas').tableState()`)) as TableState;
  const canvasBox = async (p: Page) => (await p.locator('canvas.table-canvas').boundingBox())!;
  /** Records whether a shot ever started on this page from now on. */
  const watchForShots = (p: Page) =>
    p.evaluate(`window.__shotSeen = false; new MutationObserver(() => { if (/Shot in progress/.test(document.querySelector('.status').textContent)) window.__shotSeen = true; }).observe(document.querySelector('.status'), { childList: true, characterData: true, subtree: true })`);

  const privateTable = async (game: string) => {
    const a = await open('A');
    await a.goto(suite.server.url + '/');
    await a.waitForSelector('.lobby');
    await a.fill('#guest-name', 'Alice');
    await a.locator('label.field', { has: a.locator('span', { hasText: /^Game$/ }) }).locator('select').selectOption(game);
    await a.getByText('Create private table').click();
    await status(a, 'share code', 10000);
    const code = /code (\w{6})/.exec((await a.locator('.status').textContent()) ?? '')![1]!;
    return { a, code };
  };

  suite.test('a phone (390×844) shows the table turned, the balls ≥ 14 CSS px with their numbers drawn', async () => {
    const { a, code } = await privateTable('9ball');
    // The rack is dealt when the second player sits.
    const b = await open('B');
    await b.goto(`${suite.server.url}/play/${code}`);
    await status(a, 'Your shot|to shoot', 30000);
    const phone = await open('phone', { width: 390, height: 844 });
    await phone.goto(`${suite.server.url}/watch/${code}`);
    await phone.waitForSelector('canvas.table-canvas[data-renderer="2d"]', { timeout: 30000 });
    await phone.waitForFunction(() => ((globalThis as any).document.querySelector('canvas.table-canvas').tableState?.().balls.length ?? 0) >= 10, undefined, { timeout: 15000 });
    await phone.waitForTimeout(300);
    const st = await tableState(phone);
    const png = await phone.screenshot({ path: pathJoin(shots, 'phone-rack.png') });
    assert.ok(st.rotated, 'the table is turned on a portrait phone');
    assert.ok(st.ballPx >= 14, `balls are ${st.ballPx.toFixed(1)} CSS px across (want ≥ 14)`);
    const box = await canvasBox(phone);
    assert.ok(box.height >= 0.6 * 844, `the table fills the height (${box.height} px of 844)`);
    // Sample each object ball's centre disc (a 9-ball rack at rest: every number faces up): a readable
    // number is an ivory circle with dark ink inside it. No ink or no ivory is a failing ball.
    const balls = st.balls.filter((b) => b.id > 0).map((b) => ({ id: b.id, x: b.x + box.x, y: b.y + box.y }));
    const sampled = (await phone.evaluate(
      `(async () => {
        const [b64, balls, r] = ${JSON.stringify([png.toString('base64'), balls, st.ballPx / 2])};
        const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
        const img = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const c = document.createElement('canvas');
        c.width = img.width; c.height = img.height;
        const g = c.getContext('2d');
        g.drawImage(img, 0, 0);
        const data = g.getImageData(0, 0, c.width, c.height).data;
        return balls.map((b) => {
          let ink = 0, ivory = 0, n = 0;
          const reach = r * 0.6;
          for (let y = Math.floor(b.y - reach); y <= Math.ceil(b.y + reach); y++)
            for (let x = Math.floor(b.x - reach); x <= Math.ceil(b.x + reach); x++) {
              if (Math.hypot(x - b.x, y - b.y) > reach) continue;
              const o = (y * c.width + x) * 4;
              const R = data[o], G = data[o + 1], B = data[o + 2];
              const lum = 0.299 * R + 0.587 * G + 0.114 * B;
              n++;
              if (lum < 90) ink++;
              if (lum > 170 && Math.max(R, G, B) - Math.min(R, G, B) < 70) ivory++;
            }
          return { id: b.id, ink, ivory, n };
        });
      })()`,
    )) as { id: number; ink: number; ivory: number; n: number }[];
    console.log(`  phone: balls ${st.ballPx.toFixed(1)} CSS px across; centre discs (ink/ivory/pixels): ${sampled.map((s) => `${s.id}:${s.ink}/${s.ivory}/${s.n}`).join(' ')}`);
    assert.is(sampled.length, 9, 'the nine object balls of the rack are drawn');
    const readable = sampled.filter((s) => s.ink >= 2 && s.ivory >= 2);
    assert.ok(readable.length >= 8, `numbers drawn on ${readable.length} of 9 balls: ${JSON.stringify(sampled)}`);
    for (const p of [phone, a, b]) await p.context().close();
  });

  suite.test('a foul shows the banner in plain words and the place-the-cue-ball step; the first press places and takes no stroke', async () => {
    const { a, code } = await privateTable('9ball');
    const b = await open('B');
    await b.goto(`${suite.server.url}/play/${code}`);
    await b.waitForSelector('canvas.table-canvas[data-renderer="2d"]', { timeout: 30000 });
    await status(a, 'Your shot|to shoot', 15000);
    await status(b, 'Your shot|to shoot', 15000);
    const shooter = /Your shot/.test((await a.locator('.status').textContent()) ?? '') ? a : b;
    const other = shooter === a ? b : a;

    // The breaker aims from the cue ball straight at the near (head) corner pocket and strokes: the cue
    // ball drops without touching a ball.
    await shooter.waitForFunction(() => (globalThis as any).document.querySelector('canvas.table-canvas').tableState().balls.some((x: { id: number }) => x.id === 0));
    const st = await tableState(shooter);
    const box = await canvasBox(shooter);
    const cue = st.balls.find((x) => x.id === 0)!;
    const scale = st.ballPx / (2 * R);
    // Table → screen in the unturned 2D layout: x to the right, y up. The cue ball sits on the head spot.
    const cueTable = { x: -0.635, y: 0 };
    const toScreen = (p: { x: number; y: number }) => ({ x: box.x + cue.x + (p.x - cueTable.x) * scale, y: box.y + cue.y - (p.y - cueTable.y) * scale });
    const pocket = { x: -1.27, y: 0.635 };
    const mid = toScreen({ x: (cueTable.x + pocket.x) / 2, y: (cueTable.y + pocket.y) / 2 });
    const back = toScreen({ x: cueTable.x + 0.2 * (cueTable.x - pocket.x) / 0.898, y: cueTable.y + 0.2 * (cueTable.y - pocket.y) / 0.898 });
    // Whether the banner ever shows while the balls still roll (checked at every change of the page).
    await other.evaluate(`window.__early = false; new MutationObserver(() => { if (document.querySelector('.ruling.foul') && /Shot in progress/.test(document.querySelector('.status').textContent)) window.__early = true; }).observe(document.querySelector('.table-view'), { childList: true, characterData: true, subtree: true, attributes: true })`);
    // The stroke's "Shot in progress" can be shorter than a poll on a loaded machine: a
    // MutationObserver set before the stroke records it (a full-suite failure showed the break taken
    // and judged while the poll never saw it).
    await watchForShots(other);
    await shooter.mouse.move(mid.x, mid.y);
    await shooter.mouse.down();
    await shooter.mouse.move((mid.x + back.x) / 2, (mid.y + back.y) / 2, { steps: 4 });
    await shooter.mouse.move(back.x, back.y, { steps: 4 });
    await shooter.mouse.up();
    await other.waitForFunction(() => (globalThis as any).__shotSeen === true, undefined, { timeout: 15000 });
    await status(other, 'Shot in progress', 40000, true);
    assert.is(await other.evaluate('window.__early'), false, 'no foul banner while the balls roll');

    // The banner: "Foul" and what happened in plain words; the rule only behind "why?".
    const ruling = other.locator('.ruling.foul');
    await ruling.waitFor({ state: 'visible', timeout: 5000 });
    const title = ((await ruling.locator('.ruling-title').textContent()) ?? '').trim();
    const text = (await ruling.locator('.ruling-text').allTextContents()).join(' ').trim();
    console.log(`  foul banner: "${title}" / "${text}"`);
    assert.match(title, /^Foul: /);
    assert.match(`${title} ${text}`, /scratch|cue ball/i, 'says what happened');
    assert.not.match(`${title} ${text}`, /\d+\.\d+|\(\d|rule/i, 'no rule number in the banner itself');
    assert.not.match(text, /^foul:/i, 'no second "Foul:" prefix');
    assert.is(await ruling.locator('details.why').getAttribute('open'), null, 'the rule is closed away');
    assert.not.ok(await ruling.locator('.why-text').isVisible(), 'the rule is not shown until asked for');
    await other.screenshot({ path: pathJoin(shots, 'foul-banner.png') });
    await ruling.locator('summary').click();
    assert.ok(await ruling.locator('.why-text').isVisible(), '"why?" shows the rule');
    assert.match((await ruling.locator('.why-text').textContent()) ?? '', /WPA world standardized rules \d+\.\d+/);
    await other.screenshot({ path: pathJoin(shots, 'foul-why.png') });

    // The explicit step: ball in hand, drag the cue ball to place it.
    await status(other, 'Your shot.*ball in hand.*drag the cue ball to place it', 5000);
    await status(shooter, 'ball in hand', 5000);
    const ob = await canvasBox(other);
    const before = (await tableState(other)).balls.find((x) => x.id === 0)!;
    assert.ok((await tableState(other)).placing, 'the table shows the cue ball as movable');
    const from = { x: ob.x + before.x, y: ob.y + before.y };
    await other.mouse.move(from.x, from.y);
    assert.ok(await other.locator('.renderer-host.can-place').count(), 'the hand cursor over the cue ball');
    await watchForShots(other);
    await watchForShots(shooter);
    // The first press after the foul: on the cue ball, dragged 120 px along the table, released.
    await other.mouse.down();
    await other.mouse.move(from.x + 60, from.y + 10, { steps: 4 });
    await other.mouse.move(from.x + 120, from.y + 20, { steps: 4 });
    await other.screenshot({ path: pathJoin(shots, 'ball-in-hand-drag.png') });
    await other.mouse.up();
    await other.waitForFunction(
      ([x, y]) => {
        const c = (globalThis as any).document.querySelector('canvas.table-canvas').tableState().balls.find((k: { id: number }) => k.id === 0);
        return !!c && Math.hypot(c.x - x, c.y - y) < 4;
      },
      [before.x + 120, before.y + 20] as const,
      { timeout: 5000 },
    );
    await other.waitForTimeout(1200);
    assert.is(await other.evaluate('window.__shotSeen'), false, 'placing took no stroke (incoming player)');
    assert.is(await shooter.evaluate('window.__shotSeen'), false, 'placing took no stroke (the other screen)');
    assert.match((await other.locator('.status').textContent()) ?? '', /Your shot/, 'still the incoming player to shoot');
    await other.screenshot({ path: pathJoin(shots, 'ball-in-hand-placed.png') });
    assert.equal(errors, []);
  });

  test.run();
}
