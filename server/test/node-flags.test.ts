// The game server's Node flags (src/node-flags.ts) are written out twice where no import reaches:
// server/package.json's start and dev scripts and the Dockerfile's CMD. Each must carry every flag,
// before the entry, or production runs without them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../src/config.ts';
import { SERVER_NODE_FLAGS } from '../src/node-flags.ts';

/** The arguments of a command line, up to its entry (`src/main.ts`). */
const beforeEntry = (args: string[]) => args.slice(0, args.indexOf('src/main.ts'));

test('the list is not empty and every entry is a flag', () => {
  assert.ok(SERVER_NODE_FLAGS.length > 0);
  for (const f of SERVER_NODE_FLAGS) assert.match(f, /^--[a-z-]+(=\S+)?$/);
});

test('npm start and npm run dev pass every flag before the entry', () => {
  const scripts = JSON.parse(readFileSync(join(repoRoot, 'server', 'package.json'), 'utf8')).scripts as Record<string, string>;
  for (const name of ['start', 'dev']) {
    const args = scripts[name]!.split(/\s+/);
    assert.ok(args.includes('src/main.ts'), `${name}: ${scripts[name]}`);
    for (const f of SERVER_NODE_FLAGS) assert.ok(beforeEntry(args).includes(f), `${name} lacks ${f}: ${scripts[name]}`);
  }
});

test("the Dockerfile's CMD passes every flag before the entry", () => {
  const line = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8').split('\n').find((l) => l.startsWith('CMD ['));
  assert.ok(line, 'a CMD in exec form');
  const args = JSON.parse(line!.slice(4)) as string[];
  assert.is(args[0], 'node');
  assert.ok(args.includes('src/main.ts'), line);
  for (const f of SERVER_NODE_FLAGS) assert.ok(beforeEntry(args).includes(f), `CMD lacks ${f}: ${line}`);
});

test.run();
