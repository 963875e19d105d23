// The map's base maps and orientation overlays (docs/viewer.md, "Base maps and overlays"):
// - the external base maps the server is configured with (/api/config `base_layers`; by default PDOK's
//   BRT-Achtergrondkaart grijs, standaard, water and the 25 cm aerial photo), WMTS tiles in PDOK's EPSG:28992 tile
//   matrix, which is the viewer's own tiling, so their z/x/y are the map's;
// - an offline base map from the results' own data: the hillshade tiles, roads and place names;
// - municipal and neighbourhood borders as an overlay that can be switched on and off, online and offline.
// When the external base map cannot be reached (its tiles fail, or none arrives in time), the offline one is chosen
// by itself and a note says so.
//
// The pure functions (the list of base maps, the fallback decision, which animation belongs to the view) are
// unit-tested (tests/web/unit/basemap.test.mjs); addBaseMaps is the Leaflet glue, given Leaflet as `L` so this
// module loads without a browser.
import { t } from './i18n.js';

export const OFFLINE_ID = 'offline';
// Map panes: the offline roads lie on the base map (above its tiles) and under the results' tiles.
export const RESULTS_PANE = 'results';
const BASE_VECTOR_PANE = 'baseVectors';
// Tiles that fail before one loads, and the time without any tile, after which the base map counts as unreachable.
export const FALLBACK = { maxErrors: 3, timeoutMs: 6000 };

// The base maps to offer, in order: the configured external ones (title in the reader's language), then the offline
// one. The first is shown at the start.
export function baseLayerList(config, lang) {
  const key = lang === 'en' ? 'en' : 'nl';
  const external = (config?.base_layers ?? []).map((b) => ({
    id: b.id, title: b.title?.[key] || b.id, url: b.url, attribution: b.attribution ?? '',
    maxNativeZoom: Number.isInteger(b.max_zoom) ? b.max_zoom : 14, offline: false,
  }));
  return [...external, { id: OFFLINE_ID, title: t('base_offline', {}, lang), offline: true }];
}

// Whether an external base map is reachable, from what its tiles did since it was shown: 'online' as soon as one
// tile loaded; 'offline' when maxErrors tiles failed and none loaded, or none loaded within timeoutMs (a network
// that drops packets answers nothing; the clock starts with the first tile asked for); otherwise 'wait'.
export function fallbackDecision({ loaded, failed, elapsedMs }, { maxErrors, timeoutMs } = FALLBACK) {
  if (loaded > 0) return 'online';
  if (failed >= maxErrors || elapsedMs >= timeoutMs) return 'offline';
  return 'wait';
}

