// The venue page's pure geography: its address's point and radius, a typed place, the search's ring.
export const RADII = [5, 10, 25, 50, 100, 250, 500];

export type VenueQuery = { lat: number; lon: number; radiusKm: number };

/** ?lat=&lon=&radiusKm= of the venues page; null when no point is given. */
export function venueQuery(search: string): VenueQuery | null {
  const q = new URLSearchParams(search);
  const lat = Number(q.get('lat'));
  const lon = Number(q.get('lon'));
  if (q.get('lat') === null || q.get('lon') === null || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  const r = Number(q.get('radiusKm') ?? 25);
  return { lat, lon, radiusKm: RADII.includes(r) ? r : 25 };
}

/** "51.5, -0.12" → a point; null for anything else. */
export function parsePlace(text: string): { lat: number; lon: number } | null {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,; ]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) return null;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
}

/** A circle of radiusKm around a point as a GeoJSON ring (spherical, 64 steps): the search's reach on the map. */
export function circleRing(lat: number, lon: number, radiusKm: number, steps = 64): [number, number][] {
  const R = 6371.0088;
  const d = radiusKm / R;
  const φ1 = (lat * Math.PI) / 180;
  const λ1 = (lon * Math.PI) / 180;
  const ring: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    const θ = (2 * Math.PI * i) / steps;
    const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(θ));
    const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
    ring.push([((((λ2 * 180) / Math.PI + 540) % 360) - 180), (φ2 * 180) / Math.PI]);
  }
  return ring;
}

