// Public player profiles: what any visitor may see. Never email, never position.
import { Router } from 'express';
import { publicProfile } from '../../db/users.ts';
import type { RouterFactory } from '../api.ts';
import { notFound } from '../errors.ts';
import { parseParams, uuidParam } from '../validate.ts';

export const playersRouter: RouterFactory = (ctx) => {
  const router = Router();
  router.get('/players/:id', async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    const p = await publicProfile(ctx.database.db, id);
    if (!p) throw notFound('no such player');
    res.json({
      player: {
        id: p.id,
        username: p.username,
        displayName: p.display_name,
        avatarColor: p.avatar_color,
        rating: Math.round(p.rating),
        matches: p.matches_played ?? 0,
        wins: p.match_wins ?? 0,
        achievements: p.achievements.map((a) => ({ id: a.achievement_id, unlockedAt: a.unlocked_at })),
        // Practice drills: the best run's score (stages made) of each drill tried.
        drills: p.drills.map((d) => ({ drill: d.drill, best: d.best, runs: d.runs, bestAt: d.best_at })),
      },
    });
  });
  return router;
};
