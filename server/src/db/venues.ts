// Queries on venues. "Near me" is served by the GiST index on each venue's point on the earthdistance
// sphere, earth_point = ll_to_earth(lat, lon) (a stored generated column, migrations/0004): earth_box() @>
// is the index-served bounding cube, earth_distance() the exact great-circle filter and the distance
// returned (earthdistance's sphere has radius 6378168 m; earth_distance(a, b) is defined as
// sec_to_gc(cube_distance(a, b)), written out here so the stored cube needs no per-row domain check).
// Sorting by the straight-line distance <-> orders exactly as the great-circle distance does
// (gc = 2R·asin(chord / 2R) is monotonic in the chord), and lets GiST return rows nearest-first, so
// with LIMIT only about `limit` rows are read however dense the area is.
import { sql, type Selectable } from 'kysely';
import type { Db } from './index.ts';
import type { VenuesTable } from './schema-accounts.ts';

export type VenueRow = Omit<Selectable<VenuesTable>, 'earth_point'>;
const COLUMNS = ['id', 'name', 'address', 'lat', 'lon', 'tables', 'created_by', 'created_at'] as const;

export async function createVenue(db: Db, v: { name: string; address: string; lat: number; lon: number; tables: number; createdBy: string | null }): Promise<VenueRow> {
  return db
    .insertInto('venues')
    .values({ name: v.name, address: v.address, lat: v.lat, lon: v.lon, tables: v.tables, created_by: v.createdBy })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function findVenue(db: Db, id: string): Promise<VenueRow | undefined> {
  return db.selectFrom('venues').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

/**
 * Venues within radiusKm of a point, nearest first, at most `limit`. The inner query is a nearest-first
 * GiST scan inside the bounding cube that stops after `limit` rows; the outer one drops those in the
 * cube's corners beyond the radius. Since rows come nearest first, every venue within the radius is
 * nearer than any dropped one, so this equals "within radius, nearest first, limit" — but reads about
 * `limit` rows however dense the area is (a single-level query's exact filter makes the planner
 * misjudge the row count and read and sort every venue in the cube instead).
 */
export function nearbyQuery(db: Db, q: { lat: number; lon: number; radiusKm: number; limit: number }) {
  const radiusM = q.radiusKm * 1000;
  const here = sql`ll_to_earth(${q.lat}::float8, ${q.lon}::float8)`;
  const inner = db
    .selectFrom('venues')
    .select([...COLUMNS, sql<number>`sec_to_gc(cube_distance(${here}, venues.earth_point))`.as('distance_m')])
    .where(sql<boolean>`earth_box(${here}, ${radiusM}::float8) @> venues.earth_point`)
    .orderBy(sql`venues.earth_point <-> ${here}`)
    .limit(q.limit);
  return db.selectFrom(inner.as('near')).selectAll().where('near.distance_m', '<=', radiusM).orderBy('near.distance_m');
}

export async function nearbyVenues(db: Db, q: { lat: number; lon: number; radiusKm: number; limit: number }): Promise<(VenueRow & { distance_m: number })[]> {
  return nearbyQuery(db, q).execute();
}

export async function updateVenue(db: Db, id: string, patch: Partial<{ name: string; address: string; lat: number; lon: number; tables: number }>): Promise<VenueRow | undefined> {
  if (Object.keys(patch).length === 0) return findVenue(db, id);
  return db.updateTable('venues').set(patch).where('id', '=', id).returning(COLUMNS).executeTakeFirst();
}
