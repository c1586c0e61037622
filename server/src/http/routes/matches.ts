// Match history over REST: one match with its full shot log (enough to replay it), a player's
// matches, the leaderboard, and the computer player's record per level.
// Path and query go through http/validate.ts like every other router (400 validation_failed naming
// the field).
import { Router } from 'express';
import { computerRecord, getMatch, leaderboard, playerMatches } from '../../db/matches.ts';
import type { AppContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { pageQuery, parseParams, parseQuery, uuidParam } from '../validate.ts';

const page = pageQuery({ defaultLimit: 20, maxLimit: 100 });

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
  // The computer player's finished matches: wins and losses per level and game.
  r.get('/computer/record', async (_req, res) => {
    res.json({ record: await computerRecord(ctx.database.db) });
  });
  r.get('/leaderboard', async (req, res) => {
    const q = parseQuery(page, req);
    res.json({ players: await leaderboard(ctx.database.db, q), limit: q.limit, offset: q.offset });
  });
  return r;
}
