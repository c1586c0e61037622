// Tournaments over REST (issue 14; every route is in README "Tournaments"): hosts create and run
// events, players register, unregister and check in, anyone reads them. The work is in
// services/tournaments.ts; this router parses (zod, strict bodies) and checks who is asking.
import { Router } from 'express';
import { z } from 'zod';
import { GAME_KINDS, ROOM_LIMITS } from '@dojopool/shared';
import type { RouterFactory } from '../api.ts';
import { authOf, requireAuth, requireRole } from '../auth.ts';
import { notFound } from '../errors.ts';
import { pageQuery, parseBody, parseParams, parseQuery, uuidParam } from '../validate.ts';
import { TournamentService } from '../../services/tournaments.ts';

const race = z
  .number({ error: (i) => (i.input === undefined ? 'is required' : 'must be a number') })
  .int('must be an integer')
  .min(ROOM_LIMITS.raceTo.min, `must be at least ${ROOM_LIMITS.raceTo.min}`)
  .max(ROOM_LIMITS.raceTo.max, `must be at most ${ROOM_LIMITS.raceTo.max}`);
const byRound = z.record(z.string().regex(/^[1-9][0-9]?$/, 'round numbers are 1–99'), race);
const raceTo = z.union([
  race,
  z.strictObject({ default: race, byRound: byRound.optional(), losersByRound: byRound.optional(), final: race.optional(), thirdPlace: race.optional(), groups: race.optional() }),
]);
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`).regex(/^[^\u0000-\u001f]*$/, 'must not contain control characters');
const reason = text(300);

const createSchema = z.strictObject({
  name: text(80),
  format: z.enum(['single_elimination', 'double_elimination', 'round_robin', 'groups_knockout'], { error: 'must be one of single_elimination, double_elimination, round_robin, groups_knockout' }),
  game: z.enum(GAME_KINDS as [string, ...string[]], { error: `must be one of ${GAME_KINDS.join(', ')}` }),
  raceTo,
  maxPlayers: z.number().int('must be an integer').min(2, 'must be at least 2').max(128, 'must be at most 128'),
  startsAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
  checkInMinutes: z.number().int('must be an integer').min(1, 'must be at least 1').max(1440, 'must be at most 1440').optional(),
  noShowS: z.number().int('must be an integer').min(5, 'must be at least 5').max(3600, 'must be at most 3600').default(300),
  rated: z.boolean().default(false),
  thirdPlace: z.boolean().default(false),
  grandFinalReset: z.boolean().default(true),
  groups: z.number().int('must be an integer').min(1, 'must be at least 1').max(64, 'must be at most 64').optional(),
  advancePerGroup: z.number().int('must be an integer').min(1, 'must be at least 1').max(64, 'must be at most 64').optional(),
  seeding: z.enum(['rating', 'manual'], { error: "must be 'rating' or 'manual'" }).default('rating'),
  venueId: z.uuid('must be a UUID').optional(),
});

const listSchema = pageQuery({ defaultLimit: 50, maxLimit: 100 }).extend({
  status: z.enum(['registering', 'running', 'finished'], { error: 'must be registering, running or finished' }).optional(),
});

const matchParams = z.strictObject({ id: z.uuid('must be a UUID'), matchId: z.string().regex(/^[A-Z0-9-]{2,16}$/, 'must be a bracket match id such as W1-1') });
const playerParams = z.strictObject({ id: z.uuid('must be a UUID'), playerId: z.uuid('must be a UUID') });
const score = z.tuple([z.number().int('must be an integer').min(0, 'must be at least 0').max(ROOM_LIMITS.raceTo.max), z.number().int('must be an integer').min(0, 'must be at least 0').max(ROOM_LIMITS.raceTo.max)], { error: 'must be [racksOfFirstPlayer, racksOfSecond]' });
const resultSchema = z.strictObject({ winnerId: z.uuid('must be a UUID'), score: score.optional(), walkover: z.boolean().optional(), reason });
const reasonSchema = z.strictObject({ reason });
const optionalReason = z.strictObject({ reason: reason.optional() });
const startSchema = z.strictObject({ seeds: z.array(z.uuid('must be a UUID')).max(128).optional() });

export const tournamentsRouter: RouterFactory = (ctx) => {
  const router = Router();
  const service = new TournamentService({ db: ctx.database.db, log: ctx.log.child({ component: 'tournaments' }) });
  const auth = requireAuth(ctx);
  const show = async (id: string) => {
    const v = await service.view(id);
    if (!v) throw notFound('no such tournament');
    return v;
  };

  router.post('/tournaments', auth, requireRole('host', 'admin'), async (req, res) => {
    const b = parseBody(createSchema, req);
    const id = await service.create(authOf(req).userId, {
      name: b.name,
      format: b.format,
      game: b.game as never,
      maxPlayers: b.maxPlayers,
      startsAt: b.startsAt ? new Date(b.startsAt) : null,
      checkInMinutes: b.checkInMinutes ?? null,
      noShowS: b.noShowS,
      rated: b.rated,
      venueId: b.venueId ?? null,
      options: { raceTo: b.raceTo, thirdPlace: b.thirdPlace, grandFinalReset: b.grandFinalReset, groups: b.groups ?? null, advancePerGroup: b.advancePerGroup ?? null, seeding: b.seeding },
    });
    res.status(201).json(await show(id));
  });

  router.get('/tournaments', async (req, res) => {
    const q = parseQuery(listSchema, req);
    res.json({ tournaments: await service.list(q), limit: q.limit, offset: q.offset });
  });

  router.get('/tournaments/:id', async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    res.json(await show(id));
  });

  router.post('/tournaments/:id/register', auth, async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    await service.register(id, authOf(req).userId);
    res.status(201).json(await show(id));
  });

  router.delete('/tournaments/:id/register', auth, async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    await service.unregister(id, authOf(req).userId);
    res.json(await show(id));
  });

  router.post('/tournaments/:id/check-in', auth, async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    await service.checkIn(id, authOf(req).userId);
    res.json(await show(id));
  });

  const actor = (req: Parameters<typeof authOf>[0]) => ({ userId: authOf(req).userId, roles: authOf(req).roles });

  router.post('/tournaments/:id/start', auth, async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    const b = parseBody(startSchema, req);
    await service.start(id, actor(req), b.seeds);
    res.json(await show(id));
  });

  router.post('/tournaments/:id/pause', auth, async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    const b = parseBody(optionalReason, req);
    await service.setPaused(id, actor(req), true, b.reason ?? null);
    res.json(await show(id));
  });

  router.post('/tournaments/:id/resume', auth, async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    const b = parseBody(optionalReason, req);
    await service.setPaused(id, actor(req), false, b.reason ?? null);
    res.json(await show(id));
  });

  router.post('/tournaments/:id/players/:playerId/disqualify', auth, async (req, res) => {
    const { id, playerId } = parseParams(playerParams, req);
    const b = parseBody(reasonSchema, req);
    await service.disqualify(id, actor(req), playerId, b.reason);
    res.json(await show(id));
  });

  router.post('/tournaments/:id/matches/:matchId/result', auth, async (req, res) => {
    const { id, matchId } = parseParams(matchParams, req);
    const b = parseBody(resultSchema, req);
    await service.enterResult(id, actor(req), matchId, b);
    res.json(await show(id));
  });

  return router;
};
