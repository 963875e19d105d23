// The base map in a real browser (Debian's Chromium, playwright-core): a stand-in WMTS on the loopback interface,
// configured in the server's configuration as PDOK's are, is asked for the tiles of PDOK's RD tile matrix and shown;
// with the base map unreachable (a closed port) the offline base map is chosen by itself (the results' hillshade,
// roads and place names, with the borders) and a note says so; the borders overlay switches on and off.
//
// Needs what viewer.test.mjs needs: WATERNET_BIN, web/dist, gdal_translate, CHROMIUM.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync, readFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFixture, KNOWN, WEST, NORTH, CELL, N } from './fixture.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const require = createRequire(path.join(repo, 'web/package.json'));
const { chromium } = require('playwright-core');

const BIN = process.env.WATERNET_BIN ?? path.join(repo, 'build/release/apps/waternet/waternet');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// PDOK's EPSG:28992 tile matrix (Geonovum, "Nederlandse richtlijn tiling"): origin and level-0 metres a pixel.
const ORIGIN = [-285401.92, 903401.92], RES0 = 3440.64;
// A 1 × 1 grey PNG: the stand-in's tile for every z/x/y.
const TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGPYAgAAtgC1GKYl5AAAAABJRU5ErkJggg==', 'base64');

let tmp, results, browser, wmts, wmtsPort;
const servers = [];
const wmtsRequests = [];

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function startViewer(baseUrlTemplate, resultsDir = results) {
  const config = path.join(tmp, `serve-${servers.length}.toml`);
  writeFileSync(config, `[server]\nrequests_per_s = 0\n\n[[map.base_layer]]\nid = "standin"\ntitle_nl = "Proefkaart"\n` +
    `title_en = "Stand-in map"\nurl = "${baseUrlTemplate}"\nattribution = "Proefkaart © test"\n`);
  const server = spawn(BIN, ['serve', resultsDir, '--config', config, '--port', '0', '--web', path.join(repo, 'web/dist')],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(server);
  let log = '';
  server.stderr.on('data', (d) => { log += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${log}`)), 20000);
    server.stdout.on('data', (d) => {
      const m = /at (http:\/\/[^/]+\/)/.exec(String(d));
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${log}`)));
  });
}

async function open(url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL' });
  const page = await context.newPage();
  const outside = [], requests = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('request', (r) => { if (!new URL(r.url()).hostname.match(/^(127\.0\.0\.1|localhost)$/) && !r.url().startsWith('data:')) outside.push(r.url()); });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  return { page, outside, requests };
}

test.before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'waternet-basemap-'));
  results = writeFixture(path.join(tmp, 'results'));
  wmts = http.createServer((req, res) => {
    const m = /^\/wmts\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(req.url);
    if (!m) { res.writeHead(404).end(); return; }
    wmtsRequests.push(m.slice(1).map(Number));
    res.writeHead(200, { 'Content-Type': 'image/png' }).end(TILE);
  });
  await new Promise((resolve) => wmts.listen(0, '127.0.0.1', resolve));
  wmtsPort = wmts.address().port;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
});

