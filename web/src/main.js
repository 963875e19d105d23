// The viewer: a Leaflet map in the Dutch RD tiling (EPSG:28992, as PDOK), the stress-test layers as tiles from
// `waternet serve`, and four panels: map choices + legend, what happens here, the waterlabel calculator, and
// the partner view.
import 'leaflet/dist/leaflet.css';
import './style.css';
import L from 'leaflet';
import 'proj4leaflet';
import { api, ApiError } from './api.js';
import { t, num, language, setLanguage } from './i18n.js';
import { describePoint, modelName, layerTitle, pointFacts } from './here.js';
import { classLabel, legendUnit, mapKind, REGIONAL_DEPTH } from './legend.js';
import { stormName } from './storms.js';
import { partnerTables } from './partner.js';
import { labelSummary } from './waterlabel.js';
import { THEMES, tipsOfTheme, tipById, tipText, tipsFor } from './tips.js';
import { setUpSheet, revealSheet } from './sheet.js';
import { addBaseMaps, animatedOverlay, RESULTS_PANE } from './basemap.js';

const RD_PROJ4 =
  '+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 ' +
  '+ellps=bessel +towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs';

const state = {
  // selection.legend: the map kind chosen (legend.js mapKind), which is the legend id of the street models' maps.
  config: null, layers: [], legends: {}, selection: { theme: 'flood', legend: 'depth_m', scenario: null },
  overlays: [], animation: { layer: null, frame: 0, timer: null }, marker: null, lastPoint: null, user: null,
  plot: { plot_m2: 150, roof_m2: 60, green_roof_m2: 0, paved_m2: 60, garden_m2: 30, rain_barrel_l: 0,
    underground_l: 0, downpipe_disconnected: false },
};
let map, crs, baseMaps;

const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== false && v !== null && v !== undefined) e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c);
  return e;
};

function rdToLatLng(x, y) { return crs.unproject(L.point(x, y)); }
function rdBounds(b) { return L.latLngBounds(rdToLatLng(b[0], b[1]), rdToLatLng(b[2], b[3])); }

// ---- map -------------------------------------------------------------------------------------------------

function setUpMap() {
  const tiling = state.config.tiling;
  const origin = tiling.origin;
  const side = tiling.resolutions[0] * tiling.tile_size;
  crs = new L.Proj.CRS('EPSG:28992', RD_PROJ4, {
    origin, resolutions: tiling.resolutions,
    bounds: L.bounds([origin[0], origin[1] - side], [origin[0] + side, origin[1]]),
  });
  map = L.map('map', { crs, zoomControl: true, attributionControl: true, minZoom: 2, maxZoom: tiling.resolutions.length - 1 });
  // PDOK's base maps (or the configured ones), the offline one and the borders overlay (basemap.js).
  baseMaps = addBaseMaps(map, L, crs, state.config, language());
  // Open on the first area of the manifest (the region itself), not on every area at once: a demonstration area
  // far away would shrink the region to a corner.
  const firstArea = state.layers[0]?.area;
  const all = state.layers.filter((l) => l.area === firstArea).map((l) => l.bounds);
  if (all.length) {
    const b = [Math.min(...all.map((a) => a[0])), Math.min(...all.map((a) => a[1])),
      Math.max(...all.map((a) => a[2])), Math.max(...all.map((a) => a[3]))];
    map.fitBounds(rdBounds(b));
  } else {
    map.setView(rdToLatLng(250000, 475000), 6);
  }
  map.on('click', (e) => {
    const p = crs.project(e.latlng);
    showPoint(p.x, p.y);
  });
  map.on('moveend', followView);
}

// The map's view as an RD box [minx, miny, maxx, maxy].
function viewRd() {
  const b = map.getBounds();
  const sw = crs.project(b.getSouthWest()), ne = crs.project(b.getNorthEast());
  return [sw.x, sw.y, ne.x, ne.y];
}

// The animation belongs to the area in view: when the view moves to another area with frames, animate that one.
function followView() {
  const next = animatedOverlay(state.overlays, viewRd());
  if (next === state.animation.layer) return;
  pickAnimation(next);
  renderMapPanel();
}