// Area of the overlap of two RD boxes [minx, miny, maxx, maxy] (0 when apart).
export function overlapArea(a, b) {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

// Of the shown overlays ({layer: {bounds, frames}}), the one to animate for the map's view (an RD box): of those with
// frames, the one whose bounds hold the view's centre (the finest, smallest, when several do), else the one that
// overlaps the view most, else the first with frames (the view shows none of them).
export function animatedOverlay(overlays, view) {
  const animated = overlays.filter((o) => o.layer.frames?.length > 0);
  if (animated.length <= 1 || !view) return animated[0] ?? null;
  const cx = (view[0] + view[2]) / 2, cy = (view[1] + view[3]) / 2;
  const size = (b) => (b[2] - b[0]) * (b[3] - b[1]);
  const holding = animated.filter(({ layer: { bounds: b } }) => b[0] <= cx && cx <= b[2] && b[1] <= cy && cy <= b[3]);
  if (holding.length) return holding.reduce((best, o) => (size(o.layer.bounds) < size(best.layer.bounds) ? o : best));
  const best = animated.reduce((a, o) => (overlapArea(o.layer.bounds, view) > overlapArea(a.layer.bounds, view) ? o : a));
  return best;
}

// Place names on the offline base map by zoom: municipality names at region zoom; neighbourhood names only from
// street zoom, where a neighbourhood (Enschede's are ~500 m across) is some 75 pixels wide and its name fits in it;
// there they come first and a municipality's name shows only where it has room. PDOK level 9 is 6.72 m a pixel.
export const STREET_LABELS_M_PER_PX = 6.72;
export function labelKindsAt(metresPerPx) {
  return metresPerPx <= STREET_LABELS_M_PER_PX ? ['neighbourhood', 'municipality'] : ['municipality'];
}

// A label's box on screen [minx, miny, maxx, maxy] in pixels, centred on its point `p` ({x, y}), from its text's
// length and its kind's type size (style.css .place-label: municipality 0.95rem bold capitals, others 0.75rem);
// an estimate, as a label is placed before it is drawn, with a few pixels of room around it.
const LABEL_TYPE = { municipality: { charPx: 11, heightPx: 18 }, neighbourhood: { charPx: 7, heightPx: 14 } };
export function labelBox(name, kind, p) {
  const type = LABEL_TYPE[kind] ?? LABEL_TYPE.neighbourhood;
  const halfW = (String(name).length * type.charPx) / 2 + 4, halfH = type.heightPx / 2 + 2;
  return [p.x - halfW, p.y - halfH, p.x + halfW, p.y + halfH];
}

// The labels to draw, greedily: `places` ([{name, kind, x, y}] with x, y on screen, in the server's order) of the
// kinds labelKindsAt allows, in that order of kinds, each kept unless its box leaves the view ({width, height}) or
// touches a label kept before it. Returns the kept places, in that order.
export function placeLabels(places, metresPerPx, view) {
  const kept = [], boxes = [];
  for (const kind of labelKindsAt(metresPerPx)) {
    for (const place of places.filter((q) => q.kind === kind)) {
      const box = labelBox(place.name, kind, place);
      if (box[2] < 0 || box[3] < 0 || box[0] > view.width || box[1] > view.height) continue;
      if (boxes.some((b) => overlapArea(b, box) > 0)) continue;
      kept.push(place);
      boxes.push(box);
    }
  }
  return kept;
}

// ---- Leaflet -------------------------------------------------------------------------------------------------

async function fetchOverlay(name) {
  try {
    const res = await fetch(`/api/overlays/${name}`, { credentials: 'same-origin' });
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

const BORDER_STYLE = {
  municipality: { color: '#4a4a4a', weight: 2.5, opacity: 0.9, fill: false },
  neighbourhood: { color: '#6b6b6b', weight: 1, opacity: 0.8, dashArray: '4 4', fill: false },
};

// The offline base map's roads (on the base map, under the results) and place names.
function loadOffline({ offline, config, vector, L, lang, map, toLatLng }) {
  if (config?.overlays?.roads) {
    fetchOverlay('roads').then((data) => data && offline.addLayer(vector(data, {
      pane: BASE_VECTOR_PANE, style: { color: '#8c8c8c', weight: 1.5, opacity: 0.9 }, attribution: t('attribution_roads', {}, lang),
    })));
  }
  if (config?.overlays?.places) {
    fetchOverlay('places').then((data) => data && offline.addLayer(placeNames(data, map, L, toLatLng)));
  }
}

// The place names as a layer that shows, after each zoom or move, the labels placeLabels keeps for the view.
function placeNames(data, map, L, toLatLng) {
  const group = L.layerGroup();
  const places = (data.features ?? []).filter((f) => f.geometry?.type === 'Point').map((f) => {
    const label = document.createElement('span');
    label.textContent = f.properties.name;
    const latlng = toLatLng(f.geometry.coordinates);
    const marker = L.marker(latlng, { interactive: false, keyboard: false,
      icon: L.divIcon({ className: `place-label place-${f.properties.kind}`, html: label, iconSize: null }) });
    return { name: f.properties.name, kind: f.properties.kind, latlng, marker };
  });
  const update = () => {
    if (!map.hasLayer(group)) return;
    const size = map.getSize();
    const onScreen = places.map((q) => ({ ...q, ...map.latLngToContainerPoint(q.latlng) }));
    const kept = new Set(placeLabels(onScreen, 1 / map.options.crs.scale(map.getZoom()), { width: size.x, height: size.y })
      .map((q) => q.marker));
    for (const q of places) {
      if (kept.has(q.marker)) group.addLayer(q.marker);
      else group.removeLayer(q.marker);
    }
  };
  group.on('add', update);
  map.on('zoomend moveend resize', update);
  return group;
}

// Adds the base maps, the borders overlay and the layer control to `map`; returns { note, relabel(lang) }: the
// fallback note's element, and what puts the control and the note in another language. `crs`: the map's
// L.Proj.CRS, to read the overlays' RD coordinates.
export function addBaseMaps(map, L, crs, config, lang) {
  map.createPane(BASE_VECTOR_PANE).style.zIndex = '250';
  map.createPane(RESULTS_PANE).style.zIndex = '300';
  const toLatLng = (c) => crs.unproject(L.point(c[0], c[1]));
  const vector = (data, options) => L.geoJSON(data, { coordsToLatLng: toLatLng, interactive: false, ...options });
  let list = baseLayerList(config, lang);
  const offline = L.layerGroup([L.tileLayer('/tiles/base/{z}/{x}/{y}.png', { maxZoom: 16, attribution: 'Waternet · AHN/SRTM' })]);
  const borders = L.layerGroup();
  const byId = {};
  for (const b of list) {
    byId[b.id] = b.offline ? offline : L.tileLayer(b.url, {
      maxZoom: 16, maxNativeZoom: b.maxNativeZoom, attribution: b.attribution, className: 'base-tiles',
    });
  }
  // The layer control, in the reader's language (made again when the language changes).
  let control = null;
  const makeControl = () => {
    control?.remove();
    const bases = Object.fromEntries(list.map((b) => [b.title, byId[b.id]]));
    const overlays = config?.overlays?.borders ? { [t('overlay_borders', {}, lang)]: borders } : {};
    control = L.control.layers(bases, overlays, { position: 'topright' }).addTo(map);
  };
  // What the offline base map draws, fetched the first time it is shown (the roads of a region are ~1 MB, which
  // a visitor on PDOK's map need not load); the borders at once.
  offline.once('add', () => loadOffline({ offline, config, vector, L, lang, map, toLatLng }));
  makeControl();
  byId[list[0].id].addTo(map);
  borders.addTo(map);
  if (config?.overlays?.borders) {
    fetchOverlay('borders').then((data) => data && borders.addLayer(vector(data, {
      style: (f) => BORDER_STYLE[f.properties.kind] ?? BORDER_STYLE.municipality,
    })));
  }

  const note = L.DomUtil.create('div', 'basemap-note');
  note.dataset.testid = 'basemap-note';
  note.hidden = true;
  const noteControl = L.control({ position: 'bottomleft' });
  noteControl.onAdd = () => note;
  noteControl.addTo(map);

  // Watch the external base map on show: when it cannot be reached, switch to the offline one and say so.
  let watch = null;
  let unreachable = null;  // id of the base map the note names
  const stopWatching = () => {
    if (!watch) return;
    watch.layer.off('tileloadstart tileload tileerror', watch.onTile);
    clearInterval(watch.timer);
    watch = null;
  };
  const startWatching = (layer, title) => {
    stopWatching();
    const counts = { loaded: 0, failed: 0 };
    // The clock starts with the first tile asked for: a map not on screen (size 0) asks for none, and is no sign
    // of a missing network.
    let started = null;
    const check = () => {
      const decision = fallbackDecision({ ...counts, elapsedMs: started === null ? 0 : Date.now() - started });
      if (decision === 'wait') return;
      stopWatching();
      if (decision === 'offline' && map.hasLayer(layer)) {
        map.removeLayer(layer);
        offline.addTo(map);
        if (!map.hasLayer(borders)) borders.addTo(map);
        unreachable = list.find((b) => byId[b.id] === layer)?.id;
        note.textContent = t('base_offline_note', { name: title }, lang);
        note.hidden = false;
      }
    };
    const onTile = (e) => {
      if (e.type === 'tileloadstart') { started ??= Date.now(); return; }
      counts[e.type === 'tileload' ? 'loaded' : 'failed'] += 1;
      check();
    };
    layer.on('tileloadstart tileload tileerror', onTile);
    watch = { layer, onTile, timer: setInterval(check, 500) };
  };
  const first = list[0];
  if (!first.offline) startWatching(byId[first.id], first.title);
  map.on('baselayerchange', (e) => {
    const chosen = list.find((b) => byId[b.id] === e.layer);
    if (chosen && !chosen.offline) {
      note.hidden = true;
      startWatching(e.layer, chosen.title);
    } else {
      stopWatching();
    }
  });
  // The texts in another language: the layer control's names and the note.
  const relabel = (newLang) => {
    lang = newLang;
    list = baseLayerList(config, lang);
    makeControl();
    const name = list.find((b) => b.id === unreachable)?.title;
    if (name) note.textContent = t('base_offline_note', { name }, lang);
  };
  return { note, relabel };
}
