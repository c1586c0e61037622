// /venues[?lat=…&lon=…&radiusKm=…]: pool halls near a point — your position (asked only when you press
// "Near me"), a place typed as "lat, lon", or the map's centre — as clustered markers with details,
// filtered by distance, and a list beside the map. The map is offline (maplibre-gl on the shipped
// Natural Earth basemap) unless the server has a Mapbox token (map/adapter.ts). Admins and hosts add
// and edit venues here; an empty map says how venues get added.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api, getClientConfig, nearbyVenues, type Venue } from '../net/api.ts';
import { chooseMap, loadMapLibrary, type MapLibrary, type MapLike } from '../map/adapter.ts';
import { distance } from '../app/format.ts';
import { errorText, useSession, useTitle } from '../app/hooks.ts';
import { paths } from '../app/paths.ts';
import { circleRing, parsePlace, RADII, venueQuery } from '../map/geo.ts';

const zoomFor = (radiusKm: number) => Math.max(3, Math.min(14, 13 - Math.log2(radiusKm / 1.5)));

export function VenuesScreen() {
  useTitle('Venues');
  const { search } = useLocation();
  const navigate = useNavigate();
  const query = useMemo(() => venueQuery(search), [search]);
  const session = useSession();
  const canEdit = !!session && (session.user.roles as string[] | undefined)?.some((r) => r === 'admin' || r === 'host');
  const hostRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<{ lib: MapLibrary; map: MapLike } | null>(null);
  const [mapError, setMapError] = useState<string | null>(null);
  const [mapReady, setMapReady] = useState(false);
  const [venues, setVenues] = useState<Venue[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [place, setPlace] = useState('');
  const [selected, setSelected] = useState<Venue | null>(null);
  const [radius, setRadius] = useState(query?.radiusKm ?? 25);

  const searchAt = (lat: number, lon: number, radiusKm = radius) => navigate(`${paths.venues()}?lat=${lat.toFixed(4)}&lon=${lon.toFixed(4)}&radiusKm=${radiusKm}`, { replace: true });

  // The map: the library the server's settings choose, loaded on this page only.
  useEffect(() => {
    let gone = false;
    let map: MapLike | null = null;
    getClientConfig()
      .catch(() => ({ mapboxToken: null }))
      .then((cfg) => loadMapLibrary(chooseMap(cfg.mapboxToken)))
      .then((lib) => {
        if (gone || !hostRef.current) return;
        const q = venueQuery(location.search);
        map = lib.createMap(hostRef.current, q ? [q.lon, q.lat] : [0, 25], q ? zoomFor(q.radiusKm) : 1.3);
        mapRef.current = { lib, map };
        map.on('error', (e: any) => setMapError(e?.error?.message ?? 'the map failed to draw'));
        map.once('load', () => {
          map!.addSource('venues', { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, cluster: true, clusterRadius: 44, clusterMaxZoom: 13 });
          // Invisible: it only makes the source's clusters queryable; markers are HTML buttons.
          map!.addLayer({ id: 'venue-points', type: 'circle', source: 'venues', paint: { 'circle-radius': 1, 'circle-opacity': 0 } });
          // The search: its reach as a ring, its centre as a small cross-hair dot.
          map!.addSource('reach', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
          map!.addLayer({ id: 'reach-fill', type: 'fill', source: 'reach', filter: ['==', '$type', 'Polygon'], paint: { 'fill-color': '#4fdc9c', 'fill-opacity': 0.06 } });
          map!.addLayer({ id: 'reach-line', type: 'line', source: 'reach', filter: ['==', '$type', 'Polygon'], paint: { 'line-color': '#4fdc9c', 'line-width': 1.5, 'line-dasharray': [2, 2] } });
          map!.addLayer({ id: 'reach-centre', type: 'circle', source: 'reach', filter: ['==', '$type', 'Point'], paint: { 'circle-radius': 5, 'circle-color': '#ffd54f', 'circle-stroke-color': '#101614', 'circle-stroke-width': 2 } });
          setMapReady(true);
        });
      })
      .catch((e) => !gone && setMapError(errorText(e)));
    return () => {
      gone = true;
      mapRef.current = null;
      map?.remove();
    };
  }, []);

  // Venues near the point in the address.
  useEffect(() => {
    if (!query) return setVenues(null);
    setRadius(query.radiusKm);
    let live = true;
    setError(null);
    nearbyVenues(query.lat, query.lon, query.radiusKm).then(
      (r) => live && setVenues(r.venues),
      (e) => live && (setError(errorText(e)), setVenues([])),
    );
    mapRef.current?.map.easeTo({ center: [query.lon, query.lat], zoom: zoomFor(query.radiusKm) });
    return () => void (live = false);
  }, [query?.lat, query?.lon, query?.radiusKm]);

  // Markers: the source's clusters and single venues in view, as buttons (count or a dot).
  useEffect(() => {
    const m = mapRef.current;
    if (!m || !mapReady) return;
    const { map, lib } = m;
    const list = venues ?? [];
    map.getSource('reach')?.setData({
      type: 'FeatureCollection',
      features: query
        ? [
            { type: 'Feature', geometry: { type: 'Polygon', coordinates: [circleRing(query.lat, query.lon, query.radiusKm)] }, properties: {} },
            { type: 'Feature', geometry: { type: 'Point', coordinates: [query.lon, query.lat] }, properties: {} },
          ]
        : [],
    });
    map.getSource('venues')?.setData({
      type: 'FeatureCollection',
      features: list.map((v) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [v.lon, v.lat] }, properties: { id: v.id } })),
    });
    if (query) {
      // The whole search in view: its ring (every venue found is inside it).
      const ring = circleRing(query.lat, query.lon, query.radiusKm, 16);
      const lats = ring.map((p) => p[1]);
      const lons = ring.map((p) => p[0]);
      map.fitBounds([[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]], { padding: 24, maxZoom: 14 });
    }
    let markers: { remove(): void }[] = [];
    const draw = () => {
      for (const mk of markers) mk.remove();
      markers = [];
      const seen = new Set<string>();
      for (const f of map.querySourceFeatures('venues')) {
        const p = f.properties ?? {};
        const key = p.cluster ? `c${p.cluster_id}` : `v${p.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const at = f.geometry.coordinates as [number, number];
        const el = document.createElement('button');
        el.type = 'button';
        if (p.cluster) {
          el.className = 'venue-marker cluster';
          el.textContent = String(p.point_count);
          el.setAttribute('aria-label', `${p.point_count} venues here: zoom in`);
          el.onclick = () => map.easeTo({ center: at, zoom: map.getZoom() + 2 });
        } else {
          const v = list.find((x) => x.id === p.id);
          if (!v) continue;
          el.className = 'venue-marker';
          el.setAttribute('aria-label', `${v.name}, ${v.tables} tables`);
          el.onclick = () => setSelected(v);
        }
        markers.push(lib.marker(el, at, map));
      }
    };
    const redraw = () => draw();
    map.on('idle', redraw);
    map.on('moveend', redraw);
    draw();
    return () => {
      for (const mk of markers) mk.remove();
      (map as any).off?.('idle', redraw);
      (map as any).off?.('moveend', redraw);
    };
  }, [venues, mapReady]);

  // The selected venue's details in a popup.
  useEffect(() => {
    const m = mapRef.current;
    if (!m || !selected) return;
    const el = document.createElement('div');
    el.className = 'venue-popup';
    const b = document.createElement('b');
    b.textContent = selected.name;
    const a = document.createElement('div');
    a.textContent = selected.address;
    const t = document.createElement('div');
    t.textContent = `${selected.tables} tables${selected.distanceKm !== undefined ? ` · ${distance(selected.distanceKm)} away` : ''}`;
    el.append(b, a, t);
    const p = m.lib.popup([selected.lon, selected.lat], el, m.map);
    return () => p.remove();
  }, [selected]);

  const centre = () => {
    const c = mapRef.current?.map.getCenter();
    return c ? { lat: c.lat, lon: c.lng } : { lat: 0, lon: 0 };
  };
  const nearMe = () => {
    setError(null);
    if (!navigator.geolocation) return setError('This browser cannot tell where you are: type a place as "lat, lon" or move the map');
    navigator.geolocation.getCurrentPosition(
      (pos) => searchAt(pos.coords.latitude, pos.coords.longitude),
      () => setError('No position: the browser was not allowed to share it. Type a place as "lat, lon" or move the map and search this area'),
      { timeout: 10000, maximumAge: 600000 },
    );
  };
  const submitPlace = (e: FormEvent) => {
    e.preventDefault();
    const p = parsePlace(place);
    if (!p) return setError('Type a place as latitude, longitude — for example 51.51, -0.13');
    searchAt(p.lat, p.lon);
  };

  return (
    <div className="page venues">
      <h1>Venues</h1>
      <div className="row venue-search">
        <button onClick={nearMe}>Near me</button>
        <form className="row tight" onSubmit={submitPlace}>
          <label className="field inline">
            <span className="visually-hidden">Place as latitude, longitude</span>
            <input value={place} onChange={(e) => setPlace(e.target.value)} placeholder="lat, lon e.g. 51.51, -0.13" aria-label="Place as latitude, longitude" />
          </label>
          <button type="submit">Search</button>
        </form>
        <button onClick={() => searchAt(centre().lat, centre().lon)}>Search this area</button>
        <label className="field inline">
          <span>Within</span>
          <select value={radius} onChange={(e) => (setRadius(Number(e.target.value)), query && searchAt(query.lat, query.lon, Number(e.target.value)))}>
            {RADII.map((r) => <option key={r} value={r}>{r} km</option>)}
          </select>
        </label>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {mapError && <p className="error" role="alert">The map could not be drawn: {mapError}</p>}
      <div className="venue-layout">
        <div className="map" ref={hostRef} role="region" aria-label="Map of venues" />
        <aside className="venue-list card" aria-labelledby="vl-h">
          <h2 id="vl-h">{query ? `Within ${query.radiusKm} km` : 'Find a venue'}</h2>
          {!query ? (
            <p className="muted">Press “Near me”, type a place, or move the map and search this area.</p>
          ) : venues === null ? (
            <p className="muted">Searching…</p>
          ) : venues.length === 0 ? (
            <div className="empty">
              <p>No venues within {query.radiusKm} km of here yet.</p>
              <p className="muted">
                Venues are added by admins and hosts on this page, or in bulk by the server's operator: <code>npm run venues -- import venues.geojson</code> (GeoJSON points or a CSV with name, address, lat, lon, tables).
              </p>
            </div>
          ) : (
            <ul className="plain" data-testid="venue-list">
              {venues.map((v) => (
                <li key={v.id}>
                  <button className={`link venue-row${selected?.id === v.id ? ' selected' : ''}`} onClick={() => setSelected(v)}>
                    <b>{v.name}</b> <span className="muted">· {v.tables} tables · {distance(v.distanceKm ?? 0)}</span>
                    <br />
                    <span className="muted">{v.address}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>
      {canEdit && <VenueForm key={selected?.id ?? 'new'} venue={selected} centre={centre} onSaved={() => query && nearbyVenues(query.lat, query.lon, query.radiusKm).then((r) => setVenues(r.venues))} />}
    </div>
  );
}

function VenueForm({ venue, centre, onSaved }: { venue: Venue | null; centre(): { lat: number; lon: number }; onSaved(): void }) {
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [pos, setPos] = useState(() => (venue ? { lat: venue.lat, lon: venue.lon } : null));
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body = { name: String(f.get('name')), address: String(f.get('address')), lat: Number(f.get('lat')), lon: Number(f.get('lon')), tables: Number(f.get('tables')) };
    try {
      if (venue) await api('PATCH', `/venues/${venue.id}`, body);
      else await api('POST', '/venues', body);
      setMsg({ ok: true, text: venue ? 'Saved' : 'Added' });
      onSaved();
    } catch (err) {
      setMsg({ ok: false, text: errorText(err) });
    }
  };
  return (
    <form className="card venue-form" onSubmit={submit} aria-label={venue ? `Edit ${venue.name}` : 'Add a venue'}>
      <h2>{venue ? `Edit ${venue.name}` : 'Add a venue'}</h2>
      <div className="form-grid">
        <label className="field"><span>Name</span><input name="name" required maxLength={120} defaultValue={venue?.name} /></label>
        <label className="field"><span>Address</span><input name="address" required maxLength={300} defaultValue={venue?.address} /></label>
        <label className="field"><span>Latitude</span><input name="lat" type="number" step="any" min={-90} max={90} required value={pos?.lat ?? ''} onChange={(e) => setPos({ lat: Number(e.target.value), lon: pos?.lon ?? 0 })} /></label>
        <label className="field"><span>Longitude</span><input name="lon" type="number" step="any" min={-180} max={180} required value={pos?.lon ?? ''} onChange={(e) => setPos({ lon: Number(e.target.value), lat: pos?.lat ?? 0 })} /></label>
        <label className="field"><span>Tables</span><input name="tables" type="number" min={0} max={1000} required defaultValue={venue?.tables ?? 1} /></label>
      </div>
      <div className="row">
        <button type="button" onClick={() => setPos(centre())}>Use the map's centre</button>
        <button type="submit" className="primary">{venue ? 'Save venue' : 'Add venue'}</button>
        {msg && <span role={msg.ok ? 'status' : 'alert'} className={msg.ok ? 'ok' : 'error'}>{msg.text}</span>}
      </div>
    </form>
  );
}