function pickAnimation(overlay) {
  stopAnimation();
  const previous = state.animation.layer;
  if (previous && previous !== overlay) previous.tiles.setUrl(`/tiles/${previous.layer.id}/{z}/{x}/{y}.png`);
  state.animation.layer = overlay;
  state.animation.frame = overlay ? overlay.layer.frames.length : 0;
}

function selectedLayers() {
  const s = state.selection;
  return state.layers.filter((l) => l.theme === s.theme && mapKind(l) === s.legend && (l.scenario ?? null) === s.scenario);
}

function renderOverlays() {
  for (const o of state.overlays) map.removeLayer(o.tiles);
  state.overlays = selectedLayers().map((layer) => {
    const tiles = L.tileLayer(`/tiles/${layer.id}/{z}/{x}/{y}.png`, {
      maxZoom: 16, opacity: 0.85, bounds: rdBounds(layer.bounds), className: 'overlay-tiles', pane: RESULTS_PANE,
    });
    tiles.addTo(map);
    return { layer, tiles };
  });
  state.animation.layer = null;
  pickAnimation(animatedOverlay(state.overlays, viewRd()));
}

function stopAnimation() {
  if (state.animation.timer) clearInterval(state.animation.timer);
  state.animation.timer = null;
}

function showFrame(i) {
  const a = state.animation;
  if (!a.layer) return;
  const frames = a.layer.layer.frames;
  a.frame = i;
  const url = `/tiles/${a.layer.layer.id}/{z}/{x}/{y}.png`;
  a.layer.tiles.setUrl(i < frames.length ? `${url}?frame=${i}` : url);
  const label = document.getElementById('frame-label');
  if (label) label.textContent = i < frames.length ? t('minutes', { m: num(frames[i].time_s / 60) }) : t('animation_max');
  const slider = document.getElementById('frame-slider');
  if (slider) slider.value = String(i);
}

// ---- panels ------------------------------------------------------------------------------------------------

function themes() { return [...new Set(state.layers.filter((l) => l.theme !== 'terrain').map((l) => l.theme))]; }
// The map kinds of a theme (legend.js mapKind): a regional depth map is chosen with the street one.
function legendsOf(theme) { return [...new Set(state.layers.filter((l) => l.theme === theme).map(mapKind))]; }
function scenariosOf(theme, kind) {
  return [...new Set(state.layers.filter((l) => l.theme === theme && mapKind(l) === kind).map((l) => l.scenario ?? null))];
}

function fixSelection() {
  const s = state.selection;
  const th = themes();
  if (!th.includes(s.theme)) s.theme = th[0] ?? null;
  const lg = legendsOf(s.theme);
  if (!lg.includes(s.legend)) s.legend = lg[0] ?? null;
  const sc = scenariosOf(s.theme, s.legend);
  if (!sc.includes(s.scenario)) s.scenario = sc[0] ?? null;
}

function select(label, id, options, value, onChange) {
  return el('label', { class: 'field' }, el('span', { text: label }),
    el('select', { id, 'data-testid': id, onchange: (e) => onChange(e.target.value === '' ? null : e.target.value) },
      options.map(([v, text]) => el('option', { value: v ?? '', selected: v === value, text }))));
}

