// One map API for the venues screen, two libraries behind it. mapbox-gl 3 draws nothing without a valid
// token (STACK.md §8), so it is used only when the server has a MAPBOX_TOKEN; otherwise maplibre-gl
// draws the basemap this project ships (basemap.ts), with no request to any other host. The two share
// the API the screen uses (Map, Marker, Popup, sources, layers, events), so only the loader differs,
// and only the library in use is downloaded (each is its own dynamic import, its own chunk).
import type { StyleSpecification } from 'maplibre-gl';

export type MapChoice = { library: 'maplibre'; style: 'offline' } | { library: 'mapbox'; style: string; token: string };

export const MAPBOX_STYLE = 'mapbox://styles/mapbox/dark-v11';

/** Which library draws the map: mapbox-gl only with a token that looks like a public one. */
export function chooseMap(token: string | null | undefined): MapChoice {
  const t = (token ?? '').trim();
  if (/^pk\.[\w-]+\.[\w-]+$/.test(t)) return { library: 'mapbox', style: MAPBOX_STYLE, token: t };
  return { library: 'maplibre', style: 'offline' };
}

/** The part of either library's Map the venues screen uses. */
export interface MapLike {
  on(type: string, cb: (e: any) => void): unknown;
  on(type: string, layer: string, cb: (e: any) => void): unknown;
  once(type: string, cb: (e: any) => void): unknown;
  addSource(id: string, source: unknown): unknown;
  getSource(id: string): any;
  querySourceFeatures(source: string): any[];
  addLayer(layer: unknown): unknown;
  getCenter(): { lat: number; lng: number };
  getZoom(): number;
  easeTo(o: { center?: [number, number]; zoom?: number }): unknown;
  fitBounds(b: [[number, number], [number, number]], o?: { padding?: number; maxZoom?: number }): unknown;
  getCanvas(): HTMLCanvasElement;
  remove(): void;
  resize(): void;
}
export type MapLibrary = {
  choice: MapChoice;
  createMap(container: HTMLElement, center: [number, number], zoom: number): MapLike;
  popup(lngLat: [number, number], text: HTMLElement, map: MapLike): { remove(): void };
  marker(el: HTMLElement, lngLat: [number, number], map: MapLike): { remove(): void };
};

/** Loads the chosen library (a separate chunk each) and returns a factory for maps. */
export async function loadMapLibrary(choice: MapChoice): Promise<MapLibrary> {
  if (choice.library === 'mapbox') {
    const mapboxgl = (await import('mapbox-gl' as string)).default;
    mapboxgl.accessToken = choice.token;
    return {
      choice,
      createMap: (container, center, zoom) => new mapboxgl.Map({ container, style: choice.style, center, zoom }),
      popup: (lngLat, el, map) => new mapboxgl.Popup({ closeButton: true }).setLngLat(lngLat).setDOMContent(el).addTo(map),
      marker: (el, lngLat, map) => new mapboxgl.Marker({ element: el }).setLngLat(lngLat).addTo(map),
    };
  }
  const [maplibre, worker, { offlineStyle }] = await Promise.all([
    import('maplibre-gl'),
    import('maplibre-gl/dist/maplibre-gl-worker.mjs?url'),
    import('./basemap.ts'),
  ]);
  await import('maplibre-gl/dist/maplibre-gl.css');
  maplibre.setWorkerUrl(worker.default);
  const style: StyleSpecification = offlineStyle();
  return {
    choice,
    createMap: (container, center, zoom) =>
      new maplibre.Map({ container, style, center, zoom, attributionControl: { compact: true, customAttribution: 'Natural Earth' } }) as unknown as MapLike,
    popup: (lngLat, el, map) => new maplibre.Popup({ closeButton: true }).setLngLat(lngLat).setDOMContent(el).addTo(map as any),
    marker: (el, lngLat, map) => new maplibre.Marker({ element: el }).setLngLat(lngLat).addTo(map as any),
  };
}
