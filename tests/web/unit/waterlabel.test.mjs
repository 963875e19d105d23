// The waterlabel score checked by hand (node --test tests/web/unit/): storage in mm over the plot, nine labels
// G … A++ (STOWA/RIONED 2019; A++ from 110 mm), no design storm capping it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { waterlabel, measures, labelOf, LABELS, labelSummary, labelColour, LABEL_COLOURS } from '../../../web/src/waterlabel.js';
import { texts } from '../../../web/src/i18n.js';

const near = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-9, `${what ?? ''} ${a} != ${b}`);

// A terraced house in Enschede: 150 m² plot, 60 m² roof, 60 m² paving, 30 m² garden.
const terraced = { plot_m2: 150, roof_m2: 60, paved_m2: 60, garden_m2: 30 };

test('a terraced house with a small garden stores 21 mm: label D', () => {
  // roof 60 × 0.5 = 30 L; paving 60 × 2 = 120 L; garden 30 × 100 = 3000 L → 3150 L / 150 m² = 21.0 mm.
  const r = waterlabel(terraced);
  near(r.held_mm, 21.0, 'held');
  near(r.held_l, 3150);
  assert.equal(r.label, 'D');
  assert.deepEqual(r.parts, { roof_l: 30, barrel_l: 0, paved_l: 120, garden_l: 3000, underground_l: 0 });
});

test('a crate or wadi counts only when the downpipe leads to it', () => {
  const crate = { ...terraced, underground_l: 1000 };
  near(waterlabel(crate).held_mm, 21.0, 'downpipe still on the sewer');
  near(waterlabel({ ...crate, downpipe_disconnected: true }).held_mm, 4150 / 150, 'disconnected');
  // Disconnecting alone adds nothing: the garden's own capacity already counts.
  near(waterlabel({ ...terraced, downpipe_disconnected: true }).held_mm, 21.0);
});

test('a fully paved plot with a roof stores almost nothing: G; a rain barrel lifts it to F', () => {
  const plot = { plot_m2: 100, roof_m2: 50, paved_m2: 50, garden_m2: 0 };
  const r = waterlabel(plot); // 50 × 0.5 + 50 × 2 = 125 L → 1.25 mm
  near(r.held_mm, 1.25);
  assert.equal(r.label, 'G');
  const barrel = waterlabel({ ...plot, rain_barrel_l: 200 }); // 325 L → 3.25 mm
  near(barrel.held_mm, 3.25);
  assert.equal(barrel.label, 'F');
  // A barrel without a roof to fill it stores nothing.
  near(waterlabel({ plot_m2: 100, paved_m2: 100, rain_barrel_l: 200 }).held_mm, 2.0);
});

test('no design storm caps the score: an all-green plot stores 100 mm (A+), and A++ is reachable', () => {
  const green = waterlabel({ plot_m2: 200, garden_m2: 200 });
  near(green.held_mm, 100.0);
  assert.equal(green.label, 'A+');
  // 100 m²: 50 m² garden (5000 L), 50 m² green roof (1000 L), a 5000 L wadi on the disconnected downpipe:
  // 11000 L / 100 m² = 110 mm, exactly the A++ bound.
  const best = { plot_m2: 100, garden_m2: 50, roof_m2: 50, green_roof_m2: 50, underground_l: 5000, downpipe_disconnected: true };
  near(waterlabel(best).held_mm, 110.0);
  assert.equal(waterlabel(best).label, 'A++');
  assert.equal(waterlabel({ ...best, downpipe_disconnected: false }).label, 'A'); // 6000 L → 60 mm
});

test('nine labels, G to A++, A++ from 110 mm', () => {
  assert.deepEqual(LABELS.map((l) => l.label), ['A++', 'A+', 'A', 'B', 'C', 'D', 'E', 'F', 'G']);
  assert.equal(labelOf(0), 'G');
  assert.equal(labelOf(1.99), 'G');
  assert.equal(labelOf(2), 'F');
  assert.equal(labelOf(10), 'E');
  assert.equal(labelOf(20), 'D');
  assert.equal(labelOf(30), 'C');
  assert.equal(labelOf(40), 'B');
  assert.equal(labelOf(50), 'A');
  assert.equal(labelOf(79.99), 'A');
  assert.equal(labelOf(80), 'A+');
  assert.equal(labelOf(109.99), 'A+');
  assert.equal(labelOf(110), 'A++');
  assert.equal(labelOf(500), 'A++');
});

test('area not given as roof, paving or garden counts as paving', () => {
  const r = waterlabel({ plot_m2: 100, roof_m2: 40, garden_m2: 0 });
  near(r.held_l, 40 * 0.5 + 60 * 2);
});

