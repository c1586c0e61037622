// What every browser suite needs: Debian's Chromium (never a downloaded browser) driven by
// playwright-core, and the client built as it is now (a stale dist would test old code; Vite takes a
// few seconds). Without Chromium a suite fails in CI and is skipped with a note elsewhere.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { repoRoot } from '../../src/config.ts';
import { inCI } from './env.ts';

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
