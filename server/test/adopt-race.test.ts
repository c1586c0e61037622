// Issue 17: match leases (db/match-leases.ts) on PGlite and Postgres. Exactly one adopter gets each
// lapsed match however many race for it (on Postgres, six processes' worth of separate connection
// pools at once); a live lease is never taken; the old host's renewal, its own-match claim at restart,
// and its writes (append, finish, abort: fenced by the lease epoch, so a stale room or a late spool
// changes nothing) are all refused once another process adopted the match, while the adopter's pass.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openPostgres, type DbHandle } from '../src/db/index.ts';
import * as leases from '../src/db/match-leases.ts';
import { createMatch } from '../src/db/matches.ts';
import { MatchLifecycle } from '../src/services/match-lifecycle.ts';
import { dbTargets } from './helpers/db.ts';
import { announce } from './helpers/env.ts';

const log = pino({ level: 'silent' });

async function liveMatch(handle: DbHandle, owner: string, leaseMs: number): Promise<string> {
  const id = randomUUID();
  await createMatch(handle.db, { id, game: '8ball', mode: 'casual', raceTo: 1, roomId: `room-${id.slice(0, 8)}`, privateCode: null, settings: { owner }, players: [{ seat: 0, userId: null, name: 'A' }, { seat: 1, userId: null, name: 'B' }], owner, leaseMs });
  return id;
}

const lifecycleOn = (handle: DbHandle, owner: string) =>
  new MatchLifecycle({ db: () => handle.db, log, events: { publish: async () => {} } as any, spoolDir: '/nonexistent', owner, leaseMs: 60_000 });

