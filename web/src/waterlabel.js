// The waterlabel calculator: how many millimetres of rain a plot can store on its own land in a one-hour peak
// storm, averaged over the whole plot, and the label G … A++ that goes with it.
//
// The scoring is STOWA and Stichting RIONED's method for storage on private land (2019): the score is the rain
// (mm) of a one-hour peak storm that the plot can store or infiltrate, averaged over the plot, wherever it is held
// (roof, garden, underground), as long as the water can reach it; nine labels from G (no storage on the plot) to
// A++ (at least 110 mm); a rain barrel is "a good first step from G to F". Sources: STOWA news "Waterlabel: inzicht
// in waterberging op eigen terrein" (11 February 2019); H2O "Uniforme score voor hemelwaterberging
// geïntroduceerd" (2019: nine categories G … A++, A++ from 110 mm); riool.net "Waterlabel voor het particuliere
// terrein" (figure A). The score is a storage capacity, not the water balance of one design storm: no storm caps
// it, so A+ and A++ can be reached (the earlier version capped every plot at a 60 mm storm and had 7 labels).
//
// Storage each part offers (Waternet's choices, documented in docs/viewer.md "Waterlabel", not STOWA figures):
//   roof (ordinary)  ROOF_MM on its area; green roof GREEN_ROOF_MM on its area;
//   rain barrel      its litres (it fills from the downpipe, so it needs a roof);
//   paving           PAVED_MM (puddles, joints); plot area not given as roof, paving or garden counts as paving;
//   garden           GARDEN_MM per m² in the hour (surface storage + infiltration), filled by its own rain;
//   underground      an infiltration crate or wadi of the given litres, counted when the downpipe is disconnected
//                    from the sewer and leads to it (the roof water must be able to reach it).
// A disconnected downpipe adds no storage of its own: the garden already counts its full capacity; it is what
// lets a crate or wadi fill.
import { t, num } from './i18n.js';

export const ROOF_MM = 0.5;
export const GREEN_ROOF_MM = 20;
export const PAVED_MM = 2;
export const GARDEN_MM = 100;

// Lower bounds (mm stored, averaged over the plot), best label first. Sourced: nine labels G … A++, A++ from
// 110 mm, G = (almost) no storage, a rain barrel lifts G to F (STOWA/RIONED 2019, see above). The bounds of F … A+
// in between are Waternet's choices (F … A as before, A+ from 80 mm): STOWA's figure with them could not be
// retrieved as text; replace them here when it is at hand.
export const LABELS = [
  { label: 'A++', min_mm: 110 },
  { label: 'A+', min_mm: 80 },
  { label: 'A', min_mm: 50 },
  { label: 'B', min_mm: 40 },
  { label: 'C', min_mm: 30 },
  { label: 'D', min_mm: 20 },
  { label: 'E', min_mm: 10 },
  { label: 'F', min_mm: 2 },
  { label: 'G', min_mm: 0 },
];

export function labelOf(mm) {
  for (const l of LABELS) if (mm >= l.min_mm) return l.label;
  return 'G';
}

// An impossible plot. `code` and `vars` let the viewer say it in the reader's language (i18n.js
// "label_error_<code>"); the message is the English text for developers.
export class PlotError extends RangeError {
  constructor(code, message, vars = {}) {
    super(message);
    this.code = code;
    this.vars = vars;
  }
}

function number(plot, key, { min = 0 } = {}) {
  const v = plot[key] ?? 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    throw new PlotError('not_a_number', `${key} must be a number of at least ${min}`, { field: key, min });
  }
  return v;
}

