// Lobby time-to-interactive in a real browser: headless Chromium (Debian's, via playwright-core) loads
// the built client from a real local server in a fresh context (empty cache) and reports when the
// lobby is usable — its controls rendered and its live-tables list answered (the client marks this
// `lobby-interactive`). Also the first contentful paint and the JavaScript fetched. Prints median and
// p95 over RUNS cold loads, plus a warm one. Run: npm run bench -w @dojopool/server -- lobby
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { repoRoot } from '../src/config.ts';
import { pgliteTarget } from '../test/helpers/db.ts';
import { startTestServer } from '../test/helpers/server.ts';

const RUNS = Number(process.env.LOBBY_BENCH_RUNS ?? 15);
const CHROMIUM = '/usr/bin/chromium';

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

export async function runLobbyBench() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is not installed`);
  execFileSync('npm', ['run', 'build', '-w', '@dojopool/client'], { cwd: repoRoot, stdio: 'ignore' });
  const { chromium } = await import('playwright-core');
  const server = await startTestServer(pgliteTarget(), { logLevel: 'warn' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  type Figures = { tti: number; fcp: number; jsKb: number; jsFiles: number };
  // Functions, not strings: the app's CSP forbids eval. (globalThis: the server's tsconfig has no DOM.)
  const measure = (): Figures => {
    const perf = (globalThis as any).performance;
    const m = perf.getEntriesByName('lobby-interactive')[0];
    const fcp = perf.getEntriesByName('first-contentful-paint')[0];
    const js = perf.getEntriesByType('resource').filter((r: any) => r.name.endsWith('.js'));
    return { tti: m ? m.startTime : NaN, fcp: fcp ? fcp.startTime : NaN, jsKb: js.reduce((n: number, r: any) => n + (r.encodedBodySize || r.transferSize || 0), 0) / 1024, jsFiles: js.length };
  };
  const interactive = () => (globalThis as any).performance.getEntriesByName('lobby-interactive').length > 0;
  try {
    const cold: Figures[] = [];
    // One load first to warm the server (its first request compiles nothing, but the OS caches the files).
    for (let i = 0; i <= RUNS; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 760 } });
      const page = await ctx.newPage();
      await page.goto(server.url + '/');
      await page.waitForFunction(interactive, undefined, { timeout: 15000 });
      if (i > 0) cold.push(await page.evaluate(measure));
      await ctx.close();
    }
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 760 } });
    const page = await ctx.newPage();
    await page.goto(server.url + '/');
    await page.waitForFunction(interactive);
    await page.reload();
    await page.waitForFunction(interactive);
    const warm = await page.evaluate(measure);
    await ctx.close();
    const tti = cold.map((r) => r.tti);
    const fcp = cold.map((r) => r.fcp);
    console.log(`lobby time-to-interactive, ${RUNS} cold loads (fresh context, local server, headless Chromium):`);
    console.log(`  interactive  median ${quantile(tti, 0.5).toFixed(0)} ms, p95 ${quantile(tti, 0.95).toFixed(0)} ms (budget 1500 ms)`);
    console.log(`  first paint  median ${quantile(fcp, 0.5).toFixed(0)} ms, p95 ${quantile(fcp, 0.95).toFixed(0)} ms`);
    console.log(`  JavaScript   ${cold[0]!.jsFiles} files, ${cold[0]!.jsKb.toFixed(0)} kB fetched (gzip as served, if compressed)`);
    console.log(`  warm reload  interactive ${warm.tti.toFixed(0)} ms`);
  } finally {
    await browser.close();
    await server.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runLobbyBench();
