// The offline basemap: country shapes from Natural Earth (1:50m, via the world-atlas package, shipped in
// this chunk) as a GeoJSON source in a style with no glyphs, sprites or tiles, so maplibre-gl never asks
// another host for anything.
import type { StyleSpecification } from 'maplibre-gl';
import { feature } from 'topojson-client';
import countries from 'world-atlas/countries-50m.json';

export function offlineStyle(): StyleSpecification {
  const topo = countries as unknown as Parameters<typeof feature>[0];
  const shapes = feature(topo, (topo as any).objects.countries);
  return {
    version: 8,
    sources: { countries: { type: 'geojson', data: shapes as any } },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': '#0d1b26' } },
      { id: 'land', type: 'fill', source: 'countries', paint: { 'fill-color': '#1d2c25' } },
      { id: 'borders', type: 'line', source: 'countries', paint: { 'line-color': '#3d5a4c', 'line-width': 0.7 } },
    ],
  };
}
