// Match history over REST: one match with its full shot log (enough to replay it), a player's
// matches, the leaderboard, and the computer player's record per level.
import { Router } from 'express';
import { z } from 'zod';
import { computerRecord, getMatch, leaderboard, playerMatches } from '../../db/matches.ts';
import type { AppContext } from '../context.ts';
import { badRequest, notFound } from '../errors.ts';

const uuid = z.string().uuid('must be a UUID');
const page = z.object({
  limit: z.coerce.number().int('must be an integer').min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
  offset: z.coerce.number().int('must be an integer').min(0, 'must be at least 0').max(100000, 'must be at most 100000').default(0),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const i of r.error.issues) fields[i.path.join('.') || where] = i.message;
  throw badRequest(`invalid ${where}`, fields);
}

export function matchesRouter(ctx: AppContext): Router {
  const r = Router();
  r.get('/matches/:id', async (req, res) => {
    const id = parse(uuid, req.params.id, 'id');
    const m = await getMatch(ctx.database.db, id);
    if (!m) throw notFound('no such match');
    res.json(m);
  });
  r.get('/players/:id/matches', async (req, res) => {
    const id = parse(uuid, req.params.id, 'id');
    const q = parse(page, req.query, 'query');
    res.json({ matches: await playerMatches(ctx.database.db, id, q), limit: q.limit, offset: q.offset });
  });
  // The computer player's finished matches: wins and losses per level and game.
  r.get('/computer/record', async (_req, res) => {
    res.json({ record: await computerRecord(ctx.database.db) });
  });
  r.get('/leaderboard', async (req, res) => {
    const q = parse(page, req.query, 'query');
    res.json({ players: await leaderboard(ctx.database.db, q), limit: q.limit, offset: q.offset });
  });
  return r;
}
