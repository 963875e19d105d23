// The partner view's indicator tables (node --test tests/web/unit/): the overview's nested indicators
// ({area: {scenario: {indicator: value}}}, as `waternet stresstest` writes them) become labelled, rounded numbers.
import test from 'node:test';
import assert from 'node:assert/strict';
import { partnerTables } from '../../../web/src/partner.js';

// Shaped as one partner of GET /api/partner/overview for the Twente results (values from a run, rounded here).
const enschede = {
  id: 'GM0153', name: 'Enschede', kind: 'municipality',
  indicators: {
    twente: {
      T1000_48h: { area_over_10cm_ha: 1881.0, area_over_5cm_ha: 2031.0, volume_m3: 11373764.76, damage_eur: 1328444.48 },
      T100_48h: { area_over_10cm_ha: 1571.0, area_over_5cm_ha: 1715.0, volume_m3: 8367249.97, damage_eur: 1136548.11,
        roads_impassable_km: 1.44, buildings_facade_over_10cm: 12, buildings_facade_over_5cm: 30 },
    },
  },
};

const texts = (tables) => tables.flatMap((tab) => [tab.caption, ...tab.rows.flatMap((r) => [r.label, r.value])]);

test('every indicator is a number in Dutch format with a Dutch label, never "[object Object]"', () => {
  const tables = partnerTables(enschede, 'nl');
  assert.deepEqual(tables.map((tab) => tab.scenario), ['T100_48h', 'T1000_48h']);  // 100 before 1000
  const t100 = tables[0];
  assert.equal(t100.caption, 'twente · T100_48h');  // without names: the ids
  assert.deepEqual(t100.rows.map((r) => [r.label, r.value]), [
    ['Water op maaiveld (m³)', '8.370.000'],  // 8 367 250 m³ to three significant digits
    ['Oppervlak met meer dan 5 cm water (ha)', '1.715'],
    ['Oppervlak met meer dan 10 cm water (ha)', '1.571'],  // thresholds shallow to deep, not as text sorts
    ['Gebouwen met meer dan 5 cm water aan de gevel', '30'],
    ['Gebouwen met meer dan 10 cm water aan de gevel', '12'],
    ['Onbegaanbare wegen (km)', '1,4'],
    ['Schade (euro)', '1.140.000'],
  ]);
  for (const s of texts(tables)) assert.doesNotMatch(s, /object Object|undefined|NaN|null/);
});

test('the same tables in English, with English number format', () => {
  const [t100, t1000] = partnerTables(enschede, 'en');
  assert.equal(t100.caption, 'twente · T100_48h');
  const row = (tab, key) => tab.rows.find((r) => r.key === key);
  assert.equal(row(t100, 'volume_m3').label, 'Water on the ground (m³)');
  assert.equal(row(t100, 'volume_m3').value, '8,370,000');
  assert.equal(row(t100, 'area_over_10cm_ha').label, 'Area with more than 10 cm of water (ha)');
  assert.equal(row(t1000, 'area_over_10cm_ha').value, '1,881');
  assert.equal(row(t100, 'roads_impassable_km').value, '1.4');
  assert.equal(row(t1000, 'damage_eur').value, '1,330,000');
  for (const s of texts([t100, t1000])) assert.doesNotMatch(s, /object Object|undefined|NaN|null/);
});

test('bars compare a value with the largest of the same indicator over the scenarios', () => {
  const [t100, t1000] = partnerTables(enschede, 'nl');
  const fraction = (tab, key) => tab.rows.find((r) => r.key === key).fraction;
  assert.equal(fraction(t1000, 'area_over_10cm_ha'), 1);
  assert.ok(Math.abs(fraction(t100, 'area_over_10cm_ha') - 1571 / 1881) < 1e-12);
  assert.equal(fraction(t100, 'roads_impassable_km'), 1);  // only T100 has it
});

test('a partner without indicators, and values that are not numbers, give no rows', () => {
  assert.deepEqual(partnerTables({ indicators: {} }, 'nl'), []);
  const [tab] = partnerTables({ indicators: { a: { T10: { volume_m3: 20, note: { x: 1 }, empty: null } } } }, 'en');
  assert.deepEqual(tab.rows.map((r) => r.key), ['volume_m3']);
});

test('captions name the model and the storm as the standard does when the layers tell them', () => {
  const names = {
    model: (area) => (area === 'twente' ? 'SRTM 100 m (regionaal)' : null),
    storm: (scenario) => (scenario === 'T100_48h'
      ? { id: 'T100_48h', rain_mm: 120, duration_h: 48, return_period_years: 100 } : null),
  };
  const [t100, t1000] = partnerTables(enschede, 'nl', names);
  assert.equal(t100.caption, 'SRTM 100 m (regionaal) · Langdurige bui: 120 mm in 48 uur, eens per 100 jaar');
  assert.equal(t1000.caption, 'SRTM 100 m (regionaal) · T1000_48h');  // no storm record: the id, never "null"
  assert.match(partnerTables(enschede, 'en', names)[0].caption, /^SRTM 100 m \(regionaal\) · Prolonged rain: 120 mm in 48 hours/);
});
