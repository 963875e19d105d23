// "What happens here": the point query's JSON as plain sentences (node --test tests/web/unit/).
import test from 'node:test';
import assert from 'node:assert/strict';
import { describePoint } from '../../../web/src/here.js';

const v = (legend, theme, scenario, value, extra = {}) => ({ legend, theme, scenario, area: 'a', value, title: legend, ...extra });

test('depth, duration, blue spot and heat in Dutch', () => {
  const d = describePoint({
    place: { name: 'Stadsbeekstraat' },
    values: [v('depth_m', 'flood', 'T100', 0.42), v('duration_h', 'flood', 'T100', 2), v('bluespot_depth_m', 'bluespots', null, 0.25),
      v('pet_c', 'heat', null, 37.5), v('hillshade', 'terrain', null, 180, { terrain_m: 30.85 })],
  }, 'nl');
  assert.equal(d.place, 'Stadsbeekstraat');
  assert.deepEqual(d.sentences, [
    'Bij T100 komt hier tot 42 cm water te staan.',
    'Het water staat hier ongeveer 2,0 uur boven 10 cm.',
    'Dit is een blauwe plek: een laagte waar regenwater blijft staan, tot 25 cm diep.',
    'Op een hete zomerdag voelt het hier als 38 °C: sterke hittestress.',
    'De grond ligt hier op 30,9 m boven NAP.',
  ]);
});

test('shallow water counts as dry, deep water in metres, short durations in minutes, in English', () => {
  const d = describePoint({
    values: [v('depth_m', 'flood', 'T10', 0.03), v('depth_m', 'flood', 'T100', 1.234), v('duration_h', 'flood', 'T100', 0.25)],
  }, 'en');
  assert.deepEqual(d.sentences, [
    'In T10, this spot stays practically dry (less than 5 cm of water).',
    'In T100, water here gets up to 1.23 m deep.',
    'Water stands here above 10 cm for about 15 minutes.',
  ]);
});

test('no data and no layers say so', () => {
  assert.deepEqual(describePoint({ values: [] }, 'nl').sentences, ['Voor deze plek zijn geen resultaten.']);
  assert.deepEqual(describePoint({ values: [v('pet_c', 'heat', null, null)] }, 'en').sentences, ['There are no results for this spot.']);
});
