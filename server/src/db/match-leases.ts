// Queries of match leases (migration 0042): which process hosts each live match, until when, and the
// epoch that fences a stale host's writes. Every time is the database's own clock (now()), so processes
// with skewed clocks still agree on when a lease has lapsed. A hand-over is one UPDATE whose WHERE
// re-checks the lapse under the row lock: of any number of concurrent adopters, exactly one gets a row.
import { sql, type Transaction } from 'kysely';
import type { ShotRow } from './matches.ts';
import { PermanentWriteError } from '../services/persist-queue.ts';
import type { Db } from './index.ts';
import type { Database } from './schema.ts';

const interval = (ms: number) => sql<Date>`now() + make_interval(secs => ${ms / 1000})`;

export type Claimed = { matchId: string; roomId: string; epoch: number; previousOwner: string | null };

/**
 * Renews the leases of the matches `owner` hosts (at their epochs); returns the ids renewed. A match
 * missing from the answer was finished, or handed over to another process.
 */
export async function renewLeases(db: Db, owner: string, held: { matchId: string; epoch: number }[], ttlMs: number): Promise<Set<string>> {
  if (held.length === 0) return new Set();
  const ids = held.map((h) => h.matchId);
  const epochs = held.map((h) => h.epoch);
  const r = await sql<{ id: string }>`
    UPDATE matches SET lease_until = ${interval(ttlMs)}
    WHERE status = 'live' AND owner = ${owner}
      AND (id, lease_epoch) IN (SELECT * FROM unnest(${ids}::uuid[], ${epochs}::int[]))
    RETURNING id`.execute(db);
  return new Set(r.rows.map((x) => x.id));
}

/** Of `matchIds`, those still live but hosted by someone else or at another epoch: really lost. */
export async function lostLeases(db: Db, owner: string, held: { matchId: string; epoch: number }[]): Promise<string[]> {
  if (held.length === 0) return [];
  const rows = await db.selectFrom('matches').select(['id', 'owner', 'lease_epoch']).where('id', 'in', held.map((h) => h.matchId)).where('status', '=', 'live').execute();
  return rows.filter((r) => r.owner !== owner || r.lease_epoch !== held.find((h) => h.matchId === r.id)!.epoch).map((r) => r.id);
}

/** At start: takes back every live match this owner hosted (a new epoch each); a match adopted meanwhile is not this owner's any more. */
export async function claimOwn(db: Db, owner: string, ttlMs: number): Promise<Claimed[]> {
  const r = await sql<{ id: string; room_id: string | null; lease_epoch: number }>`
    UPDATE matches SET owner = ${owner}, lease_epoch = lease_epoch + 1, lease_until = ${interval(ttlMs)}
    WHERE status = 'live' AND coalesce(owner, settings->>'owner', 'local') = ${owner}
    RETURNING id, room_id, lease_epoch`.execute(db);
  return r.rows.map((x) => ({ matchId: x.id, roomId: x.room_id ?? x.id, epoch: x.lease_epoch, previousOwner: owner }));
}

/** Takes over up to `limit` live matches whose lease has lapsed (their host stopped renewing): exactly one caller gets each. */
export async function claimLapsed(db: Db, owner: string, ttlMs: number, limit: number): Promise<Claimed[]> {
  const r = await sql<{ id: string; room_id: string | null; lease_epoch: number; previous: string | null }>`
    WITH lapsed AS (
      SELECT id, coalesce(owner, settings->>'owner') AS previous FROM matches
      WHERE status = 'live' AND coalesce(lease_until, '-infinity') < now()
      ORDER BY lease_until NULLS FIRST LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    UPDATE matches m SET owner = ${owner}, lease_epoch = m.lease_epoch + 1, lease_until = ${interval(ttlMs)}
    FROM lapsed
    WHERE m.id = lapsed.id AND m.status = 'live' AND coalesce(m.lease_until, '-infinity') < now()
    RETURNING m.id, m.room_id, m.lease_epoch, lapsed.previous`.execute(db);
  return r.rows.map((x) => ({ matchId: x.id, roomId: x.room_id ?? x.id, epoch: x.lease_epoch, previousOwner: x.previous }));
}

