// "What happens here": the point query's values (GET /api/point) as a few plain sentences. Every sentence names
// the model the value comes from and its resolution; a regional model's answers are coarse ("laagte tot ~1,9 m")
// and say that they do not apply to a street or a house (docs/viewer.md, "What happens here").
// One threshold throughout: a place counts as wet from the depth the duration layer counts above (its
// "threshold_m", 5 cm in the stress test), so the depth and the duration sentences never contradict each other.
import { t, num, tList } from './i18n.js';
import { stormName } from './storms.js';

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
    : t(`layer_${layer.legend}`, {}, l);
  if (base === `layer_${layer.legend}`) return layer.title;  // a legend without a text: the manifest's title
  return layer.storm ? `${base}, ${stormName(layer.storm, l, layer.scenario)}` : base;
}

// point: the JSON of /api/point; shown: the layers on the map now (optional), to say "geen gegevens hier" when
// none of them covers the point. Returns { place, sentences: [..], notes: [..] } — notes are the limitations of
// the regional models the answer draws on, once each.
export function describePoint(point, l, shown = []) {
  const sentences = [];
  const notes = [];
  const values = point.values ?? [];
  const scenarioName = (v) => (v.storm ? stormName(v.storm, l, v.scenario) : v.scenario ?? v.title);
  const note = (v) => {
    const text = v.model?.limitations?.[l === 'en' ? 'en' : 'nl'];
    if (isRegional(v) && text && !notes.includes(text)) notes.push(text);
  };
  // Flood depth and duration per scenario, in the order the server lists them.
  for (const v of values.filter((x) => x.legend === 'depth_m' && x.theme === 'flood' && x.value !== null)) {
    const d = values.find((x) => x.legend === 'duration_h' && x.scenario === v.scenario && x.area === v.area);
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
  for (const v of values.filter((x) => x.legend === 'bluespot_depth_m' && x.value !== null && x.value > 0)) {
    if (isRegional(v)) {
      sentences.push(t('here_bluespot_regional', { depth: coarseDepthText(v.value, l), model: modelName(v, l) }, l));
      note(v);
    } else {
      sentences.push(t('here_bluespot', { depth: depthText(v.value, l), model: modelName(v, l) }, l));
    }
  }
  for (const v of values.filter((x) => x.legend === 'pet_c' && x.value !== null)) {
    const c = v.value < 23 ? 0 : v.value < 29 ? 1 : v.value < 35 ? 2 : v.value < 41 ? 3 : 4;
    sentences.push(t('here_pet', { pet: num(v.value, 0, l), cls: tList('pet_classes', l)[c], model: modelName(v, l) }, l));
  }
  for (const v of values.filter((x) => x.legend === 'hillshade' && x.terrain_m !== null && x.terrain_m !== undefined)) {
    sentences.push(t('here_terrain', { height: num(v.terrain_m, isRegional(v) ? 0 : 1, l), model: modelName(v, l) }, l));
    break;
  }
  const hasResult = sentences.length > 0;
  // Layers with a cell here but no value in it (outside the modelled domain, or a map that is empty here).
  const noData = new Set();
  for (const v of values.filter((x) => x.value === null && x.legend !== 'hillshade')) {
    noData.add(t('here_no_data', { title: layerTitle(v, l), model: modelName(v, l) }, l));
  }
  // The map on screen does not reach this place at all.
  for (const layer of shown.filter((x) => !values.some((v) => v.layer === x.id))) {
    noData.add(t('here_no_data_shown', { title: layerTitle(layer, l) }, l));
  }
  sentences.push(...noData);
  if (!hasResult && noData.size === 0) sentences.push(t('here_nothing', {}, l));
  return { place: point.place?.name ?? null, sentences, notes };
}
