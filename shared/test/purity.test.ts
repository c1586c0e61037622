// shared/ is imported by the server and the browser alike: it must do no IO and stay deterministic.
// This scans every source file for imports of Node built-ins or IO packages and for clock or
// unseeded-randomness calls.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const root = new URL('../src', import.meta.url).pathname;
const files: string[] = [];
const walk = (d: string) => {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (n.endsWith('.ts')) files.push(p);
  }
};
walk(root);

const NODE_BUILTINS = ['fs', 'path', 'net', 'http', 'https', 'child_process', 'os', 'crypto', 'stream', 'dgram', 'dns', 'tls', 'worker_threads', 'process', 'url', 'util', 'events', 'timers'];
const IO_PACKAGES = ['pg', 'kysely', 'ioredis', 'express', 'ws', '@colyseus/core', '@electric-sql/pglite'];
const ALLOWED = new Set(['@colyseus/schema']); // serialisation only; no IO

const strip = (src: string) => src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

test('shared/src imports no Node built-in and no IO package', () => {
  assert.ok(files.length > 10, 'found the sources');
  const bad: string[] = [];
  for (const f of files) {
    const src = strip(readFileSync(f, 'utf8'));
    for (const m of src.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const spec = m[1];
      if (spec.startsWith('.') || ALLOWED.has(spec)) continue;
      if (spec.startsWith('node:') || NODE_BUILTINS.includes(spec) || IO_PACKAGES.some((p) => spec === p || spec.startsWith(p + '/'))) bad.push(`${relative(root, f)}: ${spec}`);
      else bad.push(`${relative(root, f)}: unexpected dependency ${spec}`);
    }
  }
  assert.equal(bad, []);
});

test('shared/src reads no clock and uses no unseeded randomness', () => {
  const bad: string[] = [];
  for (const f of files) {
    const src = strip(readFileSync(f, 'utf8'));
    for (const re of [/Math\.random\s*\(/, /Date\.now\s*\(/, /new Date\s*\(/, /performance\.now\s*\(/, /setTimeout\s*\(/, /setInterval\s*\(/, /\bfetch\s*\(/, /\bprocess\./]) {
      if (re.test(src)) bad.push(`${relative(root, f)}: ${re.source}`);
    }
  }
  assert.equal(bad, []);
});

test.run();
