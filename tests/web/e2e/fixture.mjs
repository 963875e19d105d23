// A small stress-test results folder for the browser tests: a made-up street of 300 × 300 m near Enschede
// (60 × 60 cells of 5 m) with a hollow in the middle, written as the manifest contract says
// (docs/viewer.md), the rasters as float32 GeoTIFFs through gdal_translate (GDAL, as everywhere in Waternet).
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const WEST = 257000, NORTH = 471300, CELL = 5, N = 60;
// The known cell: row 30, column 30, centre (257152.5, 471147.5), the bottom of the hollow.
export const KNOWN = { row: 30, col: 30, x: WEST + 30.5 * CELL, y: NORTH - 30.5 * CELL, depth_m: 0.42, duration_s: 7200, pet_c: 37.5 };

function grid(fn) {
  const rows = [];
  for (let r = 0; r < N; r++) {
    const row = [];
    for (let c = 0; c < N; c++) row.push(fn(r, c));
    rows.push(row);
  }
  return rows;
}

function writeRaster(file, values) {
  mkdirSync(path.dirname(file), { recursive: true });
  const asc = `${file}.asc`;
  const header = `ncols ${N}\nnrows ${N}\nxllcorner ${WEST}\nyllcorner ${NORTH - N * CELL}\ncellsize ${CELL}\nNODATA_value -9999\n`;
  writeFileSync(asc, header + values.map((row) => row.map((v) => (Number.isNaN(v) ? -9999 : v).toFixed(4)).join(' ')).join('\n') + '\n');
  execFileSync('gdal_translate', ['-q', '-of', 'COG', '-ot', 'Float32', '-a_srs', 'EPSG:28992', asc, file]);
  rmSync(asc);
}

const dist = (r, c) => Math.hypot(r - KNOWN.row, c - KNOWN.col);

