// Frame benchmark for the 2D table: serves the built client, opens the practice table (the match
// table's renderer, no server needed) in Debian's headless Chromium, plays the 8-ball break at full
// speed a few times and prints
//   - frame intervals while the balls roll (requestAnimationFrame to requestAnimationFrame: what a
//     viewer sees, including the compositor and the software WebGL of a machine without a GPU), and
//   - the table's own JS per animated frame: the trajectory at(t) (positions and orientations) and the
//     renderer's render() call, measured with performance.now() in the page (table/replay-table.ts).
// A measurement, not a test: nothing fails on slow figures. Run: npm run bench -w @dojopool/client
// (-- --runs N --width W --height H; SKIP_BUILD=1 keeps client/dist).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const clientDir = fileURLToPath(new URL('..', import.meta.url));
const dist = join(clientDir, 'dist');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const runs = arg('runs', 3);
const width = arg('width', 1280);
const height = arg('height', 760);

if (!process.env.SKIP_BUILD || !existsSync(join(dist, 'index.html'))) execFileSync('npx', ['vite', 'build'], { cwd: clientDir, stdio: 'ignore' });

const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png', '.wasm': 'application/wasm' };
// The built files, and index.html for every app path (the shell routes in the browser).
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)).replace(/^(\.\.[/\\])+/, '');
  let file = join(dist, path);
  if (!file.startsWith(dist) || !existsSync(file) || path === '/') file = join(dist, 'index.html');
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const port = (server.address() as { port: number }).port;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
type Frame = { at: number; simMs: number; drawMs: number };
const intervals: number[] = [];
const sim: number[] = [];
const draw: number[] = [];
try {
  const page = await (await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 })).newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`http://127.0.0.1:${port}/practice`);
  await page.waitForSelector('canvas.table-canvas[data-renderer="2d"]', { timeout: 30000 });
  const renderer = (await page.evaluate(`(() => { const gl = document.createElement('canvas').getContext('webgl2'); const i = gl && gl.getExtension('WEBGL_debug_renderer_info'); return i ? gl.getParameter(i.UNMASKED_RENDERER_WEBGL) : 'unknown'; })()`)) as string;
  for (let run = 0; run < runs; run++) {
    // Full speed (12 m/s), aimed at the apex ball; a click shoots.
    await page.evaluate(`(() => { const s = document.querySelector('.table-view.practice input[type=range]'); s.value = '12'; })()`);
    await page.waitForFunction(`(document.querySelector('canvas.table-canvas').tableState?.().balls.length ?? 0) >= 16`, undefined, { timeout: 15000 });
    const st = (await page.evaluate(`document.querySelector('canvas.table-canvas').tableState()`)) as { balls: { id: number; x: number; y: number }[] };
    // The apex is the object ball nearest the cue ball's end (the table is not turned at this size).
    const apex = st.balls.filter((b) => b.id !== 0).reduce((a, b) => (b.x < a.x ? b : a));
    const box = (await page.locator('canvas.table-canvas').boundingBox())!;
    await page.evaluate('window.__tableFrames = []');
    await page.mouse.move(box.x + apex.x, box.y + apex.y);
    await page.mouse.down();
    await page.mouse.up();
    // Until the balls rest: no new animated frame for a second.
    let seen = -1;
    for (;;) {
      await page.waitForTimeout(1000);
      const n = (await page.evaluate('window.__tableFrames.length')) as number;
      if (n > 0 && n === seen) break;
      seen = n;
    }
    const frames = (await page.evaluate('window.__tableFrames')) as Frame[];
    for (let i = 1; i < frames.length; i++) intervals.push(frames[i]!.at - frames[i - 1]!.at);
    for (const f of frames) (sim.push(f.simMs), draw.push(f.drawMs));
    console.log(`run ${run + 1}: ${frames.length} animated frames over ${((frames.at(-1)!.at - frames[0]!.at) / 1000).toFixed(1)} s`);
    await page.getByText('Undo', { exact: true }).click();
    await page.waitForTimeout(300);
  }
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
  };
  const line = (name: string, xs: number[]) =>
    `${name.padEnd(28)} median ${pct(xs, 0.5).toFixed(2)} ms · p95 ${pct(xs, 0.95).toFixed(2)} ms · p99 ${pct(xs, 0.99).toFixed(2)} ms · max ${Math.max(...xs).toFixed(2)} ms`;
  const mean = intervals.reduce((a, b) => a + b, 0) / intervals.length;
  console.log(`\n2D table, ${runs} break(s) at 12 m/s, ${width}×${height} CSS px, WebGL: ${renderer}`);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(', ')} (${(await import('node:os')).cpus().length} CPUs)`);
  console.log(line('frame interval (rAF)', intervals) + ` · mean ${mean.toFixed(2)} ms = ${(1000 / mean).toFixed(1)} fps`);
  console.log(line('trajectory at(t) JS', sim));
  console.log(line('renderer render() JS', draw));
  const both = sim.map((s, i) => s + draw[i]!);
  console.log(line('table JS per frame', both));
} finally {
  await browser.close();
  server.close();
}
