// The waterlabel calculation, checked by hand (node --test tests/web/unit/).
import test from 'node:test';
import assert from 'node:assert/strict';
import { waterlabel, measures, labelOf, REFERENCE_STORM_MM } from '../../../web/src/waterlabel.js';

// A terraced house in Enschede: 150 m² plot, 60 m² roof, 60 m² paving, 30 m² garden.
const terraced = { plot_m2: 150, roof_m2: 60, paved_m2: 60, garden_m2: 30 };

test('a terraced house with a paved garden holds 13 mm: label E', () => {
  // roof 60 × 0.5 = 30 L; paving 60 × 2 = 120 L; garden takes its own 60 mm: 30 × 60 = 1800 L.
  // (30 + 120 + 1800) / 150 = 13.0 mm.
  const r = waterlabel(terraced);
  assert.ok(Math.abs(r.held_mm - 13.0) < 1e-9, `held ${r.held_mm}`);
  assert.equal(r.label, 'E');
  assert.ok(Math.abs(r.runoff_l - (150 * REFERENCE_STORM_MM - 1950)) < 1e-9);
});

test('a disconnected downpipe fills the rest of the garden: +8 mm, label D', () => {
  // The garden can take 100 mm: 40 mm × 30 m² = 1200 L more of the 3570 L roof water.
  const r = waterlabel({ ...terraced, downpipe_disconnected: true });
  assert.ok(Math.abs(r.held_mm - (1950 + 1200) / 150) < 1e-9);
  assert.equal(r.label, 'D');
});

test('a rain barrel catches roof water before the sewer', () => {
  const r = waterlabel({ ...terraced, rain_barrel_l: 200 });
  assert.ok(Math.abs(r.held_mm - 2150 / 150) < 1e-9);
  assert.equal(r.parts.barrel_l, 200);
});

test('a fully paved plot with a roof holds almost nothing: G; a barrel lifts it to F', () => {
  const plot = { plot_m2: 100, roof_m2: 50, paved_m2: 50, garden_m2: 0 };
  const r = waterlabel(plot); // 50 × 0.5 + 50 × 2 = 125 L → 1.25 mm
  assert.ok(Math.abs(r.held_mm - 1.25) < 1e-9);
  assert.equal(r.label, 'G');
  assert.equal(waterlabel({ ...plot, rain_barrel_l: 200 }).label, 'F'); // 3.25 mm
});

test('an all-green plot holds the whole reference storm: A', () => {
  const r = waterlabel({ plot_m2: 200, garden_m2: 200 });
  assert.equal(r.held_mm, REFERENCE_STORM_MM);
  assert.equal(r.label, 'A');
  assert.equal(r.runoff_l, 0);
});

test('label boundaries', () => {
  assert.equal(labelOf(0), 'G');
  assert.equal(labelOf(1.99), 'G');
  assert.equal(labelOf(2), 'F');
  assert.equal(labelOf(10), 'E');
  assert.equal(labelOf(20), 'D');
  assert.equal(labelOf(30), 'C');
  assert.equal(labelOf(40), 'B');
  assert.equal(labelOf(50), 'A');
});

test('area not given as roof, paving or garden counts as paving', () => {
  const r = waterlabel({ plot_m2: 100, roof_m2: 40, garden_m2: 0 });
  assert.ok(Math.abs(r.held_l - (40 * 0.5 + 60 * 2)) < 1e-9);
});

test('impossible plots are refused', () => {
  assert.throws(() => waterlabel({ plot_m2: 0 }), RangeError);
  assert.throws(() => waterlabel({ plot_m2: 100, roof_m2: 80, garden_m2: 30 }), /larger than the plot/);
  assert.throws(() => waterlabel({ plot_m2: 100, roof_m2: 10, green_roof_m2: 20 }), /green roof/);
  assert.throws(() => waterlabel({ plot_m2: 100, roof_m2: -1 }), RangeError);
  assert.throws(() => waterlabel({ plot_m2: 100, roof_m2: 'veel' }), RangeError);
});

test('measures are ranked by what they add, and each one only improves the plot', () => {
  const { base, options } = measures(terraced);
  assert.equal(base.label, 'E');
  const ids = options.map((o) => o.id);
  assert.deepEqual([...ids].sort(), ['disconnect_downpipe', 'green_roof', 'infiltration_crate', 'rain_barrel', 'unpave_half']);
  for (let i = 1; i < options.length; i++) assert.ok(options[i - 1].gain_mm >= options[i].gain_mm);
  for (const o of options) assert.ok(o.gain_mm > 0, o.id);
  // Unpaving half (30 m² more garden): paving 30 × 2 = 60, garden 60 × 60 = 3600 → (30 + 60 + 3600) / 150.
  const unpave = options.find((o) => o.id === 'unpave_half');
  assert.ok(Math.abs(unpave.held_mm - 3690 / 150) < 1e-9);
  assert.equal(unpave.label, 'D');
  // Already disconnected: that measure is not offered again.
  assert.ok(!measures({ ...terraced, downpipe_disconnected: true }).options.some((o) => o.id === 'disconnect_downpipe'));
});