function renderMapPanel() {
  fixSelection();
  const s = state.selection;
  const panel = document.getElementById('tab-map');
  panel.replaceChildren();
  // A storm as the standard names it ("Korte hevige bui: 70 mm in 1 uur, eens per 100 jaar"), not its id.
  const scenarioTitle = (sc) => {
    if (sc === null) return '—';
    const l = state.layers.find((x) => x.scenario === sc && x.theme === s.theme);
    return stormName(l?.storm ?? null, language(), sc);
  };
  panel.append(
    select(t('theme'), 'theme-select', themes().map((th) => [th, t(`theme_${th}`)]), s.theme, (v) => {
      s.theme = v; fixSelection(); renderOverlays(); renderMapPanel();
    }),
    select(t('map_kind'), 'legend-select', legendsOf(s.theme).map((lg) => [lg, t(`legend_${lg}`)]), s.legend, (v) => {
      s.legend = v; fixSelection(); renderOverlays(); renderMapPanel();
    }),
  );
  const scenarios = scenariosOf(s.theme, s.legend);
  if (scenarios.length > 1 || scenarios[0] !== null) {
    panel.append(select(t('scenario'), 'scenario-select', scenarios.map((sc) => [sc, scenarioTitle(sc)]), s.scenario, (v) => {
      s.scenario = v; renderOverlays(); renderMapPanel();
    }));
  }
  const layers = selectedLayers();
  if (layers.length === 0) panel.append(el('p', { text: t('no_layers') }));
  else {
    // Each title once, followed by the models that draw it (two areas may show the same map).
    const titles = [...new Set(layers.map((l) => layerTitle(l, language())))];
    const models = [...new Set(layers.map((l) => modelName(l, language())))];
    panel.append(el('p', { class: 'layer-title', 'data-testid': 'layer-title',
      text: `${titles.join(' · ')} (${t('layer_models', { models: models.join('; ') })})` }));
  }
  // A regional model's layer is named for what it shows, with its limitations (docs/viewer.md).
  const regional = layers.filter((l) => l.model?.detail === 'regional');
  if (regional.length) {
    panel.append(el('h3', { text: t('regional_layer') }));
    for (const text of new Set(regional.map((l) => l.model.limitations?.[language() === 'en' ? 'en' : 'nl']).filter(Boolean))) {
      panel.append(el('p', { class: 'note limitations', 'data-testid': 'map-limitations', text }));
    }
  }
  // The legend of each map shown: a regional model's depth map has its own (decimetres, and what it can show).
  const legendIds = layers.length ? [...new Set(layers.map((l) => l.legend))] : [s.legend];
  for (const legend of legendIds.map((id) => state.legends[id]).filter(Boolean)) {
    const unit = legendUnit(legend, language());
    const regional = legend.id === REGIONAL_DEPTH;
    const heading = regional ? t('legend_regional', { unit }) : unit ? `${t('legend')} (${unit})` : t('legend');
    panel.append(el('h3', { text: heading }),
      el('ul', { class: 'legend', 'data-testid': 'legend', 'data-legend': legend.id }, legend.classes.map((c, i) =>
        el('li', {}, el('span', { class: 'swatch', style: `background:${c.colour}` }), el('span', { text: classLabel(legend, i, language()) })))));
    if (regional) panel.append(el('p', { class: 'note', 'data-testid': 'legend-regional-note', text: t('legend_regional_note') }));
  }
  const a = state.animation;
  if (a.layer) {
    const n = a.layer.layer.frames.length;
    const playButton = el('button', { type: 'button', id: 'play', 'data-testid': 'play', text: a.timer ? t('pause') : t('play'),
      onclick: () => {
        if (a.timer) { stopAnimation(); playButton.textContent = t('play'); return; }
        if (a.frame >= n) showFrame(0);
        playButton.textContent = t('pause');
        a.timer = setInterval(() => {
          if (a.frame + 1 > n) { stopAnimation(); playButton.textContent = t('play'); return; }
          showFrame(a.frame + 1);
        }, 900);
      } });
    panel.append(el('div', { class: 'animation' }, el('h3', { text: t('animation') }), playButton,
      el('input', { type: 'range', id: 'frame-slider', 'data-testid': 'frame-slider', min: 0, max: n, value: a.frame,
        oninput: (e) => { stopAnimation(); playButton.textContent = t('play'); showFrame(Number(e.target.value)); } }),
      el('div', { id: 'frame-label', 'data-testid': 'frame-label' })));
    showFrame(a.frame);
  }
}

// After the bottom sheet changes the map's height: redraw, and keep the clicked point on screen.
function keepMarkerInView() {
  map.invalidateSize();
  if (state.marker) map.panInside(state.marker.getLatLng(), { padding: [24, 24] });
}

async function showPoint(x, y) {
  state.lastPoint = { x, y };
  if (state.marker) map.removeLayer(state.marker);
  state.marker = L.circleMarker(rdToLatLng(x, y), { radius: 7, color: '#c0392b', weight: 3, fillOpacity: 0.2 }).addTo(map);
  switchTab('here');
  const panel = document.getElementById('tab-here');
  try {
    const point = await api.point(x, y);
    renderHere(point);
  } catch (e) {
    panel.replaceChildren(el('p', { class: 'error', text: t('error_loading', { msg: e.message }) }));
  }
}

