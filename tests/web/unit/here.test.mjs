// "What happens here": the point query's JSON as plain sentences (node --test tests/web/unit/). Every sentence
// names its model; a regional model answers coarsely and says it is not for a street or a house.
import test from 'node:test';
import assert from 'node:assert/strict';
import { describePoint, layerTitle, pointFacts } from '../../../web/src/here.js';
import { texts } from '../../../web/src/i18n.js';

const street = { area: 'a', detail: 'street', cell_size_m: 2, label: { nl: 'AHN 0,5 m, gemodelleerd op 2 m', en: 'AHN 0.5 m, modelled at 2 m' } };
const regional = {
  area: 'r', detail: 'regional', cell_size_m: 100, label: { nl: 'SRTM 100 m', en: 'SRTM 100 m' },
  limitations: { nl: 'Beperkingen van de kaart. Grof.', en: 'Limitations of the map. Coarse.' },
};
const v = (legend, theme, scenario, value, extra = {}) => ({ legend, theme, scenario, area: 'a', value, title: legend, model: street, ...extra });
// A regional model's value: its depth maps (flood and blue spots) draw in the regional legend, as the stress test
// writes them (render/legend.cpp "depth_regional_m").
const regionalLegend = (legend) => (legend === 'depth_m' || legend === 'bluespot_depth_m' ? 'depth_regional_m' : legend);
const r = (legend, theme, scenario, value, extra = {}) => v(regionalLegend(legend), theme, scenario, value, { area: 'r', model: regional, ...extra });

test('depth, duration, blue spot and heat in Dutch, each with its model', () => {
  const d = describePoint({
    place: { name: 'Stadsbeekstraat' },
    values: [v('depth_m', 'flood', 'T100', 0.42), v('duration_h', 'flood', 'T100', 2), v('bluespot_depth_m', 'bluespots', null, 0.25),
      v('pet_c', 'heat', null, 37.5), v('hillshade', 'terrain', null, 180, { terrain_m: 30.85 })],
  }, 'nl');
  assert.equal(d.place, 'Stadsbeekstraat');
  assert.deepEqual(d.sentences, [
    'Bij T100 komt hier tot 42 cm water te staan (model: AHN 0,5 m, gemodelleerd op 2 m).',
    'Het water blijft hier ongeveer 2,0 uur staan.',
    'Dit is een blauwe plek: een laagte waar regenwater blijft staan, tot 25 cm diep (model: AHN 0,5 m, gemodelleerd op 2 m).',
    'Op een hete zomerdag voelt het hier als 38 °C: sterke hittestress (model: AHN 0,5 m, gemodelleerd op 2 m).',
    'De grond ligt hier op 30,9 m boven NAP (model: AHN 0,5 m, gemodelleerd op 2 m).',
  ]);
  assert.deepEqual(d.notes, []);
});

test('shallow water counts as dry, deep water in metres, short durations in minutes, in English', () => {
  const d = describePoint({
    values: [v('depth_m', 'flood', 'T10', 0.03), v('depth_m', 'flood', 'T100', 1.234), v('duration_h', 'flood', 'T100', 0.25)],
  }, 'en');
  assert.deepEqual(d.sentences, [
    'In T10, this spot stays practically dry (less than 5 cm of water; model: AHN 0.5 m, modelled at 2 m).',
    'In T100, water here gets up to 1.2 m deep (model: AHN 0.5 m, modelled at 2 m).',
    'Water stays here for about 15 minutes.',
  ]);
});

test('a regional model gives coarse answers, not for a street or a house, with its limitations once', () => {
  const point = {
    values: [r('depth_m', 'flood', 'NL70_2h', 1.9), r('depth_m', 'flood', 'NL140_2h', 0.0), r('bluespot_depth_m', 'bluespots', null, 2.3),
      r('hillshade', 'terrain', null, 120, { terrain_m: 31 })],
  };
  const nl = describePoint(point, 'nl');
  assert.deepEqual(nl.sentences, [
    'Regionaal model SRTM 100 m, bij NL70_2h: laagte tot ~1,9 m water; niet geschikt voor een straat of huis.',
    'Regionaal model SRTM 100 m, bij NL140_2h: hier geen laagte met water; dat zegt niets over een straat of huis.',
    'Regionaal model SRTM 100 m: een laagte in het hoogtemodel, tot ~2,3 m diep; niet geschikt voor een straat of huis.',
    'De grond ligt hier op 31 m boven NAP (model: SRTM 100 m).',
  ]);
  assert.deepEqual(nl.notes, ['Beperkingen van de kaart. Grof.']);
  const en = describePoint(point, 'en');
  assert.equal(en.sentences[0], 'Regional model SRTM 100 m, in NL70_2h: low area with up to ~1.9 m of water; not suitable for a street or a house.');
  assert.deepEqual(en.notes, ['Limitations of the map. Coarse.']);
});

