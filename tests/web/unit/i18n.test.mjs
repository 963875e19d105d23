// Every text of the viewer in Dutch and English (node --test tests/web/unit/): the two tables have the same keys
// and placeholders, neither holds the other language's words, numbers are written the Dutch way in Dutch, storms
// are named as the standard names them, and legends say their own unit in the reader's language.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { texts, num, t } from '../../../web/src/i18n.js';
import { stormName, stormKind } from '../../../web/src/storms.js';
import { classLabel, legendUnit, mapKind } from '../../../web/src/legend.js';
import { apiMessage } from '../../../web/src/api.js';
import { waterlabel } from '../../../web/src/waterlabel.js';

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every key exists in both languages, with the same placeholders', () => {
  const nl = Object.keys(texts.nl).sort(), en = Object.keys(texts.en).sort();
  assert.deepEqual(nl.filter((k) => !texts.en[k]), [], 'Dutch keys without English');
  assert.deepEqual(en.filter((k) => !texts.nl[k]), [], 'English keys without Dutch');
  for (const k of nl) assert.deepEqual(placeholders(texts.en[k]), placeholders(texts.nl[k]), k);
  // Lists ('a|b|c') have as many items in both.
  for (const k of nl.filter((x) => texts.nl[x].includes('|'))) assert.equal(texts.en[k].split('|').length, texts.nl[k].split('|').length, k);
});

// Words that only occur in one of the two languages (checked as whole words, case-insensitively).
const DUTCH_ONLY = ['de', 'het', 'een', 'en', 'van', 'bij', 'hier', 'uur', 'water te', 'bui', 'gemeente', 'straat', 'buurt',
  'kaart', 'geen', 'gegevens', 'waterdiepte', 'hoogte', 'tegels', 'tuin', 'dak', 'perceel', 'inloggen', 'wachtwoord',
  'gebruikersnaam', 'hittestress', 'laag', 'matig', 'lager', 'hoger', 'maatregel', 'jaar', 'keer', 'eens', 'langdurige'];
const ENGLISH_ONLY = ['the', 'and', 'here', 'hours', 'storm', 'municipality', 'street', 'neighbourhood', 'map', 'no data',
  'water depth', 'roof', 'garden', 'plot', 'paving', 'password', 'user name', 'heat stress', 'low', 'moderate', 'lower',
  'higher', 'measure', 'years', 'once', 'prolonged', 'wrong', 'larger than'];
const wordRe = (w) => new RegExp(`(^|[^\\p{L}])${w}([^\\p{L}]|$)`, 'iu');
// Placeholders ({storm}, {hours}) are names for the code, not text a reader sees.
const visible = (s) => s.replace(/\{\w+\}/g, ' ');

test('no Dutch words in the English table and no English words in the Dutch table', () => {
  const found = [];
  for (const [k, s] of Object.entries(texts.en)) for (const w of DUTCH_ONLY) if (wordRe(w).test(visible(s))) found.push(`en.${k}: "${w}" in "${s}"`);
  for (const [k, s] of Object.entries(texts.nl)) for (const w of ENGLISH_ONLY) if (wordRe(w).test(visible(s))) found.push(`nl.${k}: "${w}" in "${s}"`);
  assert.deepEqual(found, []);
  // The scan itself works: a Dutch title in the English table would be caught.
  assert.ok(DUTCH_ONLY.some((w) => wordRe(w).test('Maximale waterdiepte, T100')));
});