/** Lets a lease lapse now (a restore that failed here): another process, or this one, tries again. */
export async function releaseLease(db: Db, matchId: string, owner: string, epoch: number): Promise<void> {
  await db.updateTable('matches').set({ lease_until: sql`now() - interval '1 second'` as any }).where('id', '=', matchId).where('owner', '=', owner).where('lease_epoch', '=', epoch).execute();
}

/**
 * Inside a write's transaction: refuses it unless `owner` still hosts the match at `epoch` (the row is
 * locked for share, so a hand-over waits for this write or this write sees the hand-over).
 */
export async function checkFence(trx: Transaction<Database>, matchId: string, fence: { owner: string; epoch: number }): Promise<void> {
  const row = await trx.selectFrom('matches').select(['owner', 'lease_epoch']).where('id', '=', matchId).forShare().executeTakeFirst();
  if (!row) return; // not created yet: the create itself will fail or come first in the writer's order
  if (row.owner !== fence.owner || row.lease_epoch !== fence.epoch)
    throw new PermanentWriteError(`match ${matchId} is hosted by ${row.owner} (epoch ${row.lease_epoch}) now, not ${fence.owner} (epoch ${fence.epoch}): write refused`);
}

/**
 * Appends one logged action unless another process hosts the match now: the same guarantee as
 * checkFence + appendShot in a transaction (the match row is locked for share, so a hand-over waits
 * for this write or this write sees the hand-over), in one statement and one round trip instead of
 * four (BEGIN, SELECT … FOR SHARE, INSERT, COMMIT): every shot of every table goes through here.
 * A duplicate (the same seq already stored: a retried write that had landed) is not an error.
 */
export async function appendShotFenced(db: Db, r: ShotRow, fence: { owner: string; epoch: number }): Promise<void> {
  const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
  const res = await sql<{ fenced: boolean }>`
    WITH host AS (SELECT owner, lease_epoch FROM matches WHERE id = ${r.matchId} FOR SHARE),
    ins AS (
      INSERT INTO match_shots (match_id, seq, rack, seat, kind, intent, summary, ruling, balls, match_state)
      SELECT ${r.matchId}::uuid, ${r.seq}::int, ${r.rack}::int, ${r.seat}::smallint, ${r.kind}::text, ${JSON.stringify(r.intent ?? {})}::jsonb, ${json(r.summary)}::jsonb, ${json(r.ruling)}::jsonb, ${JSON.stringify(r.balls)}::jsonb, ${JSON.stringify(r.snapshot)}::jsonb
      WHERE NOT EXISTS (SELECT 1 FROM host WHERE owner IS DISTINCT FROM ${fence.owner} OR lease_epoch <> ${fence.epoch})
      ON CONFLICT (match_id, seq) DO NOTHING
      RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM host WHERE owner IS DISTINCT FROM ${fence.owner} OR lease_epoch <> ${fence.epoch}) AS fenced`.execute(db);
  if (res.rows[0]?.fenced) {
    const h = await matchHost(db, r.matchId);
    throw new PermanentWriteError(`match ${r.matchId} is hosted by ${h?.owner} (epoch ${h?.epoch}) now, not ${fence.owner} (epoch ${fence.epoch}): write refused`);
  }
}

/** Where a live match is hosted: the room id and the owner's public address. */
export async function matchHost(db: Db, matchId: string): Promise<{ owner: string | null; leaseUntil: Date | null; epoch: number } | null> {
  const r = await db.selectFrom('matches').select(['owner', 'lease_until', 'lease_epoch']).where('id', '=', matchId).executeTakeFirst();
  return r ? { owner: r.owner, leaseUntil: r.lease_until, epoch: r.lease_epoch } : null;
}
