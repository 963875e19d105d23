// "Wat kan ik doen?" as advice (node --test tests/web/unit/): every tip in both languages with its effect and
// sources, and which tips fit what a clicked point shows ("Hier helpt: …").
import test from 'node:test';
import assert from 'node:assert/strict';
import { TIPS, THEMES, SOURCES, tipText, tipsOfTheme, tipById, tipsFor, waterSeverity, heatSeverity } from '../../../web/src/tips.js';
import { measures } from '../../../web/src/waterlabel.js';
import { texts } from '../../../web/src/i18n.js';

test('every tip has a theme, a title, what to do, what it brings and at least one known source, in both languages', () => {
  assert.equal(new Set(TIPS.map((tip) => tip.id)).size, TIPS.length, 'ids are unique');
  for (const tip of TIPS) {
    assert.ok(THEMES.includes(tip.theme), tip.id);
    for (const l of ['nl', 'en']) {
      const x = tipText(tip, l);
      for (const k of ['title', 'text', 'effect']) assert.ok(typeof x[k] === 'string' && x[k].length > 10, `${tip.id}.${k}.${l}`);
      assert.ok(x.sources.length > 0, tip.id);
      for (const s of x.sources) assert.ok(typeof s === 'string' && s.length > 3, `${tip.id}: source ${s}`);
    }
    for (const s of tip.sources) assert.ok(s in SOURCES, `${tip.id}: unknown source ${s}`);
    assert.notEqual(tip.text.nl, tip.text.en, tip.id);
  }
  // Each theme has advice and a heading in both languages, and the standard measures are there.
  for (const theme of THEMES) {
    assert.ok(tipsOfTheme(theme).length >= 3, theme);
    for (const l of ['nl', 'en']) assert.ok(texts[l][`tips_theme_${theme}`], `${l}.tips_theme_${theme}`);
  }
  for (const k of ['here_tips_title', 'here_tips_calm', 'here_tips_no_data', 'tips_title', 'tips_intro', 'tip_effect', 'tip_sources']) {
    for (const l of ['nl', 'en']) assert.ok(texts[l][k], `${l}.${k}`);
  }
  for (const id of ['unpave', 'rain_barrel', 'green_roof', 'disconnect', 'crate', 'doorstep', 'shade', 'keep_cool', 'water_smart', 'save_water']) {
    assert.ok(tipById(id), id);
  }
  assert.equal(tipById('no-such-tip'), null);
  // PET map method: Bowen ratio 0.4 (vegetation) against 3 in the 0.546·B term of PET_sun → about 1.4 °C.
  assert.equal((0.546 * (3 - 0.4)).toFixed(1), '1.4');
  assert.match(tipById('shade').effect.nl, /1,4 °C/);
  assert.match(tipById('shade').effect.en, /1\.4 °C/);
});

test('a tip that names a calculator measure names one the calculator offers', () => {
  // The terraced house with a crate in place offers every measure (waterlabel.test.mjs).
  const offered = new Set(measures({ plot_m2: 150, roof_m2: 60, paved_m2: 60, garden_m2: 30, underground_l: 500 }).options.map((o) => o.id));
  for (const tip of TIPS.filter((x) => x.measure)) assert.ok(offered.has(tip.measure), `${tip.id} → ${tip.measure}`);
});

// Whole words that only one of the two languages uses (as tests/web/unit/i18n.test.mjs does for the interface).
const DUTCH_ONLY = ['de', 'het', 'een', 'van', 'bij', 'hier', 'uur', 'bui', 'tuin', 'dak', 'tegels', 'regen', 'water geven', 'zonwering', 'niet'];
const ENGLISH_ONLY = ['the', 'and', 'here', 'garden', 'roof', 'rain', 'tiles', 'plot', 'paving', 'shade', 'not', 'with'];
const wordRe = (w) => new RegExp(`(^|[^\\p{L}])${w}([^\\p{L}]|$)`, 'iu');

test('no Dutch words in the English tips and no English words in the Dutch ones', () => {
  const found = [];
  for (const tip of TIPS) {
    for (const k of ['title', 'text', 'effect']) {
      for (const w of DUTCH_ONLY) if (wordRe(w).test(tip[k].en)) found.push(`${tip.id}.${k}.en: "${w}"`);
      for (const w of ENGLISH_ONLY) if (wordRe(w).test(tip[k].nl)) found.push(`${tip.id}.${k}.nl: "${w}"`);
    }
  }
  assert.deepEqual(found, []);
  assert.ok(wordRe('tuin').test('Een tuin met planten'), 'the scan itself works');
});

// facts as here.js pointFacts gives them.
const facts = (f) => ({ depth_m: null, wet_m: 0.05, bluespot_m: 0, pet_c: null, has_data: true, ...f });

test('how serious the water and the heat are, by the duration threshold, the doorstep, 30 cm and the PET classes', () => {
  assert.deepEqual([0.03, 0.05, 0.09, 0.1, 0.29, 0.3, 1.2].map((d) => waterSeverity(facts({ depth_m: d }))), [0, 1, 1, 2, 2, 3, 3]);
  // The same depth is dry where the duration layer counts from 10 cm.
  assert.equal(waterSeverity(facts({ depth_m: 0.07, wet_m: 0.1 })), 0);
  assert.equal(waterSeverity(facts({ bluespot_m: 0.4 })), 1);
  assert.deepEqual([null, 22, 28.9, 29, 34.9, 35, 41].map((p) => heatSeverity(facts({ pet_c: p }))), [0, 0, 0, 1, 1, 2, 3]);
});

test('the tips that fit a point: the more serious theme first, at most three, none invented where nothing happens', () => {
  // The browser tests' known cell: 42 cm of water, PET 37.5 °C (strong heat stress): water first.
  assert.deepEqual(tipsFor(facts({ depth_m: 0.42, wet_m: 0.1, pet_c: 37.5 })), { ids: ['doorstep', 'unpave', 'keep_cool'], reason: 'advice' });
  // Extreme heat and a little water: heat first.
  assert.deepEqual(tipsFor(facts({ depth_m: 0.06, pet_c: 42 })).ids, ['keep_cool', 'shade', 'unpave']);
  // Water alone: three water tips; shallow water keeps the rain on the plot, no doorstep.
  assert.deepEqual(tipsFor(facts({ depth_m: 0.07 })).ids, ['unpave', 'rain_barrel', 'disconnect']);
  assert.deepEqual(tipsFor(facts({ depth_m: 0.15 })).ids, ['doorstep', 'unpave', 'disconnect']);
  assert.deepEqual(tipsFor(facts({ bluespot_m: 0.3 })).ids, ['unpave', 'crate', 'rain_barrel']);
  assert.deepEqual(tipsFor(facts({ pet_c: 30 })).ids, ['shade', 'keep_cool', 'cool_place']);
  assert.equal(tipsFor(facts({ depth_m: 0.42, pet_c: 37.5 }), 2).ids.length, 2);
  // Dry and no heat stress to speak of: no advice, and it says why.
  assert.deepEqual(tipsFor(facts({ depth_m: 0.02, pet_c: 26 })), { ids: [], reason: 'calm' });
  assert.deepEqual(tipsFor(facts({ has_data: false })), { ids: [], reason: 'no_data' });
  // Every id it gives is a tip.
  for (const d of [0, 0.07, 0.2, 0.5]) for (const p of [null, 25, 30, 36, 45]) {
    for (const id of tipsFor(facts({ depth_m: d, pet_c: p })).ids) assert.ok(tipById(id), id);
  }
});
