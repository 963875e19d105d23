// "What happens here": the point query's values (GET /api/point) as a few plain sentences.
import { t, num } from './i18n.js';

function depthText(m, l) {
  return m < 1 ? `${num(Math.round(m * 100), 0, l)} cm` : `${num(m, 2, l)} m`;
}

function durationText(h, l) {
  if (h < 1) return t('minutes_short', { n: num(Math.max(1, Math.round(h * 60)), 0, l) }, l);
  return t('hours', { n: num(h, h < 10 ? 1 : 0, l) }, l);
}

const PET_CLASS = {
  nl: ['geen hittestress', 'lichte hittestress', 'matige hittestress', 'sterke hittestress', 'extreme hittestress'],
  en: ['no heat stress', 'slight heat stress', 'moderate heat stress', 'strong heat stress', 'extreme heat stress'],
};

// point: the JSON of /api/point; returns { place, sentences: [..] }.
export function describePoint(point, l) {
  const sentences = [];
  const values = point.values ?? [];
  const scenarioName = (v) => v.scenario ?? v.title;
  // Flood depth and duration per scenario, in the order the server lists them.
  for (const v of values.filter((x) => x.legend === 'depth_m' && x.theme === 'flood')) {
    const name = scenarioName(v);
    if (v.value !== null && v.value >= 0.05) sentences.push(t('here_depth', { scenario: name, depth: depthText(v.value, l) }, l));
    else sentences.push(t('here_dry', { scenario: name }, l));
    const d = values.find((x) => x.legend === 'duration_h' && x.scenario === v.scenario && x.area === v.area);
    if (d && d.value !== null && d.value > 0) sentences.push(t('here_duration', { hours: durationText(d.value, l) }, l));
  }
  for (const v of values.filter((x) => x.legend === 'bluespot_depth_m' && x.value !== null && x.value > 0)) {
    sentences.push(t('here_bluespot', { depth: depthText(v.value, l) }, l));
  }
  for (const v of values.filter((x) => x.legend === 'pet_c' && x.value !== null)) {
    const c = v.value < 23 ? 0 : v.value < 29 ? 1 : v.value < 35 ? 2 : v.value < 41 ? 3 : 4;
    sentences.push(t('here_pet', { pet: num(v.value, 0, l), cls: PET_CLASS[l === 'en' ? 'en' : 'nl'][c] }, l));
  }
  for (const v of values.filter((x) => x.legend === 'hillshade' && x.terrain_m !== null && x.terrain_m !== undefined)) {
    sentences.push(t('here_terrain', { height: num(v.terrain_m, 1, l) }, l));
    break;
  }
  if (sentences.length === 0) sentences.push(t('here_nothing', {}, l));
  return { place: point.place?.name ?? null, sentences };
}
