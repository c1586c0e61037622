// Runs every *.test.ts file under the given folders, each in its own Node process (uvu suites call
// test.run() themselves), and fails if any file fails. One process per file keeps suites that boot
// servers, open PGlite or import @colyseus/testing from leaking into each other. Most files spend their
// time waiting on sockets, databases and timers, so three lanes run at once: TEST_JOBS files (default 2)
// from the general pool; the browser tests (TEST_BROWSER), one at a time, since two browsers animating
// software WebGL at once would slow each other's timing-sensitive checks; and the suites whose servers
// use the machine's shared Redis (TEST_SERIAL), one at a time, since two servers listing rooms in one
// Redis would find each other's rooms, and Colyseus creates a room on whichever process has the fewest:
// a room another suite asked for was once created on dependency-outage's server and disposed there
// while that test held Redis away (the browser tests' servers use no Redis). Each
// file's output is printed whole when it ends, so logs do not interleave. The client is built once
// before the browser tests (SKIP_BUILD=1 for them), not once per file.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const roots = process.argv.slice(2).filter((r) => existsSync(r));
// A file that has not finished in this time is killed and counted as failed (a hung handle must not
// stall CI). TEST_TIMEOUT_S overrides it.
const timeoutMs = Number(process.env.TEST_TIMEOUT_S || 480) * 1000;
const jobs = Math.max(1, Number(process.env.TEST_JOBS || 2));
const filter = process.env.TEST_FILTER ? new RegExp(process.env.TEST_FILTER) : null;
const browser = new RegExp(process.env.TEST_BROWSER || 'e2e-|-browser');
const serial = new RegExp(process.env.TEST_SERIAL || 'foundation-redis|match-trust|social-redis|tournament-cluster|match-events-redis|handover|social-crash|dependency-outage|accounts-ratelimit');
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts') && (!filter || filter.test(p))) files.push(p);
  }
};
for (const r of roots) walk(r);

const childEnv = { ...process.env };

function runFile(f) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', f], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = Date.now() - t0;
      process.stdout.write(Buffer.concat(out));
      const ok = code === 0 && !timedOut;
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${relative(process.cwd(), f)} (${ms} ms)${timedOut ? ` — killed after ${timeoutMs / 1000} s` : ''}`);
      resolve(ok);
    });
  });
}

const failed = [];
async function pool(list, width) {
  const queue = [...list];
  await Promise.all(
    Array.from({ length: Math.min(width, queue.length) }, async () => {
      for (let f = queue.shift(); f; f = queue.shift()) if (!(await runFile(f))) failed.push(f);
    }),
  );
}
const t0 = Date.now();
const browserFiles = files.filter((f) => browser.test(f));
const serialFiles = files.filter((f) => !browser.test(f) && serial.test(f));
const general = files.filter((f) => !browser.test(f) && !serial.test(f));
if (browserFiles.length && !process.env.SKIP_BUILD && existsSync('/usr/bin/chromium')) {
  const root = join(import.meta.dirname, '..');
  execFileSync('npm', ['run', 'build', '-w', '@dojopool/client'], { cwd: root, stdio: 'ignore' });
  childEnv.SKIP_BUILD = '1';
}
await Promise.all([pool(general, jobs), pool(browserFiles, 1), pool(serialFiles, 1)]);
if (failed.length) {
  console.error(`\n${failed.length} test file(s) failed:\n  ${failed.join('\n  ')}`);
  process.exit(1);
}
console.log(`\nall ${files.length} test file(s) passed in ${Math.round((Date.now() - t0) / 1000)} s (${jobs} at a time)`);
