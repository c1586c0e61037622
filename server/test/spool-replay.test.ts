// Spooled writes at start (MatchLifecycle.replaySpool): a write the database refuses for good (here, a
// shot of a match this database has never seen) is dropped and its file kept aside as `.failed`,
// while the file's other writes and the files after it are written; an unreadable file is kept aside
// too; the start goes on. Before, one such file made every start of the process fail.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMatch } from '../src/db/matches.ts';
import { MatchLifecycle } from '../src/services/match-lifecycle.ts';
import { LogCapture } from './helpers/server.ts';
import { createLogger } from '../src/log.ts';
import { dbTargets } from './helpers/db.ts';
import { announce } from './helpers/env.ts';

for (const target of await dbTargets()) {
  test(`[${target.name}] a refused spooled write is dropped and its file kept aside; the rest is written; the start goes on`, async () => {
    announce('spool-replay', target.name);
    const t = await target.create();
    const dir = mkdtempSync(join(tmpdir(), 'dojo-spool-'));
    try {
      const known = randomUUID();
      await createMatch(t.handle.db, { id: known, game: '8ball', mode: 'casual', raceTo: 1, roomId: `room-${known.slice(0, 8)}`, privateCode: null, settings: {}, players: [{ seat: 0, userId: null, name: 'A' }, { seat: 1, userId: null, name: 'B' }], leaseMs: 60_000 });
      const row = (matchId: string, seq: number) => ({ op: 'append', row: { matchId, seq, rack: 1, seat: 0, kind: 'shot', intent: {}, summary: null, ruling: null, balls: [], snapshot: { seq } } });
      // Oldest first: a file with a write for an unknown match between two good ones, a torn file, a good file.
      writeFileSync(join(dir, `1-${known}.json`), JSON.stringify([row(known, 1), row(randomUUID(), 1), row(known, 2)]));
      writeFileSync(join(dir, `2-${known}.json`), '[{"op":"append","row":');
      writeFileSync(join(dir, `3-${known}.json`), JSON.stringify([row(known, 3)]));
      const capture = new LogCapture();
      const lifecycle = new MatchLifecycle({ db: () => t.handle.db, log: createLogger({ level: 'info' }, capture), events: { publish: async () => {} } as any, spoolDir: dir, owner: 'test:1', leaseMs: 60_000 });
      assert.is(await lifecycle.replaySpool(), 3, 'three writes stored');
      const seqs = (await t.handle.db.selectFrom('match_shots').select('seq').where('match_id', '=', known).orderBy('seq').execute()).map((r) => r.seq);
      assert.equal(seqs, [1, 2, 3]);
      assert.equal(readdirSync(dir).sort(), [`1-${known}.json.failed`, `2-${known}.json.failed`], 'the refused and the torn file kept aside, the good one removed');
      const errors = capture.lines.map((l) => JSON.parse(l)).filter((l) => l.level === 50).map((l) => l.msg);
      assert.equal(errors, ['spooled write refused by the database: dropped', 'spool file unreadable: kept aside as .failed']);
      assert.is(await lifecycle.replaySpool(), 0, 'nothing replayed twice');
      assert.ok(existsSync(join(dir, `1-${known}.json.failed`)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await t.dispose();
    }
  });
}

test.run();
