// Runs every *.test.ts file under the given folder, each in its own Node process (uvu suites call
// test.run() themselves), one after another, and fails if any file fails. One process per file keeps
// suites that boot servers, open PGlite or import @colyseus/testing from leaking into each other.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const roots = process.argv.slice(2).filter((r) => existsSync(r));
// A file that has not finished in this time is killed and counted as failed (a hung handle must not
// stall CI). TEST_TIMEOUT_S overrides it.
const timeoutMs = Number(process.env.TEST_TIMEOUT_S || 300) * 1000;
const filter = process.env.TEST_FILTER ? new RegExp(process.env.TEST_FILTER) : null;
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts') && (!filter || filter.test(p))) files.push(p);
  }
};
for (const r of roots) walk(r);
let failed = [];
for (const f of files) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', f], { stdio: 'inherit', env: process.env, timeout: timeoutMs, killSignal: 'SIGKILL' });
  const ms = Date.now() - t0;
  const timedOut = r.error && /ETIMEDOUT/.test(String(r.error.code ?? r.error.message));
  console.log(`${r.status === 0 ? 'ok  ' : 'FAIL'} ${relative(process.cwd(), f)} (${ms} ms)${timedOut ? ` — killed after ${timeoutMs / 1000} s` : ''}`);
  if (r.status !== 0) failed.push(f);
}
if (failed.length) {
  console.error(`\n${failed.length} test file(s) failed:\n  ${failed.join('\n  ')}`);
  process.exit(1);
}
console.log(`\nall ${files.length} test file(s) passed`);
