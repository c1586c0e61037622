// Practice drills over REST. The practice table runs in the browser (shared/src/practice); a finished
// run is submitted as its strokes, one per stage, and the server re-simulates them with the same
// physics to get the score it stores (the best per drill is on the public profile). The drills' list
// is public.
import { Router } from 'express';
import { z } from 'zod';
import { DRILLS, isDrillId, MAX_SHOT_SPEED, MAX_TIP_OFFSET, PracticeError, ProtocolError, scoreDrill } from '@dojopool/shared';
import { drillScores, recordDrillRun } from '../../db/drills.ts';
import type { RouterFactory } from '../api.ts';
import { authOf, requireAuth } from '../auth.ts';
import { badRequest, notFound } from '../errors.ts';
import { parseBody } from '../validate.ts';

const stroke = z.object({
  angle: z.number().finite().min(-1000).max(1000),
  speed: z.number().finite().min(0.05).max(MAX_SHOT_SPEED),
  side: z.number().finite().min(-MAX_TIP_OFFSET).max(MAX_TIP_OFFSET).optional(),
  vertical: z.number().finite().min(-MAX_TIP_OFFSET).max(MAX_TIP_OFFSET).optional(),
});
const run = z.object({ strokes: z.array(stroke).min(1).max(20) });

export const drillsRouter: RouterFactory = (ctx) => {
  const router = Router();
  const db = ctx.database.db;
  router.get('/drills', (_req, res) => {
    res.json({ drills: DRILLS });
  });
  router.post('/me/drills/:drill/runs', requireAuth(ctx), async (req, res) => {
    const drill = req.params.drill;
    if (!isDrillId(drill)) throw notFound(`no drill ${JSON.stringify(String(drill)).slice(0, 40)}`);
    const { strokes } = parseBody(run, req);
    let score: number;
    try {
      score = scoreDrill(drill, strokes);
    } catch (e) {
      if (e instanceof PracticeError || e instanceof ProtocolError) throw badRequest(e.message);
      throw e;
    }
    const saved = await recordDrillRun(db, authOf(req).userId, drill, score);
    res.status(201).json({ drill, score, best: saved.best, runs: saved.runs });
  });
  router.get('/me/drills', requireAuth(ctx), async (req, res) => {
    res.json({ drills: await drillScores(db, authOf(req).userId) });
  });
  return router;
};
