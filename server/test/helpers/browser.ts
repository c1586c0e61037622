// What every browser suite needs: Debian's Chromium (never a downloaded browser) driven by
// playwright-core, and the client built as it is now (a stale dist would test old code; Vite takes a
// few seconds). Without Chromium a suite fails in CI and is skipped with a note elsewhere.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Test } from 'uvu';
import { repoRoot } from '../../src/config.ts';
import type { DbTarget } from './db.ts';
import { inCI } from './env.ts';
import { startTestServer, type TestServer } from './server.ts';

export const CHROMIUM = '/usr/bin/chromium';
const dist = join(repoRoot, 'client', 'dist', 'index.html');

/**
 * Prepares a browser suite: true when Chromium is here and the client is built (SKIP_BUILD=1 keeps an
 * existing build), false when the suite must skip (outside CI only; in CI it throws).
 */
export function browserSuiteReady(suite: string): boolean {
  if (!existsSync(CHROMIUM)) {
    const msg = `${CHROMIUM} is not installed (apt-get install -y chromium; .ci/run does it)`;
    if (inCI) throw new Error(`${suite}: ${msg}`);
    console.log(`  NOTE ${suite} skipped: ${msg}`);
    return false;
  }
  if (!process.env.SKIP_BUILD) execFileSync('npm', ['run', 'build', '-w', '@dojopool/client'], { cwd: repoRoot, stdio: 'ignore' });
  if (!existsSync(dist)) throw new Error(`the client build did not produce ${dist}`);
  return true;
}

/** Headless Chromium with the flags that work on these machines (software WebGL, no network extras). */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export type PageOptions = {
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
  hasTouch?: boolean;
  /** A stored login (what the app keeps under `dojopool.session`), set before the page loads. */
  session?: { user: unknown; accessToken: string; refreshToken: string };
  /** More script to run before the page's own. */
  initScript?: string;
  /** Where the page's uncaught errors go (the suite's `errors` unless given). */
  errors?: string[];
  /** Echo the page's console errors to the test log. */
  echoConsole?: boolean;
};

export type BrowserSuite = {
  readonly server: TestServer;
  readonly browser: Browser;
  /** Uncaught page errors of every page opened without its own `errors`, as "name: message". */
  readonly errors: string[];
  /** A page in a fresh browser context (nothing stored but the optional session). */
  open(name: string, o?: PageOptions): Promise<Page>;
  /**
   * The suite's `test`, with a record of a failure: every page of the test still open is saved as a
   * screenshot under .tmp/browser-failures/ and its URL and status line are logged, before the error
   * goes on to uvu. A flaky failure in CI then says what each player's screen showed.
   */
  test(name: string, handler: () => Promise<void>): void;
};

/**
 * A browser suite's setup in one place: null when the suite must skip (see browserSuiteReady), else a
 * server on `target` and Chromium, started before the suite's tests and closed after. `shots`: the
 * folder the suite saves screenshots in, made before its tests (none when null).
 */
export function browserSuite(
  test: Test,
  suite: string,
  target: DbTarget,
  serverOpts: Parameters<typeof startTestServer>[1] = {},
  shots: string | null = null,
): BrowserSuite | null {
  if (!browserSuiteReady(suite)) return null;
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const errors: string[] = [];
  /** The pages opened by the running test, for the record of a failure. */
  let pages: { name: string; page: Page }[] = [];
  const failures = join(repoRoot, '.tmp', 'browser-failures');
  // A record left by an earlier run of this suite would pass for this run's.
  for (const f of existsSync(failures) ? readdirSync(failures) : []) if (f.startsWith(`${suite}-`)) rmSync(join(failures, f));
  async function recordFailure(testName: string) {
    mkdirSync(failures, { recursive: true });
    console.log(`  ${suite}: "${testName}" failed; its open pages:`);
    for (const [k, { name, page }] of pages.entries()) {
      if (page.isClosed()) continue;
      const file = join(failures, `${suite}-${k}-${name.replace(/[^\w-]/g, '_')}.png`);
      try {
        const status = await page.evaluate(`document.querySelector('.status')?.textContent ?? '(no status line)'`, undefined).catch(() => '(page gone)');
        await page.screenshot({ path: file, timeout: 5000 });
        console.log(`    ${name}: ${page.url()} · status "${status}" · ${file}`);
      } catch (e) {
        console.log(`    ${name}: ${page.url()} · no screenshot (${(e as Error).message.split('\n')[0]})`);
      }
    }
  }
  test.before(async () => {
    console.log(`  ${suite} on ${target.name}`);
    if (shots) mkdirSync(shots, { recursive: true });
    server = await startTestServer(target, { logLevel: 'warn', ...serverOpts });
    browser = await launchChromium();
  });
  test.after(async () => {
    await browser?.close();
    await server?.dispose();
  });
  const started = <T>(v: T | undefined, what: string): T => {
    if (!v) throw new Error(`${suite}: the ${what} is not started (used outside a test?)`);
    return v;
  };
  return {
    get server() {
      return started(server, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
    errors,
    async open(name, o = {}) {
      const viewport = o.viewport ?? { width: 1280, height: 760 };
      const ctx = await started(browser, 'browser').newContext({ viewport, deviceScaleFactor: o.deviceScaleFactor, hasTouch: o.hasTouch });
      if (o.session) await ctx.addInitScript(`localStorage.setItem('dojopool.session', ${JSON.stringify(JSON.stringify(o.session))})`);
      if (o.initScript) await ctx.addInitScript(o.initScript);
      const page = await ctx.newPage();
      pages.push({ name, page });
      const sink = o.errors ?? errors;
      page.on('pageerror', (e) => sink.push(`${name}: ${e.message}`));
      if (o.echoConsole) page.on('console', (m) => m.type() === 'error' && console.log(`  [${name} console] ${m.text()}`));
      return page;
    },
    test(name, handler) {
      test(name, async () => {
        pages = [];
        try {
          await handler();
        } catch (e) {
          await recordFailure(name);
          throw e;
        }
      });
    },
  };
}
