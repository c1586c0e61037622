// Match history over REST: one match with its full shot log (enough to replay it), a player's
// matches and rating history, the leaderboard (all games or one) and a player's rank on it, and the
// computer player's record per level.
// Path and query go through http/validate.ts like every other router (400 validation_failed naming
// the field).
import { displayRating, GAME_KINDS, type GameKind } from '@dojopool/shared';
import { Router } from 'express';
import { z } from 'zod';
import { computerRecord, getMatch, leaderboard, leaderboardRank, playerMatches, ratingHistory } from '../../db/matches.ts';
import { findUserById } from '../../db/users.ts';
import type { AppContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { pageQuery, parseParams, parseQuery, queryNumber, uuidParam } from '../validate.ts';

const page = pageQuery({ defaultLimit: 20, maxLimit: 100 });
const game = z.enum(GAME_KINDS as [GameKind, ...GameKind[]], { error: `must be one of ${GAME_KINDS.join(', ')}` }).optional();
const boardQuery = page.extend({ game });
const historyQuery = z.strictObject({
  game,
  limit: queryNumber((n) => n.int('must be an integer').min(1, 'must be at least 1').max(500, 'must be at most 500')).optional().default(200),
});

export function matchesRouter(ctx: AppContext): Router {
  const r = Router();
  r.get('/matches/:id', async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    const m = await getMatch(ctx.database.db, id);
    if (!m) throw notFound('no such match');
    res.json(m);
  });
  r.get('/players/:id/matches', async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    const q = parseQuery(page, req);
    res.json({ matches: await playerMatches(ctx.database.db, id, q), limit: q.limit, offset: q.offset });
  });
  r.get('/players/:id/rating-history', async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    const q = parseQuery(historyQuery, req);
    const user = await findUserById(ctx.database.db, id);
    if (!user) throw notFound('no such player');
    res.json({ userId: id, rating: displayRating(user.rating), points: await ratingHistory(ctx.database.db, id, q) });
  });
  r.get('/players/:id/rank', async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    res.json({ userId: id, ...((await leaderboardRank(ctx.database.db, id)) ?? { rank: null, rating: null }) });
  });
  // The computer player's finished matches: wins and losses per level and game.
  r.get('/computer/record', async (_req, res) => {
    res.json({ record: await computerRecord(ctx.database.db) });
  });
  r.get('/leaderboard', async (req, res) => {
    const q = parseQuery(boardQuery, req);
    res.json({ players: await leaderboard(ctx.database.db, q), limit: q.limit, offset: q.offset, game: q.game ?? null });
  });
  return r;
}