test('a value without a model says so instead of standing alone', () => {
  const d = describePoint({ values: [v('depth_m', 'flood', 'T100', 0.42, { model: undefined })] }, 'en');
  assert.deepEqual(d.sentences, ['In T100, water here gets up to 42 cm deep (model: unknown model).']);
});

test('no layers here: say there are no results', () => {
  assert.deepEqual(describePoint({ values: [] }, 'nl').sentences, ['Voor deze plek zijn geen resultaten.']);
});

test('a layer without a value here says "geen gegevens hier", naming the map and its model', () => {
  const d = describePoint({ values: [v('pet_c', 'heat', null, null), v('depth_m', 'flood', 'T100', null)] }, 'nl');
  assert.deepEqual(d.sentences, [
    'Gevoelstemperatuur (PET) op een hete middag: geen gegevens hier (AHN 0,5 m, gemodelleerd op 2 m).',
    'Maximale waterdiepte: geen gegevens hier (AHN 0,5 m, gemodelleerd op 2 m).',
  ]);
  // A map on screen that does not reach the place at all (the heat map over another town).
  const heat = { id: 'z/heat/pet', legend: 'pet_c', theme: 'heat', title: 'Gevoelstemperatuur (PET) 12-18 uur op hittedag, Zundert' };
  const en = describePoint({ values: [v('depth_m', 'flood', 'T100', 0.2, { layer: 'a/T100/max_depth' })] }, 'en', [heat]);
  assert.equal(en.sentences.at(-1), 'Perceived temperature (PET) on a hot afternoon: no data here; the map does not reach this spot.');
  assert.ok(!en.sentences.some((s) => /gegevens|Gevoel/.test(s)), en.sentences.join(' | '));
});

test('a depth map of another area on screen stays silent where a model answers for the same storm', () => {
  // The Waterdiepte choice draws every area's map of the storm: in Enschede the regional model answers, and the
  // Zundert map of that storm, which does not reach Enschede, adds no "geen gegevens hier".
  const zundert = { id: 'z/NL70_2h/max_depth', legend: 'depth_m', theme: 'flood', scenario: 'NL70_2h', title: 'Maximale waterdiepte' };
  const answered = describePoint({ values: [r('depth_m', 'flood', 'NL70_2h', 0.0, { layer: 'r/NL70_2h/max_depth' })] }, 'nl', [zundert]);
  assert.deepEqual(answered.sentences,
    ['Regionaal model SRTM 100 m, bij NL70_2h: hier geen laagte met water; dat zegt niets over een straat of huis.']);
  // Where no model answers for that storm, the map on screen still says it does not reach the place.
  const other = describePoint({ values: [r('depth_m', 'flood', 'NL140_2h', 0.0, { layer: 'r/NL140_2h/max_depth' })] }, 'nl', [zundert]);
  assert.equal(other.sentences.at(-1), 'Maximale waterdiepte: geen gegevens hier; de kaart reikt niet tot deze plek.');
});

// The duration layer counts the time above a threshold (5 cm in the stress test, its "threshold_m"): the depth
// sentence and the duration sentence use that same depth, and a place dry by it gets no duration at all.
const T100 = { id: 'T100', rain_mm: 70, duration_h: 1, return_period_years: 100 };
const flood = (legend, value, extra = {}) => v(legend, 'flood', 'T100', value, { storm: T100, ...extra });

test('depth and duration sentences use the duration layer\'s threshold, never another one', () => {
  const wet = describePoint({ values: [flood('depth_m', 0.42), flood('duration_h', 2.3, { threshold_m: 0.05 })] }, 'nl');
  assert.deepEqual(wet.sentences, [
    'Bij Korte hevige bui: 70 mm in 1 uur, eens per 100 jaar komt hier tot 42 cm water te staan (model: AHN 0,5 m, gemodelleerd op 2 m).',
    'Het water staat hier ongeveer 2,3 uur hoger dan 5 cm.',
  ]);
  for (const threshold of [0.05, 0.1, 0.15]) {
    for (const depth of [0.03, 0.07, 0.12, 0.5]) {
      const d = describePoint({ values: [flood('depth_m', depth), flood('duration_h', 1.5, { threshold_m: threshold })] }, 'nl');
      const cm = `${Math.round(threshold * 100)} cm`;
      // Every centimetre figure in a threshold sentence is the layer's threshold.
      for (const s of d.sentences.filter((x) => /minder dan|hoger dan/.test(x))) assert.match(s, new RegExp(`(minder|hoger) dan ${cm}`), s);
      const wetHere = depth >= threshold;
      assert.equal(d.sentences.length, wetHere ? 2 : 1, d.sentences.join(' | '));
      assert.equal(d.sentences[0].includes('vrijwel droog'), !wetHere);
    }
  }
  const en = describePoint({ values: [flood('depth_m', 0.03), flood('duration_h', 0.5, { threshold_m: 0.05 })] }, 'en');
  assert.deepEqual(en.sentences, ['In Short heavy cloudburst: 70 mm in 1 hour, once in 100 years, this spot stays practically dry (less than 5 cm of water; model: AHN 0.5 m, modelled at 2 m).']);
});