function renderHere(point) {
  const panel = document.getElementById('tab-here');
  panel.replaceChildren();
  panel.append(el('h2', { text: t('here_title') }));
  if (!point) { panel.append(el('p', { text: t('click_hint') })); return; }
  state.hereData = point;
  const d = describePoint(point, language(), selectedLayers());
  if (d.place) panel.append(el('p', { class: 'place', 'data-testid': 'here-place', text: t('near', { name: d.place }) }));
  panel.append(el('ul', { class: 'here', 'data-testid': 'here-text' }, d.sentences.map((s) => el('li', { text: s }))));
  for (const n of d.notes) panel.append(el('p', { class: 'note limitations', 'data-testid': 'here-limitations', text: n }));
  panel.append(hereTips(point));
  panel.append(el('p', { class: 'note', text: t('here_private') }),
    el('p', { class: 'coords', text: `RD ${num(point.x)} , ${num(point.y)}` }));
}

// "Hier helpt: …": the 1–3 tips that fit what the point shows, each opening it under "Wat kan ik doen?"; where
// the maps show nothing that calls for advice (or have no value here), that is said instead (tips.js tipsFor).
function hereTips(point) {
  const advice = tipsFor(pointFacts(point));
  const box = el('div', { class: 'here-tips', 'data-testid': 'here-tips' });
  if (!advice.ids.length) {
    box.append(el('p', { 'data-testid': 'here-tips-none', text: t(advice.reason === 'calm' ? 'here_tips_calm' : 'here_tips_no_data') }));
    return box;
  }
  box.append(el('strong', { text: t('here_tips_title') }), ' ',
    ...advice.ids.map((id) => el('button', { type: 'button', class: 'tip-link', 'data-testid': `here-tip-${id}`,
      text: tipText(tipById(id), language()).title, onclick: () => switchTab('label', { focus: `tip-${id}` }) })));
  return box;
}

// "Wat kan ik doen?": the tips per theme (water, heat, drought), each with what it brings and its sources, then the
// waterlabel calculator.
function renderTips(panel) {
  panel.append(el('h2', { text: t('tips_title') }), el('p', { text: t('tips_intro') }));
  for (const theme of THEMES) {
    panel.append(el('h3', { text: t(`tips_theme_${theme}`) }));
    for (const tip of tipsOfTheme(theme).map((x) => tipText(x, language()))) {
      panel.append(el('details', { class: 'tip', id: `tip-${tip.id}`, 'data-testid': `tip-${tip.id}` },
        el('summary', { text: tip.title }),
        el('p', { text: tip.text }),
        el('p', {}, el('strong', { text: t('tip_effect') }), ' ', tip.effect),
        el('p', { class: 'source' }, `${t('tip_sources')} ${tip.sources.join('; ')}`)));
    }
  }
}

function renderLabelPanel() {
  const panel = document.getElementById('tab-label');
  panel.replaceChildren();
  renderTips(panel);
  panel.append(el('h2', { id: 'waterlabel', text: t('label_title') }), el('p', { text: t('label_intro') }));
  const form = el('form', { class: 'label-form', 'data-testid': 'label-form', onsubmit: (e) => e.preventDefault() });
  const result = el('div', { class: 'label-result', 'data-testid': 'label-result' });
  const update = () => {
    try {
      // Every field of the summary is a text: nothing here can print "null" (waterlabel.js labelSummary).
      const s = labelSummary(state.plot, language());
      result.replaceChildren(
        el('div', { class: 'label-badge', style: `background:${s.colour}`, 'data-testid': 'label-badge', text: s.label }),
        el('p', { 'data-testid': 'label-text', text: s.text }),
        el('h3', { 'data-testid': 'label-measures-heading', text: s.heading }),
        el('ul', { class: 'measures', 'data-testid': 'label-measures' }, s.measures.map((m) => el('li', {},
          el('span', { text: m.text }), ' ', el('strong', { text: m.gain })))));
    } catch (e) {
      // A PlotError says what is wrong in the reader's language (waterlabel.js).
      const msg = e.code ? t(`label_error_${e.code}`, { ...e.vars, field: e.vars?.field ? t(e.vars.field) : '' }) : e.message;
      result.replaceChildren(el('p', { class: 'error', 'data-testid': 'label-error', text: t('label_error', { msg }) }));
    }
  };
  for (const key of ['plot_m2', 'roof_m2', 'green_roof_m2', 'paved_m2', 'garden_m2', 'rain_barrel_l', 'underground_l']) {
    form.append(el('label', { class: 'field' }, el('span', { text: t(key) }),
      el('input', { type: 'number', min: 0, step: 1, name: key, 'data-testid': `input-${key}`, value: state.plot[key],
        oninput: (e) => { state.plot[key] = e.target.value === '' ? 0 : Number(e.target.value); update(); } })));
  }
  form.append(el('label', { class: 'check' },
    el('input', { type: 'checkbox', name: 'downpipe_disconnected', 'data-testid': 'input-downpipe_disconnected',
      checked: state.plot.downpipe_disconnected,
      onchange: (e) => { state.plot.downpipe_disconnected = e.target.checked; update(); } }),
    el('span', { text: t('downpipe_disconnected') })));
  panel.append(result, form);
  update();
}

