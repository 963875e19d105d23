// "What happens here": the point query's JSON as plain sentences (node --test tests/web/unit/). Every sentence
// names its model; a regional model answers coarsely and says it is not for a street or a house.
import test from 'node:test';
import assert from 'node:assert/strict';
import { describePoint } from '../../../web/src/here.js';

const street = { area: 'a', detail: 'street', cell_size_m: 2, label: { nl: 'AHN 0,5 m, gemodelleerd op 2 m', en: 'AHN 0.5 m, modelled at 2 m' } };
const regional = {
  area: 'r', detail: 'regional', cell_size_m: 100, label: { nl: 'SRTM 100 m', en: 'SRTM 100 m' },
  limitations: { nl: 'Beperkingen van de kaart. Grof.', en: 'Limitations of the map. Coarse.' },
};
const v = (legend, theme, scenario, value, extra = {}) => ({ legend, theme, scenario, area: 'a', value, title: legend, model: street, ...extra });

test('depth, duration, blue spot and heat in Dutch, each with its model', () => {
  const d = describePoint({
    place: { name: 'Stadsbeekstraat' },
    values: [v('depth_m', 'flood', 'T100', 0.42), v('duration_h', 'flood', 'T100', 2), v('bluespot_depth_m', 'bluespots', null, 0.25),
      v('pet_c', 'heat', null, 37.5), v('hillshade', 'terrain', null, 180, { terrain_m: 30.85 })],
  }, 'nl');
  assert.equal(d.place, 'Stadsbeekstraat');
  assert.deepEqual(d.sentences, [
    'Bij T100 komt hier tot 42 cm water te staan (model: AHN 0,5 m, gemodelleerd op 2 m).',
    'Het water staat hier ongeveer 2,0 uur boven 10 cm.',
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
    'In T100, water here gets up to 1.23 m deep (model: AHN 0.5 m, modelled at 2 m).',
    'Water stands here above 10 cm for about 15 minutes.',
  ]);
});

test('a regional model gives coarse answers, not for a street or a house, with its limitations once', () => {
  const r = (legend, theme, scenario, value, extra = {}) => v(legend, theme, scenario, value, { area: 'r', model: regional, ...extra });
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

test('no data and no layers say so', () => {
  assert.deepEqual(describePoint({ values: [] }, 'nl').sentences, ['Voor deze plek zijn geen resultaten.']);
  assert.deepEqual(describePoint({ values: [v('pet_c', 'heat', null, null)] }, 'en').sentences, ['There are no results for this spot.']);
});
