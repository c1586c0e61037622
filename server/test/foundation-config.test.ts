// Configuration is parsed once and a bad value stops the process with one line naming the variable:
// loadConfig itself, the real entry (src/main.ts) spawned with bad values, a database or Redis that
// cannot be reached at start-up, and the test helpers' CI gate (a configured but unreachable server
// fails the suite in CI and is skipped with a warning outside it).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOM_LIMITS } from '@dojopool/shared';
import { ConfigError, loadConfig } from '../src/config.ts';

const serverDir = resolve(fileURLToPath(import.meta.url), '..', '..');
const CLOSED_PG = 'postgres://postgres@127.0.0.1:1/x';
const CLOSED_REDIS = 'redis://127.0.0.1:1';

/** The environment of this process without the variables a test wants unset (like `env -u`). */
function baseEnv(extra: Record<string, string>, unset: string[] = ['DATABASE_URL', 'REDIS_URL', 'PORT', 'DATA_DIR', 'CI']) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !unset.includes(k)) env[k] = v;
  return { ...env, ...extra };
}

function run(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: serverDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out after ${timeoutMs} ms; stdout: ${stdout} stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

const runMain = (env: Record<string, string>) => run(['--import', 'tsx', 'src/main.ts'], baseEnv({ LOG_LEVEL: 'silent', ...env }));
const stderrLines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');

function throwsConfigError(env: Record<string, string>, variable: string) {
  try {
    loadConfig(env);
  } catch (e) {
    assert.instance(e, ConfigError);
    assert.is((e as ConfigError).variable, variable);
    assert.ok((e as Error).message.includes(variable), (e as Error).message);
    assert.not.match((e as Error).message, /\n/);
    return (e as Error).message;
  }
  assert.unreachable(`loadConfig(${JSON.stringify(env)}) should have thrown`);
}

test('loadConfig: defaults with an empty environment', () => {
  const c = loadConfig({});
  assert.is(c.PORT, 2567);
  assert.is(c.HOST, '0.0.0.0');
  assert.is(c.DATA_DIR, './data');
  assert.is(c.LOG_LEVEL, 'info');
  assert.is(c.DATABASE_URL, undefined);
  assert.is(c.REDIS_URL, undefined);
  assert.equal(c.database.kind, 'pglite');
  assert.ok(c.database.kind === 'pglite' && c.database.dir!.endsWith(join('data', 'pglite')));
});

test('loadConfig: DATABASE_URL selects Postgres, empty strings count as unset', () => {
  const c = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/dojo', REDIS_URL: 'redis://r:6379', PORT: '3000' });
  assert.equal(c.database, { kind: 'postgres', url: 'postgres://u@db:5432/dojo' });
  assert.is(c.REDIS_URL, 'redis://r:6379');
  assert.is(c.PORT, 3000);
  const empty = loadConfig({ DATABASE_URL: '', REDIS_URL: ' ', PORT: '' });
  assert.is(empty.database.kind, 'pglite');
  assert.is(empty.REDIS_URL, undefined);
  assert.is(empty.PORT, 2567);
});

test('loadConfig: a bad value throws ConfigError naming the variable', () => {
  const msg = throwsConfigError({ PORT: 'abc' }, 'PORT')!;
  assert.match(msg, /"abc"/);
  throwsConfigError({ PORT: '70000' }, 'PORT');
  throwsConfigError({ DATABASE_URL: 'nonsense' }, 'DATABASE_URL');
  throwsConfigError({ DATABASE_URL: 'mysql://h/db' }, 'DATABASE_URL');
  throwsConfigError({ REDIS_URL: 'localhost:6379' }, 'REDIS_URL');
  throwsConfigError({ LOG_LEVEL: 'loud' }, 'LOG_LEVEL');
  throwsConfigError({ PUBLIC_ADDRESS: 'http://x:1' }, 'PUBLIC_ADDRESS');
  throwsConfigError({ SHUTDOWN_TIMEOUT_S: '-1' }, 'SHUTDOWN_TIMEOUT_S');
});

test('loadConfig: SHOT_CLOCK_S and RECONNECT_WINDOW_S take exactly the range a room accepts (ROOM_LIMITS)', () => {
  const cases: [string, { min: number; max: number }][] = [
    ['SHOT_CLOCK_S', ROOM_LIMITS.shotClockS],
    ['RECONNECT_WINDOW_S', ROOM_LIMITS.reconnectS],
  ];
  for (const [variable, { min, max }] of cases) {
    for (const ok of [min, max, (min + max) / 2]) assert.is((loadConfig({ [variable]: String(ok) }) as any)[variable], ok, `${variable}=${ok} is accepted`);
    for (const bad of [String(min - 1), String(max + 1), '700', '0', '-5', 'abc', 'Infinity']) {
      const msg = throwsConfigError({ [variable]: bad }, variable)!;
      if (Number.isFinite(Number(bad))) assert.ok(msg.includes(`${min}–${max}`), `${variable}=${bad}: ${msg}`);
    }
  }
});

test('main.ts: SHOT_CLOCK_S=700 exits 1 with one stderr line naming SHOT_CLOCK_S and the range', async () => {
  const r = await runMain({ SHOT_CLOCK_S: '700' });
  assert.is(r.code, 1);
  const lines = stderrLines(r.stderr);
  assert.is(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /SHOT_CLOCK_S/);
  assert.ok(lines[0]!.includes(`${ROOM_LIMITS.shotClockS.min}–${ROOM_LIMITS.shotClockS.max}`), lines[0]);
  assert.match(lines[0]!, /"700"/);
});

test('main.ts: PORT=abc exits 1 with one stderr line naming PORT', async () => {
  const r = await runMain({ PORT: 'abc' });
  assert.is(r.code, 1);
  const lines = stderrLines(r.stderr);
  assert.is(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /PORT/);
});

test('main.ts: DATABASE_URL=nonsense exits 1 with one stderr line naming DATABASE_URL', async () => {
  const r = await runMain({ DATABASE_URL: 'nonsense' });
  assert.is(r.code, 1);
  const lines = stderrLines(r.stderr);
  assert.is(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /DATABASE_URL/);
});

test('main.ts: a database that cannot be reached exits 1 with one line naming DATABASE_URL', async () => {
  const r = await runMain({ DATABASE_URL: CLOSED_PG, PORT: '0' });
  assert.is(r.code, 1);
  const lines = stderrLines(r.stderr);
  assert.is(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /DATABASE_URL/);
  assert.match(lines[0]!, /start-up failed/);
});

test('main.ts: a Redis that cannot be reached exits 1 with one line naming REDIS_URL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dojo-cfg-'));
  try {
    const r = await runMain({ REDIS_URL: CLOSED_REDIS, PORT: '0', DATA_DIR: dir });
    assert.is(r.code, 1);
    const lines = stderrLines(r.stderr);
    assert.is(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /REDIS_URL/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// helpers/env.ts reads process.env at import time, so each case runs in its own process.
const gateScript = `
import { postgresUrl } from './test/helpers/env.ts';
postgresUrl().then((u) => { console.log('RESOLVED ' + JSON.stringify(u)); }, (e) => { console.log('REJECTED ' + e.message); });
`;

test('test helpers: in CI a configured but unreachable DATABASE_URL fails the suite', async () => {
  const r = await run(['--import', 'tsx', '--input-type=module', '-e', gateScript], baseEnv({ CI: '1', DATABASE_URL: CLOSED_PG }));
  assert.match(r.stdout, /^REJECTED .*DATABASE_URL.*CI/m, r.stdout + r.stderr);
  assert.not.match(r.stdout, /x@|postgres@/, 'the URL credentials are masked');
});

test('test helpers: outside CI it resolves null with a warning', async () => {
  const r = await run(['--import', 'tsx', '--input-type=module', '-e', gateScript], baseEnv({ DATABASE_URL: CLOSED_PG }));
  assert.match(r.stdout, /^RESOLVED null$/m, r.stdout + r.stderr);
  assert.match(r.stderr, /WARNING: DATABASE_URL is set/);
});

test.run();
