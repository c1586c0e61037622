// Reads a file of venues for `npm run venues -- import FILE`: GeoJSON (a FeatureCollection of Points
// with name, address and tables in their properties) or CSV with a header naming name, address, lat,
// lon (or lng) and tables (optional, 0). Pure: returns the venues and, line by line, what was wrong.
export type VenueInput = { name: string; address: string; lat: number; lon: number; tables: number };
export type ImportResult = { venues: VenueInput[]; problems: string[] };

function check(v: { name?: unknown; address?: unknown; lat?: unknown; lon?: unknown; tables?: unknown }, where: string, problems: string[]): VenueInput | null {
  const name = typeof v.name === 'string' ? v.name.trim() : '';
  const address = typeof v.address === 'string' ? v.address.trim() : '';
  const lat = Number(v.lat);
  const lon = Number(v.lon);
  const tables = v.tables === undefined || v.tables === null || v.tables === '' ? 0 : Number(v.tables);
  const bad: string[] = [];
  if (!name || name.length > 120) bad.push('name must be 1–120 characters');
  if (address.length > 300) bad.push('address must be at most 300 characters');
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) bad.push('lat must be between -90 and 90');
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) bad.push('lon must be between -180 and 180');
  if (!Number.isInteger(tables) || tables < 0 || tables > 1000) bad.push('tables must be an integer 0–1000');
  if (bad.length) {
    problems.push(`${where}: ${bad.join('; ')}`);
    return null;
  }
  return { name, address: address || name, lat, lon, tables };
}

/** Splits one CSV line (RFC 4180 quoting: "a, b" and "" for a quote). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out.map((f) => f.trim());
}

export function parseVenuesCsv(text: string): ImportResult {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const problems: string[] = [];
  if (!lines.length) return { venues: [], problems: ['the file is empty'] };
  const header = csvFields(lines[0]!).map((h) => h.toLowerCase());
  const col = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const ix = { name: col('name'), address: col('address'), lat: col('lat', 'latitude'), lon: col('lon', 'lng', 'longitude'), tables: col('tables') };
  const missing = (['name', 'lat', 'lon'] as const).filter((k) => ix[k] < 0);
  if (missing.length) return { venues: [], problems: [`the header must name ${missing.join(', ')} (got ${header.join(', ')})`] };
  const venues: VenueInput[] = [];
  lines.slice(1).forEach((line, i) => {
    const f = csvFields(line);
    const at = (k: keyof typeof ix) => (ix[k] >= 0 ? f[ix[k]] : undefined);
    const v = check({ name: at('name'), address: at('address') ?? '', lat: at('lat'), lon: at('lon'), tables: at('tables') }, `line ${i + 2}`, problems);
    if (v) venues.push(v);
  });
  return { venues, problems };
}

export function parseVenuesGeoJson(text: string): ImportResult {
  let data: any;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { venues: [], problems: [`not JSON: ${(e as Error).message}`] };
  }
  const features: any[] = data?.type === 'FeatureCollection' && Array.isArray(data.features) ? data.features : data?.type === 'Feature' ? [data] : [];
  if (!features.length) return { venues: [], problems: ['expected a GeoJSON FeatureCollection of Point features'] };
  const problems: string[] = [];
  const venues: VenueInput[] = [];
  features.forEach((f, i) => {
    const c = f?.geometry?.type === 'Point' ? f.geometry.coordinates : null;
    if (!Array.isArray(c) || c.length < 2) return void problems.push(`feature ${i + 1}: not a Point`);
    const p = f.properties ?? {};
    const v = check({ name: p.name, address: p.address ?? '', lon: c[0], lat: c[1], tables: p.tables }, `feature ${i + 1}`, problems);
    if (v) venues.push(v);
  });
  return { venues, problems };
}

/** By the file's name: .json/.geojson as GeoJSON, anything else as CSV. */
export function parseVenuesFile(fileName: string, text: string): ImportResult {
  return /\.(geo)?json$/i.test(fileName) ? parseVenuesGeoJson(text) : parseVenuesCsv(text);
}