async function renderPartnerPanel() {
  const panel = document.getElementById('tab-partner');
  panel.replaceChildren(el('h2', { text: t('partner_title') }));
  let overview;
  try {
    overview = await api.partnerOverview();
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) {
      panel.append(el('p', { class: 'error', text: t('error_loading', { msg: e.message }) }));
      return;
    }
    panel.append(el('p', { class: 'refused', 'data-testid': 'partner-refused', text: t('partner_login_needed') }));
    const message = el('p', { class: 'error', 'data-testid': 'login-error' });
    const form = el('form', { class: 'login', 'data-testid': 'login-form', onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        await api.login(form.elements.user.value, form.elements.password.value);
        await afterLoginChange();
      } catch (err) {
        message.textContent = t('login_failed', { msg: err.message });
      }
    } },
    el('label', { class: 'field' }, el('span', { text: t('user') }), el('input', { name: 'user', autocomplete: 'username', 'data-testid': 'login-user' })),
    el('label', { class: 'field' }, el('span', { text: t('password') }),
      el('input', { name: 'password', type: 'password', autocomplete: 'current-password', 'data-testid': 'login-password' })),
    el('button', { type: 'submit', 'data-testid': 'login-submit', text: t('login') }), message);
    panel.append(form);
    return;
  }
  panel.append(el('p', {}, t('logged_in_as', { user: overview.user }), ' ',
    el('button', { type: 'button', 'data-testid': 'logout', text: t('logout'),
      onclick: async () => { await api.logout(); await afterLoginChange(); } })));
  const table = el('div', { class: 'partners', 'data-testid': 'partner-overview' });
  // Captions name the model and the storm as the map panel does, from the layers' manifest records.
  const names = {
    model: (area) => {
      const layer = state.layers.find((x) => x.area === area && x.model);
      return layer ? modelName(layer, language()) : null;
    },
    storm: (scenario) => state.layers.find((x) => x.scenario === scenario && x.storm)?.storm ?? null,
  };
  for (const p of overview.partners) {
    const tables = partnerTables(p, language(), names).map((tab) => el('table', { class: 'indicators' },
      el('caption', { text: tab.caption }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t('ind_indicator') }),
        el('th', { scope: 'col', class: 'num', text: t('ind_value') }), el('th', { 'aria-hidden': 'true' }))),
      el('tbody', {}, tab.rows.map((r) => el('tr', {}, el('th', { scope: 'row', text: r.label }),
        el('td', { class: 'num', text: r.value }),
        // A small bar: this value against the largest of the same indicator over the partner's scenarios.
        el('td', { class: 'bar', 'aria-hidden': 'true' },
          el('span', { style: `width:${Math.round(r.fraction * 100)}%` })))))));
    table.append(el('section', { class: 'partner' },
      el('h3', { text: `${p.name} (${t(`kind_${p.kind}`)})` }),
      p.report ? el('a', { href: p.report, target: '_blank', rel: 'noopener', text: t('report') }) : null,
      tables.length ? tables : el('p', { text: t('no_indicators') })));
  }
  panel.append(table);
}

async function afterLoginChange() {
  const [config, layers] = await Promise.all([api.config(), api.layers()]);
  state.config.user = config.user;
  state.layers = layers.layers;
  state.legends = layers.legends;
  renderOverlays();
  renderMapPanel();
  await renderPartnerPanel();
}

