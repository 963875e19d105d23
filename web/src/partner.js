// The partner view's indicator tables: one partner's indicators (GET /api/partner/overview, as
// `waternet stresstest` writes tables/partner_indicators.json: {area: {scenario: {indicator: value}}}) as one
// table per model area and scenario, each row a plain label, the number rounded to what the data supports, and
// the value as a fraction of the largest value of that indicator over the partner's scenarios (for a small bar).
import { t, num } from './i18n.js';
import { stormName } from './storms.js';

// Known indicators in reading order; those per depth threshold (area_over_10cm_ha, …) shallow to deep.
const ORDER = [/^modelled_ha$/, /^volume_m3$/, /^area_over_\d+cm_ha$/, /^buildings$/, /^buildings_facade_over_\d+cm$/,
  /^roads_impassable_km$/, /^vital_hit$/, /^damage_eur$/];

function rank(key) {
  const i = ORDER.findIndex((re) => re.test(key));
  return i < 0 ? ORDER.length : i;
}
const thresholdCm = (key) => Number(key.match(/_(\d+)cm/)?.[1] ?? 0);

export function indicatorLabel(key, l) {
  const over = key.match(/^area_over_(\d+)cm_ha$/);
  if (over) return t('ind_area_over', { cm: over[1] }, l);
  const facade = key.match(/^buildings_facade_over_(\d+)cm$/);
  if (facade) return t('ind_buildings_facade_over', { cm: facade[1] }, l);
  const label = t(`ind_${key}`, {}, l);
  return label === `ind_${key}` ? key.replaceAll('_', ' ') : label;
}

// `v` to `digits` significant digits (a volume of 17.293.166,4 m³ is known to two or three, not to the litre).
function significant(v, digits) {
  if (v === 0) return 0;
  const scale = 10 ** (Math.floor(Math.log10(Math.abs(v))) + 1 - digits);
  return Math.round(v / scale) * scale;
}

// The number as a person should read it: hectares whole (the models' cells are 0.25–1 ha at most), volumes and
// euros to three significant digits, counts exact, kilometres to 0.1 km.
export function indicatorValue(key, v, l) {
  if (key.endsWith('_ha')) return num(Math.round(v), 0, l);
  if (key.endsWith('_m3') || key.endsWith('_eur')) return num(significant(v, 3), 0, l);
  if (key.endsWith('_km')) return num(v, 1, l);
  return num(v, Number.isInteger(v) ? 0 : 1, l);
}

const byScenarioName = (a, b) => a.localeCompare(b, 'en', { numeric: true });

// [{area, scenario, caption, rows: [{key, label, value, fraction}]}] for one partner of the overview. `names` tells
// what the ids stand for, from the layers' manifest records: model(area) → the model's name ("AHN 5 m, gemodelleerd
// op 10 m") and storm(scenario) → the storm record (storms.js); without them a caption shows the ids.
export function partnerTables(partner, l, names = {}) {
  const modelOf = (area) => names.model?.(area) ?? area;
  const stormOf = (scenario) => stormName(names.storm?.(scenario) ?? null, l, scenario);
  const tables = [];
  for (const [area, scenarios] of Object.entries(partner.indicators ?? {})) {
    if (!scenarios || typeof scenarios !== 'object') continue;
    const largest = {};
    for (const values of Object.values(scenarios))
      for (const [k, v] of Object.entries(values ?? {}))
        if (Number.isFinite(v)) largest[k] = Math.max(largest[k] ?? 0, Math.abs(v));
    for (const scenario of Object.keys(scenarios).sort(byScenarioName)) {
      const keys = Object.keys(scenarios[scenario] ?? {}).filter((k) => Number.isFinite(scenarios[scenario][k]));
      keys.sort((a, b) => rank(a) - rank(b) || thresholdCm(a) - thresholdCm(b) || a.localeCompare(b));
      tables.push({
        area, scenario, caption: t('ind_caption', { area: modelOf(area), scenario: stormOf(scenario) }, l),
        rows: keys.map((key) => {
          const v = scenarios[scenario][key];
          return { key, label: indicatorLabel(key, l), value: indicatorValue(key, v, l),
            fraction: largest[key] > 0 ? Math.abs(v) / largest[key] : 0 };
        }),
      });
    }
  }
  return tables;
}