test('a layer title comes from its legend, storm and threshold in the reader\'s language, not the Dutch manifest title', () => {
  const layer = { legend: 'duration_h', threshold_m: 0.05, scenario: 'T100_48h', title: 'Hoe lang water dieper dan 5cm staat, T100_48h (120 mm)',
    storm: { id: 'T100_48h', rain_mm: 120, duration_h: 48, return_period_years: 100 } };
  assert.equal(layerTitle(layer, 'en'), 'How long water stands deeper than 5 cm, Prolonged rain: 120 mm in 48 hours, once in 100 years');
  assert.equal(layerTitle(layer, 'nl'), 'Hoe lang water dieper dan 5 cm staat, Langdurige bui: 120 mm in 48 uur, eens per 100 jaar');
  assert.equal(layerTitle({ legend: 'mystery', title: 'Iets' }, 'en'), 'Iets');
});

// Two models over one place (the regional SRTM model under a street model): the finest answers, and says so.
test('where several models cover a point, the finest answers each map and the answer says which', () => {
  const point = {
    values: [r('depth_m', 'flood', 'T100', 1.9), v('depth_m', 'flood', 'T100', 0.42),
      r('hillshade', 'terrain', null, 100, { terrain_m: 31 }), v('hillshade', 'terrain', null, 120, { terrain_m: 30.85 }),
      // Only the regional model has this storm: its answer stays, with its limitations.
      r('depth_m', 'flood', 'T1000', 2.4)],
  };
  const nl = describePoint(point, 'nl');
  assert.deepEqual(nl.sentences, [
    'Fijnste model hier: AHN 0,5 m, gemodelleerd op 2 m; elk antwoord komt van het fijnste model met een kaart hier (ook gerekend: SRTM 100 m).',
    'Bij T100 komt hier tot 42 cm water te staan (model: AHN 0,5 m, gemodelleerd op 2 m).',
    'Regionaal model SRTM 100 m, bij T1000: laagte tot ~2,4 m water; niet geschikt voor een straat of huis.',
    'De grond ligt hier op 30,9 m boven NAP (model: AHN 0,5 m, gemodelleerd op 2 m).',
  ]);
  assert.deepEqual(nl.notes, ['Beperkingen van de kaart. Grof.']);
  // The order in which the server lists the models does not matter.
  assert.deepEqual(describePoint({ values: [...point.values].reverse() }, 'nl').sentences.slice(0, 1), nl.sentences.slice(0, 1));
  // A finer model without a value here does not hide the coarser one's answer, and is not "geen gegevens".
  const gap = describePoint({ values: [v('depth_m', 'flood', 'T100', null), r('depth_m', 'flood', 'T100', 0.5)] }, 'en');
  assert.deepEqual(gap.sentences, ['Regional model SRTM 100 m, in T100: low area with up to ~0.5 m of water; not suitable for a street or a house.']);
});

test('the facts for the advice: the deepest water of the finest street model, its threshold, blue spots and heat', () => {
  const f = pointFacts({ values: [flood('depth_m', 0.12), flood('duration_h', 1, { threshold_m: 0.1 }),
    v('depth_m', 'flood', 'T10', 0.04), v('pet_c', 'heat', null, 37.5), v('bluespot_depth_m', 'bluespots', null, null)] });
  assert.deepEqual(f, { depth_m: 0.12, wet_m: 0.1, bluespot_m: 0, pet_c: 37.5, has_data: true });
  // A regional model's low area says nothing about a street: it counts like a blue spot, not as a depth.
  const regionalOnly = pointFacts({ values: [r('depth_m', 'flood', 'T100', 1.9)] });
  assert.deepEqual(regionalOnly, { depth_m: null, wet_m: 0.05, bluespot_m: 1.9, pet_c: null, has_data: true });
  // Only terrain, or maps without a value here: no data for advice.
  assert.equal(pointFacts({ values: [v('hillshade', 'terrain', null, 100, { terrain_m: 30 }), v('pet_c', 'heat', null, null)] }).has_data, false);
});

test('no answer text fixes a depth of its own: a threshold is always the duration layer\'s {threshold}', () => {
  // A text like "minder dan 5 cm water" would contradict "2,3 uur hoger dan 10 cm" where the layer counts from 10 cm.
  const fixed = [];
  for (const l of ['nl', 'en']) {
    for (const [k, s] of Object.entries(texts[l]).filter(([key]) => key.startsWith('here_'))) {
      if (/\d+\s*cm/.test(s)) fixed.push(`${l}.${k}: ${s}`);
    }
  }
  assert.deepEqual(fixed, []);
  assert.match(texts.nl.here_dry_below, /\{threshold\}/);
  assert.match(texts.nl.here_duration, /\{threshold\}/);
});