// focus: the id of an element in the tab to open and scroll to (a tip from "Hier helpt").
function switchTab(name, { focus = null } = {}) {
  for (const b of document.querySelectorAll('[data-tab]')) b.setAttribute('aria-selected', String(b.dataset.tab === name));
  for (const s of document.querySelectorAll('.tab-body')) s.hidden = s.id !== `tab-${name}`;
  if (name === 'partner') renderPartnerPanel();
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
  // On a phone the panel is a bottom sheet: a tab the reader picks, a click on the map or a tip link opens it (not
  // the first tab shown while the page starts, so the map comes first).
  if (document.body.dataset.ready === 'true') revealSheet();
  const target = focus ? document.getElementById(focus) : null;
  if (target) {
    if (target.tagName === 'DETAILS') target.open = true;
    target.scrollIntoView({ block: 'start' });
    target.querySelector('summary')?.focus({ preventScroll: true });
  }
}

// ---- search ----------------------------------------------------------------------------------------------

// "gemeente", "straat", "buurt": a search result's kind in the reader's language (the server's own word if unknown).
function placeKind(kind) {
  const text = t(`kind_${kind}`);
  return text === `kind_${kind}` ? kind : text;
}

function setUpSearch() {
  const input = document.getElementById('search');
  const list = document.getElementById('search-results');
  let timer = null;
  const choose = (p) => {
    list.replaceChildren();
    input.value = p.name;
    map.setView(rdToLatLng(p.x, p.y), Math.max(map.getZoom(), p.kind === 'municipality' ? 9 : 13));
    showPoint(p.x, p.y);
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      if (q.length < 2) { list.replaceChildren(); return; }
      try {
        const { places } = await api.places(q);
        list.replaceChildren(...places.map((p) => el('li', { role: 'option', tabindex: 0, onclick: () => choose(p),
          onkeydown: (e) => { if (e.key === 'Enter') choose(p); } },
        el('strong', { text: p.name }), ' ', el('small', { text: placeKind(p.kind) }))));
      } catch { list.replaceChildren(); }
    }, 200);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && list.firstChild) list.firstChild.click();
  });
}

// ---- language ----------------------------------------------------------------------------------------------

function applyStaticTexts() {
  document.documentElement.lang = language();
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll('[data-i18n-placeholder]')) e.placeholder = t(e.dataset.i18nPlaceholder);
  for (const e of document.querySelectorAll('[data-i18n-aria]')) e.setAttribute('aria-label', t(e.dataset.i18nAria));
  document.getElementById('lang').textContent = language() === 'nl' ? 'English' : 'Nederlands';
  const region = state.config?.region?.name;
  document.title = region ? `${t('app_title')} – ${region}` : t('app_title');
  document.querySelector('header h1').textContent = region ? `${t('app_title')} · ${region}` : t('app_title');
}

function renderAll() {
  applyStaticTexts();
  renderMapPanel();
  if (state.hereData) renderHere(state.hereData); else renderHere(null);
  renderLabelPanel();
  if (!document.getElementById('tab-partner').hidden) renderPartnerPanel();
}

async function start() {
  try {
    const [config, layers] = await Promise.all([api.config(), api.layers()]);
    state.config = config;
    state.layers = layers.layers;
    state.legends = layers.legends;
  } catch (e) {
    document.getElementById('tab-map').textContent = t('error_loading', { msg: e.message });
    return;
  }
  setUpMap();
  setUpSheet({ onResize: keepMarkerInView });
  setUpSearch();
  fixSelection();
  renderOverlays();
  renderAll();
  for (const b of document.querySelectorAll('[data-tab]')) b.addEventListener('click', () => switchTab(b.dataset.tab));
  document.getElementById('lang').addEventListener('click', () => {
    setLanguage(language() === 'nl' ? 'en' : 'nl');
    baseMaps.relabel(language());
    renderAll();
  });
  const initial = location.hash.slice(1);
  switchTab(['map', 'here', 'label', 'partner'].includes(initial) ? initial : 'map');
  // For the browser tests and for curious developers: where an RD point is on the screen.
  window.waternetViewer = { map, rdToContainerPoint: (x, y) => map.latLngToContainerPoint(rdToLatLng(x, y)) };
  document.body.dataset.ready = 'true';
}

start();
