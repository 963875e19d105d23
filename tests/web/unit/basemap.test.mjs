// The viewer's base maps (web/src/basemap.js): the list from the server's configuration, the decision to fall back to
// the offline base map, and which area's animation belongs to the view.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { baseLayerList, fallbackDecision, animatedOverlay, overlapArea, OFFLINE_ID, FALLBACK, placeLabels, labelBox, labelKindsAt,
  STREET_LABELS_M_PER_PX } from '../../../web/src/basemap.js';
import { texts } from '../../../web/src/i18n.js';

const PDOK = 'https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:28992/{z}/{x}/{y}.png';
const config = {
  base_layers: [
    { id: 'brt_grijs', title: { nl: 'Achtergrondkaart grijs (PDOK)', en: 'Base map grey (PDOK)' }, url: PDOK,
      attribution: 'Kaartgegevens © Kadaster / PDOK (CC BY 4.0)', max_zoom: 14 },
    { id: 'luchtfoto', title: { nl: 'Luchtfoto (PDOK)', en: 'Aerial photo (PDOK)' }, url: 'https://x.nl/{z}/{x}/{y}.jpeg', attribution: 'x' },
  ],
};

test('the base maps are the configured ones in order, in the reader\'s language, then the offline one', () => {
  const nl = baseLayerList(config, 'nl');
  assert.deepEqual(nl.map((b) => b.id), ['brt_grijs', 'luchtfoto', OFFLINE_ID]);
  assert.equal(nl[0].title, 'Achtergrondkaart grijs (PDOK)');
  assert.equal(nl[0].url, PDOK);
  assert.equal(nl[0].maxNativeZoom, 14);
  assert.equal(nl[1].maxNativeZoom, 14, 'no max_zoom: PDOK\'s deepest BRT level');
  assert.equal(nl[2].title, 'Offline: hoogtekaart, wegen en plaatsnamen');
  assert.equal(nl[2].offline, true);
  const en = baseLayerList(config, 'en');
  assert.deepEqual(en.map((b) => b.title), ['Base map grey (PDOK)', 'Aerial photo (PDOK)', 'Offline: terrain, roads and place names']);
});

test('without configured base maps only the offline one is offered (and shown first)', () => {
  assert.deepEqual(baseLayerList({ base_layers: [] }, 'nl').map((b) => b.id), [OFFLINE_ID]);
  assert.deepEqual(baseLayerList({}, 'en').map((b) => b.id), [OFFLINE_ID]);
});

test('the fallback: online at the first tile, offline after three failures or six seconds without a tile', () => {
  assert.equal(fallbackDecision({ loaded: 0, failed: 0, elapsedMs: 0 }), 'wait');
  assert.equal(fallbackDecision({ loaded: 0, failed: 2, elapsedMs: 1000 }), 'wait');
  assert.equal(fallbackDecision({ loaded: 0, failed: 3, elapsedMs: 1000 }), 'offline');
  assert.equal(fallbackDecision({ loaded: 1, failed: 3, elapsedMs: 1000 }), 'online', 'some tiles arrive: the service works');
  assert.equal(fallbackDecision({ loaded: 0, failed: 0, elapsedMs: 5999 }), 'wait');
  assert.equal(fallbackDecision({ loaded: 0, failed: 0, elapsedMs: 6000 }), 'offline', 'packets dropped: no answer at all');
  assert.equal(fallbackDecision({ loaded: 0, failed: 1, elapsedMs: 0 }, { maxErrors: 1, timeoutMs: 10 }), 'offline');
  assert.deepEqual(FALLBACK, { maxErrors: 3, timeoutMs: 6000 });
});

test('overlap of two RD boxes, by hand', () => {
  assert.equal(overlapArea([0, 0, 10, 10], [5, 5, 20, 20]), 25);
  assert.equal(overlapArea([0, 0, 10, 10], [10, 0, 20, 10]), 0, 'touching is no overlap');
  assert.equal(overlapArea([0, 0, 10, 10], [20, 20, 30, 30]), 0);
});

