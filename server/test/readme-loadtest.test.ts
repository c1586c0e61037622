// The README's load-test command must work as written: the root `npm run loadtest -- --flags` has to hand
// its flags to the tool (a forwarding script without a trailing `--` drops them; STACK.md trap 14).
// Runs the same command shape with a tiny load against a spawned server on an embedded database.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const root = new URL('../..', import.meta.url).pathname;

test('npm run loadtest -- --n 4 --steady 2 --spawn --out FILE reaches the tool with its flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dojo-loadtest-'));
  try {
    const out = join(dir, 'result.json');
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(dir, 'data') };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    const r = spawnSync('npm', ['run', 'loadtest', '--', '--n', '4', '--steady', '2', '--spawn', '--out', out], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
    assert.is(r.status, 0, `${r.stdout}\n${r.stderr}`.slice(-2000));
    assert.match(r.stdout, /ramp done: 4 joined, 0 join errors/);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    assert.is(result.n, 4);
    assert.is(result.steadyS, 2);
    assert.is(result.joinErrors, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