for (const target of await dbTargets()) {
  test(`[${target.name}] each lapsed match is adopted exactly once by racing adopters; a live lease is never taken`, async () => {
    announce('adopt-race', target.name);
    const t = await target.create();
    const extra: DbHandle[] = [];
    try {
      const lapsed: string[] = [];
      for (let i = 0; i < 20; i++) lapsed.push(await liveMatch(t.handle, 'dead:1', 1));
      const healthy = await liveMatch(t.handle, 'alive:1', 60_000);
      await new Promise((r) => setTimeout(r, 50));
      // Six adopters with their own connections (Postgres), each claiming in small batches at once.
      const handles = [t.handle];
      if (t.database.kind === 'postgres') for (let i = 0; i < 5; i++) extra.push(await openPostgres(t.database.url, { max: 3 }));
      handles.push(...extra);
      const adopters = Array.from({ length: 6 }, (_, i) => ({ name: `adopter:${i}`, handle: handles[i % handles.length]! }));
      const got = await Promise.all(
        adopters.map(async (a) => {
          const mine: leases.Claimed[] = [];
          for (let round = 0; round < 8; round++) mine.push(...(await leases.claimLapsed(a.handle.db, a.name, 60_000, 3)));
          return mine.map((c) => ({ ...c, by: a.name }));
        }),
      );
      const all = got.flat();
      assert.is(all.length, 20, `20 adoptions in all (got ${all.length})`);
      assert.equal([...new Set(all.map((c) => c.matchId))].sort(), [...lapsed].sort(), 'every lapsed match, each once');
      assert.ok(all.every((c) => c.epoch === 1 && c.previousOwner === 'dead:1'));
      assert.ok(!all.some((c) => c.matchId === healthy), 'a live lease is not taken');
      const rows = await t.handle.db.selectFrom('matches').select(['id', 'owner', 'lease_epoch']).where('id', 'in', lapsed).execute();
      for (const r of rows) assert.is(r.owner, all.find((c) => c.matchId === r.id)!.by, 'the stored owner is the one adopter that got it');
      console.log(`  [adopt-race] ${target.name}: ${adopters.length} adopters, claims per adopter ${got.map((g) => g.length).join('/')}`);
    } finally {
      for (const h of extra) await h.close();
      await t.dispose();
    }
  });

  test(`[${target.name}] after an adoption the old host can neither renew, reclaim, nor write; the adopter can`, async () => {
    const t = await target.create();
    try {
      const id = await liveMatch(t.handle, 'old:1', 1);
      const oldHost = lifecycleOn(t.handle, 'old:1');
      const newHost = lifecycleOn(t.handle, 'new:1');
      const row = (seq: number) => ({ matchId: id, seq, rack: 1, seat: 0, kind: 'shot' as const, intent: {}, summary: null, ruling: null, balls: [], snapshot: {} });
      // Before the hand-over the old host writes at epoch 0.
      await oldHost.run({ op: 'append', row: row(0), fence: { owner: 'old:1', epoch: 0 } } as any);
      await new Promise((r) => setTimeout(r, 20));
      const [c] = await newHost.claimLapsed(5);
      assert.is(c?.matchId, id);
      assert.is(c!.epoch, 1);
      // The old host's renewal does not renew it, and it learns the match is lost.
      assert.is((await leases.renewLeases(t.handle.db, 'old:1', [{ matchId: id, epoch: 0 }], 60_000)).size, 0);
      assert.equal(await leases.lostLeases(t.handle.db, 'old:1', [{ matchId: id, epoch: 0 }]), [id]);
      assert.equal(await oldHost.claimOwn(), [], 'restarting, the old host does not take it back');
      // Its writes are refused: an append, a finish, an abort.
      const refused = async (op: object) => {
        try {
          await oldHost.run(op as any);
        } catch (e) {
          return (e as Error).message;
        }
        return null;
      };
      assert.match((await refused({ op: 'append', row: row(1), fence: { owner: 'old:1', epoch: 0 } })) ?? '', /hosted by new:1/);
      const players = [{ seat: 0, userId: null, name: 'A' }, { seat: 1, userId: null, name: 'B' }];
      const finishOp = (fence: object) => ({ op: 'finish', fence, input: { matchId: id, rated: false, finished: { game: '8ball', raceTo: 1, players: ['A', 'B'], winner: 0, forfeit: true, racks: [] }, score: [1, 0], reason: 'test', finalState: {}, event: { type: 'match.finished', matchId: id, roomId: 'r', game: '8ball', mode: 'casual', rated: false, tournament: null, winner: 0, score: [1, 0], forfeit: false, reason: 'test' } } });
      { const m = await refused(finishOp({ owner: "old:1", epoch: 0 })); assert.match(m ?? "", /write refused/, String(m)); }
      assert.match((await refused({ op: 'abort', matchId: id, reason: 'x', fence: { owner: 'old:1', epoch: 0 }, event: { roomId: 'r', game: '8ball', mode: 'casual', tournament: null, players } })) ?? '', /write refused/);
      const mid = await t.handle.db.selectFrom('matches').select(['status']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.is(mid.status, 'live', 'the refused finish and abort changed nothing');
      const shots = await t.handle.db.selectFrom('match_shots').select('seq').where('match_id', '=', id).execute();
      assert.equal(shots.map((s) => s.seq), [0], 'the refused append stored nothing');
      // The adopter's writes pass.
      await newHost.run({ op: 'append', row: row(1), fence: { owner: 'new:1', epoch: 1 } } as any);
      await newHost.run({ op: 'append', row: row(1), fence: { owner: 'new:1', epoch: 1 } } as any); // a retried write that had landed
      const res: any = await newHost.run(finishOp({ owner: 'new:1', epoch: 1 }) as any);
      assert.is(res.alreadyFinished, false);
      const end = await t.handle.db.selectFrom('matches').select(['status', 'owner']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(end, { status: 'finished', owner: 'new:1' });
      // A finished match is never adopted.
      await sql`UPDATE matches SET lease_until = now() - interval '1 minute' WHERE id = ${id}`.execute(t.handle.db);
      assert.equal(await newHost.claimLapsed(5), []);
    } finally {
      await t.dispose();
    }
  });

  test(`[${target.name}] a fenced append racing a hand-over waits for it and is refused; the log keeps one row per seq`, async () => {
    const t = await target.create();
    const other = t.database.kind === 'postgres' ? await openPostgres(t.database.url, { max: 2 }) : null;
    try {
      const id = await liveMatch(t.handle, 'old:1', 60_000);
      const row = (seq: number) => ({ matchId: id, seq, rack: 1, seat: 0 as const, kind: 'shot' as const, intent: { angle: seq }, summary: null, ruling: null, balls: [], snapshot: { seq } });
      await leases.appendShotFenced(t.handle.db, row(1), { owner: 'old:1', epoch: 0 });
      if (other) {
        // An adopter holds the match row (its hand-over UPDATE, not yet committed) while the old host appends.
        let appendDone = false;
        let handOver!: () => void;
        const held = new Promise<void>((r) => (handOver = r));
        const adopter = t.handle.db.transaction().execute(async (trx) => {
          await sql`UPDATE matches SET owner = 'new:1', lease_epoch = lease_epoch + 1 WHERE id = ${id}`.execute(trx);
          await held;
        });
        await new Promise((r) => setTimeout(r, 50));
        const append = leases.appendShotFenced(other.db, row(2), { owner: 'old:1', epoch: 0 }).then(
          () => ((appendDone = true), null),
          (e: Error) => ((appendDone = true), e.message),
        );
        await new Promise((r) => setTimeout(r, 150));
        assert.not.ok(appendDone, 'the append did not wait for the hand-over holding the row');
        handOver();
        await adopter;
        assert.match((await append) ?? '', /hosted by new:1 \(epoch 1\)/);
      } else {
        await sql`UPDATE matches SET owner = 'new:1', lease_epoch = lease_epoch + 1 WHERE id = ${id}`.execute(t.handle.db);
        const err = await leases.appendShotFenced(t.handle.db, row(2), { owner: 'old:1', epoch: 0 }).then(() => null, (e: Error) => e.message);
        assert.match(err ?? '', /hosted by new:1/);
      }
      const stored = await t.handle.db.selectFrom('match_shots').select(['seq', 'intent']).where('match_id', '=', id).orderBy('seq').execute();
      assert.equal(stored.map((r) => r.seq), [1], 'the refused append stored nothing');
      assert.equal(stored[0]!.intent, { angle: 1 }, 'stored as JSON, not as a string');
    } finally {
      await other?.close();
      await t.dispose();
    }
  });
}

test.run();
