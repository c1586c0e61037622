// The signed-in user's own account: read and edit the profile (location only with consent, coarsened
// to ~1 km), export everything stored about them, and erase the account.
import { Router } from 'express';
import { z } from 'zod';
import { exportSocial } from '../../db/social-export.ts';
import { deleteUser, exportUser, findUserById, updateProfile, type UserRow } from '../../db/users.ts';
import { passwordHasher } from '../../services/passwords.ts';
import type { RouterFactory } from '../api.ts';
import { authOf, requireAuth } from '../auth.ts';
import { HttpError } from '../errors.ts';
import { parseBody, validationError } from '../validate.ts';

/** The user's own view. Never includes the password hash or TOTP secret. */
export function privateUser(u: UserRow) {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    displayName: u.display_name,
    avatarColor: u.avatar_color,
    roles: u.roles,
    rating: Math.round(u.rating),
    ratedGames: u.rated_games,
    locationSharing: u.location_sharing,
    location: u.location_sharing && u.location_lat !== null && u.location_lon !== null ? { lat: u.location_lat, lon: u.location_lon } : null,
    totpEnabled: u.totp_enabled,
    createdAt: u.created_at,
  };
}

/** ~1.1 km at the equator: two decimals of a degree. */
export const coarsen = (deg: number) => Math.round(deg * 100) / 100;

// Letters, marks, digits, punctuation and spaces; no control or format characters (bidi overrides).
const displayName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(32, 'must be at most 32 characters')
  .regex(/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]+$/u, 'may only contain letters, digits, punctuation and spaces');

const patchSchema = z.strictObject({
  displayName: displayName.nullable().optional(),
  avatarColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1a2b3c').transform((s) => s.toLowerCase()).nullable().optional(),
  locationSharing: z.boolean().optional(),
  location: z
    .strictObject({
      lat: z.number().min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90'),
      lon: z.number().min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180'),
    })
    .nullable()
    .optional(),
});

const deleteSchema = z.strictObject({ password: z.string().min(1, 'is required').max(1024) });

export const meRouter: RouterFactory = (ctx) => {
  const router = Router();
  const db = ctx.database.db;
  const auth = requireAuth(ctx);

  router.get('/me', auth, async (req, res) => {
    const u = await findUserById(db, authOf(req).userId);
    if (!u) throw new HttpError(401, 'token_invalid', 'the account no longer exists');
    res.json({ user: privateUser(u) });
  });

  router.patch('/me', auth, async (req, res) => {
    const body = parseBody(patchSchema, req);
    const me = authOf(req);
    const current = await findUserById(db, me.userId);
    if (!current) throw new HttpError(401, 'token_invalid', 'the account no longer exists');
    const sharing = body.locationSharing ?? current.location_sharing;
    if (body.location && !sharing) throw validationError({ location: 'location sharing is off: set locationSharing to true to share a location' });
    const u = await updateProfile(db, me.userId, {
      displayName: body.displayName,
      avatarColor: body.avatarColor,
      locationSharing: body.locationSharing,
      location: body.location === undefined ? undefined : body.location && { lat: coarsen(body.location.lat), lon: coarsen(body.location.lon) },
    });
    if (!u) throw new HttpError(401, 'token_invalid', 'the account no longer exists');
    res.json({ user: privateUser(u) });
  });

  router.get('/me/export', auth, async (req, res) => {
    const data = await exportUser(db, authOf(req).userId);
    if (!data) throw new HttpError(401, 'token_invalid', 'the account no longer exists');
    const { user, sessions, stats, achievements, matches, recovery } = data;
    const social = await exportSocial(db, user.id);
    res.setHeader('content-disposition', 'attachment; filename="dojopool-export.json"');
    res.json({
      exportedAt: new Date().toISOString(),
      profile: { ...privateUser(user), rating: user.rating, updatedAt: user.updated_at },
      roles: user.roles,
      rating: { exact: user.rating, display: Math.round(user.rating), ratedGames: user.rated_games },
      twoFactor: { enabled: user.totp_enabled, recoveryCodes: recovery.map((r) => ({ createdAt: r.created_at, usedAt: r.used_at })) },
      location: { sharing: user.location_sharing, lat: user.location_lat, lon: user.location_lon },
      sessions: sessions.map((s) => ({
        id: s.id,
        familyId: s.family_id,
        createdAt: s.created_at,
        expiresAt: s.expires_at,
        usedAt: s.used_at,
        revokedAt: s.revoked_at,
        userAgent: s.user_agent,
        ip: s.ip,
      })),
      stats: stats
        ? { matchesPlayed: stats.matches_played, matchWins: stats.match_wins, rackWins: stats.rack_wins, matchWinStreak: stats.match_win_streak, updatedAt: stats.updated_at }
        : { matchesPlayed: 0, matchWins: 0, rackWins: 0, matchWinStreak: 0, updatedAt: null },
      achievements: achievements.map((a) => ({ id: a.achievement_id, matchId: a.match_id, unlockedAt: a.unlocked_at })),
      matches: matches.map((m) => ({
        matchId: m.match_id,
        game: m.game,
        mode: m.mode,
        status: m.status,
        seat: m.seat,
        name: m.name,
        result: m.result,
        racksWon: m.racks_won,
        ratingBefore: m.rating_before,
        ratingAfter: m.rating_after,
        createdAt: m.created_at,
        finishedAt: m.finished_at,
      })),
      social,
    });
  });

  router.delete('/me', auth, async (req, res) => {
    const body = parseBody(deleteSchema, req);
    const me = authOf(req);
    const u = await findUserById(db, me.userId);
    if (!u) throw new HttpError(401, 'token_invalid', 'the account no longer exists');
    if (!(await passwordHasher(ctx.config).verify(u.password_hash, body.password))) throw new HttpError(403, 'wrong_password', 'password is wrong', { password: 'is wrong' });
    await deleteUser(db, me.userId);
    ((req as any).log ?? ctx.log).info({ userId: me.userId }, 'account erased');
    res.status(204).end();
  });

  return router;
};