test('every t() key the viewer uses exists in both tables', () => {
  const used = new Set();
  // Every module of the viewer, so that a new one (tips.js, sheet.js, basemap.js) is covered without being listed.
  // (i18n.js itself holds the tables, and its comment shows t('key') as an example.)
  const modules = readdirSync(new URL('../../../web/src/', import.meta.url)).filter((f) => f.endsWith('.js') && f !== 'i18n.js');
  assert.ok(modules.includes('main.js') && modules.includes('tips.js'), `modules found: ${modules}`);
  for (const file of modules) {
    const src = readFileSync(new URL(`../../../web/src/${file}`, import.meta.url), 'utf8');
    for (const m of src.matchAll(/\bt(?:List)?\('([a-z_0-9]+)'/g)) used.add(m[1]);
  }
  const html = readFileSync(new URL('../../../web/index.html', import.meta.url), 'utf8');
  for (const m of html.matchAll(/data-i18n(?:-placeholder|-aria)?="([a-z_0-9]+)"/g)) used.add(m[1]);
  assert.ok(used.size > 30, `only ${used.size} keys found: the scan is broken`);
  assert.deepEqual([...used].filter((k) => !(k in texts.nl) || !(k in texts.en)), []);
});

test('numbers: comma decimals and dot thousands in Dutch, the other way round in English', () => {
  assert.equal(num(2743.04, 1, 'nl'), '2.743,0');
  assert.equal(num(2743.04, 1, 'en'), '2,743.0');
  assert.equal(num(0.5, 2, 'nl'), '0,50');
  assert.equal(t('label_result', { mm: num(21, 1, 'nl'), label: 'D' }, 'nl'), 'Uw perceel kan 21,0 mm bergen: label D.');
});

test('storms are named by kind, amount, duration and rarity from their record', () => {
  const t100 = { id: 'T100', rain_mm: 70, duration_h: 1, return_period_years: 100 };
  const long = { id: 'T100_48h', rain_mm: 120, duration_h: 48, return_period_years: 100 };
  const nl70 = { id: 'NL70_2h', rain_mm: 70, duration_h: 2, return_period_years: 100 };
  assert.equal(stormName(t100, 'nl'), 'Korte hevige bui: 70 mm in 1 uur, eens per 100 jaar');
  assert.equal(stormName(long, 'nl'), 'Langdurige bui: 120 mm in 48 uur, eens per 100 jaar');
  assert.equal(stormName(long, 'en'), 'Prolonged rain: 120 mm in 48 hours, once in 100 years');
  assert.equal(stormName(nl70, 'en', 'NL70_2h+groen'), 'Short heavy cloudburst: 70 mm in 2 hours, once in 100 years, with measures groen');
  // The figures come from the record, not the id: a record with other numbers reads differently.
  assert.equal(stormName({ ...t100, rain_mm: 84, return_period_years: 250 }, 'nl'), 'Korte hevige bui: 84 mm in 1 uur, eens per 250 jaar');
  assert.equal(stormName({ id: 'Bui01', rain_mm: 10.5, duration_h: 1.25, return_period_years: 0.25 }, 'nl'),
    'Korte hevige bui: 10,5 mm in 75 minuten, 4 keer per jaar');
  assert.equal(stormName({ ...long, return_period_years: null }, 'nl'), 'Langdurige bui: 120 mm in 48 uur');
  assert.equal(stormName(null, 'nl', 'T100'), 'T100');  // results without a storm record: the id is all there is
  assert.deepEqual([1, 2, 3, 12, 24, 48].map(stormKind), ['short', 'short', 'short', 'other', 'long', 'long']);
});

const depthLegend = { id: 'depth_m', unit: 'm', classes: [0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2].slice(0, -1)
  .map((lower, i, a) => ({ lower, upper: [0.1, 0.15, 0.2, 0.3, 0.5, 1, 2][i], label: 'x' })) };

test('legends: depths in centimetres under "Legenda (cm)", Dutch words and decimals in Dutch', () => {
  assert.equal(legendUnit(depthLegend, 'nl'), 'cm');
  assert.equal(classLabel(depthLegend, 0, 'nl'), '5–10 cm');
  assert.equal(classLabel(depthLegend, depthLegend.classes.length - 1, 'nl'), '> 100 cm');
  const velocity = { id: 'velocity_m_per_s', unit: 'm/s', classes: [{ lower: 0.1, upper: 0.25 }, { lower: 2, upper: 5 }] };
  assert.equal(classLabel(velocity, 0, 'nl'), '0,1–0,25 m/s');
  assert.equal(classLabel(velocity, 0, 'en'), '0.1–0.25 m/s');
  const pet = { id: 'pet_c', unit: '°C', classes: [{ lower: -100, upper: 23 }, { lower: 23, upper: 29 }, { lower: 41, upper: 60 }] };
  assert.equal(classLabel(pet, 0, 'nl'), '< 23 °C geen hittestress');
  assert.equal(classLabel(pet, 1, 'en'), '23–29 °C slight heat stress');
  const hazard = { id: 'hazard', unit: '-', classes: [{ lower: 0.5, upper: 0.75 }, { lower: 0.75, upper: 1.25 }, { lower: 1.25, upper: 2 }, { lower: 2, upper: 5 }] };
  // The classes of Defra/EA FD2320/TR2 (2006): HR 0.75, 1.25 and 2.0, "danger for some / most / all".
  assert.deepEqual([0, 3].map((i) => classLabel(hazard, i, 'en')), ['low: caution (< 0.75)', 'extreme: danger for all, emergency services too (> 2)']);
  assert.equal(classLabel(hazard, 1, 'nl'), 'matig: gevaarlijk voor sommigen (kinderen, ouderen) (0,75–1,25)');
  assert.equal(legendUnit(hazard, 'nl'), null);
  const duration = { id: 'duration_h', unit: 'h', classes: [{ lower: 0.25, upper: 1 }, { lower: 1, upper: 2 }, { lower: 24, upper: 72 }] };
  assert.deepEqual([0, 1, 2].map((i) => classLabel(duration, i, 'nl')), ['15 min – 1 uur', '1–2 uur', '> 24 uur']);
  const diff = { id: 'depth_difference_m', unit: 'm', classes: [{ lower: -100, upper: -0.2 }, { lower: -0.2, upper: -0.1 },
    { lower: -0.01, upper: 0.01 }, { lower: 0.01, upper: 0.05 }, { lower: 0.2, upper: 100 }] };
  assert.deepEqual([0, 1, 2, 3, 4].map((i) => classLabel(diff, i, 'nl')),
    ['> 20 cm lager', '10–20 cm lager', 'geen verschil (< 1 cm)', '1–5 cm hoger', '> 20 cm hoger']);
});

// A regional model's depth maps (render/legend.cpp "depth_regional_m"): decimetre classes under their own heading,
// chosen as the same kind of map as the street model's depth or blue spots, so that both show, each with its legend.
test('a regional model\'s depth legend is in decimetres and draws the same kind of map as the street legend', () => {
  const regional = { id: 'depth_regional_m', unit: 'm', classes: [0.1, 0.2, 0.3, 0.5, 1].map((lower, i) => ({ lower, upper: [0.2, 0.3, 0.5, 1, 2][i] })) };
  assert.equal(legendUnit(regional, 'nl'), 'dm');
  assert.deepEqual(regional.classes.map((_, i) => classLabel(regional, i, 'nl')), ['1–2 dm', '2–3 dm', '3–5 dm', '5–10 dm', '> 10 dm']);
  assert.equal(t('legend_regional', { unit: 'dm' }, 'nl'), 'Legenda regionaal model (dm)');
  assert.equal(mapKind({ legend: 'depth_regional_m', theme: 'flood' }), 'depth_m');
  assert.equal(mapKind({ legend: 'depth_regional_m', theme: 'bluespots' }), 'bluespot_depth_m');
  assert.equal(mapKind({ legend: 'velocity_m_per_s', theme: 'flood' }), 'velocity_m_per_s');
});

test('API and waterlabel errors are told in the reader\'s language', () => {
  // apiMessage follows the language set for the page (Dutch by default in node: no localStorage).
  assert.equal(apiMessage(401, { 401: 'login_wrong' }), 'gebruikersnaam of wachtwoord klopt niet');
  assert.equal(apiMessage(500), 'de server kon dit niet afmaken; probeer het later opnieuw');
  assert.equal(apiMessage(0), 'de server is niet bereikbaar');
  try {
    waterlabel({ plot_m2: 100, roof_m2: 80, garden_m2: 30 });
    assert.fail('a plot smaller than its parts must be refused');
  } catch (e) {
    assert.equal(e.code, 'parts_larger');
    assert.equal(t(`label_error_${e.code}`, e.vars, 'nl'), 'dak, bestrating en tuin samen zijn groter dan het perceel');
  }
});