test('impossible plots are refused', () => {
  assert.throws(() => waterlabel({ plot_m2: 0 }), RangeError);
  assert.throws(() => waterlabel({ plot_m2: 100, roof_m2: 80, garden_m2: 30 }), /larger than the plot/);
  assert.throws(() => waterlabel({ plot_m2: 100, roof_m2: 10, green_roof_m2: 20 }), /green roof/);
  assert.throws(() => waterlabel({ plot_m2: 100, roof_m2: -1 }), RangeError);
  assert.throws(() => waterlabel({ plot_m2: 100, roof_m2: 'veel' }), RangeError);
});

test('measures are ranked by what they add, each adds storage, and none is offered that adds nothing', () => {
  const { base, options } = measures(terraced);
  assert.equal(base.label, 'D');
  const ids = options.map((o) => o.id);
  // Disconnecting without a crate or wadi adds no storage, so it is not offered.
  assert.deepEqual([...ids].sort(), ['green_roof', 'infiltration_crate', 'rain_barrel', 'unpave_half']);
  for (let i = 1; i < options.length; i++) assert.ok(options[i - 1].gain_mm >= options[i].gain_mm);
  for (const o of options) assert.ok(o.gain_mm > 0, o.id);
  // Unpaving half (30 m² more garden): roof 30 + paving 30 × 2 + garden 60 × 100 = 6090 L → 40.6 mm, B.
  const unpave = options.find((o) => o.id === 'unpave_half');
  near(unpave.held_mm, 6090 / 150);
  assert.equal(unpave.label, 'B');
  assert.equal(options[0].id, 'unpave_half');
  // The crate comes with its disconnected downpipe: (3150 + 1000) / 150.
  near(options.find((o) => o.id === 'infiltration_crate').held_mm, 4150 / 150);
  // With a crate already in place, disconnecting the downpipe is what fills it.
  const withCrate = measures({ ...terraced, underground_l: 1000 }).options;
  near(withCrate.find((o) => o.id === 'disconnect_downpipe').gain_mm, 1000 / 150);
});

// Every text the calculator shows, joined: what a reader would see.
const shown = (summary) => [summary.label, summary.text, summary.heading, ...summary.measures.flatMap((m) => [m.text, m.gain])];

test('the calculator shows no "null" or missing text, also for an all-green plot where no measure adds anything', () => {
  const green = { plot_m2: 150, roof_m2: 0, green_roof_m2: 0, paved_m2: 0, garden_m2: 150, rain_barrel_l: 0, underground_l: 0 };
  assert.equal(measures(green).options.length, 0);
  for (const l of ['nl', 'en']) {
    const s = labelSummary(green, l);
    for (const text of shown(s)) {
      assert.equal(typeof text, 'string');
      assert.ok(text.length > 0);
      assert.doesNotMatch(text, /null|undefined|NaN|\{\w+\}|^measure_|^label_/, text);
    }
    assert.equal(s.label, 'A+');
    assert.equal(s.heading, texts[l].label_no_measures);
  }
  assert.equal(labelSummary(green, 'nl').text, 'Uw perceel kan 100,0 mm bergen: label A+.');
  // With measures: a heading and a line per measure, each measure named in both languages.
  const terracedSummary = labelSummary(terraced, 'en');
  assert.equal(terracedSummary.heading, 'How to improve it:');
  assert.equal(terracedSummary.measures[0].text, 'Swap half the paving for plants');
  assert.equal(terracedSummary.measures[0].gain, '+19.6 mm → label B');
  for (const id of ['rain_barrel', 'green_roof', 'disconnect_downpipe', 'unpave_half', 'infiltration_crate']) {
    assert.ok(texts.nl[`measure_${id}`] && texts.en[`measure_${id}`], id);
  }
});

test('one colour per label, dark green for A++ and red for G', () => {
  assert.equal(LABEL_COLOURS.length, LABELS.length);
  assert.equal(labelColour('A++'), '#006837');
  assert.equal(labelColour('G'), '#d73027');
  assert.equal(new Set(LABELS.map((l) => labelColour(l.label))).size, LABELS.length);
});

test('plot area not described counts as paving, so half of it can become garden', () => {
  // 100 m² described by its area only: 200 L (2 mm, F). Half green: 50 × 2 + 50 × 100 = 5100 L → 51 mm, A.
  const { base, options } = measures({ plot_m2: 100 });
  near(base.held_mm, 2);
  const unpave = options.find((o) => o.id === 'unpave_half');
  near(unpave.held_mm, 51);
  assert.equal(unpave.label, 'A');
});
