// "What happens here": the point query's values (GET /api/point) as a few plain sentences. Every sentence names
// the model the value comes from and its resolution; a regional model's answers are coarse ("laagte tot ~1,9 m")
// and say that they do not apply to a street or a house (docs/viewer.md, "What happens here").
import { t, num } from './i18n.js';

function depthText(m, l) {
  return m < 1 ? `${num(Math.round(m * 100), 0, l)} cm` : `${num(m, 2, l)} m`;
}

// A regional model's depth: already rounded by the server to 10 cm; shown as "~0,3 m", "~1,9 m".
function coarseDepthText(m, l) {
  return `~${num(m, 1, l)} m`;
}

function durationText(h, l) {
  if (h < 1) return t('minutes_short', { n: num(Math.max(1, Math.round(h * 60)), 0, l) }, l);
  return t('hours', { n: num(h, h < 10 ? 1 : 0, l) }, l);
}

const PET_CLASS = {
  nl: ['geen hittestress', 'lichte hittestress', 'matige hittestress', 'sterke hittestress', 'extreme hittestress'],
  en: ['no heat stress', 'slight heat stress', 'moderate heat stress', 'strong heat stress', 'extreme heat stress'],
};

// The model a value comes from, in the reader's language ("AHN 5 m, gemodelleerd op 10 m").
export function modelName(v, l) {
  return v.model?.label?.[l === 'en' ? 'en' : 'nl'] || t('model_unknown', {}, l);
}
const isRegional = (v) => v.model?.detail === 'regional';

// point: the JSON of /api/point; returns { place, sentences: [..], notes: [..] } — notes are the limitations of
// the regional models the answer draws on, once each.
export function describePoint(point, l) {
  const sentences = [];
  const notes = [];
  const values = point.values ?? [];
  const scenarioName = (v) => v.scenario ?? v.title;
  const note = (v) => {
    const text = v.model?.limitations?.[l === 'en' ? 'en' : 'nl'];
    if (isRegional(v) && text && !notes.includes(text)) notes.push(text);
  };
  // Flood depth and duration per scenario, in the order the server lists them.
  for (const v of values.filter((x) => x.legend === 'depth_m' && x.theme === 'flood')) {
    const vars = { scenario: scenarioName(v), model: modelName(v, l) };
    const wet = v.value !== null && v.value >= 0.05;
    if (isRegional(v)) {
      sentences.push(wet ? t('here_depth_regional', { ...vars, depth: coarseDepthText(v.value, l) }, l)
        : t('here_dry_regional', vars, l));
      note(v);
    } else {
      sentences.push(wet ? t('here_depth', { ...vars, depth: depthText(v.value, l) }, l) : t('here_dry', vars, l));
    }
    const d = values.find((x) => x.legend === 'duration_h' && x.scenario === v.scenario && x.area === v.area);
    if (d && d.value !== null && d.value > 0) sentences.push(t('here_duration', { hours: durationText(d.value, l) }, l));
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
    sentences.push(t('here_pet', { pet: num(v.value, 0, l), cls: PET_CLASS[l === 'en' ? 'en' : 'nl'][c], model: modelName(v, l) }, l));
  }
  for (const v of values.filter((x) => x.legend === 'hillshade' && x.terrain_m !== null && x.terrain_m !== undefined)) {
    sentences.push(t('here_terrain', { height: num(v.terrain_m, isRegional(v) ? 0 : 1, l), model: modelName(v, l) }, l));
    break;
  }
  if (sentences.length === 0) sentences.push(t('here_nothing', {}, l));
  return { place: point.place?.name ?? null, sentences, notes };
}