// plot: { plot_m2, roof_m2, green_roof_m2, paved_m2, garden_m2, rain_barrel_l, underground_l,
//         downpipe_disconnected }. Throws RangeError for impossible plots (negative areas, parts larger than
// the plot, a green roof larger than the roof) as a PlotError.
// Returns { held_mm, label, held_l, parts: { roof_l, barrel_l, paved_l, garden_l, underground_l } }: the storage
// in mm over the plot, its label, the same in litres and per part.
export function waterlabel(plot) {
  const plotM2 = number(plot, 'plot_m2');
  if (plotM2 <= 0) throw new PlotError('plot_empty', 'plot_m2 must be more than 0');
  const roof = number(plot, 'roof_m2');
  const greenRoof = number(plot, 'green_roof_m2');
  const paved = number(plot, 'paved_m2');
  const garden = number(plot, 'garden_m2');
  const barrelL = number(plot, 'rain_barrel_l');
  const undergroundL = number(plot, 'underground_l');
  if (greenRoof > roof) throw new PlotError('green_roof_larger', 'the green roof cannot be larger than the roof');
  if (roof + paved + garden > plotM2 + 1e-9) {
    throw new PlotError('parts_larger', 'roof, paving and garden together are larger than the plot');
  }
  const rest = plotM2 - roof - paved - garden; // counted as paving

  const roofL = (roof - greenRoof) * ROOF_MM + greenRoof * GREEN_ROOF_MM;
  const barrel = roof > 0 ? barrelL : 0; // a barrel without a roof to feed it stores nothing
  const pavedL = (paved + rest) * PAVED_MM;
  const gardenL = garden * GARDEN_MM;
  const underground = roof > 0 && plot.downpipe_disconnected ? undergroundL : 0;

  const heldL = roofL + barrel + pavedL + gardenL + underground;
  const heldMm = heldL / plotM2;
  return {
    held_mm: heldMm,
    label: labelOf(heldMm),
    held_l: heldL,
    parts: { roof_l: roofL, barrel_l: barrel, paved_l: pavedL, garden_l: gardenL, underground_l: underground },
  };
}

// What each measure would do on its own, for the "what can I do" panel: the plot with that one change, its mm
// and label, and the gain in mm. Measures that are already in place, impossible (no roof, no paving) or that add
// no storage to this plot (a disconnected downpipe without a crate or wadi) are left out. The crate comes with
// its disconnected downpipe.
export function measures(plot) {
  const base = waterlabel(plot);
  const options = [];
  const tryMeasure = (id, changed) => {
    const r = waterlabel({ ...plot, ...changed });
    const gain = r.held_mm - base.held_mm;
    if (gain > 1e-9) options.push({ id, held_mm: r.held_mm, label: r.label, gain_mm: gain });
  };
  if ((plot.rain_barrel_l ?? 0) < 200 && plot.roof_m2 > 0) tryMeasure('rain_barrel', { rain_barrel_l: 200 });
  if ((plot.green_roof_m2 ?? 0) < plot.roof_m2) tryMeasure('green_roof', { green_roof_m2: plot.roof_m2 });
  if (!plot.downpipe_disconnected && plot.roof_m2 > 0) tryMeasure('disconnect_downpipe', { downpipe_disconnected: true });
  // Paving includes the plot area not described as roof, paving or garden (it counts as paving, see waterlabel()):
  // half of all of it becomes garden, so a plot described only by its area is offered the measure too.
  const paving = (plot.plot_m2 ?? 0) - (plot.roof_m2 ?? 0) - (plot.garden_m2 ?? 0);
  if (paving > 0) {
    tryMeasure('unpave_half', { paved_m2: paving / 2, garden_m2: (plot.garden_m2 ?? 0) + paving / 2 });
  }
  if ((plot.underground_l ?? 0) < 1000 && plot.roof_m2 > 0) {
    tryMeasure('infiltration_crate', { underground_l: 1000, downpipe_disconnected: true });
  }
  options.sort((a, b) => b.gain_mm - a.gain_mm);
  return { base, options };
}

// One colour per label of LABELS (A++ … G), dark green to red.
export const LABEL_COLOURS = ['#006837', '#1a9641', '#66bd63', '#a6d96a', '#d9ef8b', '#fee08b', '#fdae61', '#f46d43', '#d73027'];

export function labelColour(label) {
  return LABEL_COLOURS[Math.max(0, LABELS.findIndex((l) => l.label === label))];
}

// What the calculator shows, as texts in the reader's language: the label, the sentence, a heading and a line
// per measure. Every field is a text (never null): where no measure adds storage the heading says so, instead of
// an empty list. Throws the PlotError of waterlabel() for an impossible plot.
export function labelSummary(plot, l) {
  const { base, options } = measures(plot);
  return {
    label: base.label,
    colour: labelColour(base.label),
    text: t('label_result', { mm: num(base.held_mm, 1, l), label: base.label }, l),
    heading: t(options.length ? 'label_measures' : 'label_no_measures', {}, l),
    measures: options.map((o) => ({
      id: o.id,
      text: t(`measure_${o.id}`, {}, l),
      gain: t('measure_line', { gain: num(o.gain_mm, 1, l), label: o.label }, l),
    })),
  };
}
