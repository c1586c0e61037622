// Queries on the user aggregate: accounts, profile, roles, two-factor secrets and recovery codes, the
// privacy export and erasure. Routes call these; no SQL lives in a route.
import { sql, type Selectable } from 'kysely';
import type { Db } from './index.ts';
import type { UsersTable } from './schema.ts';

export type UserRow = Selectable<UsersTable>;
export const ROLES = ['player', 'host', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A unique index said no: which one. */
export class DuplicateUserError extends Error {
  constructor(readonly field: 'username' | 'email') {
    super(`${field} already taken`);
    this.name = 'DuplicateUserError';
  }
}

function uniqueViolation(e: unknown): 'username' | 'email' | null {
  const err = e as { code?: string; constraint?: string; message?: string; detail?: string };
  if (err?.code !== '23505') return null;
  const text = `${err.constraint ?? ''} ${err.message ?? ''} ${err.detail ?? ''}`;
  if (text.includes('users_username_lower_idx')) return 'username';
  if (text.includes('users_email_lower_idx')) return 'email';
  return null;
}

export async function createUser(db: Db, input: { username: string; email: string; passwordHash: string; roles?: Role[] }): Promise<UserRow> {
  try {
    return await db
      .insertInto('users')
      .values({ username: input.username, email: input.email, password_hash: input.passwordHash, ...(input.roles ? { roles: input.roles } : {}) })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (e) {
    const field = uniqueViolation(e);
    if (field) throw new DuplicateUserError(field);
    throw e;
  }
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What requireAuth needs per request: cheap, by primary key. */
export async function findAuthState(db: Db, id: string) {
  return db.selectFrom('users').select(['id', 'username', 'roles', 'token_version', 'suspended_at']).where('id', '=', id).executeTakeFirst();
}

/** By username or email, case-insensitively (served by the lower() unique indexes). */
export async function findUserByLogin(db: Db, login: string): Promise<UserRow | undefined> {
  const l = login.toLowerCase();
  const col = login.includes('@') ? 'email' : 'username';
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(${sql.ref(col)})`, '=', l)
    .executeTakeFirst();
}

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where(sql<string>`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
}

export async function countUsers(db: Db): Promise<number> {
  const r = await db.selectFrom('users').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export type ProfilePatch = {
  displayName?: string | null;
  avatarColor?: string | null;
  locationSharing?: boolean;
  /** Already coarsened by the caller. Ignored unless sharing is on after the patch. */
  location?: { lat: number; lon: number } | null;
};

/** Applies a profile change. Withdrawing location consent clears the stored position in the same write. */
export async function updateProfile(db: Db, id: string, patch: ProfilePatch): Promise<UserRow | undefined> {
  const set: Record<string, unknown> = { updated_at: sql`now()` };
  if (patch.displayName !== undefined) set.display_name = patch.displayName;
  if (patch.avatarColor !== undefined) set.avatar_color = patch.avatarColor;
  if (patch.locationSharing !== undefined) set.location_sharing = patch.locationSharing;
  if (patch.locationSharing === false) {
    set.location_lat = null;
    set.location_lon = null;
  } else if (patch.location !== undefined) {
    set.location_lat = patch.location?.lat ?? null;
    set.location_lon = patch.location?.lon ?? null;
  }
  return db.updateTable('users').set(set).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function setRoles(db: Db, id: string, roles: Role[]): Promise<UserRow | undefined> {
  return db.updateTable('users').set({ roles, updated_at: sql`now()` } as any).where('id', '=', id).returningAll().executeTakeFirst();
}

/** logout-all: every access token issued before now stops working. */
export async function bumpTokenVersion(db: Db, id: string): Promise<void> {
  await db.updateTable('users').set({ token_version: sql`token_version + 1` } as any).where('id', '=', id).execute();
}

// ---- two-factor ----

export async function setPendingTotp(db: Db, id: string, secret: string): Promise<void> {
  await db.updateTable('users').set({ totp_secret: secret, totp_enabled: false, totp_last_step: null }).where('id', '=', id).where('totp_enabled', '=', false).execute();
}

/** Accepts a TOTP step once: false if this step (or a later one) was already used. */
export async function claimTotpStep(db: Db, id: string, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function enableTotp(db: Db, id: string, codeHashes: string[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ totp_enabled: true }).where('id', '=', id).execute();
    await tx.deleteFrom('recovery_codes').where('user_id', '=', id).execute();
    if (codeHashes.length) await tx.insertInto('recovery_codes').values(codeHashes.map((h) => ({ user_id: id, code_hash: h }))).execute();
  });
}

export async function disableTotp(db: Db, id: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ totp_enabled: false, totp_secret: null, totp_last_step: null }).where('id', '=', id).execute();
    await tx.deleteFrom('recovery_codes').where('user_id', '=', id).execute();
  });
}