test('the animation follows the area in view', () => {
  const o = (id, bounds, frames = 3) => ({ layer: { id, bounds, frames: Array.from({ length: frames }, (_, i) => ({ time_s: i })) } });
  const region = o('twente', [220000, 450000, 270000, 500000]);
  const street = o('enschede', [257000, 471000, 258000, 472000]);
  const zundert = o('zundert', [100000, 390000, 110000, 400000]);
  const noFrames = o('heat', [0, 0, 1e6, 1e6], 0);
  const all = [noFrames, region, street, zundert];
  // The view's centre in Enschede's street area (inside the region too): the finer, smaller area.
  assert.equal(animatedOverlay(all, [257400, 471400, 257600, 471600]), street);
  // Centre in Twente, outside Enschede.
  assert.equal(animatedOverlay(all, [230000, 460000, 232000, 462000]), region);
  // Centre in Zundert.
  assert.equal(animatedOverlay(all, [104000, 394000, 106000, 396000]), zundert);
  // Centre in none: the one overlapping the view most (the view straddles Zundert's east edge).
  assert.equal(animatedOverlay(all, [108000, 394000, 116000, 396000 + 1]), zundert);
  // Nothing with frames; one with frames; no view yet.
  assert.equal(animatedOverlay([noFrames], [0, 0, 1, 1]), null);
  assert.equal(animatedOverlay([noFrames, zundert], [257400, 471400, 257600, 471600]), zundert);
  assert.equal(animatedOverlay(all, null), region);
});

test('every text basemap.js shows exists in both languages', () => {
  const src = readFileSync(new URL('../../../web/src/basemap.js', import.meta.url), 'utf8');
  const used = [...src.matchAll(/\bt\('([a-z_0-9]+)'/g)].map((m) => m[1]);
  assert.ok(used.length >= 4, `only ${used.length} keys found: the scan is broken`);
  assert.deepEqual(used.filter((k) => !(k in texts.nl) || !(k in texts.en)), []);
  assert.match(texts.nl.base_offline_note, /\{name\} is niet bereikbaar/);
  assert.match(texts.en.base_offline_note, /\{name\} cannot be reached/);
});

// Place names on the offline base map: at region zoom Enschede's 60-odd neighbourhood names piled up on each other.
const view = { width: 800, height: 600 };
test('at region zoom only municipality names show; from street zoom neighbourhood names first', () => {
  const places = [
    { name: 'Enschede', kind: 'municipality', x: 400, y: 300 },
    { name: 'Het Zwering', kind: 'neighbourhood', x: 200, y: 100 },
    { name: 'Hengelo', kind: 'municipality', x: 600, y: 100 },
  ];
  assert.deepEqual(placeLabels(places, 26.88, view).map((p) => p.name), ['Enschede', 'Hengelo']);  // PDOK level 7
  assert.deepEqual(placeLabels(places, STREET_LABELS_M_PER_PX, view).map((p) => p.name), ['Het Zwering', 'Enschede', 'Hengelo']);
  assert.deepEqual(labelKindsAt(13.44), ['municipality']);  // level 8: a 500 m neighbourhood is 37 px, too small for its name
  assert.deepEqual(labelKindsAt(3.36), ['neighbourhood', 'municipality']);
});

test('labels never overlap: a label touching one kept before it is left out, and so is one off the screen', () => {
  // Neighbourhood centres 20 px apart on a row (street zoom): each name is wider than 20 px.
  const row = Array.from({ length: 10 }, (_, i) => ({ name: `Buurt ${i}`, kind: 'neighbourhood', x: 100 + 20 * i, y: 200 }));
  const kept = placeLabels(row, 3.36, view);
  assert.ok(kept.length > 1 && kept.length < row.length, `kept ${kept.length} of ${row.length}`);
  assert.equal(kept[0].name, 'Buurt 0');  // greedy in the server's order
  const boxes = kept.map((p) => labelBox(p.name, p.kind, p));
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) assert.equal(overlapArea(boxes[i], boxes[j]), 0, `${i}, ${j}`);
  // Far enough apart, all stay.
  const apart = row.map((p, i) => ({ ...p, x: 40 + 75 * i }));
  assert.equal(placeLabels(apart, 3.36, view).length, 10);
  // A municipality's name yields to the neighbourhood names at street zoom; off the screen nothing is drawn.
  const mixed = [{ name: 'Enschede', kind: 'municipality', x: 110, y: 200 }, ...row.slice(0, 1), { name: 'Ver weg', kind: 'neighbourhood', x: -300, y: 50 }];
  assert.deepEqual(placeLabels(mixed, 3.36, view).map((p) => p.name), ['Buurt 0']);
  // A longer name takes a wider box.
  const box = (name) => labelBox(name, 'neighbourhood', { x: 0, y: 0 });
  assert.ok(box('Stadsveld-Zuid')[2] > box('Hogeland')[2]);
});
