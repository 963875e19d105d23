// "What happens here": the point query's values (GET /api/point) as a few plain sentences. Every sentence names
// the model the value comes from and its resolution; a regional model's answers are coarse ("laagte tot ~1,9 m")
// and say that they do not apply to a street or a house (docs/viewer.md, "What happens here").
// One threshold throughout: a place counts as wet from the depth the duration layer counts above (its
// "threshold_m", 5 cm in the stress test), so the depth and the duration sentences never contradict each other.
import { t, num, tList } from './i18n.js';
import { stormName } from './storms.js';
import { mapKind } from './legend.js';

// Where the map starts showing water (depth legend's first class, as the national map) when a result does not
// say which depth its duration layer counts above.
const DEFAULT_WET_M = 0.05;

function depthText(m, l) {
  return m < 1 ? `${num(Math.round(m * 100), 0, l)} cm` : `${num(m, 1, l)} m`;
}

// A regional model's depth: already rounded by the server to 10 cm; shown as "~0,3 m", "~1,9 m".
function coarseDepthText(m, l) {
  return `~${num(m, 1, l)} m`;
}

function durationText(h, l) {
  if (h < 1) return t('minutes_short', { n: num(Math.max(1, Math.round(h * 60)), 0, l) }, l);
  return t('hours', { n: num(h, h < 10 ? 1 : 0, l) }, l);
}

// The model a value comes from, in the reader's language ("AHN 5 m, gemodelleerd op 10 m").
export function modelName(v, l) {
  return v.model?.label?.[l === 'en' ? 'en' : 'nl'] || t('model_unknown', {}, l);
}
const isRegional = (v) => v.model?.detail === 'regional';

// A layer's (or a value's) title in the reader's language, built from its legend, storm and threshold rather
// than the manifest's Dutch title: "Maximale waterdiepte, Korte hevige bui: 70 mm in 1 uur, eens per 100 jaar".
export function layerTitle(layer, l) {
  const base = layer.legend === 'duration_h' && layer.threshold_m
    ? t('layer_duration_h_above', { threshold: depthText(layer.threshold_m, l) }, l)
    : t(`layer_${mapKind(layer)}`, {}, l);
  if (base === `layer_${mapKind(layer)}`) return layer.title;  // a legend without a text: the manifest's title
  return layer.storm ? `${base}, ${stormName(layer.storm, l, layer.scenario)}` : base;
}

// Where several models cover a point (a regional model under a street model), each answer comes from the finest:
// the value with the smallest cell, per map kind (legend.js mapKind: a regional depth is a depth) and storm.
const cellOf = (v) => v.model?.cell_size_m ?? Infinity;
function finest(values) {
  const best = new Map();
  for (const v of values) {
    const key = `${mapKind(v)}|${v.scenario ?? ''}`;
    if (!best.has(key) || cellOf(v) < cellOf(best.get(key))) best.set(key, v);
  }
  return [...best.values()];
}

// The values the answer uses: with a value here, finest model per map kind and storm, in the server's order.
function answered(point) {
  const withValue = (point.values ?? []).filter((x) => (x.legend === 'hillshade' ? x.terrain_m !== null && x.terrain_m !== undefined : x.value !== null));
  const chosen = new Set(finest(withValue));
  return withValue.filter((v) => chosen.has(v));
}

function durationOf(point, depth) {
  return (point.values ?? []).find((x) => x.legend === 'duration_h' && x.scenario === depth.scenario && x.area === depth.area);
}

// What a point shows, for the advice (tips.js tipsFor): the deepest water over the storms (street and local
// models; a regional model's low area counts like a blue spot, as it says nothing about a street or a house),
// the depth it counts as wet from, the deepest blue spot and the perceived temperature, each from the finest model.
export function pointFacts(point) {
  const values = answered(point);
  const facts = { depth_m: null, wet_m: DEFAULT_WET_M, bluespot_m: 0, pet_c: null, has_data: false };
  for (const v of values.filter((x) => mapKind(x) === 'depth_m' && x.theme === 'flood')) {
    facts.has_data = true;
    const wetM = durationOf(point, v)?.threshold_m ?? DEFAULT_WET_M;
    if (isRegional(v)) {
      if (v.value >= wetM) facts.bluespot_m = Math.max(facts.bluespot_m, v.value);
    } else if (facts.depth_m === null || v.value > facts.depth_m) {
      facts.depth_m = v.value;
      facts.wet_m = wetM;
    }
  }
  for (const v of values.filter((x) => mapKind(x) === 'bluespot_depth_m')) {
    facts.has_data = true;
    facts.bluespot_m = Math.max(facts.bluespot_m, v.value);
  }
  for (const v of values.filter((x) => x.legend === 'pet_c')) {
    facts.has_data = true;
    facts.pet_c = facts.pet_c === null ? v.value : Math.max(facts.pet_c, v.value);
  }
  return facts;
}

