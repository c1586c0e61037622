// The client knows games only through the shared registry: the lobby offers exactly GAME_KINDS with
// their labels, and no game kind or label is spelled out in client/src (a new game in the registry
// reaches quick play, private tables, the ranked queue, headers and replays without a client change).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GAME_KINDS, gameLabel } from '@dojopool/shared/rules/registry.ts';
import { gameChoices, queueText } from '../src/views/lobby.ts';

const src = fileURLToPath(new URL('../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(tsx?|html)$/.test(f) ? [p] : [];
  });
}

/** The code without its comments (which may name games freely). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

test('the lobby offers the registry games, in its order, with its labels', () => {
  assert.equal(gameChoices().map((c) => c.value), [...GAME_KINDS]);
  assert.equal(gameChoices().map((c) => c.label), GAME_KINDS.map(gameLabel));
});

test('the ranked queue line names the game by its label, the wait and the rating window', () => {
  const kind = GAME_KINDS[GAME_KINDS.length - 1]!;
  assert.is(queueText({ waiting: 3, waitedS: 12.7, window: 150, game: kind, raceTo: 3 }), `In the ${gameLabel(kind)} queue (3 waiting · 12 s · opponents within ±150 rating)…`);
  assert.is(queueText({ waiting: 1 }), 'In the queue (1 waiting)…');
});

test('no game kind or game label is spelled out in client/src', () => {
  const found: string[] = [];
  for (const f of files(src))
    for (const [i, line] of code(readFileSync(f, 'utf8')).split('\n').entries())
      if (/\b\d{1,2}-?ball\b/i.test(line)) found.push(`${f.slice(src.length + 1)}:${i + 1}: ${line.trim()}`);
  assert.equal(found, []);
});

test.run();