export function writeFixture(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Terrain: a gentle slope to the south-east with a round hollow (1 m deep) and a raised road at row 10.
  const terrain = grid((r, c) => 32 - 0.02 * r - 0.01 * c - Math.max(0, 1 - dist(r, c) / 12) + (r === 10 ? 0.3 : 0));
  // Water depth: a pond in the hollow, 0.42 m at the known cell, shallower outwards.
  const depthAt = (r, c, scale) => {
    if (r === KNOWN.row && c === KNOWN.col) return KNOWN.depth_m * scale;
    return Math.max(0, (0.4 - dist(r, c) * 0.035) * scale);
  };
  writeRaster(`${dir}/terrain/dtm_m.tif`, terrain);
  writeRaster(`${dir}/scenarios/street/T100/max_depth_m.tif`, grid((r, c) => depthAt(r, c, 1)));
  writeRaster(`${dir}/scenarios/street/T100/duration_above_10cm_s.tif`,
    grid((r, c) => (r === KNOWN.row && c === KNOWN.col ? KNOWN.duration_s : depthAt(r, c, 1) > 0.1 ? 3600 : 0)));
  const frames = [];
  for (const [i, minutes] of [[0, 10], [1, 20], [2, 40], [3, 60]].map(([i, m]) => [i, m])) {
    const p = `scenarios/street/T100/frames/depth_${String(minutes * 60).padStart(6, '0')}s.tif`;
    writeRaster(`${dir}/${p}`, grid((r, c) => depthAt(r, c, (i + 1) / 4)));
    frames.push({ time_s: minutes * 60, path: p });
  }
  writeRaster(`${dir}/scenarios/street/T250_draft/max_depth_m.tif`, grid((r, c) => depthAt(r, c, 1.5)));
  writeRaster(`${dir}/heat/street/pet_c.tif`, grid((r, c) => (r === KNOWN.row && c === KNOWN.col ? KNOWN.pet_c : 28 + (c % 20) / 2)));
  writeRaster(`${dir}/bluespots/street/bluespot_depth_m.tif`, grid((r, c) => (dist(r, c) < 10 ? 1 - dist(r, c) / 12 : NaN)));
  mkdirSync(`${dir}/reports`, { recursive: true });
  writeFileSync(`${dir}/reports/GM0153.html`, '<!doctype html><h1>Enschede – stresstest</h1>');
  mkdirSync(`${dir}/tables`, { recursive: true });
  writeFileSync(`${dir}/tables/partner_indicators.json`, JSON.stringify({
    // {partner: {area: {scenario: {indicator: value}}}}, as `waternet stresstest` writes it.
    GM0153: { street: { T100: { buildings_facade_over_10cm: 12, roads_impassable_km: 1.4 }, T250_draft: { buildings_facade_over_10cm: 40 } } },
  }));
  const feature = (name, kind, x, y) => ({ type: 'Feature', properties: { name, kind, partner: 'GM0153' }, geometry: { type: 'Point', coordinates: [x, y] } });
  writeFileSync(`${dir}/places.geojson`, JSON.stringify({
    type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::28992' } },
    features: [
      feature('Stadsbeekstraat', 'street', KNOWN.x, KNOWN.y),
      feature('Het Zwering', 'neighbourhood', WEST + 100, NORTH - 200),
      feature('Enschede', 'municipality', WEST + 150, NORTH - 150),
    ],
  }));
  // The map's overlays (docs/viewer.md, "Base maps and overlays"): the municipality around the street, the street's
  // neighbourhood, and a primary road along the raised road (row 10), in RD New.
  const rd = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::28992' } };
  const square = (x0, y0, x1, y1) => [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]];
  mkdirSync(`${dir}/overlays`, { recursive: true });
  writeFileSync(`${dir}/overlays/municipalities.geojson`, JSON.stringify({ type: 'FeatureCollection', crs: rd, features: [
    { type: 'Feature', properties: { name: 'Enschede' },
      geometry: { type: 'Polygon', coordinates: square(WEST - 500, NORTH - N * CELL - 500, WEST + N * CELL + 500, NORTH + 500) } }] }));
  writeFileSync(`${dir}/overlays/neighbourhoods.geojson`, JSON.stringify({ type: 'FeatureCollection', crs: rd, features: [
    { type: 'Feature', properties: { name: 'Het Zwering' },
      geometry: { type: 'Polygon', coordinates: square(WEST, NORTH - N * CELL, WEST + N * CELL, NORTH) } }] }));
  writeFileSync(`${dir}/overlays/roads.geojson`, JSON.stringify({ type: 'FeatureCollection', crs: rd, features: [
    { type: 'Feature', properties: { name: 'Hengelosestraat', highway: 'primary' },
      geometry: { type: 'LineString', coordinates: [[WEST, NORTH - 10.5 * CELL], [WEST + N * CELL, NORTH - 10.5 * CELL]] } }] }));
  // The storm record as `waternet stresstest` writes it (the storm table's T100: 70 mm in 1 hour, 1/100 per year).
  const T100 = { id: 'T100', rain_mm: 70, duration_h: 1, return_period_years: 100 };
  const layer = (id, theme, scenario, title, legend, p, extra = {}) => ({ id, theme, area: 'street', scenario, title, legend, path: p, access: 'public', ...extra });
  const manifest = {
    region: { id: 'twente', name: 'Twents waternet', crs: 'EPSG:28992' },
    software: { name: 'waternet', version: 'e2e' },
    partners: [{ id: 'GM0153', name: 'Enschede', kind: 'municipality', bbox: [WEST, NORTH - N * CELL, WEST + N * CELL, NORTH], report: 'reports/GM0153.html' }],
    layers: [
      layer('street/terrain', 'terrain', null, 'Terrain', 'hillshade', 'terrain/dtm_m.tif'),
      layer('street/T100/max_depth', 'flood', 'T100', 'Maximale waterdiepte, T100 (70 mm in 1 uur)', 'depth_m', 'scenarios/street/T100/max_depth_m.tif', { frames, storm: T100 }),
      layer('street/T100/duration', 'flood', 'T100', 'Water boven 10 cm, T100', 'duration_h', 'scenarios/street/T100/duration_above_10cm_s.tif',
        { storm: T100, threshold_m: 0.1 }),
      layer('street/T250_draft/max_depth', 'flood', 'T250_draft', 'Concept: T250', 'depth_m', 'scenarios/street/T250_draft/max_depth_m.tif', { access: 'partner' }),
      layer('street/heat/pet', 'heat', null, 'PET op een hete dag', 'pet_c', 'heat/street/pet_c.tif'),
      layer('street/bluespots', 'bluespots', null, 'Blauwe plekken', 'bluespot_depth_m', 'bluespots/street/bluespot_depth_m.tif'),
    ],
    places: 'places.geojson',
    indicators: 'tables/partner_indicators.json',
    overlays: {
      borders: [{ path: 'overlays/municipalities.geojson', kind: 'municipality' },
        { path: 'overlays/neighbourhoods.geojson', kind: 'neighbourhood' }],
      roads: [{ path: 'overlays/roads.geojson', class_field: 'highway' }],
    },
  };
  writeFileSync(`${dir}/stresstest.json`, JSON.stringify(manifest, null, 2));
  return dir;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  console.log(writeFixture(process.argv[2] ?? 'e2e-results'));
}