// point: the JSON of /api/point; shown: the layers on the map now (optional), to say "geen gegevens hier" when
// none of them covers the point. Returns { place, sentences: [..], notes: [..] } — notes are the limitations of
// the regional models the answer draws on, once each.
export function describePoint(point, l, shown = []) {
  const sentences = [];
  const notes = [];
  const all = point.values ?? [];
  const values = answered(point);
  const scenarioName = (v) => (v.storm ? stormName(v.storm, l, v.scenario) : v.scenario ?? v.title);
  const note = (v) => {
    const text = v.model?.limitations?.[l === 'en' ? 'en' : 'nl'];
    if (isRegional(v) && text && !notes.includes(text)) notes.push(text);
  };
  // Several models with a value here: say which one answers (the finest) and which others cover the place.
  const models = [...new Map(all.filter((x) => x.value !== null || x.terrain_m != null).sort((a, b) => cellOf(a) - cellOf(b))
    .map((x) => [modelName(x, l), x])).keys()];
  if (models.length > 1) sentences.push(t('here_finest', { model: models[0], others: models.slice(1).join('; ') }, l));
  // Flood depth and duration per scenario, in the order the server lists them.
  for (const v of values.filter((x) => mapKind(x) === 'depth_m' && x.theme === 'flood')) {
    const d = durationOf(point, v);
    const thresholdM = d?.threshold_m ?? DEFAULT_WET_M;
    const vars = { scenario: scenarioName(v), model: modelName(v, l), threshold: depthText(thresholdM, l) };
    const wet = v.value >= thresholdM;
    if (isRegional(v)) {
      sentences.push(wet ? t('here_depth_regional', { ...vars, depth: coarseDepthText(v.value, l) }, l)
        : t('here_dry_regional', vars, l));
      note(v);
    } else {
      sentences.push(wet ? t('here_depth', { ...vars, depth: depthText(v.value, l) }, l) : t('here_dry_below', vars, l));
    }
    // Only where the place is wet by the same threshold: a duration never follows "vrijwel droog".
    if (wet && d && d.value !== null && d.value > 0) {
      sentences.push(d.threshold_m
        ? t('here_duration', { hours: durationText(d.value, l), threshold: depthText(d.threshold_m, l) }, l)
        : t('here_duration_plain', { hours: durationText(d.value, l) }, l));
    }
  }
  for (const v of values.filter((x) => mapKind(x) === 'bluespot_depth_m' && x.value > 0)) {
    if (isRegional(v)) {
      sentences.push(t('here_bluespot_regional', { depth: coarseDepthText(v.value, l), model: modelName(v, l) }, l));
      note(v);
    } else {
      sentences.push(t('here_bluespot', { depth: depthText(v.value, l), model: modelName(v, l) }, l));
    }
  }
  for (const v of values.filter((x) => x.legend === 'pet_c')) {
    const c = v.value < 23 ? 0 : v.value < 29 ? 1 : v.value < 35 ? 2 : v.value < 41 ? 3 : 4;
    sentences.push(t('here_pet', { pet: num(v.value, 0, l), cls: tList('pet_classes', l)[c], model: modelName(v, l) }, l));
  }
  for (const v of values.filter((x) => x.legend === 'hillshade')) {
    sentences.push(t('here_terrain', { height: num(v.terrain_m, isRegional(v) ? 0 : 1, l), model: modelName(v, l) }, l));
  }
  const hasResult = sentences.length > 0;
  // Layers with a cell here but no value in it (outside the modelled domain, or a map that is empty here), unless
  // another model answers for the same map and storm.
  const noData = new Set();
  const answeredKeys = new Set(values.map((v) => `${mapKind(v)}|${v.scenario ?? ''}`));
  for (const v of all.filter((x) => x.value === null && x.legend !== 'hillshade' && !answeredKeys.has(`${mapKind(x)}|${x.scenario ?? ''}`))) {
    noData.add(t('here_no_data', { title: layerTitle(v, l), model: modelName(v, l) }, l));
  }
  // The map on screen does not reach this place at all, and no other model answers for its map and storm (with the
  // depth maps of all areas on screen, the one covering the place answers; the others need not say they do not).
  const unanswered = (x) => !answeredKeys.has(`${mapKind(x)}|${x.scenario ?? ''}`);
  for (const layer of shown.filter((x) => !all.some((v) => v.layer === x.id) && unanswered(x))) {
    noData.add(t('here_no_data_shown', { title: layerTitle(layer, l) }, l));
  }
  sentences.push(...noData);
  if (!hasResult && noData.size === 0) sentences.push(t('here_nothing', {}, l));
  return { place: point.place?.name ?? null, sentences, notes };
}
