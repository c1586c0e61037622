// Prints what the built client costs (Vite's gzip measure, level 9 here): the JavaScript a table page
// loads before the 3D view opens (the entry, its static imports, and the PixiJS renderer chunk the
// table imports at mount, with theirs) and the three.js chunk loaded only when 3D is chosen.
// Run after `npm run build -w @dojopool/client`: node client/scripts/measure-bundle.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const assets = join(dist, 'assets');
const gz = (f) => gzipSync(readFileSync(join(assets, f)), { level: 9 }).length;
const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
const statics = (f) => [...readFileSync(join(assets, f), 'utf8').matchAll(/(?:import|from)\s*["'`]\.\/([\w.-]+\.js)["'`]/g)].map((m) => m[1]);
const closure = (roots) => {
  const seen = new Set();
  const walk = (f) => (seen.has(f) ? null : (seen.add(f), statics(f).forEach(walk)));
  roots.forEach(walk);
  return seen;
};
const entry = /src="\/assets\/([\w.-]+\.js)"/.exec(readFileSync(join(dist, 'index.html'), 'utf8'))[1];
const pick = (prefix) => files.find((f) => f.startsWith(prefix));
const atStart = closure([entry]);
const table = closure([entry, pick('pixi-renderer-'), pick('browserAll-'), pick('WebGLRenderer-')].filter(Boolean));
// PixiJS loads its WebGL renderer's chunks on init; the WebGPU ones are never fetched on the WebGL path.
const three = [...closure([pick('three-renderer-')])].filter((f) => !table.has(f));
const kb = (set) => ([...set].reduce((n, f) => n + gz(f), 0) / 1000).toFixed(1);
console.log(`entry (lobby) JS:                       ${kb(atStart)} kB gzip (${atStart.size} files)`);
console.log(`table page before 3D (entry + PixiJS):  ${kb(table)} kB gzip (${table.size} files)`);
console.log(`three.js view, loaded only when chosen: ${kb(three)} kB gzip (${three.length} files)`);