test.after(async () => {
  await browser?.close();
  for (const s of servers) s.kill('SIGINT');
  wmts?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('the configured base map is asked for the tiles of PDOK\'s RD matrix and shown, with its attribution', async () => {
  const url = await startViewer(`http://127.0.0.1:${wmtsPort}/wmts/{z}/{x}/{y}.png`);
  const { page, outside, requests } = await open(url);
  const origin = `http://127.0.0.1:${wmtsPort}/wmts/`;
  await page.waitForFunction((o) => [...document.querySelectorAll('.leaflet-tile-pane img.leaflet-tile-loaded')].some((i) => i.src.startsWith(o)),
    origin, { timeout: 10000 });
  assert.ok(wmtsRequests.length > 0);
  // The tile that holds the known cell at the map's zoom, by PDOK's matrix, was asked for.
  // (Beyond the service's max_zoom, 14 by default, Leaflet asks for level 14 and enlarges it.)
  const z = Math.min(14, await page.evaluate(() => window.waternetViewer.map.getZoom()));
  const side = (RES0 / 2 ** z) * 256;
  const tile = [z, Math.floor((KNOWN.x - ORIGIN[0]) / side), Math.floor((ORIGIN[1] - KNOWN.y) / side)];
  assert.ok(wmtsRequests.some((r) => r.join('/') === tile.join('/')), `${tile.join('/')} not in ${wmtsRequests.map((r) => r.join('/')).join(' ')}`);
  assert.match(await page.locator('.leaflet-control-attribution').textContent(), /Proefkaart © test/);
  assert.equal(await page.locator('[data-testid=basemap-note]').isHidden(), true);
  // The results' tiles lie above the base map.
  assert.ok(await page.locator('.leaflet-results-pane img.leaflet-tile').count() > 0);
  // Borders are on by default: the municipality and the neighbourhood.
  await page.waitForFunction(() => document.querySelectorAll('.leaflet-overlay-pane path').length >= 2, null, { timeout: 5000 });
  assert.deepEqual(outside, []);
  // The offline map's roads are loaded only when it is shown.
  assert.equal(requests.filter((u) => u.includes('/api/overlays/roads')).length, 0);
  await page.context().close();
});

test('an unreachable base map gives way to the offline one within seconds, and the note says so', async (t) => {
  const closed = await freePort();
  const url = await startViewer(`http://127.0.0.1:${closed}/wmts/{z}/{x}/{y}.png`);
  const { page } = await open(url);
  const started = Date.now();
  const note = page.locator('[data-testid=basemap-note]');
  await note.waitFor({ state: 'visible', timeout: 8000 });
  const seconds = (Date.now() - started) / 1000;
  assert.ok(seconds < 8, `${seconds} s`);
  t.diagnostic(`offline base map chosen ${seconds.toFixed(1)} s after the page was ready`);
  assert.match(await note.textContent(), /Proefkaart is niet bereikbaar; de kaart toont nu de offline hoogtekaart/);
  // The offline base map: the results' hillshade tiles, the road and the place names.
  await page.waitForFunction(() => [...document.querySelectorAll('img.leaflet-tile-loaded')].some((i) => i.src.includes('/tiles/base/')),
    null, { timeout: 10000 });
  await page.locator('.place-label', { hasText: 'Enschede' }).waitFor({ timeout: 5000 });
  // Neighbourhood names only from street zoom (PDOK level 9 and deeper), the municipality's at region zoom too.
  const labelsAt = async (zoom) => {
    await page.evaluate((z) => window.waternetViewer.map.setZoom(z, { animate: false }), zoom);
    await page.waitForFunction((z) => window.waternetViewer.map.getZoom() === z, zoom);
    return page.locator('.place-label').allTextContents();
  };
  assert.deepEqual((await labelsAt(7)).sort(), ['Enschede']);
  assert.deepEqual((await labelsAt(12)).sort(), ['Enschede', 'Het Zwering']);
  assert.match(await page.locator('.leaflet-control-attribution').textContent(), /OpenStreetMap/);
  // The primary road (the footway-free fixture has one road).
  await page.waitForFunction(() => document.querySelectorAll('.leaflet-baseVectors-pane path').length === 1, null, { timeout: 5000 });
  // The layer control shows the offline base map chosen.
  const chosen = page.locator('.leaflet-control-layers-base input:checked + span');
  assert.match(await chosen.textContent(), /Offline: hoogtekaart, wegen en plaatsnamen/);
  // In English: the note and the layer control.
  await page.click('[data-testid=lang-toggle]');
  assert.match(await note.textContent(), /Stand-in map cannot be reached; the map now shows the offline terrain/);
  assert.match(await page.locator('.leaflet-control-layers-base input:checked + span').textContent(), /Offline: terrain, roads and place names/);
  assert.equal(await page.locator('.leaflet-control-layers').count(), 1);
  await page.context().close();
});

test('the borders overlay switches off and on', async () => {
  const url = await startViewer(`http://127.0.0.1:${wmtsPort}/wmts/{z}/{x}/{y}.png`);
  const { page } = await open(url);
  const borders = page.locator('.leaflet-overlay-pane path');
  await page.waitForFunction(() => document.querySelectorAll('.leaflet-overlay-pane path').length === 2, null, { timeout: 5000 });
  await page.hover('.leaflet-control-layers');
  const toggle = page.locator('.leaflet-control-layers-overlays label', { hasText: 'Gemeente- en buurtgrenzen' });
  await toggle.click();
  assert.equal(await borders.count(), 0);
  await toggle.click();
  assert.equal(await borders.count(), 2);
  await page.context().close();
});

// A second modelled area 5 km east with its own storm animation (two frames, the street's has four): the copies of
// the street's depth rasters moved there with gdal_translate.
function writeTwoAreas(dir) {
  writeFixture(dir);
  const east = 5000;
  const move = (from, to) => {
    mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
    execFileSync('gdal_translate', ['-q', '-a_ullr', String(WEST + east), String(NORTH), String(WEST + east + N * CELL),
      String(NORTH - N * CELL), path.join(dir, from), path.join(dir, to)]);
  };
  const manifest = JSON.parse(readFileSync(path.join(dir, 'stresstest.json'), 'utf8'));
  const street = manifest.layers.find((l) => l.id === 'street/T100/max_depth');
  move(street.path, 'scenarios/east/T100/max_depth_m.tif');
  const frames = street.frames.slice(0, 2).map((f, i) => {
    const to = `scenarios/east/T100/frames/depth_${i}.tif`;
    move(f.path, to);
    return { time_s: f.time_s, path: to };
  });
  manifest.layers.push({ ...street, id: 'east/T100/max_depth', area: 'east', path: 'scenarios/east/T100/max_depth_m.tif', frames });
  writeFileSync(path.join(dir, 'stresstest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

test('the animation follows the area in view', async () => {
  const url = await startViewer(`http://127.0.0.1:${wmtsPort}/wmts/{z}/{x}/{y}.png`, writeTwoAreas(path.join(tmp, 'two-areas')));
  const { page } = await open(url);
  const slider = page.locator('[data-testid=frame-slider]');
  // The view opens on the street: its four frames.
  assert.equal(await slider.getAttribute('max'), '4');
  // To the east area: its two frames, and its tiles step through them.
  await page.evaluate(({ x, y }) => {
    const v = window.waternetViewer;
    v.map.panBy(v.map.latLngToContainerPoint(v.map.getCenter()).subtract(v.rdToContainerPoint(x, y)).multiplyBy(-1), { animate: false });
  }, { x: WEST + 5000 + (N * CELL) / 2, y: NORTH - (N * CELL) / 2 });
  await page.waitForFunction(() => document.querySelector('[data-testid=frame-slider]')?.getAttribute('max') === '2', null, { timeout: 5000 });
  await slider.fill('1');
  await page.waitForFunction(() => [...document.querySelectorAll('img.leaflet-tile')].some((i) => i.src.includes('/tiles/east/T100/max_depth/') && i.src.includes('frame=1')),
    null, { timeout: 10000 });
  // And back: the street's four.
  await page.evaluate(({ x, y }) => {
    const v = window.waternetViewer;
    v.map.panBy(v.map.latLngToContainerPoint(v.map.getCenter()).subtract(v.rdToContainerPoint(x, y)).multiplyBy(-1), { animate: false });
  }, { x: KNOWN.x, y: KNOWN.y });
  await page.waitForFunction(() => document.querySelector('[data-testid=frame-slider]')?.getAttribute('max') === '4', null, { timeout: 5000 });
  await page.context().close();
});

// A regional model beside the street (100 m cells, as the SRTM area of the stress test), its depth map in the
// regional legend as `waternet stresstest` writes it (render/legend.cpp "depth_regional_m").
function writeWithRegional(dir) {
  writeFixture(dir);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'stresstest.json'), 'utf8'));
  const street = manifest.layers.find((l) => l.id === 'street/T100/max_depth');
  mkdirSync(path.join(dir, 'scenarios/regional/T100'), { recursive: true });
  execFileSync('gdal_translate', ['-q', '-tr', '100', '100', '-r', 'max', path.join(dir, street.path),
    path.join(dir, 'scenarios/regional/T100/max_depth_m.tif')]);
  manifest.layers.push({ ...street, id: 'regional/T100/max_depth', area: 'regional', legend: 'depth_regional_m',
    path: 'scenarios/regional/T100/max_depth_m.tif', frames: undefined });
  writeFileSync(path.join(dir, 'stresstest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

test('a regional model\'s depth map is shown with the street map, under its own legend in decimetres', async () => {
  const url = await startViewer(`http://127.0.0.1:${wmtsPort}/wmts/{z}/{x}/{y}.png`, writeWithRegional(path.join(tmp, 'regional')));
  const { page } = await open(url);
  // One choice "Waterdiepte" draws both; each has its legend.
  const kinds = await page.locator('[data-testid=legend-select] option').allTextContents();
  assert.equal(kinds.filter((k) => k === 'Waterdiepte').length, 1, kinds.join(' | '));
  await page.waitForFunction(() => [...document.querySelectorAll('img.leaflet-tile')].some((i) => i.src.includes('/tiles/regional/T100/max_depth/')),
    null, { timeout: 10000 });
  const legend = (id) => page.locator(`[data-testid=legend][data-legend=${id}] li`).allTextContents();
  assert.deepEqual(await legend('depth_regional_m'), ['1–2 dm', '2–3 dm', '3–5 dm', '5–10 dm', '> 10 dm']);
  assert.equal((await legend('depth_m'))[0], '5–10 cm');
  const headings = await page.locator('#tab-map h3').allTextContents();
  assert.ok(headings.includes('Legenda (cm)') && headings.includes('Legenda regionaal model (dm)'), headings.join(' | '));
  assert.match(await page.locator('[data-testid=legend-regional-note]').textContent(), /niet hoe diep het in een straat staat/);
  // The model's limitations, as for every regional layer.
  assert.match(await page.locator('[data-testid=map-limitations]').first().textContent(), /Beperkingen van de kaart/);
  await page.click('[data-testid=lang-toggle]');
  assert.deepEqual(await legend('depth_regional_m'), ['1–2 dm', '2–3 dm', '3–5 dm', '5–10 dm', '> 10 dm']);
  assert.match(await page.locator('[data-testid=legend-regional-note]').textContent(), /not how deep it stands in a street/);
  await page.context().close();
});