/** Marks a recovery code used; true only the first time. */
export async function useRecoveryCode(db: Db, id: string, codeHash: string): Promise<boolean> {
  const r = await db.updateTable('recovery_codes').set({ used_at: sql`now()` } as any).where('user_id', '=', id).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function recoveryCodesLeft(db: Db, id: string): Promise<number> {
  const r = await db.selectFrom('recovery_codes').select(sql<string>`count(*)`.as('n')).where('user_id', '=', id).where('used_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- public profile, export, erasure ----

export async function publicProfile(db: Db, id: string) {
  const u = await db
    .selectFrom('users')
    .leftJoin('player_stats', 'player_stats.user_id', 'users.id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.avatar_color', 'users.rating', 'player_stats.matches_played', 'player_stats.match_wins'])
    .where('users.id', '=', id)
    .executeTakeFirst();
  if (!u) return undefined;
  const achievements = await db.selectFrom('user_achievements').select(['achievement_id', 'unlocked_at']).where('user_id', '=', id).orderBy('unlocked_at').execute();
  const drills = await db.selectFrom('drill_scores').select(['drill', 'best', 'runs', 'best_at']).where('user_id', '=', id).orderBy('drill').execute();
  return { ...u, achievements, drills };
}

/** Everything stored about one user except secrets (password hash, TOTP secret, token hashes). */
export async function exportUser(db: Db, id: string) {
  const user = await findUserById(db, id);
  if (!user) return undefined;
  const [sessions, stats, achievements, matches, recovery, drills] = await Promise.all([
    db.selectFrom('refresh_tokens').select(['id', 'family_id', 'created_at', 'expires_at', 'used_at', 'revoked_at', 'user_agent', 'ip']).where('user_id', '=', id).orderBy('created_at').execute(),
    db.selectFrom('player_stats').selectAll().where('user_id', '=', id).executeTakeFirst(),
    db.selectFrom('user_achievements').selectAll().where('user_id', '=', id).orderBy('unlocked_at').execute(),
    db
      .selectFrom('match_players')
      .innerJoin('matches', 'matches.id', 'match_players.match_id')
      .select([
        'match_players.match_id',
        'match_players.seat',
        'match_players.name',
        'match_players.rating_before',
        'match_players.rating_after',
        'match_players.result',
        'match_players.racks_won',
        'matches.game',
        'matches.mode',
        'matches.status',
        'matches.created_at',
        'matches.finished_at',
      ])
      .where('match_players.user_id', '=', id)
      .orderBy('matches.created_at')
      .execute(),
    db.selectFrom('recovery_codes').select(['created_at', 'used_at']).where('user_id', '=', id).execute(),
    db.selectFrom('drill_scores').select(['drill', 'best', 'runs', 'best_at', 'updated_at']).where('user_id', '=', id).orderBy('drill').execute(),
  ]);
  return { user, sessions, stats, achievements, matches, recovery, drills };
}

/**
 * Erases an account. Match participations stay, anonymised, so opponents' histories and replays still
 * read; everything else owned by the user goes (FK cascades: refresh tokens, recovery codes, stats,
 * achievements; venues they created keep existing with created_by null).
 */
export async function deleteUser(db: Db, id: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    await tx.updateTable('match_players').set({ user_id: null, name: 'deleted player' }).where('user_id', '=', id).execute();
    const r = await tx.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  });
}
