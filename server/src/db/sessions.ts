// Refresh-token sessions. Each login starts a family; every refresh marks the presented token used and
// issues the next one in the same family. Presenting a token that was already used means it was copied:
// the whole family is revoked (OAuth 2.0 Security BCP, refresh token rotation with reuse detection).
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Db } from './index.ts';

export type SessionMeta = { userAgent?: string | null; ip?: string | null };

export async function createSession(db: Db, input: { userId: string; tokenHash: string; ttlS: number; familyId?: string } & SessionMeta): Promise<string> {
  const familyId = input.familyId ?? randomUUID();
  await db
    .insertInto('refresh_tokens')
    .values({
      user_id: input.userId,
      family_id: familyId,
      token_hash: input.tokenHash,
      expires_at: sql`now() + make_interval(secs => ${input.ttlS})` as any,
      user_agent: input.userAgent?.slice(0, 256) ?? null,
      ip: input.ip?.slice(0, 64) ?? null,
    })
    .execute();
  return familyId;
}

export type RotateResult =
  | { ok: true; userId: string; familyId: string }
  | { ok: false; reason: 'reused'; userId: string; familyId: string }
  | { ok: false; reason: 'invalid' };

/**
 * Consumes a refresh token and stores its successor, in one transaction. The conditional UPDATE makes
 * two concurrent refreshes with the same token race safely: one wins, the other counts as reuse.
 */
export async function rotateSession(db: Db, input: { tokenHash: string; newTokenHash: string; ttlS: number } & SessionMeta): Promise<RotateResult> {
  return db.transaction().execute(async (tx) => {
    const used = await tx
      .updateTable('refresh_tokens')
      .set({ used_at: sql`now()` } as any)
      .where('token_hash', '=', input.tokenHash)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning(['user_id', 'family_id'])
      .executeTakeFirst();
    if (used) {
      await createSession(tx as unknown as Db, { userId: used.user_id, familyId: used.family_id, tokenHash: input.newTokenHash, ttlS: input.ttlS, userAgent: input.userAgent, ip: input.ip });
      return { ok: true as const, userId: used.user_id, familyId: used.family_id };
    }
    const row = await tx.selectFrom('refresh_tokens').select(['user_id', 'family_id', 'used_at']).where('token_hash', '=', input.tokenHash).executeTakeFirst();
    if (row && row.used_at) {
      await tx.updateTable('refresh_tokens').set({ revoked_at: sql`now()` } as any).where('family_id', '=', row.family_id).where('revoked_at', 'is', null).execute();
      return { ok: false as const, reason: 'reused' as const, userId: row.user_id, familyId: row.family_id };
    }
    return { ok: false as const, reason: 'invalid' as const };
  });
}

/** Logout: revokes the family the token belongs to. Unknown tokens are ignored. */
export async function revokeSessionByToken(db: Db, tokenHash: string): Promise<boolean> {
  const r = await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: sql`now()` } as any)
    .where('family_id', '=', (eb) => eb.selectFrom('refresh_tokens as t').select('t.family_id').where('t.token_hash', '=', tokenHash))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function revokeAllSessions(db: Db, userId: string): Promise<number> {
  const r = await db.updateTable('refresh_tokens').set({ revoked_at: sql`now()` } as any).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function activeSessionCount(db: Db, userId: string): Promise<number> {
  const r = await db
    .selectFrom('refresh_tokens')
    .select(sql<string>`count(*)`.as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
