// Queries on venues. "Near me" uses the GiST index on ll_to_earth(lat, lon): earth_box() is the
// index-served bounding cube, earth_distance() the exact great-circle filter and sort key
// (earthdistance models the Earth as a sphere of radius 6378168 m).
import { sql, type Selectable } from 'kysely';
import type { Db } from './index.ts';
import type { VenuesTable } from './schema-accounts.ts';

export type VenueRow = Selectable<VenuesTable>;

export async function createVenue(db: Db, v: { name: string; address: string; lat: number; lon: number; tables: number; createdBy: string | null }): Promise<VenueRow> {
  return db
    .insertInto('venues')
    .values({ name: v.name, address: v.address, lat: v.lat, lon: v.lon, tables: v.tables, created_by: v.createdBy })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findVenue(db: Db, id: string): Promise<VenueRow | undefined> {
  return db.selectFrom('venues').selectAll().where('id', '=', id).executeTakeFirst();
}

export function nearbyQuery(db: Db, q: { lat: number; lon: number; radiusKm: number; limit: number }) {
  const radiusM = q.radiusKm * 1000;
  const here = sql`ll_to_earth(${q.lat}::float8, ${q.lon}::float8)`;
  const there = sql`ll_to_earth(venues.lat, venues.lon)`;
  return db
    .selectFrom('venues')
    .select(['id', 'name', 'address', 'lat', 'lon', 'tables', 'created_by', 'created_at', sql<number>`earth_distance(${here}, ${there})`.as('distance_m')])
    .where(sql<boolean>`earth_box(${here}, ${radiusM}::float8) @> ${there}`)
    .where(sql<boolean>`earth_distance(${here}, ${there}) <= ${radiusM}::float8`)
    .orderBy('distance_m')
    .orderBy('id')
    .limit(q.limit);
}

export async function nearbyVenues(db: Db, q: { lat: number; lon: number; radiusKm: number; limit: number }): Promise<(VenueRow & { distance_m: number })[]> {
  return nearbyQuery(db, q).execute();
}
