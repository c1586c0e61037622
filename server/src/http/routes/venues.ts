// Venues: admins and hosts add and edit pool halls; anyone finds one by id or lists those within a radius, nearest first.
import { Router } from 'express';
import { z } from 'zod';
import { createVenue, findVenue, nearbyVenues, updateVenue, type VenueRow } from '../../db/venues.ts';
import type { RouterFactory } from '../api.ts';
import { authOf, requireAuth, requireRole } from '../auth.ts';
import { notFound } from '../errors.ts';
import { parseBody, parseParams, parseQuery, queryNumber as num, uuidParam } from '../validate.ts';

export const MAX_RADIUS_KM = 500;
export const MAX_LIMIT = 200;

const lat = (n: z.ZodNumber) => n.min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90');
const lon = (n: z.ZodNumber) => n.min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const createSchema = z.strictObject({
  name: text(120),
  address: text(300),
  lat: lat(z.number().finite()),
  lon: lon(z.number().finite()),
  tables: z.number().int('must be an integer').min(0, 'must be 0 or more').max(1000, 'must be at most 1000'),
});

const patchSchema = createSchema.partial();

const nearSchema = z.strictObject({
  lat: num(lat),
  lon: num(lon),
  radiusKm: num((n) => n.positive('must be more than 0').max(MAX_RADIUS_KM, `must be at most ${MAX_RADIUS_KM}`)).optional().default(10),
  limit: num((n) => n.int('must be an integer').min(1, 'must be at least 1').max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`)).optional().default(50),
});

export function venueView(v: VenueRow) {
  return { id: v.id, name: v.name, address: v.address, lat: v.lat, lon: v.lon, tables: v.tables, createdAt: v.created_at };
}

export const venuesRouter: RouterFactory = (ctx) => {
  const router = Router();
  const db = ctx.database.db;

  router.post('/venues', requireAuth(ctx), requireRole('admin', 'host'), async (req, res) => {
    const body = parseBody(createSchema, req);
    const v = await createVenue(db, { ...body, createdBy: authOf(req).userId });
    res.status(201).json({ venue: venueView(v) });
  });

  router.patch('/venues/:id', requireAuth(ctx), requireRole('admin', 'host'), async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    const v = await updateVenue(db, id, parseBody(patchSchema, req));
    if (!v) throw notFound('no such venue');
    res.json({ venue: venueView(v) });
  });

  router.get('/venues', async (req, res) => {
    const q = parseQuery(nearSchema, req);
    const rows = await nearbyVenues(db, q);
    res.json({ venues: rows.map((r) => ({ ...venueView(r), distanceKm: Math.round(r.distance_m) / 1000 })), radiusKm: q.radiusKm });
  });

  router.get('/venues/:id', async (req, res) => {
    const { id } = parseParams(uuidParam, req);
    const v = await findVenue(db, id);
    if (!v) throw notFound('no such venue');
    res.json({ venue: venueView(v) });
  });

  return router;
};
